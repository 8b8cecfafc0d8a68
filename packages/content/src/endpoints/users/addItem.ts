/**
 * `POST content/users/<owner>[/<folder>]/addItem` — creates an item (Python
 * `arcgis.gis.ContentManager.add`). Not idempotent: sending it twice creates two items, so it is
 * never retried after the request may have reached the portal.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/add-item.htm
 */
import { Endpoint, type PortalRequest } from "@arcgis-portal/core"
import { AddItemResult } from "../../ItemSchema.ts"
import { userPath } from "../../internal/paths.ts"

export const addItem = Endpoint.make({
  rest: "addItem",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/add-item.htm",
  method: "POST",
  idempotent: false,
  request: (input: {
    readonly owner: string
    readonly folderId?: string | undefined
    readonly params: PortalRequest.Params
    readonly files?: Readonly<Record<string, PortalRequest.FilePart>> | undefined
  }) => ({
    path: `${userPath(input.owner, input.folderId)}/addItem`,
    params: input.params,
    files: input.files,
  }),
  response: AddItemResult,
})
