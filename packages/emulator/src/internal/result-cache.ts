/**
 * A small cache of computed query results (search's sorted matches), so that paging through one
 * result set costs each page its own size rather than a new scan of every row.
 *
 * An entry is only served at the data version it was computed at (see `dataVersion` in storage/database.ts): the
 * first lookup at another version empties the cache, so a write is never followed by a stale answer.
 * Entries also expire after a short time, and the cache is bounded by entry count and total weight.
 */

export interface ResultCacheOptions<A> {
  /** Most entries kept; past it the least recently used goes. */
  readonly maxEntries: number
  /** How long an entry may be served after it was computed. */
  readonly ttlMillis: number
  /** Most total weight kept (e.g. ids held); a single heavier value is not cached. */
  readonly maxWeight: number
  readonly weigh: (value: A) => number
  /** The clock (tests pass their own). Default `Date.now`. */
  readonly now?: (() => number) | undefined
}

export interface ResultCache<A> {
  /** The value for `key` computed at `version`, from the cache or from `compute` (then kept). */
  readonly get: (key: string, version: string, compute: () => A) => A
  /** How many entries are held. */
  readonly size: () => number
}

interface Entry<A> {
  readonly value: A
  readonly expires: number
  readonly weight: number
}

export const makeResultCache = <A>(options: ResultCacheOptions<A>): ResultCache<A> => {
  const now = options.now ?? Date.now
  // A Map iterates in insertion order: the first key is the least recently used.
  const entries = new Map<string, Entry<A>>()
  let version: string | undefined
  let weight = 0
  const remove = (key: string, entry: Entry<A>) => {
    entries.delete(key)
    weight -= entry.weight
  }
  return {
    get: (key, currentVersion, compute) => {
      if (currentVersion !== version) {
        entries.clear()
        weight = 0
        version = currentVersion
      }
      const time = now()
      const found = entries.get(key)
      if (found !== undefined) {
        remove(key, found)
        if (found.expires > time) {
          entries.set(key, found)
          weight += found.weight
          return found.value
        }
      }
      const value = compute()
      const entry = { value, expires: time + options.ttlMillis, weight: options.weigh(value) }
      if (entry.weight > options.maxWeight) return value
      entries.set(key, entry)
      weight += entry.weight
      for (const [oldest, old] of entries) {
        if (entries.size <= options.maxEntries && weight <= options.maxWeight) break
        remove(oldest, old)
      }
      return value
    },
    size: () => entries.size,
  }
}
