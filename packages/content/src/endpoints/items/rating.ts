/**
 * `GET content/items/<id>/rating` — the caller's rating of an item (Python `arcgis.gis.Item.rating`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/item-rating.htm
 */
import { Endpoint } from "@arcgis-portal/core"
import { Rating } from "../../ItemSchema.ts"
import { itemPath } from "../../internal/paths.ts"

export const rating = Endpoint.make({
  rest: "rating",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/item-rating.htm",
  method: "GET",
  idempotent: true,
  request: (input: { readonly id: string }) => ({ path: `${itemPath(input.id)}/rating` }),
  response: Rating,
})
