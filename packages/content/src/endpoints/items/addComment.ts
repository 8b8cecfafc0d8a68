/**
 * `POST content/items/<id>/addComment` — adds a comment (Python `arcgis.gis.Item.add_comment`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/add-comment.htm
 */
import { Endpoint } from "@arcgis-portal/core"
import { AddCommentResult } from "../../ItemSchema.ts"
import { itemPath } from "../../internal/paths.ts"

export const addComment = Endpoint.make({
  rest: "addComment",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/add-comment.htm",
  method: "POST",
  idempotent: false,
  request: (input: { readonly id: string; readonly comment: string; readonly parentId?: string | undefined }) => ({
    path: `${itemPath(input.id)}/addComment`,
    params: { comment: input.comment, parentId: input.parentId },
  }),
  response: AddCommentResult,
})
