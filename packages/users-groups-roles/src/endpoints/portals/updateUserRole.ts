/**
 * `POST portals/self/updateuserrole` — gives a user a built-in role key or a custom role id
 * (Python `arcgis.gis.User.update_role`, which spells the path in lower case).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/update-user-role.htm
 */
import { Endpoint } from "@arcgis-portal/core"
import { UserOperationResult } from "../../UserSchema.ts"

export const updateUserRole = Endpoint.make({
  rest: "updateUserRole",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/update-user-role.htm",
  method: "POST",
  idempotent: true,
  request: (input: { readonly user: string; readonly role: string }) => ({
    path: "portals/self/updateuserrole",
    params: { user: input.user, role: input.role },
  }),
  response: UserOperationResult,
})
