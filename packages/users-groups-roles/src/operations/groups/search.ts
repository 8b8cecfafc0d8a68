/**
 * `Groups.search` and `Groups.searchAll` (Python `GroupManager.search`): `community/groups` with `accountid:<orgId>`
 * added unless `outsideOrg`, page by page through core's `Paging`.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/group-search.htm
 */
import { Paging } from "@arcgis-portal/core"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { groupSearch } from "../../endpoints/groups/groupSearch.ts"
import type { GroupsShape } from "../../Groups.ts"
import type { SearchOptions } from "../../GroupsOptions.ts"
import type { ServiceContext } from "../../internal/context.ts"

/** Every group the search finds (at most `maxItems`), each page's request named `operation`. */
const searchStream = (
  context: ServiceContext,
  operation: string,
  options: SearchOptions,
  maxItems: number | undefined,
) =>
  Stream.unwrap(
    Effect.map(options.outsideOrg === true ? Effect.succeed(undefined) : context.self(operation), (self) => {
      const query = options.query?.trim() ?? ""
      const org = self?.id ? `accountid:${self.id}` : ""
      const q = query === "" ? org : org === "" ? query : `${query} ${org}`
      const sortField = options.sortField ?? "title"
      const sortOrder = options.sortOrder ?? "asc"
      return Paging.stream(
        (start, num) =>
          Effect.map(context.call(groupSearch, operation, { q, start, num, sortField, sortOrder }), (page) =>
            Paging.page(page, page.results),
          ),
        { maxItems },
      )
    }),
  )

/** `Groups.search`: the search collected, at most `maxGroups` (default 1000). */
export const search = (context: ServiceContext): GroupsShape["search"] =>
  Effect.fn("Groups.search")(function* (options: SearchOptions & { readonly maxGroups?: number | undefined } = {}) {
    return yield* Stream.runCollect(searchStream(context, "Groups.search", options, options.maxGroups ?? 1000))
  })

/** `Groups.searchAll`: the search as a stream (each page's request is a `Groups.searchAll` span). */
export const searchAll =
  (context: ServiceContext): GroupsShape["searchAll"] =>
  (options = {}) =>
    searchStream(context, "Groups.searchAll", options, options.maxItems)
