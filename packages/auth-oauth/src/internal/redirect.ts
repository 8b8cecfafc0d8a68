/**
 * The browser redirect half of the PKCE sign-in: `beginAuthorization` makes the verifier, its challenge and a `state`,
 * keeps them (by default in `sessionStorage`) and builds the `oauth2/authorize` URL; `completeAuthorization` checks the
 * callback against the pending sign-in (state, a declined sign-in, a missing code) and hands the code to the token
 * exchange. The Node loopback flow (`../node/loopback.ts`) drives the same two steps with `storage: false`.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/authorize.htm
 */
import { AuthStrategy, Portal, type PortalError } from "@arcgis-portal/core"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import { OAuthError } from "../OAuthError.ts"
import { codeChallenge, createVerifier, randomString } from "./code-verifier.ts"
import { exchangeCode, type PkceOptions, type PkceStrategy } from "./token-exchange.ts"

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
  readonly exchangeWithinMillis?: PkceOptions["exchangeWithinMillis"]
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
    return yield* exchangeCode({
      portalUrl,
      clientId,
      redirectUri,
      code,
      verifier,
      fetch: options.fetch,
      allowInsecureHttp: options.allowInsecureHttp,
      exchangeWithinMillis: options.exchangeWithinMillis,
    })
  })
