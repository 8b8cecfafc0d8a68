/**
 * `POST content/users/<owner>/.../items/<id>/delete` — deletes an item (Python `arcgis.gis.Item.delete`).
 * Idempotent by nature: the item is gone either way. A second attempt after an ambiguous first one answers
 * "does not exist", which `Items.delete` reads as success — so it sends the re-try itself
 * (`internal/reconcile.ts`) instead of leaving it to core, which could not tell the two answers apart.
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
  // Not re-sent by core: Items.delete re-sends it itself, reading a "not found" after an ambiguous failure as done.
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
