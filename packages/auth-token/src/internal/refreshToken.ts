/**
 * An OAuth session resumed from a saved refresh token: what a CLI keeps in a profile after its first interactive
 * sign-in. Each access token comes from `grant_type=refresh_token`; when the refresh token nears its end (and the
 * redirect URI of the sign-in is known) it is exchanged (`grant_type=exchange_refresh_token`) for a new one. Whenever
 * the portal answers with a new refresh token, the old one is dropped — the portal has revoked it — and `onRotate`
 * is told, so the new one can be saved. The full OAuth flows live in `@arcgis-portal/auth-oauth`.
 */
import { AuthStrategy, OAuthToken } from "@arcgis-portal/core"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"

/** A refresh token the portal issued in place of the previous one. */
export interface RotatedSession {
  readonly refreshToken: Redacted.Redacted<string>
  readonly refreshTokenExpires: number | undefined
}

/** Options of {@link refreshTokenStrategy}. */
export interface RefreshTokenOptions {
  readonly clientId: string
  readonly refreshToken: Redacted.Redacted<string>
  /** The redirect URI of the sign-in: without it the refresh token is never exchanged. */
  readonly redirectUri?: string | undefined
  /** When the refresh token stops working (epoch milliseconds), if known. */
  readonly refreshTokenExpires?: number | undefined
  /** How long before the refresh token's end it is exchanged for a new one. Default 24 hours. */
  readonly exchangeWithinMillis?: number | undefined
  /** Called (once per new refresh token, before the access token is used) to save a rotated refresh token. */
  readonly onRotate?: ((session: RotatedSession) => Effect.Effect<void>) | undefined
}

export const refreshTokenStrategy = (options: RefreshTokenOptions): AuthStrategy.AuthStrategy => {
  const exchangeWithin = options.exchangeWithinMillis ?? 24 * 60 * 60 * 1000
  let refreshToken = options.refreshToken
  let refreshTokenExpires = options.refreshTokenExpires
  return {
    name: "oauthRefreshToken",
    acquire: (context) =>
      Effect.gen(function* () {
        const renewed = yield* OAuthToken.renew(context.send, {
          operations: { refresh: "oauth.refreshToken", exchange: "oauth.exchangeRefreshToken" },
          clientId: options.clientId,
          session: { refreshToken, refreshTokenExpires },
          redirectUri: options.redirectUri,
          exchangeWithin,
        })
        refreshToken = renewed.session.refreshToken
        refreshTokenExpires = renewed.session.refreshTokenExpires
        if (renewed.rotated && options.onRotate !== undefined)
          yield* options.onRotate({ refreshToken, refreshTokenExpires })
        const decoded = renewed.response
        return {
          token: Redacted.make(decoded.access_token),
          expires: renewed.received + decoded.expires_in * 1000,
          username: decoded.username,
          refreshToken,
          refreshTokenExpires,
          ssl: AuthStrategy.sslOf(decoded.ssl),
        }
      }),
  }
}
