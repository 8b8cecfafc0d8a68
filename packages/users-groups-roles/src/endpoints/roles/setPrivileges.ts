/**
 * `POST portals/self/roles/<rid>/setPrivileges` — replaces a custom role's privileges; the portal
 * wants `privileges={"privileges":[...]}`, a JSON object, not a bare list (Python
 * `arcgis.gis.Role.privileges = [...]`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/set-role-privileges.htm
 */
import { Endpoint } from "@arcgis-portal/core"
import { segment } from "../../internal/references.ts"
import { RoleOperationResult } from "../../RoleSchema.ts"

export const setPrivileges = Endpoint.make({
  rest: "setPrivileges",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/set-role-privileges.htm",
  method: "POST",
  idempotent: true,
  request: (input: { readonly id: string; readonly privileges: ReadonlyArray<string> }) => ({
    path: `portals/self/roles/${segment(input.id)}/setPrivileges`,
    params: { privileges: { privileges: input.privileges } },
  }),
  response: RoleOperationResult,
})
