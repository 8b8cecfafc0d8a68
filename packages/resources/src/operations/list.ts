/**
 * `Resources.list` and `Resources.stream` (Python `ResourceManager.list`): every resource of an item, paged through
 * `content/items/<id>/resources` 1 000 at a time (`start=nextStart`), collected or streamed page by page.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/item-resources.htm
 */
import { Paging } from "@arcgis-portal/core"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { resources as resourcesEndpoint } from "../endpoints/items/resources.ts"
import { idOf, type ResourcesContext } from "../internal/context.ts"
import { checkItem } from "../internal/validation.ts"
import type { ResourcesShape } from "../Resources.ts"
import type { ItemReference, ListOptions } from "../ResourcesOptions.ts"

/** `Resources.stream`: the item's id checked, then its pages fetched as the stream is read. */
export const stream =
  (context: ResourcesContext): ResourcesShape["stream"] =>
  (item, options = {}) =>
    Stream.unwrap(
      Effect.map(checkItem("Resources.list", idOf(item), undefined), () =>
        Paging.stream(
          (start, num) =>
            Effect.map(
              context.call(resourcesEndpoint, "Resources.list", {
                id: idOf(item),
                start,
                num,
                sortField: options.sortField,
                sortOrder: options.sortOrder,
              }),
              (page) => Paging.page(page, page.resources ?? []),
            ),
          { pageSize: 1000 },
        ),
      ),
    )

/** `Resources.list`: every page of {@link stream}, collected. */
export const list = (context: ResourcesContext): ResourcesShape["list"] => {
  const pages = stream(context)
  return Effect.fn("Resources.list")(function* (item: ItemReference, options?: ListOptions) {
    return Array.from(yield* Stream.runCollect(pages(item, options)))
  })
}
