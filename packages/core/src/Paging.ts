/**
 * Every `start`/`num`/`nextStart` listing as one `Stream`: pages fetched on demand, in order, and
 * optionally the remaining pages in parallel once the first page told the `total` (bounded
 * concurrency, order kept, no duplicates).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/search.htm
 * @module
 */
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import { open } from "./CommonSchema.ts"

/** The paging fields of a listing response. */
export const PagedResponse = open({
  total: Schema.optional(Schema.Number),
  start: Schema.optional(Schema.Number),
  num: Schema.optional(Schema.Number),
  nextStart: Schema.optional(Schema.Number),
})
export type PagedResponse = typeof PagedResponse.Type

/** One page of a listing. */
export interface Page<A> {
  readonly items: ReadonlyArray<A>
  /** The total the portal reported, when it did. */
  readonly total: number | undefined
  /** Where the next page starts (1-based), or `-1`/`0` when this was the last one. */
  readonly nextStart: number
}

/**
 * How {@link stream} pages through a listing; the `maxItems` and page size of Python's `search(max_items=…)`
 * are these fields.
 */
export interface Options {
  /** Records per request. Default 100, the portal's maximum for most listings. */
  readonly pageSize?: number | undefined
  /** Stop after this many records. */
  readonly maxItems?: number | undefined
  /**
   * Pages requested at once after the first one. Default 1 (one after the other). With more, the
   * remaining pages are fetched in parallel once `total` is known; results keep their order.
   */
  readonly concurrency?: number | undefined
  /** The 1-based index to start at. Default 1. */
  readonly start?: number | undefined
}

/** Reads the paging fields of a decoded listing into a {@link Page}. */
export const page = <A>(response: PagedResponse, items: ReadonlyArray<A>): Page<A> => ({
  items,
  total: response.total,
  nextStart: response.nextStart ?? -1,
})

/**
 * Streams every record of a listing.
 *
 * @example
 * import { Paging } from "@arcgis-portal/core"
 * const all = Paging.stream((start, num) => fetchPage(start, num), { concurrency: 4 })
 */
export const stream = <A, E, R>(
  fetchPage: (start: number, num: number) => Effect.Effect<Page<A>, E, R>,
  options: Options = {},
): Stream.Stream<A, E, R> => {
  const pageSize = Math.max(1, Math.floor(options.pageSize ?? 100))
  const maxItems = options.maxItems ?? Number.POSITIVE_INFINITY
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 1))
  const first = Math.max(1, Math.floor(options.start ?? 1))
  if (maxItems <= 0) return Stream.empty
  const numFor = (start: number) => Math.max(1, Math.min(pageSize, first + maxItems - start))

  // One page after another, following nextStart until the portal says there is no more.
  const sequential = (from: number): Stream.Stream<A, E, R> =>
    Stream.paginate(from, (start: number) =>
      Effect.map(fetchPage(start, numFor(start)), (result) => {
        const next = result.nextStart
        const more = next > start && next < first + maxItems
        return [result.items, more ? Option.some(next) : Option.none()] as const
      }),
    )

  const records =
    concurrency === 1
      ? sequential(first)
      : Stream.unwrap(
          Effect.map(fetchPage(first, numFor(first)), (head) => {
            const next = head.nextStart
            const headStream = Stream.fromIterable(head.items)
            if (!(next > first) || next >= first + maxItems) return headStream
            const end = Math.min(first + maxItems, first + (head.total ?? 0))
            const starts: Array<number> = []
            for (let start = next; start < end; start += pageSize) starts.push(start)
            if (starts.length === 0) return Stream.concat(headStream, sequential(next))
            const last = starts[starts.length - 1] ?? next
            const parallel = Stream.fromIterable(starts).pipe(
              Stream.mapEffect(
                (start) => Effect.map(fetchPage(start, numFor(start)), (result) => ({ start, result })),
                {
                  concurrency,
                },
              ),
            )
            // After the pages `total` announced, keep following nextStart in case the listing grew.
            return Stream.concat(
              headStream,
              parallel.pipe(
                Stream.flatMap(({ start, result }) => {
                  const items = Stream.fromIterable(result.items)
                  const after = result.nextStart
                  return start === last && after > start && after < first + maxItems
                    ? Stream.concat(items, sequential(after))
                    : items
                }),
              ),
            )
          }),
        )
  return Number.isFinite(maxItems) ? Stream.take(records, maxItems) : records
}

/** A stream without requirements as an async iterator, for `for await` loops. */
export const iterate = <A, E>(self: Stream.Stream<A, E>): AsyncIterable<A> => Stream.toAsyncIterable(self)
