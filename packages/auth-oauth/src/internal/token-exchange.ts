/**
 * Everything a user's OAuth sign-in sends to `oauth2/token` and `oauth2/revokeToken`: the authorization code
 * exchanged for the first tokens (`grant_type=authorization_code` with the PKCE verifier), and the `pkce` strategy
 * that refreshes the access token (`refresh_token`), exchanges the refresh token near its end
 * (`exchange_refresh_token`) and revokes it on sign-out. Secrets travel only in POST bodies, as `Redacted` values.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/token.htm
 */
import { AuthStrategy, OAuthToken, Portal, type PortalError, PortalSelf, Transport } from "@arcgis-portal/core"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"

/** Options of {@link pkce}: the tokens of a completed sign-in. */
export interface PkceOptions {
  readonly clientId: string
  /** The redirect URI of the sign-in (needed to exchange the refresh token). */
  readonly redirectUri: string
  readonly refreshToken: Redacted.Redacted<string> | string
  /** When the refresh token expires (epoch milliseconds), if known. */
  readonly refreshTokenExpires?: number | undefined
  /** An access token to start with (otherwise the first request refreshes). */
  readonly accessToken?: Redacted.Redacted<string> | string | undefined
  /** When `accessToken` expires (epoch milliseconds). */
  readonly expires?: number | undefined
  readonly username?: string | undefined
  /** The portal said the tokens may only travel over https (`ssl: true`). */
  readonly ssl?: boolean | undefined
  /**
   * How long before the refresh token's end it is exchanged for a new one
   * (`grant_type=exchange_refresh_token`) instead of merely used. Default 24 hours.
   */
  readonly exchangeWithinMillis?: number | undefined
}

/** The refresh token and what goes with it, e.g. to save in a profile. */
export interface PkceSession {
  readonly clientId: string
  readonly redirectUri: string
  readonly refreshToken: Redacted.Redacted<string>
  readonly refreshTokenExpires: number | undefined
  readonly username: string | undefined
}

/** A user's OAuth session as an auth strategy, with sign-out. */
export interface PkceStrategy extends AuthStrategy.AuthStrategy {
  /** The current refresh token (it changes when exchanged); `undefined` after sign-out. */
  readonly session: () => PkceSession | undefined
  /**
   * Revokes the refresh token (and with it every access token minted from it) at
   * `oauth2/revokeToken`; afterwards the strategy obtains no more tokens.
   */
  readonly signOut: Effect.Effect<void, PortalError.PortalFailure, Transport.Transport>
}

/** What the authorization code is exchanged with: the sign-in's app, redirect URI and PKCE verifier. */
export interface CodeExchange {
  readonly portalUrl: string
  readonly clientId: string
  readonly redirectUri: string
  readonly code: string
  readonly verifier: string
  readonly fetch?: typeof globalThis.fetch | undefined
  readonly allowInsecureHttp?: boolean | undefined
  readonly exchangeWithinMillis?: number | undefined
}

/**
 * Exchanges an authorization code at `oauth2/token` (`grant_type=authorization_code`, the code and the verifier in
 * the POST body) and returns the {@link pkce} strategy holding the tokens; a portal that issues no refresh token
 * fails the sign-in.
 */
export const exchangeCode = (exchange: CodeExchange): Effect.Effect<PkceStrategy, PortalError.PortalFailure> =>
  Effect.gen(function* () {
    const body = yield* Effect.gen(function* () {
      const transport = yield* Transport.Transport
      return yield* transport.json({
        operation: "pkce.authorizationCode",
        method: "POST",
        path: "oauth2/token",
        params: {
          client_id: exchange.clientId,
          grant_type: "authorization_code",
          code: Redacted.make(exchange.code),
          redirect_uri: exchange.redirectUri,
          code_verifier: Redacted.make(exchange.verifier),
        },
        credentials: "none",
      })
    }).pipe(
      Effect.provide(
        Portal.layer({ url: exchange.portalUrl, fetch: exchange.fetch, allowInsecureHttp: exchange.allowInsecureHttp }),
      ),
    )
    const decoded = yield* AuthStrategy.decodeTokenResponse(
      OAuthToken.TokenResponse,
      "pkce.authorizationCode",
      "oauth2/token",
    )(body)
    const now = yield* Clock.currentTimeMillis
    if (decoded.refresh_token === undefined) {
      return yield* AuthStrategy.failure(
        "pkce.authorizationCode",
        "AcquisitionFailed",
        "The portal issued no refresh token.",
      )
    }
    return pkce({
      clientId: exchange.clientId,
      redirectUri: exchange.redirectUri,
      refreshToken: Redacted.make(decoded.refresh_token),
      refreshTokenExpires:
        decoded.refresh_token_expires_in === undefined ? undefined : now + decoded.refresh_token_expires_in * 1000,
      accessToken: Redacted.make(decoded.access_token),
      expires: now + decoded.expires_in * 1000,
      username: decoded.username,
      ssl: AuthStrategy.sslOf(decoded.ssl),
      exchangeWithinMillis: exchange.exchangeWithinMillis,
    })
  })

