/**
 * `GET portals/self` — the portal and the signed-in user: the org id the search filter appends,
 * `isPortal` (Enterprise or Online) and the caller's username (Python `arcgis.gis.GIS.properties`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/portal-self.htm
 */
import { Endpoint } from "@arcgis-portal/core"
import { PortalSelf } from "../../UserSchema.ts"

export const portalSelf = Endpoint.make({
  rest: "portalSelf",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/portal-self.htm",
  method: "GET",
  idempotent: true,
  request: (_: undefined) => ({ path: "portals/self" }),
  response: PortalSelf,
})
