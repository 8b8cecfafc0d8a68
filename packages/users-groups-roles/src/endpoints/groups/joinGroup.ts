/**
 * `POST community/groups/<gid>/join` — applies to join a group (or joins it, where the portal allows) (Python `arcgis.gis.Group.join`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/join-group.htm
 */
import { Endpoint } from "@arcgis-portal/core"
import { GroupOperationResult } from "../../GroupSchema.ts"

export const joinGroup = Endpoint.make({
  rest: "join",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/join-group.htm",
  method: "POST",
  idempotent: false,
  request: (input: { readonly id: string }) => ({ path: `community/groups/${input.id}/join` }),
  response: GroupOperationResult,
})
