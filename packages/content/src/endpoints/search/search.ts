/**
 * `GET search` — one page of an item search (Python `arcgis.gis.ContentManager.search`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/search.htm
 */
import { Endpoint } from "@arcgis-portal/core"
import { SearchResponse } from "../../ItemSchema.ts"

export const search = Endpoint.make({
  rest: "search",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/search.htm",
  method: "GET",
  idempotent: true,
  request: (input: {
    readonly q: string
    readonly start: number
    readonly num: number
    readonly sortField?: string | undefined
    readonly sortOrder?: string | undefined
    readonly bbox?: string | undefined
  }) => ({
    path: "search",
    params: {
      q: input.q,
      start: input.start,
      num: input.num,
      sortField: input.sortField,
      sortOrder: input.sortOrder,
      bbox: input.bbox,
    },
  }),
  response: SearchResponse,
})
