/**
 * `POST portals/self/update` — changes the organization's properties (org administrators; Python
 * `arcgis.gis.GIS.update_properties`). Each property is one parameter, encoded as every request's are (objects and
 * arrays of objects as JSON); only the properties sent change.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/update-portal.htm
 */
import { CommonSchema, Endpoint, type PortalRequest } from "@arcgis-portal/core"
import * as Schema from "effect/Schema"

/**
 * The answer of `portals/self/update`: `success` (and the org's `id`), every other field kept.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/update-portal.htm
 */
export const UpdatePortalResult = CommonSchema.open({
  success: Schema.optional(Schema.Boolean),
  id: Schema.optional(Schema.String),
})
export type UpdatePortalResult = typeof UpdatePortalResult.Type

/**
 * `POST portals/self/update` with `properties` as its parameters: send it with core's `Endpoint.call`.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/update-portal.htm
 * @see arcgis.gis.GIS.update_properties
 * @example
 * import { Endpoint } from "@arcgis-portal/core"
 * import { updatePortal } from "@arcgis-portal/users-groups-roles"
 * const described = Endpoint.call(updatePortal, "Org.describe", { properties: { description: "Field operations" } })
 */
export const updatePortal = Endpoint.make({
  rest: "update",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/update-portal.htm",
  method: "POST",
  // Not retried after an ambiguous failure, as the facade's own request never was.
  idempotent: false,
  request: (input: { readonly properties: PortalRequest.Params }) => ({
    path: "portals/self/update",
    params: input.properties,
  }),
  response: UpdatePortalResult,
})
