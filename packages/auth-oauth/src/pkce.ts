/**
 * OAuth 2.0 authorization code with PKCE (S256) for user sign-in: `beginAuthorization` builds the
 * authorize URL, `completeAuthorization` checks the callback and exchanges the code, and the
 * resulting `pkce` strategy refreshes its access token with the refresh token, exchanges the
 * refresh token when it nears its end, and revokes it on `signOut`.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/authorize.htm
 * @see https://developers.arcgis.com/rest/users-groups-and-items/token.htm
 */
import { AuthStrategy, Portal, type PortalError, PortalSelf, Transport } from "@arcgis-portal/core"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import { TokenResponse } from "./internal/grant.ts"
import { OAuthError } from "./OAuthError.ts"

/** Where a pending sign-in (state and verifier) is kept across the redirect; `sessionStorage` fits. */
export interface AuthorizationStorage {
  /** The pending sign-in saved under `key` by `beginAuthorization`, or `null`. */
  getItem(key: string): string | null
  /** Saves the pending sign-in (portal, client id, redirect URI, verifier) before the browser leaves for the portal. */
  setItem(key: string, value: string): void
  /** Forgets it once `completeAuthorization` has read it, so a state is accepted only once. */
  removeItem(key: string): void
}

const storagePrefix = "arcgis-portal:oauth:"

const defaultStorage = (): AuthorizationStorage | undefined => {
  try {
    return (globalThis as { sessionStorage?: AuthorizationStorage }).sessionStorage
  } catch {
    // Some browsers throw on access when storage is disabled.
    return undefined
  }
}

const storageOf = (option: AuthorizationStorage | false | undefined) =>
  option === false ? undefined : (option ?? defaultStorage())

const base64url = (bytes: Uint8Array): string => {
  let binary = ""
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "")
}

const randomString = (byteLength: number): string => {
  const bytes = new Uint8Array(byteLength)
  globalThis.crypto.getRandomValues(bytes)
  return base64url(bytes)
}

/** A PKCE code verifier: 64 random bytes, base64url (86 characters, within RFC 7636's 43–128). */
export const createVerifier = (): string => randomString(64)

/**
 * The S256 code challenge of a verifier: base64url(SHA-256(verifier)), computed with WebCrypto.
 *
 * @example
 * import { codeChallenge } from "@arcgis-portal/auth-oauth"
 * const challenge = codeChallenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")
 */
export const codeChallenge = (verifier: string): Effect.Effect<string> =>
  Effect.promise(() => globalThis.crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier))).pipe(
    Effect.map((digest) => base64url(new Uint8Array(digest))),
  )

/** Options of {@link beginAuthorization}. */
export interface BeginAuthorizationOptions {
  /** The portal, as a user would type it. */
  readonly portalUrl: string
  /** The registered app's client id. */
  readonly clientId: string
  /** Must be registered on the app (loopback URIs match on any port). */
  readonly redirectUri: string
  /** Default: 16 random bytes, base64url. */
  readonly state?: string | undefined
  /** The refresh token's lifetime in minutes (the portal's default when absent: two weeks). */
  readonly expiration?: number | undefined
  /** Where to keep the state and verifier until the callback. Default `sessionStorage`; `false`: nowhere. */
  readonly storage?: AuthorizationStorage | false | undefined
}

/** What {@link beginAuthorization} returns: send the user to `url`. */
export interface AuthorizationRequest {
  /** The portal's `oauth2/authorize` URL to navigate to. */
  readonly url: string
  readonly state: string
  /** The PKCE verifier; only needed by callers that keep it themselves (`storage: false`). */
  readonly verifier: Redacted.Redacted<string>
}

interface Pending {
  readonly portalUrl: string
  readonly clientId: string
  readonly redirectUri: string
  readonly verifier: string
}

/**
 * Starts a sign-in: makes a PKCE verifier and its S256 challenge, a `state`, and the authorize URL;
 * keeps what the callback needs in `sessionStorage` (or `storage`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/authorize.htm
 * @see arcgis.gis.GIS (the `client_id` argument)
 * @example
 * import { beginAuthorization } from "@arcgis-portal/auth-oauth"
 * import * as Effect from "effect/Effect"
 * const signIn = Effect.map(
 *   beginAuthorization({ portalUrl: "https://www.arcgis.com", clientId: "APPID", redirectUri: "https://app.example.com/callback" }),
 *   ({ url }) => window.location.assign(url),
 * )
 */
