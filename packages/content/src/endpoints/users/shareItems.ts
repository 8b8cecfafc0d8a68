/**
 * `POST content/users/<owner>/shareItems` — shares many items at once; per-item failures are reported in `results` (Python `arcgis.gis.Item.share (many items)`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/share-items.htm
 */
import { Endpoint, type PortalRequest } from "@arcgis-portal/core"
import { BulkResult } from "../../ItemSchema.ts"
import { userPath } from "../../internal/paths.ts"

export const shareItems = Endpoint.make({
  rest: "shareItems",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/share-items.htm",
  method: "POST",
  idempotent: true,
  request: (input: { readonly owner: string; readonly params: PortalRequest.Params }) => ({
    path: `${userPath(input.owner)}/shareItems`,
    params: input.params,
  }),
  response: BulkResult,
})
