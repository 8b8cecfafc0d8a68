/**
 * `Content.search` and `Content.searchAll` (Python `ContentManager.search`): the query as the Python module builds it
 * (` accountid:<orgId>` appended unless `outsideOrg`), then `search` page by page through core's `Paging`.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/search.htm
 */
import { Paging } from "@arcgis-portal/core"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import type { ContentShape } from "../Content.ts"
import type { SearchOptions } from "../ContentOptions.ts"
import { search as searchEndpoint } from "../endpoints/search/search.ts"
import type { ContentContext } from "../internal/context.ts"
import { checkQuery } from "../internal/validate.ts"

/**
 * `Content.searchAll`: every result as a stream, `concurrency` pages at once once the total is known. Each page's
 * request is a `Content.search` span; the stream itself has none (it ends when its reader stops).
 */
export const searchAll =
  (context: ContentContext): ContentShape["searchAll"] =>
  (query, options = {}) =>
    Stream.unwrap(
      Effect.gen(function* () {
        const operation = "Content.search"
        let q = (yield* checkQuery(operation, query)).trim()
        if (options.itemType !== undefined) {
          const type = `type:"${options.itemType.replaceAll('"', "")}"`
          q = q === "" ? type : `(${q}) AND ${type}`
        }
        if (options.outsideOrg !== true) {
          const orgId = (yield* context.self(operation)).id
          if (orgId) q = `${q} accountid:${orgId}`
        }
        return Paging.stream(
          (start, num) =>
            Effect.map(
              context.call(searchEndpoint, operation, {
                q,
                start,
                num,
                sortField: options.sortField ?? "avgRating",
                sortOrder: options.sortOrder ?? "desc",
                bbox: options.bbox,
              }),
              (response) => Paging.page(response, response.results),
            ),
          {
            pageSize: Math.min(100, options.pageSize ?? 100),
            maxItems: options.maxItems,
            concurrency: options.concurrency,
          },
        )
      }),
    )

/** `Content.search`: `searchAll` collected, at most `maxItems` (default 10). */
export const search = (context: ContentContext): ContentShape["search"] => {
  const all = searchAll(context)
  return Effect.fn("Content.search")(function* (query: string, options: SearchOptions = {}) {
    return Array.from(yield* Stream.runCollect(all(query, { ...options, maxItems: options.maxItems ?? 10 })))
  })
}
