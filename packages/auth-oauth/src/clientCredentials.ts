/** App login: the app signs in as itself with its client id and secret (`grant_type=client_credentials`). */
import { AuthStrategy, OAuthToken } from "@arcgis-portal/core"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"

/** Options of {@link clientCredentials}. */
export interface ClientCredentialsOptions {
  readonly clientId: string
  /** Only ever sent in a POST body. */
  readonly clientSecret: Redacted.Redacted<string> | string
  /** App token lifetime in minutes (the portal's default when absent: 120). */
  readonly expiration?: number | undefined
}

/**
 * Signs in as an app (no user): `POST oauth2/token` with `grant_type=client_credentials`. There is
 * no refresh token; core's token session simply asks for a new app token before the old one
 * expires, or once after the portal rejects it.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/token.htm
 * @see arcgis.gis.GIS (the `client_id` and `client_secret` arguments)
 * @example
 * import { Portal } from "@arcgis-portal/core"
 * import { clientCredentials } from "@arcgis-portal/auth-oauth"
 * import * as Redacted from "effect/Redacted"
 * const layer = Portal.layer({
 *   url: "https://www.arcgis.com",
 *   auth: clientCredentials({ clientId: "APPID", clientSecret: Redacted.make(process.env.APP_SECRET ?? "") }),
 * })
 */
export const clientCredentials = (options: ClientCredentialsOptions): AuthStrategy.AuthStrategy => {
  const clientSecret = AuthStrategy.redact(options.clientSecret)
  return {
    name: "clientCredentials",
    acquire: (context) =>
      Effect.gen(function* () {
        const body = yield* context.send({
          operation: "clientCredentials.token",
          method: "POST",
          path: "oauth2/token",
          params: {
            client_id: options.clientId,
            client_secret: clientSecret,
            grant_type: "client_credentials",
            expiration: options.expiration,
          },
          credentials: "none",
        })
        const decoded = yield* AuthStrategy.decodeTokenResponse(
          OAuthToken.TokenResponse,
          "clientCredentials.token",
          "oauth2/token",
        )(body)
        const now = yield* Clock.currentTimeMillis
        return {
          token: Redacted.make(decoded.access_token),
          expires: now + decoded.expires_in * 1000,
          ssl: AuthStrategy.sslOf(decoded.ssl),
        }
      }),
  }
}
