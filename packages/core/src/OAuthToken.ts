/**
 * The OAuth 2.0 token endpoint as the strategies use it: what `oauth2/token` answers (an authorization code, a refresh
 * token or client credentials exchanged), and the one refresh request every strategy holding a refresh token sends —
 * `auth-oauth`'s `pkce` and `auth-token`'s refresh-token profiles alike.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/token.htm
 * @module
 */
import * as Effect from "effect/Effect"
import type * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import { type AcquireContext, decodeTokenResponse, SslFlag } from "./AuthStrategy.ts"
import type { PortalFailure } from "./PortalError.ts"

/** What `oauth2/token` answers. */
export const TokenResponse = Schema.Struct({
  access_token: Schema.String,
  /** Seconds. */
  expires_in: Schema.Number,
  username: Schema.optional(Schema.String),
  refresh_token: Schema.optional(Schema.String),
  /** Seconds. */
  refresh_token_expires_in: Schema.optional(Schema.Number),
  /** `true` when the org requires https: the token then only travels over https. */
  ssl: SslFlag,
})
export type TokenResponse = typeof TokenResponse.Type

/** What {@link refresh} sends. */
export interface RefreshInput {
  /** The span and error name (`pkce.refresh`, `oauth.exchangeRefreshToken`…). */
  readonly operation: string
  readonly clientId: string
  readonly refreshToken: Redacted.Redacted<string>
  /**
   * Ask for a new refresh token too (`grant_type=exchange_refresh_token`, which needs the app's `redirectUri`),
   * rather than only an access token (`refresh_token`).
   */
  readonly exchange: boolean
  readonly redirectUri?: string | undefined
}

/**
 * `POST oauth2/token` with a refresh token, without credentials (the refresh token is the credential, in the body),
 * decoded as a {@link TokenResponse}.
 */
export const refresh = (
  send: AcquireContext["send"],
  input: RefreshInput,
): Effect.Effect<TokenResponse, PortalFailure> =>
  Effect.flatMap(
    send({
      operation: input.operation,
      method: "POST",
      path: "oauth2/token",
      params: {
        client_id: input.clientId,
        grant_type: input.exchange ? "exchange_refresh_token" : "refresh_token",
        refresh_token: input.refreshToken,
        redirect_uri: input.exchange ? input.redirectUri : undefined,
      },
      credentials: "none",
    }),
    decodeTokenResponse(TokenResponse, input.operation, "oauth2/token"),
  )
