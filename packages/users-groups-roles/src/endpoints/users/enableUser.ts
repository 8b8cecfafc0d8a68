/**
 * `POST community/users/<u>/enable` — enables a disabled user's login (org admins only) (Python `arcgis.gis.User.enable`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/enable.htm
 */
import { Endpoint } from "@arcgis-portal/core"
import { segment } from "../../internal/references.ts"
import { UserOperationResult } from "../../UserSchema.ts"

export const enableUser = Endpoint.make({
  rest: "enable",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/enable.htm",
  method: "POST",
  idempotent: true,
  request: (input: { readonly username: string }) => ({
    path: `community/users/${segment(input.username)}/enable`,
  }),
  response: UserOperationResult,
})
