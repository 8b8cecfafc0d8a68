/**
 * `GET content/items/<id>/relatedItems` — items related to an item (Python `arcgis.gis.Item.related_items`).
 * Both the documented `relationshipTypes` and the singular `relationshipType` the clients send are set.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/related-items.htm
 */
import { Endpoint } from "@arcgis-portal/core"
import { RelatedItemsResponse } from "../../ItemSchema.ts"
import { itemPath } from "../../internal/paths.ts"

export const relatedItems = Endpoint.make({
  rest: "relatedItems",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/related-items.htm",
  method: "GET",
  idempotent: true,
  request: (input: { readonly id: string; readonly relationshipType: string; readonly direction: string }) => ({
    path: `${itemPath(input.id)}/relatedItems`,
    params: {
      relationshipType: input.relationshipType,
      relationshipTypes: input.relationshipType,
      direction: input.direction,
    },
  }),
  response: RelatedItemsResponse,
})
