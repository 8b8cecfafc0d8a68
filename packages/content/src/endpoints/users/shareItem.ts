/**
 * `POST content/users/<owner>[/<folder>]/items/<id>/share` — shares an item as its owner (or an admin on
 * the owner's behalf) (Python `arcgis.gis.Item.share`). Params: everyone, org, groups, confirmItemControl.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/share-item-as-item-owner-.htm
 */
import { Endpoint, type PortalRequest } from "@arcgis-portal/core"
import { ShareResult } from "../../ItemSchema.ts"
import { type ItemRef, ownerItemPath } from "../../internal/paths.ts"

export const shareItem = Endpoint.make({
  rest: "Share Item",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/share-item-as-item-owner-.htm",
  method: "POST",
  idempotent: true,
  request: (input: { readonly item: ItemRef; readonly params: PortalRequest.Params }) => ({
    path: `${ownerItemPath(input.item)}/share`,
    params: input.params,
  }),
  response: ShareResult,
})
