/**
 * `GET content/items/<id>` — read only to learn an item's owner when the caller did not give it
 * (resource writes go to `content/users/<owner>/...`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/item.htm
 */
import { Endpoint } from "@arcgis-portal/core"
import { ItemOwner } from "../../ResourceSchema.ts"

export const item = Endpoint.make({
  rest: "item",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/item.htm",
  method: "GET",
  idempotent: true,
  request: (input: { readonly id: string }) => ({ path: `content/items/${input.id}` }),
  response: ItemOwner,
})
