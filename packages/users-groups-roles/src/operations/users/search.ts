/**
 * `Users.search` and `Users.searchAll` (Python `UserManager.search`): without a query the org's members
 * (`portals/self/users`), with one `community/users` with ` accountid:<orgId>` appended unless `outsideOrg` — page by
 * page, collected by a loop of effects (`search`, which so bundles no `Stream`) or streamed through core's `Paging`.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/user-search.htm
 */
import { Paging, type PortalError } from "@arcgis-portal/core"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { orgUsers } from "../../endpoints/portals/orgUsers.ts"
import { userSearch } from "../../endpoints/users/userSearch.ts"
import type { ServiceContext } from "../../internal/context.ts"
import { collect, type FetchPage, pageOf } from "../../internal/paging.ts"
import type { User } from "../../UserSchema.ts"
import type { UsersShape } from "../../Users.ts"
import type { SearchOptions } from "../../UsersOptions.ts"

type Failure = PortalError.PortalFailure

/** The search's pages (the org id read first for a query within the org), each request named `operation`. */
const pages = (
  context: ServiceContext,
  operation: string,
  options: SearchOptions,
): Effect.Effect<FetchPage<User, Failure>, Failure> => {
  const sortField = options.sortField ?? "username"
  const sortOrder = options.sortOrder ?? "asc"
  const query = options.query?.trim() ?? ""
  if (query === "") {
    return Effect.succeed((start, num) =>
      Effect.map(context.call(orgUsers, operation, { start, num, sortField, sortOrder }), (page) =>
        pageOf(page, page.users),
      ),
    )
  }
  return Effect.map(options.outsideOrg === true ? Effect.succeed(undefined) : context.self(operation), (self) => {
    const q = self?.id ? `${query} accountid:${self.id}` : query
    return (start: number, num: number) =>
      Effect.map(context.call(userSearch, operation, { q, start, num, sortField, sortOrder }), (page) =>
        pageOf(page, page.results),
      )
  })
}

/** `Users.search`: the search collected, at most `maxUsers` (default 100). */
export const search = (context: ServiceContext): UsersShape["search"] =>
  Effect.fn("Users.search")(function* (options: SearchOptions & { readonly maxUsers?: number | undefined } = {}) {
    return yield* collect(yield* pages(context, "Users.search", options), options.maxUsers ?? 100)
  })

/** `Users.searchAll`: the search as a stream (each page's request is a `Users.searchAll` span). */
export const searchAll =
  (context: ServiceContext): UsersShape["searchAll"] =>
  (options = {}) =>
    Stream.unwrap(
      Effect.map(pages(context, "Users.searchAll", options), (fetchPage) =>
        Paging.stream(fetchPage, { maxItems: options.maxItems }),
      ),
    )
