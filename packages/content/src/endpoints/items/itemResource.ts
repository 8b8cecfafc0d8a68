/**
 * `GET content/items/<id>/resources/<path>` — the bytes of one resource file, streamed (Python
 * `arcgis.gis.ResourceManager.get`), as `Clone.clone` copies it.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/item-resources.htm
 */
import { Endpoint } from "@arcgis-portal/core"
import { itemPath } from "../../internal/paths.ts"

export const itemResource = Endpoint.makeBytes({
  rest: "resource",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/item-resources.htm",
  method: "GET",
  request: (input: { readonly id: string; readonly resource: string }) => ({
    path: `${itemPath(input.id)}/resources/${input.resource.split("/").map(encodeURIComponent).join("/")}`,
  }),
})
