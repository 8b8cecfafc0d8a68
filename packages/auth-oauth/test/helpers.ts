import { type Auth, type AuthStrategy, Portal, type PortalError, type PortalSelf, Transport } from "@arcgis-portal/core"
import type { ScriptedFetch } from "@arcgis-portal/core/testing"
import * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"

export const portalUrl = "https://portal.test/portal"

/** Portal.layer over a scripted fetch, with fast retries. */
export const layerFor = (
  scripted: ScriptedFetch.ScriptedFetch,
  auth: AuthStrategy.AuthStrategy,
): Layer.Layer<Portal.Portal | Auth.Auth | Transport.Transport | PortalSelf.PortalSelf, PortalError.InvalidInput> =>
  Portal.layer({ url: portalUrl, auth, fetch: scripted.fetch, retry: { times: 3, base: 1, maxDelay: 5 } })

export const call = (
  path = "portals/self",
): Effect.Effect<{ readonly ok: string }, PortalError.PortalFailure, Transport.Transport> =>
  Effect.gen(function* () {
    const transport = yield* Transport.Transport
    return (yield* transport.json({ operation: "Test.call", method: "GET", path })) as { ok: string }
  })