/**
 * The strategy of a signed-in OAuth user: hands out the access token, refreshes it with
 * `grant_type=refresh_token` (core asks shortly before expiry and once after a 498), and when the
 * refresh token nears its end exchanges it (`grant_type=exchange_refresh_token`) for a new one.
 * Usually made by {@link completeAuthorization} or `loopback`; build it yourself to resume a saved session.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/token.htm
 * @example
 * import { pkce } from "@arcgis-portal/auth-oauth"
 * const auth = pkce({ clientId: "APPID", redirectUri: "http://127.0.0.1/callback", refreshToken: process.env.REFRESH ?? "" })
 */
export const pkce = (options: PkceOptions): PkceStrategy => {
  const exchangeWithin = options.exchangeWithinMillis ?? 24 * 60 * 60 * 1000
  let refreshToken: Redacted.Redacted<string> | undefined = AuthStrategy.redact(options.refreshToken)
  let refreshTokenExpires = options.refreshTokenExpires
  let username = options.username
  let ssl = options.ssl === true
  let initial =
    options.accessToken === undefined
      ? undefined
      : { token: AuthStrategy.redact(options.accessToken), expires: options.expires, username: options.username }

  const grantOf = (token: Redacted.Redacted<string>, expires: number | undefined) => ({
    token,
    expires,
    username,
    refreshToken,
    refreshTokenExpires,
    ssl,
  })

  const acquire: NonNullable<AuthStrategy.AuthStrategy["acquire"]> = (context) =>
    Effect.gen(function* () {
      const now = yield* Clock.currentTimeMillis
      const first = initial
      initial = undefined
      if (first !== undefined && context.reason === "initial" && (first.expires === undefined || first.expires > now)) {
        return grantOf(first.token, first.expires)
      }
      const current = refreshToken
      if (current === undefined) {
        return yield* AuthStrategy.failure("pkce.refresh", "AcquisitionFailed", "Signed out: sign in again.")
      }
      const renewed = yield* OAuthToken.renew(context.send, {
        operations: { refresh: "pkce.refresh", exchange: "pkce.exchangeRefreshToken" },
        clientId: options.clientId,
        session: { refreshToken: current, refreshTokenExpires },
        redirectUri: options.redirectUri,
        exchangeWithin,
      })
      // Signed out while the request was in flight: drop what came back.
      if (refreshToken === undefined) {
        return yield* AuthStrategy.failure(renewed.operation, "AcquisitionFailed", "Signed out: sign in again.")
      }
      refreshToken = renewed.session.refreshToken
      refreshTokenExpires = renewed.session.refreshTokenExpires
      const decoded = renewed.response
      const after = renewed.received
      if (decoded.username !== undefined) username = decoded.username
      if (AuthStrategy.sslOf(decoded.ssl)) ssl = true
      return grantOf(Redacted.make(decoded.access_token), after + decoded.expires_in * 1000)
    })

  const signOut: PkceStrategy["signOut"] = Effect.gen(function* () {
    const current = refreshToken
    refreshToken = undefined
    initial = undefined
    // What the portal layer kept of `portals/self` (the signed-in user) is no longer true.
    const self = yield* Effect.serviceOption(PortalSelf.PortalSelf)
    if (Option.isSome(self)) yield* self.value.invalidate
    if (current === undefined) return
    const transport = yield* Transport.Transport
    yield* transport.json({
      operation: "pkce.signOut",
      method: "POST",
      path: "oauth2/revokeToken",
      params: { client_id: options.clientId, auth_token: current, token_type_hint: "refresh_token" },
      credentials: "none",
    })
  })

  return {
    name: "pkce",
    acquire,
    session: () =>
      refreshToken === undefined
        ? undefined
        : {
            clientId: options.clientId,
            redirectUri: options.redirectUri,
            refreshToken,
            refreshTokenExpires,
            username,
          },
    signOut,
  }
}
