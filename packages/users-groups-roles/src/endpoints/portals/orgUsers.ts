/**
 * `GET portals/self/users` — one page of the org's members (Python `arcgis.gis.UserManager.search`
 * without a query).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/users
 */
import { Endpoint } from "@arcgis-portal/core"
import { OrgUsersResponse } from "../../UserSchema.ts"

export const orgUsers = Endpoint.make({
  rest: "users",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/users",
  method: "GET",
  idempotent: true,
  request: (input: {
    readonly start: number
    readonly num: number
    readonly sortField?: string | undefined
    readonly sortOrder?: string | undefined
  }) => ({
    path: "portals/self/users",
    params: { start: input.start, num: input.num, sortField: input.sortField, sortOrder: input.sortOrder },
  }),
  response: OrgUsersResponse,
})