export const beginAuthorization = (options: BeginAuthorizationOptions): Effect.Effect<AuthorizationRequest> =>
  Effect.gen(function* () {
    const { restUrl } = Portal.normalizeUrl(options.portalUrl)
    const verifier = createVerifier()
    const state = options.state ?? randomString(16)
    const challenge = yield* codeChallenge(verifier)
    const query = new URLSearchParams({
      client_id: options.clientId,
      response_type: "code",
      redirect_uri: options.redirectUri,
      state,
      code_challenge: challenge,
      code_challenge_method: "S256",
    })
    if (options.expiration !== undefined) query.set("expiration", String(options.expiration))
    const storage = storageOf(options.storage)
    if (storage !== undefined) {
      const pending: Pending = {
        portalUrl: options.portalUrl,
        clientId: options.clientId,
        redirectUri: options.redirectUri,
        verifier,
      }
      storage.setItem(`${storagePrefix}${state}`, JSON.stringify(pending))
    }
    return { url: `${restUrl}/oauth2/authorize?${query.toString()}`, state, verifier: Redacted.make(verifier) }
  })

/** Options of {@link completeAuthorization}. */
export interface CompleteAuthorizationOptions {
  /** The URL the portal redirected back to (`location.href` in the browser). */
  readonly callbackUrl: string | URL
  /** The state this flow sent. Default: whatever pending sign-in in `storage` has the callback's state. */
  readonly state?: string | undefined
  /** The verifier, when not kept in `storage`. */
  readonly verifier?: Redacted.Redacted<string> | string | undefined
  /** Needed when not kept in `storage`. */
  readonly portalUrl?: string | undefined
  readonly clientId?: string | undefined
  readonly redirectUri?: string | undefined
  readonly storage?: AuthorizationStorage | false | undefined
  /** The fetch for the token request (tests, proxies). */
  readonly fetch?: typeof globalThis.fetch | undefined
  /**
   * Let the code and its verifier travel over plain http to a portal that is not on this machine (see core's
   * `Portal.Options.allowInsecureHttp`). Default false: refused.
   */
  readonly allowInsecureHttp?: boolean | undefined
  /** See {@link PkceOptions.exchangeWithinMillis}. */
  readonly exchangeWithinMillis?: number | undefined
}

