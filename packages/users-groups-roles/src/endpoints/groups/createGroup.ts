/**
 * `POST community/createGroup` — creates a group owned by the caller; multipart when a thumbnail is
 * sent (Python `arcgis.gis.GroupManager.create` and `create_from_dict`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/create-group.htm
 */
import { Endpoint, type PortalRequest } from "@arcgis-portal/core"
import { CreateGroupResult } from "../../GroupSchema.ts"

export const createGroup = Endpoint.make({
  rest: "createGroup",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/create-group.htm",
  method: "POST",
  idempotent: false,
  request: (input: {
    readonly params: PortalRequest.Params
    readonly thumbnail?: PortalRequest.FilePart | undefined
  }) => ({
    path: "community/createGroup",
    params: input.params,
    files: input.thumbnail ? { thumbnail: input.thumbnail } : undefined,
  }),
  response: CreateGroupResult,
})
