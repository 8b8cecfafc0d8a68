/**
 * `POST content/users/<owner>[/<folder>]/items/<id>/update` — changes an item's properties, data,
 * thumbnail or metadata (Python `arcgis.gis.Item.update`). Multipart when files are sent.
 * Idempotent: the portal replaces what is given, so the same update sent twice leaves the item as sending it
 * once does (core retries it after a timeout or a dropped connection). Starting a multipart update is sent with
 * `idempotent: false` by `Items.update` (see {@link updateItemMultipartStart}).
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
  idempotent: true,
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

/** The same endpoint when it starts a multipart update (`multipart=true`): sent once, never retried blindly. */
export const updateItemMultipartStart = Endpoint.make({ ...updateItem, idempotent: false })
