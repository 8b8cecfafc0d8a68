/**
 * `GET community/users` — one page of a user search (Python `arcgis.gis.UserManager.search` with a
 * query).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/user-search.htm
 */
import { Endpoint } from "@arcgis-portal/core"
import { UserSearchResponse } from "../../UserSchema.ts"

export const userSearch = Endpoint.make({
  rest: "userSearch",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/user-search.htm",
  method: "GET",
  idempotent: true,
  request: (input: {
    readonly q: string
    readonly start: number
    readonly num: number
    readonly sortField?: string | undefined
    readonly sortOrder?: string | undefined
  }) => ({
    path: "community/users",
    params: { q: input.q, start: input.start, num: input.num, sortField: input.sortField, sortOrder: input.sortOrder },
  }),
  response: UserSearchResponse,
})
