/**
 * `GET portals/self` — the portal and the signed-in user: the org id a search filter appends, `isPortal`
 * (ArcGIS Enterprise or Online) and the caller's username (Python `arcgis.gis.GIS.properties`). One
 * {@link PortalSelf} service per `Portal.layer` reads it once for every feature service, the credential boundary
 * and the facade: however many fibers ask at once, one request is in flight. A failed read is not kept (the next
 * call asks again); `invalidate` (sign-out, a change of user) forgets it.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/portal-self.htm
 * @module
 */
import * as Context from "effect/Context"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Option from "effect/Option"
import type { PortalSelf as PortalSelfSchema } from "./CommonSchema.ts"
import { PortalSelf as PortalSelfResponse } from "./CommonSchema.ts"
import * as Endpoint from "./Endpoint.ts"
import type { PortalFailure } from "./PortalError.ts"
import type { TransportShape } from "./Transport.ts"

/**
 * `GET portals/self`, decoded into the portal and the signed-in user.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/portal-self.htm
 * @see arcgis.gis.GIS.properties
 */
export const endpoint = Endpoint.make({
  rest: "portalSelf",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/portal-self.htm",
  method: "GET",
  idempotent: true,
  request: (_: undefined) => ({ path: "portals/self" }),
  response: PortalSelfResponse,
})

/** The operations of the {@link PortalSelf} service: one shared read of `portals/self`, and forgetting it. */
export interface PortalSelfShape {
  /**
   * `portals/self`, read on first use and then kept. `operation` names the request in spans and errors (the
   * operation of the caller that started the read).
   */
  readonly get: (operation: string) => Effect.Effect<PortalSelfSchema, PortalFailure>
  /** Forgets the kept answer (and the answer of a read in flight): the next `get` reads it again. */
  readonly invalidate: Effect.Effect<void>
}

/** The portal's `portals/self`, read once per `Portal.layer`. */
export class PortalSelf extends Context.Service<PortalSelf, PortalSelfShape>()("@arcgis-portal/core/PortalSelf") {}

/** Builds the service over `transport` (used by `Portal.layer`). */
export const make = (transport: TransportShape): PortalSelfShape => {
  let kept: PortalSelfSchema | undefined
  let inflight: Deferred.Deferred<PortalSelfSchema, PortalFailure> | undefined
  // Bumped by `invalidate`: a read that started before it does not keep its answer.
  let generation = 0

  const start = (operation: string): Effect.Effect<Deferred.Deferred<PortalSelfSchema, PortalFailure>> =>
    Effect.suspend(() => {
      const deferred = Deferred.makeUnsafe<PortalSelfSchema, PortalFailure>()
      inflight = deferred
      const started = generation
      const run = Effect.flatMap(Effect.exit(Endpoint.send(transport, endpoint, operation, undefined)), (exit) => {
        if (inflight === deferred) inflight = undefined
        if (Exit.isSuccess(exit) && started === generation) kept = exit.value
        return Deferred.done(deferred, exit)
      })
      // Detached: a caller that is interrupted must not cancel the read the others wait for.
      return Effect.as(Effect.forkDetach(run), deferred)
    })

  return {
    get: (operation) =>
      Effect.suspend(() => {
        if (kept !== undefined) return Effect.succeed(kept)
        if (inflight !== undefined) return Deferred.await(inflight)
        return Effect.flatMap(start(operation), Deferred.await)
      }),
    invalidate: Effect.sync(() => {
      generation++
      kept = undefined
      inflight = undefined
    }),
  }
}

/**
 * The `PortalSelf` of the context — the one `Portal.layer` provides, shared by every service built on it — or, when
 * a layer was assembled without it, a new one over `transport`.
 */
export const shared = (transport: TransportShape): Effect.Effect<PortalSelfShape> =>
  Effect.map(Effect.serviceOption(PortalSelf), (found) => Option.getOrElse(found, () => make(transport)))
