/**
 * A scripted portal for an auth strategy's unit tests: token requests (as the test recognises them) get the
 * tokens the test issues; every other request answers `{ ok: <the token it carried> }`, 499 without a token, or
 * 498 once the test rejects its token.
 *
 * @example
 * import { TokenPortal } from "@arcgis-portal/core/testing"
 * const portal = TokenPortal.make({
 *   isTokenRequest: (request) => request.url.pathname.endsWith("/generateToken"),
 *   issue: (n) => ({ json: { token: `token-${n}`, expires: Date.now() + 60_000 } }),
 * })
 * // Portal.layer({ url, auth, fetch: portal.scripted.fetch }); later: portal.reject("token-1")
 *
 * @module
 */
import * as ScriptedFetch from "./ScriptedFetch.ts"

/** What a request carrying a rejected (expired, revoked) token gets. */
export const invalidToken: ScriptedFetch.Reply = {
  json: { error: { code: 498, message: "Invalid token.", details: [] } },
}

/** A scripted portal that issues and rejects tokens on the test's command; made with {@link make}. */
export interface TokenPortal {
  /** The fetch to give `Portal.layer`, and every request it received. */
  readonly scripted: ScriptedFetch.ScriptedFetch
  /** From now on, requests carrying `token` answer 498. */
  readonly reject: (token: string) => void
  /** From now on, token requests fail (400, as a wrong password does). */
  readonly failTokens: () => void
  /** The requests `isTokenRequest` recognised, in order: assert on how the strategy asked for its tokens. */
  readonly tokenRequests: () => ReadonlyArray<ScriptedFetch.Recorded>
  /** Every other request, in order: assert on where and how each carried its token. */
  readonly otherRequests: () => ReadonlyArray<ScriptedFetch.Recorded>
}

/** `issue(n, request)` answers the n-th token request (n = 1, 2, …). */
export const make = (options: {
  readonly isTokenRequest: (request: ScriptedFetch.Recorded) => boolean
  readonly issue: (n: number, request: ScriptedFetch.Recorded) => ScriptedFetch.Reply
}): TokenPortal => {
  let issued = 0
  let failTokens = false
  const rejected = new Set<string>()
  const scripted = ScriptedFetch.make((request) => {
    if (options.isTokenRequest(request)) {
      if (failTokens) {
        return {
          json: {
            error: { code: 400, message: "Unable to generate token.", details: ["Invalid username or password."] },
          },
        }
      }
      issued += 1
      return options.issue(issued, request)
    }
    const token = ScriptedFetch.tokenOf(request)
    if (token === undefined) return { json: { error: { code: 499, message: "Token Required", details: [] } } }
    if (rejected.has(token)) return invalidToken
    return { json: { ok: token } }
  })
  return {
    scripted,
    reject: (token) => {
      rejected.add(token)
    },
    failTokens: () => {
      failTokens = true
    },
    tokenRequests: () => scripted.requests.filter(options.isTokenRequest),
    otherRequests: () => scripted.requests.filter((request) => !options.isTokenRequest(request)),
  }
}

/** Whether any URL the scripted fetch saw contains one of `secrets` (which must never happen). */
export const urlsContain = (scripted: ScriptedFetch.ScriptedFetch, secrets: ReadonlyArray<string>): boolean =>
  scripted.requests.some((request) => secrets.some((secret) => request.url.href.includes(secret)))
