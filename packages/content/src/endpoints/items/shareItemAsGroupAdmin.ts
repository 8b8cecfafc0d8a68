/**
 * `POST content/items/<id>/share` — shares an item that is already public or org-visible, as a group
 * admin sees it (Python `arcgis.gis.Item.share` uses it for public items without `everyone`/`org`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/share-item-as-group-admin.htm
 */
import { Endpoint, type PortalRequest } from "@arcgis-portal/core"
import { ShareResult } from "../../ItemSchema.ts"
import { itemPath } from "../../internal/paths.ts"

export const shareItemAsGroupAdmin = Endpoint.make({
  rest: "Share Item (group admin)",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/share-item-as-group-admin.htm",
  method: "POST",
  idempotent: true,
  request: (input: { readonly id: string; readonly params: PortalRequest.Params }) => ({
    path: `${itemPath(input.id)}/share`,
    params: input.params,
  }),
  response: ShareResult,
})
