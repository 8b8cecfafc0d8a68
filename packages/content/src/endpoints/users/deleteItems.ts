/**
 * `POST content/users/<owner>/deleteItems` — deletes many items at once; per-item failures are reported in `results` (Python `arcgis.gis.ContentManager.delete_items`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/delete-items.htm
 */
import { Endpoint, type PortalRequest } from "@arcgis-portal/core"
import { BulkResult } from "../../ItemSchema.ts"
import { userPath } from "../../internal/paths.ts"

export const deleteItems = Endpoint.make({
  rest: "deleteItems",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/delete-items.htm",
  method: "POST",
  // Like `delete`: idempotent by nature, but sent again after the first went through every item is reported as
  // missing, so `Content.deleteItems` re-sends it itself and reads "does not exist" on a re-send as done.
  idempotent: true,
  request: (input: { readonly owner: string; readonly params: PortalRequest.Params }) => ({
    path: `${userPath(input.owner)}/deleteItems`,
    params: input.params,
  }),
  response: BulkResult,
})
