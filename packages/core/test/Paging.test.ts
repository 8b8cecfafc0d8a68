import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import * as Paging from "../src/Paging.ts"

/** A listing of `total` records with the portal's paging rules, counting requests and concurrency. */
const listing = (total: number, options: { grow?: number } = {}) => {
  const calls: Array<{ start: number; num: number }> = []
  let inFlight = 0
  let maxInFlight = 0
  let size = total
  const fetchPage = (start: number, num: number) =>
    Effect.gen(function* () {
      calls.push({ start, num })
      inFlight += 1
      maxInFlight = Math.max(maxInFlight, inFlight)
      yield* Effect.sleep(Math.floor(Math.random() * 5))
      inFlight -= 1
      const end = Math.min(size, start - 1 + num)
      const items = Array.from({ length: Math.max(0, end - start + 1) }, (_, index) => start + index)
      const page = { items, total: size, nextStart: end < size ? end + 1 : -1 }
      if (options.grow && calls.length === 1) size += options.grow
      return page
    })
  return { fetchPage, calls, maxInFlight: () => maxInFlight }
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, index) => from + index)

describe("Paging.stream", () => {
  it.live("follows nextStart one page after another, in order", () =>
    Effect.gen(function* () {
      const source = listing(250)
      const items = yield* Stream.runCollect(Paging.stream(source.fetchPage))
      expect(items).toEqual(range(1, 250))
      expect(source.calls).toEqual([
        { start: 1, num: 100 },
        { start: 101, num: 100 },
        { start: 201, num: 100 },
      ])
    }),
  )

  it.live("prefetches the remaining pages in parallel once total is known, keeping order", () =>
    Effect.gen(function* () {
      const source = listing(1_234)
      const items = yield* Stream.runCollect(Paging.stream(source.fetchPage, { concurrency: 4 }))
      expect(items).toEqual(range(1, 1_234))
      expect(source.calls).toHaveLength(13)
      expect(source.maxInFlight()).toBeGreaterThan(1)
      expect(source.maxInFlight()).toBeLessThanOrEqual(4)
    }),
  )

  it.live("stops at maxItems and asks only for what it needs", () =>
    Effect.gen(function* () {
      for (const concurrency of [1, 3]) {
        const source = listing(1_000)
        const items = yield* Stream.runCollect(Paging.stream(source.fetchPage, { maxItems: 150, concurrency }))
        expect(items).toEqual(range(1, 150))
        expect(source.calls.map((c) => c.num)).toEqual([100, 50])
      }
    }),
  )

  it.live("a listing that grew while it was read is followed to its end, without duplicates", () =>
    Effect.gen(function* () {
      const source = listing(300, { grow: 120 })
      const items = yield* Stream.runCollect(Paging.stream(source.fetchPage, { concurrency: 3 }))
      expect(items).toEqual(range(1, 420))
    }),
  )

  it.live("an empty listing is one request and no records", () =>
    Effect.gen(function* () {
      const source = listing(0)
      expect(yield* Stream.runCollect(Paging.stream(source.fetchPage, { concurrency: 4 }))).toEqual([])
      expect(source.calls).toHaveLength(1)
    }),
  )

  it.live("iterate gives an async iterator for `for await`", () =>
    Effect.gen(function* () {
      const source = listing(120)
      const seen: Array<number> = []
      yield* Effect.promise(async () => {
        for await (const item of Paging.iterate(Paging.stream(source.fetchPage, { pageSize: 50 }))) seen.push(item)
      })
      expect(seen).toEqual(range(1, 120))
    }),
  )

  it("page reads the paging fields of a response", () => {
    expect(Paging.page({ total: 3, start: 1, num: 2, nextStart: 3 }, ["a", "b"])).toEqual({
      items: ["a", "b"],
      total: 3,
      nextStart: 3,
    })
    expect(Paging.page({}, []).nextStart).toBe(-1)
  })
})
