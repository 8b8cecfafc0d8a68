/**
 * `POST content/users/<owner>/.../items/<id>/canDelete` — whether an item can be deleted, and what prevents it (Python `arcgis.gis.Item.delete (checks first)`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/can-delete-item.htm
 */
import { Endpoint } from "@arcgis-portal/core"
import { ItemOperationResult } from "../../ItemSchema.ts"
import { type ItemRef, ownerRootItemPath } from "../../internal/paths.ts"

export const canDelete = Endpoint.make({
  rest: "canDelete",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/can-delete-item.htm",
  method: "POST",
  idempotent: true,
  request: (input: { readonly item: ItemRef }) => ({
    path: `${ownerRootItemPath(input.item)}/canDelete`,
  }),
  response: ItemOperationResult,
})
