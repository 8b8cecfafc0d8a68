/**
 * `GET community/users/<u>/notifications` — the user's notifications (Python
 * `arcgis.gis.User.notifications`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/notifications.htm
 */
import { Endpoint } from "@arcgis-portal/core"
import { segment } from "../../internal/references.ts"
import { NotificationsResponse } from "../../UserSchema.ts"

export const notifications = Endpoint.make({
  rest: "notifications",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/notifications.htm",
  method: "GET",
  idempotent: true,
  request: (input: { readonly username: string }) => ({
    path: `community/users/${segment(input.username)}/notifications`,
  }),
  response: NotificationsResponse,
})
