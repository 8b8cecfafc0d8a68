/**
 * `POST content/users/<owner>/unshareItems` — unshares many items at once; per-item failures are reported in `results` (Python `arcgis.gis.Item.unshare (many items)`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/unshare-items.htm
 */
import { Endpoint, type PortalRequest } from "@arcgis-portal/core"
import { BulkResult } from "../../ItemSchema.ts"
import { userPath } from "../../internal/paths.ts"

export const unshareItems = Endpoint.make({
  rest: "unshareItems",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/unshare-items.htm",
  method: "POST",
  idempotent: true,
  request: (input: { readonly owner: string; readonly params: PortalRequest.Params }) => ({
    path: `${userPath(input.owner)}/unshareItems`,
    params: input.params,
  }),
  response: BulkResult,
})
