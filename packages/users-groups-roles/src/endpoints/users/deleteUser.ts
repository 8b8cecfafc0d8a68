/**
 * `POST community/users/<u>/delete` — deletes a user who owns no items or groups (Python `arcgis.gis.User.delete`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/delete-user.htm
 */
import { Endpoint } from "@arcgis-portal/core"
import { segment } from "../../internal/references.ts"
import { UserOperationResult } from "../../UserSchema.ts"

export const deleteUser = Endpoint.make({
  rest: "delete",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/delete-user.htm",
  method: "POST",
  idempotent: false,
  request: (input: { readonly username: string }) => ({
    path: `community/users/${segment(input.username)}/delete`,
  }),
  response: UserOperationResult,
})
