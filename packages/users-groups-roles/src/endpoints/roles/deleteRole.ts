/**
 * `POST portals/self/roles/<rid>/delete` — deletes a custom role (Python `arcgis.gis.Role.delete`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/delete-role.htm
 */
import { Endpoint } from "@arcgis-portal/core"
import { segment } from "../../internal/references.ts"
import { RoleOperationResult } from "../../RoleSchema.ts"

export const deleteRole = Endpoint.make({
  rest: "delete",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/delete-role.htm",
  method: "POST",
  idempotent: false,
  request: (input: { readonly id: string }) => ({ path: `portals/self/roles/${segment(input.id)}/delete` }),
  response: RoleOperationResult,
})
