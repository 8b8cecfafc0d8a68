/**
 * `POST community/groups/<gid>/update` — changes the given properties of a group; multipart when a
 * thumbnail is sent (Python `arcgis.gis.Group.update`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/update-group.htm
 */
import { Endpoint, type PortalRequest } from "@arcgis-portal/core"
import { GroupOperationResult } from "../../GroupSchema.ts"

export const updateGroup = Endpoint.make({
  rest: "update",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/update-group.htm",
  method: "POST",
  idempotent: true,
  request: (input: {
    readonly id: string
    readonly params: PortalRequest.Params
    readonly thumbnail?: PortalRequest.FilePart | undefined
  }) => ({
    path: `community/groups/${input.id}/update`,
    params: input.params,
    files: input.thumbnail ? { thumbnail: input.thumbnail } : undefined,
  }),
  response: GroupOperationResult,
})
