/**
 * Listings read to a list without a `Stream`: the same pages, one after the other, as core's `Paging.stream` reads them
 * with its default options (100 records a page from the first, following `nextStart`, stopping at `maxItems`), as a
 * plain loop of effects — so `search`, `items`, `content` and `all` bundle none of the stream machinery that only
 * their `…All`/`…Stream` variants need.
 */
import type { Paging } from "@arcgis-portal/core"
import * as Effect from "effect/Effect"

/** Fetches the page of `num` records from the 1-based `start`. */
export type FetchPage<A, E> = (start: number, num: number) => Effect.Effect<Paging.Page<A>, E>

/**
 * A listing response's page, as core's `Paging.page` reads it. Not that function itself: through core's `Paging`
 * namespace a bundler keeps the whole namespace — `Paging.stream` and effect's stream machinery with it (about 3 KB
 * gzip in tooling/bench B4).
 */
export const pageOf = <A>(
  response: { readonly total?: number | undefined; readonly nextStart?: number | undefined },
  items: ReadonlyArray<A>,
): Paging.Page<A> => ({ items, total: response.total, nextStart: response.nextStart ?? -1 })

/** Records per request, as `Paging.stream` asks by default (the portal's maximum for most listings). */
const pageSize = 100

/**
 * Reads pages from the first until `done` (given the records so far and the latest page's) or the listing's end: the
 * requests `Paging.stream(fetchPage, { maxItems: limit })` makes for a reader that stops at the same record.
 */
const readPages = <A, E>(
  fetchPage: FetchPage<A, E>,
  limit: number,
  done: (records: ReadonlyArray<A>, latest: ReadonlyArray<A>) => boolean,
): Effect.Effect<Array<A>, E> =>
  Effect.gen(function* () {
    const records: Array<A> = []
    if (limit <= 0) return records
    for (let start = 1; ; ) {
      const page = yield* fetchPage(start, Math.max(1, Math.min(pageSize, 1 + limit - start)))
      records.push(...page.items)
      const next = page.nextStart
      if (done(records, page.items) || !(next > start && next < 1 + limit)) return records
      start = next
    }
  })

/** Every record of the listing, at most `maxItems` (unlimited when `undefined`). */
export const collect = <A, E>(
  fetchPage: FetchPage<A, E>,
  maxItems: number | undefined,
): Effect.Effect<ReadonlyArray<A>, E> => {
  const limit = maxItems ?? Number.POSITIVE_INFINITY
  return Effect.map(
    readPages(fetchPage, limit, (records) => records.length >= limit),
    (records) => (records.length > limit ? records.slice(0, limit) : records),
  )
}

/** The first record that satisfies `predicate`, `undefined` when none does; no page after the one holding it is read. */
export const findFirst = <A, E>(
  fetchPage: FetchPage<A, E>,
  predicate: (record: A) => boolean,
): Effect.Effect<A | undefined, E> =>
  Effect.map(
    readPages(fetchPage, Number.POSITIVE_INFINITY, (_, latest) => latest.some(predicate)),
    (records) => records.find(predicate),
  )
