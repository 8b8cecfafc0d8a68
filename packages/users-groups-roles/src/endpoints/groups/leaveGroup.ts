/**
 * `POST community/groups/<gid>/leave` — removes the signed-in user from a group (Python `arcgis.gis.Group.leave`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/leave-group.htm
 */
import { Endpoint } from "@arcgis-portal/core"
import { GroupOperationResult } from "../../GroupSchema.ts"

export const leaveGroup = Endpoint.make({
  rest: "leave",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/leave-group.htm",
  method: "POST",
  idempotent: false,
  request: (input: { readonly id: string }) => ({ path: `community/groups/${input.id}/leave` }),
  response: GroupOperationResult,
})
