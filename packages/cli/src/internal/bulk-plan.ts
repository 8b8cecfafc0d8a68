/**
 * The plan of a bulk operation, decided from the search results before anything changes: which items are acted on,
 * which are skipped and why, and how the work is cut into requests (the portal's bulk operations take one owner's
 * items, at most 100 at a time). Pure, for tests.
 */

/** What an item needs for planning. */
export interface PlannedItem {
  readonly id: string
  readonly title: string
  readonly owner: string
  readonly ownerFolder?: string | null | undefined
  readonly protected?: boolean | undefined
}

/** The operation. */
export type Operation =
  | { readonly kind: "share" }
  | { readonly kind: "delete" }
  | { readonly kind: "move"; readonly folder: string }

/** One item's planned fate. */
export interface Step<A extends PlannedItem> {
  readonly item: A
  readonly act: boolean
  /** Why it is skipped. */
  readonly reason?: string | undefined
}

/**
 * Skips what cannot or need not be done: a protected item is not deleted (the portal would refuse it); an item
 * already in the target folder is not moved. `folderIds` gives each owner's target folder id (`null`: the root;
 * missing: the owner has no such folder).
 */
export const plan = <A extends PlannedItem>(
  operation: Operation,
  items: ReadonlyArray<A>,
  folderIds: ReadonlyMap<string, string | null> = new Map(),
): ReadonlyArray<Step<A>> =>
  items.map((item) => {
    if (operation.kind === "delete" && item.protected === true)
      return { item, act: false, reason: "protected (item protect --off first)" }
    if (operation.kind === "move") {
      const target = folderIds.get(item.owner)
      if (target === undefined) return { item, act: false, reason: `${item.owner} has no folder "${operation.folder}"` }
      if ((item.ownerFolder ?? null) === target) return { item, act: false, reason: "already there" }
    }
    return { item, act: true }
  })

/** The requests: items grouped by owner, at most `size` per request, in the order found. */
export const batches = <A extends PlannedItem>(
  items: ReadonlyArray<A>,
  size = 100,
): ReadonlyArray<{ readonly owner: string; readonly items: ReadonlyArray<A> }> => {
  const byOwner = new Map<string, Array<A>>()
  for (const item of items) {
    const list = byOwner.get(item.owner) ?? []
    list.push(item)
    byOwner.set(item.owner, list)
  }
  const result: Array<{ owner: string; items: ReadonlyArray<A> }> = []
  for (const [owner, list] of byOwner)
    for (let start = 0; start < list.length; start += size)
      result.push({ owner, items: list.slice(start, start + size) })
  return result
}

/** A search that finds exactly these items again (for the "re-run the failed ones" hint). */
export const idQuery = (ids: ReadonlyArray<string>): string => ids.map((id) => `id:${id}`).join(" OR ")
