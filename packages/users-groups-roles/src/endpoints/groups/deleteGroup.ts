/**
 * `POST community/groups/<gid>/delete` — deletes a group (owner or org admin) (Python `arcgis.gis.Group.delete`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/delete-group.htm
 */
import { Endpoint } from "@arcgis-portal/core"
import { GroupOperationResult } from "../../GroupSchema.ts"

export const deleteGroup = Endpoint.make({
  rest: "delete",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/delete-group.htm",
  method: "POST",
  idempotent: false,
  request: (input: { readonly id: string }) => ({ path: `community/groups/${input.id}/delete` }),
  response: GroupOperationResult,
})
