/**
 * `POST community/groups/<gid>/addUsers` — adds at most 25 users to a group (Python
 * `arcgis.gis.Group.add_users`; the service batches longer lists).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/add-users-to-group.htm
 */
import { Endpoint } from "@arcgis-portal/core"
import { AddUsersResult } from "../../GroupSchema.ts"

/** The most users one `addUsers` or `removeUsers` request may carry (`ORG_3100` beyond). */
export const maxUsersPerCall = 25

export const addUsers = Endpoint.make({
  rest: "addUsers",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/add-users-to-group.htm",
  method: "POST",
  idempotent: true,
  request: (input: { readonly id: string; readonly users: ReadonlyArray<string> }) => ({
    path: `community/groups/${input.id}/addUsers`,
    params: { users: input.users },
  }),
  response: AddUsersResult,
})
