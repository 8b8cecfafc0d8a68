import { type Auth, type AuthStrategy, Portal, type PortalError, Transport } from "@arcgis-portal/core"
import { ScriptedFetch } from "@arcgis-portal/core/testing"
import * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"

export const portalUrl = "https://portal.test/portal"

/** Portal.layer over a scripted fetch, with fast retries. */
export const layerFor = (
  scripted: ScriptedFetch.ScriptedFetch,
  auth: AuthStrategy.AuthStrategy,
): Layer.Layer<Portal.Portal | Auth.Auth | Transport.Transport, PortalError.InvalidInput> =>
  Portal.layer({ url: portalUrl, auth, fetch: scripted.fetch, retry: { times: 3, base: 1, maxDelay: 5 } })

export const call = (
  path = "portals/self",
): Effect.Effect<{ readonly ok: string }, PortalError.PortalFailure, Transport.Transport> =>
  Effect.gen(function* () {
    const transport = yield* Transport.Transport
    return (yield* transport.json({ operation: "Test.call", method: "GET", path })) as { ok: string }
  })

export const invalidToken = { json: { error: { code: 498, message: "Invalid token.", details: [] } } }

/**
 * A scripted portal: `isTokenRequest` requests get `issue(n)` (n = 1, 2, …) unless `failFrom` says
 * otherwise; other requests answer 498 for rejected tokens, otherwise `{ ok: token }`.
 */
export const scriptedPortal = (options: {
  readonly isTokenRequest: (request: ScriptedFetch.Recorded) => boolean
  readonly issue: (n: number, request: ScriptedFetch.Recorded) => ScriptedFetch.Reply
}) => {
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
    reject: (token: string) => rejected.add(token),
    failTokens: () => {
      failTokens = true
    },
    tokenRequests: () => scripted.requests.filter(options.isTokenRequest),
    otherRequests: () => scripted.requests.filter((request) => !options.isTokenRequest(request)),
  }
}

/** Asserts that none of `secrets` appears in any URL the scripted fetch saw. */
export const urlsContain = (scripted: ScriptedFetch.ScriptedFetch, secrets: ReadonlyArray<string>) =>
  scripted.requests.some((request) => secrets.some((secret) => request.url.href.includes(secret)))
