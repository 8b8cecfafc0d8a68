/**
 * `GET content/items/<id>/comments` — one page of an item's comments (Python `arcgis.gis.Item.comments`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/item-comments.htm
 */
import { Endpoint } from "@arcgis-portal/core"
import { CommentsResponse } from "../../ItemSchema.ts"
import { itemPath } from "../../internal/paths.ts"

export const comments = Endpoint.make({
  rest: "comments",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/item-comments.htm",
  method: "GET",
  idempotent: true,
  request: (input: { readonly id: string; readonly start: number; readonly num: number }) => ({
    path: `${itemPath(input.id)}/comments`,
    params: { start: input.start, num: input.num },
  }),
  response: CommentsResponse,
})
