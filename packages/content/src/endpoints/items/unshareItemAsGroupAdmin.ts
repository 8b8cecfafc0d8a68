/**
 * `POST content/items/<id>/unshare` — unshares an item that is already public or org-visible, as a group
 * admin sees it (Python `arcgis.gis.Item.unshare` uses it for public items without `everyone`/`org`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/unshare-item-as-group-admin.htm
 */
import { Endpoint, type PortalRequest } from "@arcgis-portal/core"
import { UnshareResult } from "../../ItemSchema.ts"
import { itemPath } from "../../internal/paths.ts"

export const unshareItemAsGroupAdmin = Endpoint.make({
  rest: "Unshare Item (group admin)",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/unshare-item-as-group-admin.htm",
  method: "POST",
  idempotent: true,
  request: (input: { readonly id: string; readonly params: PortalRequest.Params }) => ({
    path: `${itemPath(input.id)}/unshare`,
    params: input.params,
  }),
  response: UnshareResult,
})
