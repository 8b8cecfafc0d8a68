/**
 * `POST community/users/<u>/reassign` — moves all of a user's items and groups to another user
 * (Python `arcgis.gis.User.reassign_to`; a legacy operation the Python module still uses).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/reassign-user.htm
 */
import { Endpoint } from "@arcgis-portal/core"
import { segment } from "../../internal/references.ts"
import { UserOperationResult } from "../../UserSchema.ts"

export const reassignUser = Endpoint.make({
  rest: "reassign",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/reassign-user.htm",
  method: "POST",
  idempotent: false,
  request: (input: { readonly username: string; readonly targetUsername: string }) => ({
    path: `community/users/${segment(input.username)}/reassign`,
    params: { targetUsername: input.targetUsername },
  }),
  response: UserOperationResult,
})
