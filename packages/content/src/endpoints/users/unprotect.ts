/**
 * `POST content/users/<owner>/.../items/<id>/unprotect` — turns delete protection off (Python `arcgis.gis.Item.protect(False)`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/unprotect.htm
 */
import { Endpoint } from "@arcgis-portal/core"
import { ItemOperationResult } from "../../ItemSchema.ts"
import { type ItemRef, ownerItemPath } from "../../internal/paths.ts"

export const unprotect = Endpoint.make({
  rest: "unprotect",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/unprotect.htm",
  method: "POST",
  idempotent: true,
  request: (input: { readonly item: ItemRef }) => ({
    path: `${ownerItemPath(input.item)}/unprotect`,
  }),
  response: ItemOperationResult,
})
