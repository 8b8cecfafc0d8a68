/**
 * `GET content/users/<owner>/.../items/<id>/parts` — the part numbers an uncommitted multipart upload holds (Python `arcgis.gis.ContentManager.add (multipart resume)`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/parts.htm
 */
import { Endpoint } from "@arcgis-portal/core"
import { PartsResponse } from "../../ItemSchema.ts"
import { type ItemRef, ownerRootItemPath } from "../../internal/paths.ts"

export const parts = Endpoint.make({
  rest: "parts",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/parts.htm",
  method: "GET",
  idempotent: true,
  request: (input: { readonly item: ItemRef }) => ({
    path: `${ownerRootItemPath(input.item)}/parts`,
  }),
  response: PartsResponse,
})
