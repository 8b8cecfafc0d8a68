/**
 * An OAuth session resumed from a saved refresh token (`grant_type=refresh_token`): what a CLI
 * keeps in a profile after its first interactive sign-in. The full OAuth flows live in
 * `@arcgis-portal/auth-oauth`.
 */
import { AuthStrategy } from "@arcgis-portal/core"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"

const TokenResponse = Schema.Struct({
  access_token: Schema.String,
  expires_in: Schema.Number,
  username: Schema.optional(Schema.String),
  ssl: AuthStrategy.SslFlag,
})

export const refreshTokenStrategy = (options: {
  readonly clientId: string
  readonly refreshToken: Redacted.Redacted<string>
}): AuthStrategy.AuthStrategy => ({
  name: "oauthRefreshToken",
  acquire: (context) =>
    Effect.gen(function* () {
      const body = yield* context.send({
        operation: "oauth.refreshToken",
        method: "POST",
        path: "oauth2/token",
        params: { client_id: options.clientId, grant_type: "refresh_token", refresh_token: options.refreshToken },
        credentials: "none",
      })
      const decoded = yield* AuthStrategy.decodeTokenResponse(TokenResponse, "oauth.refreshToken", "oauth2/token")(body)
      const now = yield* Clock.currentTimeMillis
      return {
        token: Redacted.make(decoded.access_token),
        expires: now + decoded.expires_in * 1000,
        username: decoded.username,
        ssl: AuthStrategy.sslOf(decoded.ssl),
      }
    }),
})
