/**
 * `POST content/users/<owner>/.../items/<id>/move` — moves an item to a folder id, or `/` for the root (Python `arcgis.gis.Item.move`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/move-item.htm
 */
import { Endpoint } from "@arcgis-portal/core"
import { MoveResult } from "../../ItemSchema.ts"
import { type ItemRef, ownerItemPath } from "../../internal/paths.ts"

export const moveItem = Endpoint.make({
  rest: "move",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/move-item.htm",
  method: "POST",
  idempotent: true,
  request: (input: { readonly item: ItemRef; readonly folder: string }) => ({
    path: `${ownerItemPath(input.item)}/move`,
    params: { folder: input.folder },
  }),
  response: MoveResult,
})
