/**
 * `GET community/users/<u>` — a user (Python `arcgis.gis.UserManager.get`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/user.htm
 */
import { Endpoint } from "@arcgis-portal/core"
import { segment } from "../../internal/references.ts"
import { User } from "../../UserSchema.ts"

export const user = Endpoint.make({
  rest: "user",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/user.htm",
  method: "GET",
  idempotent: true,
  request: (input: { readonly username: string }) => ({ path: `community/users/${segment(input.username)}` }),
  response: User,
})
