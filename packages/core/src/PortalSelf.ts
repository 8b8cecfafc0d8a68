/**
 * `GET portals/self` — the portal and the signed-in user: the org id a search filter appends, `isPortal`
 * (ArcGIS Enterprise or Online) and the caller's username (Python `arcgis.gis.GIS.properties`). Every feature
 * service reads it once per layer through {@link cached}.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/portal-self.htm
 */
import * as Effect from "effect/Effect"
import { PortalSelf } from "./CommonSchema.ts"
import * as Endpoint from "./Endpoint.ts"
import type { PortalFailure } from "./PortalError.ts"
import type { TransportShape } from "./Transport.ts"

export const endpoint = Endpoint.make({
  rest: "portalSelf",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/portal-self.htm",
  method: "GET",
  idempotent: true,
  request: (_: undefined) => ({ path: "portals/self" }),
  response: PortalSelf,
})

/**
 * `portals/self` through `transport`, read on first use and then kept (a failed read is not kept: the next
 * call asks again). `operation` names the request in spans and errors.
 */
export const cached = (
  transport: TransportShape,
): ((operation: string) => Effect.Effect<PortalSelf, PortalFailure>) => {
  let self: PortalSelf | undefined
  return (operation) =>
    self !== undefined
      ? Effect.succeed(self)
      : Effect.tap(Endpoint.send(transport, endpoint, operation, undefined), (value) =>
          Effect.sync(() => {
            self = value
          }),
        )
}
