/**
 * `Groups.content` and `Groups.contentStream` (Python `Group.content`): the items shared with the group, from
 * `search?q=group:<gid>` page by page through core's `Paging`.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/search.htm
 */
import { Paging } from "@arcgis-portal/core"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { search as searchEndpoint } from "../../endpoints/search/search.ts"
import type { GroupsShape } from "../../Groups.ts"
import type { GroupReference } from "../../GroupsOptions.ts"
import type { ServiceContext } from "../../internal/context.ts"
import { checkGroupId } from "../../internal/references.ts"

/** The group's items (at most `maxItems`), each page's request named `operation`. */
const contentOf = (context: ServiceContext, operation: string, group: GroupReference, maxItems: number | undefined) =>
  Stream.unwrap(
    Effect.map(checkGroupId(operation, group), (id) =>
      Paging.stream(
        (start, num) =>
          Effect.map(context.call(searchEndpoint, operation, { q: `group:${id}`, start, num }), (page) =>
            Paging.page(page, page.results),
          ),
        { maxItems },
      ),
    ),
  )

/** `Groups.content`: the group's items collected, at most `maxItems` (default 1000). */
export const content = (context: ServiceContext): GroupsShape["content"] =>
  Effect.fn("Groups.content")(function* (
    group: GroupReference,
    options: { readonly maxItems?: number | undefined } = {},
  ) {
    return yield* Stream.runCollect(contentOf(context, "Groups.content", group, options.maxItems ?? 1000))
  })

/** `Groups.contentStream`: the group's items as a stream (each page's request is a `Groups.contentStream` span). */
export const contentStream =
  (context: ServiceContext): GroupsShape["contentStream"] =>
  (group, options = {}) =>
    contentOf(context, "Groups.contentStream", group, options.maxItems)
