/**
 * What the target already holds for each source item — the idempotence of `Clone.clone`. In this order: the
 * caller's `itemMapping`; clones found by their `source-<id>` type keyword (any earlier run, of this SDK or of the
 * Python API) owned by the target owner — unfinished when they still carry the in-progress marker; with
 * `preserveItemId`, an item of the source's id; with `searchExistingItems`, an item of the same title and type. The
 * keyword and title searches go in batches (one query names many items), never one request per item.
 */
import { PortalError } from "@arcgis-portal/core"
import * as Effect from "effect/Effect"
import type { Item } from "../../ItemSchema.ts"
import type { ContentContext } from "../../internal/context.ts"
import { inProgressKeyword, operation, phrase, searchAll, sourceKeyword, sourcesOf } from "./run.ts"

/** An item of the target standing for a source item. */
export interface Existing {
  readonly item: Item
  /** How it was found. */
  readonly how: "itemMapping" | "keyword" | "id" | "title"
  /** A clone an earlier run did not finish (it carries the in-progress marker). */
  readonly unfinished: boolean
  /** More than one clone of the source item was found: the oldest is used. */
  readonly duplicates: number
}

/** A source item the target cannot stand in for: an `itemMapping` or a preserved id naming something else. */
export interface Conflict {
  readonly reason: string
}

/** The source items to look for: id, title and type. */
export interface Wanted {
  readonly id: string
  readonly title: string
  readonly type: string
}

const keywordBatch = 20
const titleBatch = 10

const chunks = <A>(list: ReadonlyArray<A>, size: number): ReadonlyArray<ReadonlyArray<A>> => {
  const out: Array<ReadonlyArray<A>> = []
  for (let start = 0; start < list.length; start += size) out.push(list.slice(start, start + size))
  return out
}

const unfinished = (item: Item): boolean => (item.typeKeywords ?? []).includes(inProgressKeyword)

/**
 * What the target holds for each of `wanted` (by source id), and the source items it cannot hold (a mapped or
 * preserved id that is missing or someone else's).
 */
export const findExisting = (
  target: ContentContext,
  owner: string,
  wanted: ReadonlyArray<Wanted>,
  options: {
    readonly itemMapping: Readonly<Record<string, string>>
    readonly preserveItemId: boolean
    readonly searchExistingItems: boolean
    readonly concurrency: number
  },
): Effect.Effect<
  { readonly found: ReadonlyMap<string, Existing>; readonly conflicts: ReadonlyMap<string, Conflict> },
  PortalError.PortalFailure
> =>
  Effect.gen(function* () {
    const found = new Map<string, Existing>()
    const conflicts = new Map<string, Conflict>()
    const concurrency = options.concurrency
    const read = (id: string) => PortalError.orUndefined(target.item(`${operation}.existing`, id))

    // itemMapping: the caller says where the item is; it must be there.
    yield* Effect.forEach(
      wanted.filter((entry) => options.itemMapping[entry.id] !== undefined),
      (entry) => {
        const targetId = options.itemMapping[entry.id] ?? ""
        return Effect.map(read(targetId), (item) => {
          if (item === undefined)
            conflicts.set(entry.id, { reason: `itemMapping names ${targetId}, not in the target.` })
          else found.set(entry.id, { item, how: "itemMapping", unfinished: false, duplicates: 0 })
        })
      },
      { concurrency, discard: true },
    )

    // Clones of earlier runs, by their source keyword, owned by the target owner.
    const byKeyword = wanted.filter((entry) => !found.has(entry.id) && !conflicts.has(entry.id))
    yield* Effect.forEach(
      chunks(byKeyword, keywordBatch),
      (batch) =>
        Effect.map(
          searchAll(
            target,
            `${operation}.existing`,
            `owner:${phrase(owner)} AND (${batch.map((entry) => `typekeywords:${phrase(sourceKeyword(entry.id))}`).join(" OR ")})`,
          ),
          (items) => {
            for (const entry of batch) {
              // Oldest first (the search is sorted by creation): a duplicate made by another tool never wins.
              const clones = items.filter((item) => item.owner === owner && sourcesOf(item).includes(entry.id))
              const first = clones[0]
              if (first !== undefined) {
                found.set(entry.id, {
                  item: first,
                  how: "keyword",
                  unfinished: unfinished(first),
                  duplicates: clones.length - 1,
                })
              }
            }
          },
        ),
      { concurrency, discard: true },
    )

    // preserveItemId: an item of the source's id is the clone when it is the target owner's.
    if (options.preserveItemId) {
      yield* Effect.forEach(
        wanted.filter((entry) => !found.has(entry.id) && !conflicts.has(entry.id)),
        (entry) =>
          Effect.map(read(entry.id), (item) => {
            if (item === undefined) return
            if (item.owner === owner)
              found.set(entry.id, { item, how: "id", unfinished: unfinished(item), duplicates: 0 })
            else conflicts.set(entry.id, { reason: `The target has an item of this id, owned by ${item.owner}.` })
          }),
        { concurrency, discard: true },
      )
    }

    // searchExistingItems: an item of the same title and type owned by the target owner.
    if (options.searchExistingItems) {
      const byTitle = wanted.filter((entry) => !found.has(entry.id) && !conflicts.has(entry.id) && entry.title !== "")
      yield* Effect.forEach(
        chunks(byTitle, titleBatch),
        (batch) =>
          Effect.map(
            searchAll(
              target,
              `${operation}.existing`,
              `owner:${phrase(owner)} AND (${batch.map((entry) => `title:${phrase(entry.title)}`).join(" OR ")})`,
            ),
            (items) => {
              for (const entry of batch) {
                const same = items.filter(
                  (item) =>
                    item.owner === owner &&
                    item.type === entry.type &&
                    item.title.trim().toLowerCase() === entry.title.trim().toLowerCase(),
                )
                const first = same[0]
                if (first !== undefined) {
                  found.set(entry.id, { item: first, how: "title", unfinished: false, duplicates: same.length - 1 })
                }
              }
            },
          ),
        { concurrency, discard: true },
      )
    }
    return { found, conflicts }
  })
