/**
 * `POST community/users/<u>/update` — changes a user's profile; multipart when a thumbnail is sent
 * (Python `arcgis.gis.User.update`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/update-user.htm
 */
import { Endpoint, type PortalRequest } from "@arcgis-portal/core"
import { segment } from "../../internal/references.ts"
import { UserOperationResult } from "../../UserSchema.ts"

export const updateUser = Endpoint.make({
  rest: "update",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/update-user.htm",
  method: "POST",
  idempotent: true,
  request: (input: {
    readonly username: string
    readonly params: PortalRequest.Params
    readonly thumbnail?: PortalRequest.FilePart | undefined
  }) => ({
    path: `community/users/${segment(input.username)}/update`,
    params: input.params,
    files: input.thumbnail ? { thumbnail: input.thumbnail } : undefined,
  }),
  response: UserOperationResult,
})
