/**
 * `GET community/groups` — one page of a group search (Python `arcgis.gis.GroupManager.search`); `Clone.clone`
 * looks for a group it may reuse with it.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/group-search.htm
 */
import { CommonSchema, Endpoint } from "@arcgis-portal/core"
import * as Schema from "effect/Schema"
import { GroupSummary } from "./group.ts"

export const groupSearch = Endpoint.make({
  rest: "groupSearch",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/group-search.htm",
  method: "GET",
  idempotent: true,
  request: (input: { readonly q: string; readonly start: number; readonly num: number }) => ({
    path: "community/groups",
    params: { q: input.q, start: input.start, num: input.num },
  }),
  response: CommonSchema.open({
    total: Schema.optional(Schema.Number),
    nextStart: Schema.optional(Schema.Number),
    results: Schema.Array(GroupSummary),
  }),
})
