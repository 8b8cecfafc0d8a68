/**
 * `POST content/users/<owner>/.../items/<id>/reassign` — gives an item to another user (org admins) (Python `arcgis.gis.Item.reassign_to`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/reassign-item.htm
 */
import { Endpoint } from "@arcgis-portal/core"
import { ItemOperationResult } from "../../ItemSchema.ts"
import { type ItemRef, ownerItemPath } from "../../internal/paths.ts"

export const reassignItem = Endpoint.make({
  rest: "reassign",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/reassign-item.htm",
  method: "POST",
  idempotent: false,
  request: (input: { readonly item: ItemRef; readonly targetUsername: string; readonly targetFolderName: string }) => ({
    path: `${ownerItemPath(input.item)}/reassign`,
    params: { targetUsername: input.targetUsername, targetFolderName: input.targetFolderName },
  }),
  response: ItemOperationResult,
})
