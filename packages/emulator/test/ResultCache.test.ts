import { describe, expect, it } from "vitest"
import { makeResultCache } from "../src/internal/result-cache.ts"

const setup = (options: { maxEntries?: number; maxWeight?: number } = {}) => {
  let time = 0
  let computed = 0
  const cache = makeResultCache<ReadonlyArray<string>>({
    maxEntries: options.maxEntries ?? 3,
    ttlMillis: 1_000,
    maxWeight: options.maxWeight ?? 100,
    weigh: (value) => value.length,
    now: () => time,
  })
  const get = (key: string, version = "v1", value: ReadonlyArray<string> = [key]) =>
    cache.get(key, version, () => {
      computed += 1
      return value
    })
  return {
    cache,
    get,
    computed: () => computed,
    advance: (millis: number) => {
      time += millis
    },
  }
}

describe("ResultCache", () => {
  it("computes once per key and version, then serves the kept value", () => {
    const { get, computed } = setup()
    expect([get("a"), get("a"), get("b"), get("a")]).toEqual([["a"], ["a"], ["b"], ["a"]])
    expect(computed()).toBe(2)
  })

  it("another data version empties it: nothing computed before a write is served after it", () => {
    const { cache, get, computed } = setup()
    get("a", "v1", ["old"])
    get("b", "v1")
    expect(get("a", "v2", ["new"])).toEqual(["new"])
    expect(cache.size()).toBe(1)
    expect(get("b", "v2")).toEqual(["b"])
    expect(computed()).toBe(4)
  })

  it("an entry expires after its time to live", () => {
    const { get, computed, advance } = setup()
    get("a")
    advance(999)
    get("a")
    expect(computed()).toBe(1)
    advance(1)
    get("a")
    expect(computed()).toBe(2)
  })

  it("keeps at most maxEntries, dropping the least recently used", () => {
    const { cache, get, computed } = setup({ maxEntries: 2 })
    get("a")
    get("b")
    get("a")
    get("c")
    expect(cache.size()).toBe(2)
    get("a")
    expect(computed()).toBe(3)
    get("b")
    expect(computed()).toBe(4)
  })

  it("keeps at most maxWeight in total, and never a value heavier than that", () => {
    const { cache, get, computed } = setup({ maxEntries: 10, maxWeight: 5 })
    get("a", "v1", ["1", "2", "3"])
    get("b", "v1", ["1", "2"])
    expect(cache.size()).toBe(2)
    get("c", "v1", ["1"])
    expect(cache.size()).toBe(2)
    get("heavy", "v1", ["1", "2", "3", "4", "5", "6"])
    get("heavy", "v1", ["1", "2", "3", "4", "5", "6"])
    expect(computed()).toBe(5)
    expect(cache.size()).toBe(2)
  })

  it("keeps nothing when the computation fails", () => {
    const { cache } = setup()
    expect(() =>
      cache.get("a", "v1", () => {
        throw new Error("bad query")
      }),
    ).toThrow("bad query")
    expect(cache.size()).toBe(0)
  })
})
