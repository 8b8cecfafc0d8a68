/**
 * `POST community/users/<u>/disable` — disables the user's login (org admins only) (Python `arcgis.gis.User.disable`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/disable.htm
 */
import { Endpoint } from "@arcgis-portal/core"
import { segment } from "../../internal/references.ts"
import { UserOperationResult } from "../../UserSchema.ts"

export const disableUser = Endpoint.make({
  rest: "disable",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/disable.htm",
  method: "POST",
  idempotent: true,
  request: (input: { readonly username: string }) => ({
    path: `community/users/${segment(input.username)}/disable`,
  }),
  response: UserOperationResult,
})
