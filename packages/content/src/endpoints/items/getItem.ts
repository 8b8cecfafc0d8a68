/**
 * `GET content/items/<id>` — reads an item (Python `arcgis.gis.ContentManager.get`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/item.htm
 */
import { Endpoint } from "@arcgis-portal/core"
import { Item } from "../../ItemSchema.ts"
import { itemPath } from "../../internal/paths.ts"

export const getItem = Endpoint.make({
  rest: "item",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/item.htm",
  method: "GET",
  idempotent: true,
  request: (input: { readonly id: string }) => ({ path: itemPath(input.id) }),
  response: Item,
})
