/**
 * `GET community/groups/<gid>/users` — a group's owner, managers and members (Python
 * `arcgis.gis.Group.get_members`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/group-users
 */
import { Endpoint } from "@arcgis-portal/core"
import { GroupMembers } from "../../GroupSchema.ts"

export const groupUsers = Endpoint.make({
  rest: "groupUsers",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/group-users",
  method: "GET",
  idempotent: true,
  request: (input: { readonly id: string }) => ({ path: `community/groups/${input.id}/users` }),
  response: GroupMembers,
})
