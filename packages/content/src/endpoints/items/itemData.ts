/**
 * `GET content/items/<id>/data` — the item's file or text, as bytes (Python `arcgis.gis.Item.get_data`,
 * `arcgis.gis.Item.download`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/item-data.htm
 */
import { Endpoint } from "@arcgis-portal/core"
import { itemPath } from "../../internal/paths.ts"

export const itemData = Endpoint.makeBytes({
  rest: "itemData",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/item-data.htm",
  method: "GET",
  request: (input: { readonly id: string }) => ({ path: `${itemPath(input.id)}/data` }),
})
