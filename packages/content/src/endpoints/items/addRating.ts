/**
 * `POST content/items/<id>/addRating` — rates an item, 1.0 to 5.0 (Python `arcgis.gis.Item.rating = n`).
 * Sending it twice leaves the same single rating.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/add-rating.htm
 */
import { Endpoint } from "@arcgis-portal/core"
import { Success } from "../../ItemSchema.ts"
import { itemPath } from "../../internal/paths.ts"

export const addRating = Endpoint.make({
  rest: "addRating",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/add-rating.htm",
  method: "POST",
  idempotent: true,
  request: (input: { readonly id: string; readonly rating: number }) => ({
    path: `${itemPath(input.id)}/addRating`,
    params: { rating: input.rating },
  }),
  response: Success,
})
