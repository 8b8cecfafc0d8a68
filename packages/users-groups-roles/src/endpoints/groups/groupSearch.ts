/**
 * `GET community/groups` — one page of a group search (Python `arcgis.gis.GroupManager.search`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/group-search.htm
 */
import { Endpoint } from "@arcgis-portal/core"
import { GroupSearchResponse } from "../../GroupSchema.ts"

export const groupSearch = Endpoint.make({
  rest: "groupSearch",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/group-search.htm",
  method: "GET",
  idempotent: true,
  request: (input: {
    readonly q: string
    readonly start: number
    readonly num: number
    readonly sortField?: string | undefined
    readonly sortOrder?: string | undefined
  }) => ({
    path: "community/groups",
    params: { q: input.q, start: input.start, num: input.num, sortField: input.sortField, sortOrder: input.sortOrder },
  }),
  response: GroupSearchResponse,
})
