/**
 * `GET portals/self/roles` — one page of the org's custom roles (Python `arcgis.gis.RoleManager.all`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/roles
 */
import { Endpoint } from "@arcgis-portal/core"
import { RolesResponse } from "../../RoleSchema.ts"

export const roles = Endpoint.make({
  rest: "roles",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/roles",
  method: "GET",
  idempotent: true,
  request: (input: { readonly start: number; readonly num: number }) => ({
    path: "portals/self/roles",
    params: { start: input.start, num: input.num },
  }),
  response: RolesResponse,
})
