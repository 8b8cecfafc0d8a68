/**
 * `GET search` — one page of an item search; `q=group:<gid>` lists a group's content (Python
 * `arcgis.gis.Group.content`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/search.htm
 */
import { Endpoint } from "@arcgis-portal/core"
import { ItemSearchResponse } from "../../GroupSchema.ts"

export const search = Endpoint.make({
  rest: "search",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/search.htm",
  method: "GET",
  idempotent: true,
  request: (input: { readonly q: string; readonly start: number; readonly num: number }) => ({
    path: "search",
    params: { q: input.q, start: input.start, num: input.num },
  }),
  response: ItemSearchResponse,
})
