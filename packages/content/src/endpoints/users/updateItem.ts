/**
 * `POST content/users/<owner>[/<folder>]/items/<id>/update` — changes an item's properties, data,
 * thumbnail or metadata (Python `arcgis.gis.Item.update`). Multipart when files are sent.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/update-item.htm
 */
import { Endpoint, type PortalRequest } from "@arcgis-portal/core"
import { ItemOperationResult } from "../../ItemSchema.ts"
import { type ItemRef, ownerItemPath } from "../../internal/paths.ts"

export const updateItem = Endpoint.make({
  rest: "update",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/update-item.htm",
  method: "POST",
  idempotent: false,
  request: (input: {
    readonly item: ItemRef
    readonly params: PortalRequest.Params
    readonly files?: Readonly<Record<string, PortalRequest.FilePart>> | undefined
  }) => ({
    path: `${ownerItemPath(input.item)}/update`,
    params: input.params,
    files: input.files,
  }),
  response: ItemOperationResult,
})
