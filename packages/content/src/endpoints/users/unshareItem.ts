/**
 * `POST content/users/<owner>[/<folder>]/items/<id>/unshare` — unshares an item as its owner (or an admin on
 * the owner's behalf) (Python `arcgis.gis.Item.unshare`). Params: groups.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/unshare-item-as-item-owner-.htm
 */
import { Endpoint, type PortalRequest } from "@arcgis-portal/core"
import { UnshareResult } from "../../ItemSchema.ts"
import { type ItemRef, ownerItemPath } from "../../internal/paths.ts"

export const unshareItem = Endpoint.make({
  rest: "Unshare Item",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/unshare-item-as-item-owner-.htm",
  method: "POST",
  idempotent: true,
  request: (input: { readonly item: ItemRef; readonly params: PortalRequest.Params }) => ({
    path: `${ownerItemPath(input.item)}/unshare`,
    params: input.params,
  }),
  response: UnshareResult,
})