const describeError = (value: string | null): string =>
  (value ?? "").replace(/[^\p{L}\p{N} .,:;'()_-]/gu, "").slice(0, 200)

/**
 * Finishes a sign-in: checks the callback's `state` against the pending sign-in (an `OAuthError`
 * `StateMismatch` otherwise, `AccessDenied` when the user declined), exchanges the code at
 * `oauth2/token` (`grant_type=authorization_code` with the `code_verifier`, both in the POST body)
 * and returns a {@link pkce} strategy holding the tokens.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/token.htm
 * @example
 * import { Portal } from "@arcgis-portal/core"
 * import { completeAuthorization } from "@arcgis-portal/auth-oauth"
 * import * as Effect from "effect/Effect"
 * const PortalLive = Effect.map(completeAuthorization({ callbackUrl: window.location.href }), (auth) =>
 *   Portal.layer({ url: "https://www.arcgis.com", auth }),
 * )
 */
export const completeAuthorization = (
  options: CompleteAuthorizationOptions,
): Effect.Effect<PkceStrategy, OAuthError | PortalError.PortalFailure> =>
  Effect.gen(function* () {
    const callback = new URL(options.callbackUrl)
    const params = callback.searchParams
    const returnedState = params.get("state")
    const storage = storageOf(options.storage)
    let pending: Partial<Pending> | undefined
    if (options.state !== undefined) {
      if (returnedState !== options.state) {
        return yield* new OAuthError({
          reason: "StateMismatch",
          message: "The callback's state does not match the sign-in that was started.",
        })
      }
    }
    if (returnedState !== null && storage !== undefined) {
      const key = `${storagePrefix}${returnedState}`
      const stored = storage.getItem(key)
      if (stored !== null) {
        storage.removeItem(key)
        try {
          pending = JSON.parse(stored) as Pending
        } catch {
          pending = undefined
        }
      }
    }
    if (options.state === undefined && pending === undefined) {
      return yield* new OAuthError({
        reason: "StateMismatch",
        message: "No sign-in was started with the callback's state.",
      })
    }
    const error = params.get("error")
    if (error !== null) {
      return yield* new OAuthError({
        reason: error === "access_denied" ? "AccessDenied" : "AuthorizationFailed",
        message:
          error === "access_denied"
            ? "The user declined the sign-in."
            : `The portal refused the sign-in (${describeError(error)}): ${describeError(params.get("error_description"))}`,
      })
    }
    const code = params.get("code")
    if (code === null || code === "") {
      return yield* new OAuthError({ reason: "MissingCode", message: "The callback carries no authorization code." })
    }
    const portalUrl = options.portalUrl ?? pending?.portalUrl
    const clientId = options.clientId ?? pending?.clientId
    const redirectUri = options.redirectUri ?? pending?.redirectUri
    const verifier =
      options.verifier === undefined ? pending?.verifier : Redacted.value(AuthStrategy.redact(options.verifier))
    if (portalUrl === undefined || clientId === undefined || redirectUri === undefined || verifier === undefined) {
      return yield* new OAuthError({
        reason: "StateMismatch",
        message: "The pending sign-in is incomplete: pass portalUrl, clientId, redirectUri and verifier.",
      })
    }
    const body = yield* Effect.gen(function* () {
      const transport = yield* Transport.Transport
      return yield* transport.json({
        operation: "pkce.authorizationCode",
        method: "POST",
        path: "oauth2/token",
        params: {
          client_id: clientId,
          grant_type: "authorization_code",
          code: Redacted.make(code),
          redirect_uri: redirectUri,
          code_verifier: Redacted.make(verifier),
        },
        credentials: "none",
      })
    }).pipe(
      Effect.provide(
        Portal.layer({ url: portalUrl, fetch: options.fetch, allowInsecureHttp: options.allowInsecureHttp }),
      ),
    )
    const decoded = yield* AuthStrategy.decodeTokenResponse(
      TokenResponse,
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
      clientId,
      redirectUri,
      refreshToken: Redacted.make(decoded.refresh_token),
      refreshTokenExpires:
        decoded.refresh_token_expires_in === undefined ? undefined : now + decoded.refresh_token_expires_in * 1000,
      accessToken: Redacted.make(decoded.access_token),
      expires: now + decoded.expires_in * 1000,
      username: decoded.username,
      ssl: AuthStrategy.sslOf(decoded.ssl),
      exchangeWithinMillis: options.exchangeWithinMillis,
    })
  })

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
      if (refreshTokenExpires !== undefined && now >= refreshTokenExpires) {
        return yield* AuthStrategy.failure(
          "pkce.refresh",
          "AcquisitionFailed",
          "The refresh token has expired: sign in again.",
        )
      }
      const exchange = refreshTokenExpires !== undefined && refreshTokenExpires - now <= exchangeWithin
      const operation = exchange ? "pkce.exchangeRefreshToken" : "pkce.refresh"
      const body = yield* context.send({
        operation,
        method: "POST",
        path: "oauth2/token",
        params: {
          client_id: options.clientId,
          grant_type: exchange ? "exchange_refresh_token" : "refresh_token",
          refresh_token: current,
          redirect_uri: exchange ? options.redirectUri : undefined,
        },
        credentials: "none",
      })
      const decoded = yield* AuthStrategy.decodeTokenResponse(TokenResponse, operation, "oauth2/token")(body)
      const after = yield* Clock.currentTimeMillis
      // Signed out while the request was in flight: drop what came back.
      if (refreshToken === undefined) {
        return yield* AuthStrategy.failure(operation, "AcquisitionFailed", "Signed out: sign in again.")
      }
      if (decoded.refresh_token !== undefined) {
        refreshToken = Redacted.make(decoded.refresh_token)
        if (decoded.refresh_token_expires_in !== undefined) {
          refreshTokenExpires = after + decoded.refresh_token_expires_in * 1000
        }
      }
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
