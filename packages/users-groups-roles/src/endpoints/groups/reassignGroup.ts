/**
 * `POST community/groups/<gid>/reassign` — gives a group to another owner (Python
 * `arcgis.gis.Group.reassign_to`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/reassign-group.htm
 */
import { Endpoint } from "@arcgis-portal/core"
import { GroupOperationResult } from "../../GroupSchema.ts"

export const reassignGroup = Endpoint.make({
  rest: "reassign",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/reassign-group.htm",
  method: "POST",
  idempotent: false,
  request: (input: { readonly id: string; readonly targetUsername: string }) => ({
    path: `community/groups/${input.id}/reassign`,
    params: { targetUsername: input.targetUsername },
  }),
  response: GroupOperationResult,
})
