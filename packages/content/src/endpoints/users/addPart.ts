/**
 * `POST content/users/<owner>/items/<id>/addPart?partNum=<n>` — uploads one part of a multipart upload
 * (Python `arcgis.gis.ContentManager.add` for large files). `partNum` travels in the query string (ArcGIS
 * Online reads it there); re-sending a part number overwrites that part, so this write is idempotent.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/add-item-part.htm
 */
import { Endpoint } from "@arcgis-portal/core"
import { ItemOperationResult } from "../../ItemSchema.ts"
import { type ItemRef, ownerRootItemPath } from "../../internal/paths.ts"

export const addPart = Endpoint.make({
  rest: "addPart",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/add-item-part.htm",
  method: "POST",
  idempotent: true,
  request: (input: {
    readonly item: ItemRef
    readonly partNum: number
    readonly content: Blob
    readonly fileName: string
  }) => ({
    path: `${ownerRootItemPath(input.item)}/addPart`,
    query: { partNum: input.partNum },
    files: { file: { content: input.content, fileName: input.fileName } },
  }),
  response: ItemOperationResult,
})
