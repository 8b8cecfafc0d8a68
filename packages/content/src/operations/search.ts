/**
 * `Content.search` and `Content.searchAll` (Python `ContentManager.search`): the query as the Python module builds it
 * (` accountid:<orgId>` appended unless `outsideOrg`), then `search` page by page — as a stream through core's
 * `Paging` (`searchAll`), or collected by a plain loop of effects (`search`, which so bundles no `Stream`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/search.htm
 */
import { Paging } from "@arcgis-portal/core"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import type { ContentShape } from "../Content.ts"
import type { SearchAllOptions, SearchOptions } from "../ContentOptions.ts"
import { search as searchEndpoint } from "../endpoints/search/search.ts"
import type { Item } from "../ItemSchema.ts"
import type { ContentContext } from "../internal/context.ts"
import { checkQuery } from "../internal/validate.ts"

const operation = "Content.search"

/** The `q` sent: the query checked, the item type and the organization added as the Python module does. */
const queryOf = (context: ContentContext, query: string, options: SearchOptions) =>
  Effect.gen(function* () {
    let q = (yield* checkQuery(operation, query)).trim()
    if (options.itemType !== undefined) {
      const type = `type:"${options.itemType.replaceAll('"', "")}"`
      q = q === "" ? type : `(${q}) AND ${type}`
    }
    if (options.outsideOrg !== true) {
      const orgId = (yield* context.self(operation)).id
      if (orgId) q = `${q} accountid:${orgId}`
    }
    return q
  })

/** One page of results: `num` from the 1-based `start`. */
const pageOf = (context: ContentContext, q: string, options: SearchOptions, start: number, num: number) =>
  context.call(searchEndpoint, operation, {
    q,
    start,
    num,
    sortField: options.sortField ?? "avgRating",
    sortOrder: options.sortOrder ?? "desc",
    bbox: options.bbox,
  })

/**
 * `Content.searchAll`: every result as a stream, `concurrency` pages at once once the total is known. Each page's
 * request is a `Content.search` span; the stream itself has none (it ends when its reader stops).
 */
export const searchAll =
  (context: ContentContext): ContentShape["searchAll"] =>
  (query, options = {}) =>
    Stream.unwrap(
      Effect.map(queryOf(context, query, options), (q) =>
        Paging.stream(
          (start, num) =>
            Effect.map(pageOf(context, q, options, start, num), (response) => Paging.page(response, response.results)),
          {
            pageSize: Math.min(100, options.pageSize ?? 100),
            maxItems: options.maxItems,
            concurrency: options.concurrency,
          },
        ),
      ),
    )

/**
 * `Content.search`: at most `maxItems` results (default 10), page after page as `searchAll` reads them one at a time
 * (the same pages, requests and order), collected without a stream.
 */
export const search = (context: ContentContext): ContentShape["search"] =>
  Effect.fn("Content.search")(function* (query: string, options: SearchOptions = {}) {
    const q = yield* queryOf(context, query, options)
    const maxItems = options.maxItems ?? 10
    const pageSize = Math.max(1, Math.floor(Math.min(100, (options as SearchAllOptions).pageSize ?? 100)))
    const results: Array<Item> = []
    for (let start = 1; results.length < maxItems; ) {
      const response = yield* pageOf(context, q, options, start, Math.max(1, Math.min(pageSize, 1 + maxItems - start)))
      results.push(...response.results)
      const next = response.nextStart ?? -1
      if (!(next > start && next < 1 + maxItems)) break
      start = next
    }
    return results.length > maxItems ? results.slice(0, maxItems) : results
  })
