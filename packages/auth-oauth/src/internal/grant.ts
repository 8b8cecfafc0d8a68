/** What `oauth2/token` answers: core's `OAuthToken.TokenResponse`, shared with auth-token's refresh-token profiles. */
import { OAuthToken } from "@arcgis-portal/core"

export const TokenResponse = OAuthToken.TokenResponse
export type TokenResponse = OAuthToken.TokenResponse
