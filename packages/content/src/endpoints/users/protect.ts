/**
 * `POST content/users/<owner>/.../items/<id>/protect` — turns delete protection on (Python `arcgis.gis.Item.protect(True)`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/protect.htm
 */
import { Endpoint } from "@arcgis-portal/core"
import { ItemOperationResult } from "../../ItemSchema.ts"
import { type ItemRef, ownerItemPath } from "../../internal/paths.ts"

export const protect = Endpoint.make({
  rest: "protect",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/protect.htm",
  method: "POST",
  idempotent: true,
  request: (input: { readonly item: ItemRef }) => ({
    path: `${ownerItemPath(input.item)}/protect`,
  }),
  response: ItemOperationResult,
})
