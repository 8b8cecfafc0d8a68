/**
 * `GET portals/self/roles/<rid>/privileges` — a custom role's privileges (Python
 * `arcgis.gis.Role.privileges`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/role-privileges.htm
 */
import { Endpoint } from "@arcgis-portal/core"
import { segment } from "../../internal/references.ts"
import { PrivilegesResponse } from "../../RoleSchema.ts"

export const rolePrivileges = Endpoint.make({
  rest: "privileges",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/role-privileges.htm",
  method: "GET",
  idempotent: true,
  request: (input: { readonly id: string }) => ({ path: `portals/self/roles/${segment(input.id)}/privileges` }),
  response: PrivilegesResponse,
})
