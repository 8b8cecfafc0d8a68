/**
 * `GET portals/self/roles/<rid>` — a custom role (Python `arcgis.gis.RoleManager.get_role`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/role
 */
import { Endpoint } from "@arcgis-portal/core"
import { segment } from "../../internal/references.ts"
import { Role } from "../../RoleSchema.ts"

export const role = Endpoint.make({
  rest: "role",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/role",
  method: "GET",
  idempotent: true,
  request: (input: { readonly id: string }) => ({ path: `portals/self/roles/${segment(input.id)}` }),
  response: Role,
})
