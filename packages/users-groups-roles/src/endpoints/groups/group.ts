/**
 * `GET community/groups/<gid>` — a group (Python `arcgis.gis.GroupManager.get`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/group.htm
 */
import { Endpoint } from "@arcgis-portal/core"
import { Group } from "../../GroupSchema.ts"

export const group = Endpoint.make({
  rest: "group",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/group.htm",
  method: "GET",
  idempotent: true,
  request: (input: { readonly id: string }) => ({ path: `community/groups/${input.id}` }),
  response: Group,
})
