/**
 * `GET content/items/<id>/info/<file>` — one of the item's info files: its thumbnail or
 * `metadata/metadata.xml` (Python `arcgis.gis.Item.get_thumbnail`, `arcgis.gis.Item.metadata`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/item-info-file.htm
 */
import { Endpoint } from "@arcgis-portal/core"
import { itemPath } from "../../internal/paths.ts"

/** The path of an info file, each segment encoded. */
export const infoPath = (id: string, file: string): string =>
  `${itemPath(id)}/info/${file.split("/").map(encodeURIComponent).join("/")}`

export const itemInfo = Endpoint.makeBytes({
  rest: "itemInfo",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/item-info-file.htm",
  method: "GET",
  request: (input: { readonly id: string; readonly file: string }) => ({ path: infoPath(input.id, input.file) }),
})
