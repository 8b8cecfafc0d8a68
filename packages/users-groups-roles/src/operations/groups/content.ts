/**
 * `Groups.content` and `Groups.contentStream` (Python `Group.content`): the items shared with the group, from
 * `search?q=group:<gid>` page by page — collected by a loop of effects (`content`, which so bundles no `Stream`) or
 * streamed through core's `Paging`.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/search.htm
 */
import { Paging, type PortalError } from "@arcgis-portal/core"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { search as searchEndpoint } from "../../endpoints/search/search.ts"
import type { GroupsShape } from "../../Groups.ts"
import type { GroupReference } from "../../GroupsOptions.ts"
import type { ServiceContext } from "../../internal/context.ts"
import { collect, type FetchPage, pageOf } from "../../internal/paging.ts"
import { checkGroupId } from "../../internal/references.ts"
import type { ItemSummary } from "../../UserSchema.ts"

/** The pages of the group's items (the group id checked first), each request named `operation`. */
const pages = (
  context: ServiceContext,
  operation: string,
  group: GroupReference,
): Effect.Effect<FetchPage<ItemSummary, PortalError.PortalFailure>, PortalError.InvalidInput> =>
  Effect.map(
    checkGroupId(operation, group),
    (id) => (start: number, num: number) =>
      Effect.map(context.call(searchEndpoint, operation, { q: `group:${id}`, start, num }), (page) =>
        pageOf(page, page.results),
      ),
  )

/** `Groups.content`: the group's items collected, at most `maxItems` (default 1000). */
export const content = (context: ServiceContext): GroupsShape["content"] =>
  Effect.fn("Groups.content")(function* (
    group: GroupReference,
    options: { readonly maxItems?: number | undefined } = {},
  ) {
    return yield* collect(yield* pages(context, "Groups.content", group), options.maxItems ?? 1000)
  })

/** `Groups.contentStream`: the group's items as a stream (each page's request is a `Groups.contentStream` span). */
export const contentStream =
  (context: ServiceContext): GroupsShape["contentStream"] =>
  (group, options = {}) =>
    Stream.unwrap(
      Effect.map(pages(context, "Groups.contentStream", group), (fetchPage) =>
        Paging.stream(fetchPage, { maxItems: options.maxItems }),
      ),
    )
