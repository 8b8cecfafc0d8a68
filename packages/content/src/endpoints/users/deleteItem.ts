/**
 * `POST content/users/<owner>/.../items/<id>/delete` — deletes an item (Python `arcgis.gis.Item.delete`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/delete-item.htm
 */
import { Endpoint } from "@arcgis-portal/core"
import { ItemOperationResult } from "../../ItemSchema.ts"
import { type ItemRef, ownerItemPath } from "../../internal/paths.ts"

export const deleteItem = Endpoint.make({
  rest: "delete",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/delete-item.htm",
  method: "POST",
  idempotent: false,
  request: (input: {
    readonly item: ItemRef
    readonly force?: boolean | undefined
    readonly permanentDelete?: boolean | undefined
  }) => ({
    path: `${ownerItemPath(input.item)}/delete`,
    params: { force: input.force, permanentDelete: input.permanentDelete },
  }),
  response: ItemOperationResult,
})
