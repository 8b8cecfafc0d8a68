/**
 * `POST content/items/<id>/deleteRating` — removes the caller's rating (Python `arcgis.gis.Item.delete_rating`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/delete-rating.htm
 */
import { Endpoint } from "@arcgis-portal/core"
import { Success } from "../../ItemSchema.ts"
import { itemPath } from "../../internal/paths.ts"

export const deleteRating = Endpoint.make({
  rest: "deleteRating",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/delete-rating.htm",
  method: "POST",
  idempotent: true,
  request: (input: { readonly id: string }) => ({ path: `${itemPath(input.id)}/deleteRating` }),
  response: Success,
})
