/**
 * `POST content/users/<owner>/moveItems` — moves many items at once; per-item failures are reported in `results` (Python `arcgis.gis.Item.move (many items)`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/move-items.htm
 */
import { Endpoint, type PortalRequest } from "@arcgis-portal/core"
import { BulkResult } from "../../ItemSchema.ts"
import { userPath } from "../../internal/paths.ts"

export const moveItems = Endpoint.make({
  rest: "moveItems",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/move-items.htm",
  method: "POST",
  idempotent: true,
  request: (input: { readonly owner: string; readonly params: PortalRequest.Params }) => ({
    path: `${userPath(input.owner)}/moveItems`,
    params: input.params,
  }),
  response: BulkResult,
})
