/**
 * `Groups.search` and `Groups.searchAll` (Python `GroupManager.search`): `community/groups` with `accountid:<orgId>`
 * added unless `outsideOrg`, page by page — collected by a loop of effects (`search`, which so bundles no `Stream`) or
 * streamed through core's `Paging`.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/group-search.htm
 */
import { Paging, type PortalError } from "@arcgis-portal/core"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { groupSearch } from "../../endpoints/groups/groupSearch.ts"
import type { Group } from "../../GroupSchema.ts"
import type { GroupsShape } from "../../Groups.ts"
import type { SearchOptions } from "../../GroupsOptions.ts"
import type { ServiceContext } from "../../internal/context.ts"
import { collect, type FetchPage, pageOf } from "../../internal/paging.ts"

type Failure = PortalError.PortalFailure

/** The search's pages (the org id read first unless `outsideOrg`), each request named `operation`. */
const pages = (
  context: ServiceContext,
  operation: string,
  options: SearchOptions,
): Effect.Effect<FetchPage<Group, Failure>, Failure> =>
  Effect.map(options.outsideOrg === true ? Effect.succeed(undefined) : context.self(operation), (self) => {
    const query = options.query?.trim() ?? ""
    const org = self?.id ? `accountid:${self.id}` : ""
    const q = query === "" ? org : org === "" ? query : `${query} ${org}`
    const sortField = options.sortField ?? "title"
    const sortOrder = options.sortOrder ?? "asc"
    return (start: number, num: number) =>
      Effect.map(context.call(groupSearch, operation, { q, start, num, sortField, sortOrder }), (page) =>
        pageOf(page, page.results),
      )
  })

/** `Groups.search`: the search collected, at most `maxGroups` (default 1000). */
export const search = (context: ServiceContext): GroupsShape["search"] =>
  Effect.fn("Groups.search")(function* (options: SearchOptions & { readonly maxGroups?: number | undefined } = {}) {
    return yield* collect(yield* pages(context, "Groups.search", options), options.maxGroups ?? 1000)
  })

/** `Groups.searchAll`: the search as a stream (each page's request is a `Groups.searchAll` span). */
export const searchAll =
  (context: ServiceContext): GroupsShape["searchAll"] =>
  (options = {}) =>
    Stream.unwrap(
      Effect.map(pages(context, "Groups.searchAll", options), (fetchPage) =>
        Paging.stream(fetchPage, { maxItems: options.maxItems }),
      ),
    )
