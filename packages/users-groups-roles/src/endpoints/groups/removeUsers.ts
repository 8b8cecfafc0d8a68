/**
 * `POST community/groups/<gid>/removeUsers` — removes at most 25 users from a group (Python
 * `arcgis.gis.Group.remove_users`; the service batches longer lists).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/remove-users-from-group.htm
 */
import { Endpoint } from "@arcgis-portal/core"
import { RemoveUsersResult } from "../../GroupSchema.ts"

export const removeUsers = Endpoint.make({
  rest: "removeUsers",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/remove-users-from-group.htm",
  method: "POST",
  idempotent: true,
  request: (input: { readonly id: string; readonly users: ReadonlyArray<string> }) => ({
    path: `community/groups/${input.id}/removeUsers`,
    params: { users: input.users },
  }),
  response: RemoveUsersResult,
})
