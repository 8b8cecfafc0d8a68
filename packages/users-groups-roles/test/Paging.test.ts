// src/internal/paging.ts reads listings without a Stream: for every listing size and limit it must make the requests
// core's `Paging.stream` makes and answer the records that stream gives (search, items, content and all moved from
// one to the other; their …All/…Stream variants still stream) — and end when a portal's `nextStart` does not move on.
import { Paging } from "@arcgis-portal/core"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import { collect, findFirst } from "../src/internal/paging.ts"

/**
 * A listing of `total` records as a portal pages it, recording each `[start, num]` asked; `oversized` pages answer
 * `extra` records more than asked (as a portal ignoring `num` would).
 */
const listing = (total: number, extra = 0) => {
  const asked: Array<[number, number]> = []
  const fetchPage = (start: number, num: number) =>
    Effect.sync(() => {
      asked.push([start, num])
      const end = Math.min(total, start + num + extra - 1)
      const items = Array.from({ length: Math.max(0, end - start + 1) }, (_, index) => start + index)
      return { items, total, nextStart: end < total ? end + 1 : -1 } satisfies Paging.Page<number>
    })
  return { asked, fetchPage }
}

const sizes = [0, 1, 99, 100, 101, 250]
const limits = [undefined, 0, 1, 5, 100, 101, 150, 1000]

describe("internal/paging", () => {
  it.effect("collect asks for the pages Paging.stream asks for and answers the same records", () =>
    Effect.gen(function* () {
      for (const total of sizes)
        for (const maxItems of limits)
          for (const extra of [0, 3]) {
            const viaStream = listing(total, extra)
            const streamed = yield* Stream.runCollect(Paging.stream(viaStream.fetchPage, { maxItems }))
            const viaLoop = listing(total, extra)
            const collected = yield* collect(viaLoop.fetchPage, maxItems)
            const label = `total ${total}, maxItems ${maxItems}, extra ${extra}`
            expect(collected, label).toEqual(Array.from(streamed))
            expect(viaLoop.asked, label).toEqual(viaStream.asked)
          }
    }),
  )

  it.effect("findFirst stops at the page holding the record, as a stream's first match does", () =>
    Effect.gen(function* () {
      for (const total of sizes)
        for (const wanted of [1, 100, 101, 180, 400]) {
          const viaStream = listing(total)
          const head = yield* Stream.runHead(
            Stream.filter(Paging.stream(viaStream.fetchPage), (record) => record === wanted),
          )
          const viaLoop = listing(total)
          const found = yield* findFirst(viaLoop.fetchPage, (record) => record === wanted)
          const label = `total ${total}, wanted ${wanted}`
          expect(found, label).toEqual(Option.getOrUndefined(head))
          expect(viaLoop.asked, label).toEqual(viaStream.asked)
        }
    }),
  )

  /**
   * A portal whose page `hostileAt` (1-based) answers `nextStart` with `next`; the pages before it are 100 records
   * each, followed as usual. It fails after 10 requests, so a loop that follows a `nextStart` that does not move on
   * ends as a failed test instead of a hang.
   */
  const stuck = (hostileAt: number, next: (start: number) => number) => {
    const asked: Array<number> = []
    const fetchPage = (start: number, num: number) =>
      asked.length >= 10
        ? Effect.die(new Error(`still reading after ${asked.join(", ")}`))
        : Effect.sync(() => {
            asked.push(start)
            const items = Array.from({ length: num }, (_, index) => start + index)
            const nextStart = asked.length === hostileAt ? next(start) : start + num
            return { items, total: 1_000, nextStart } satisfies Paging.Page<number>
          })
    return { asked, fetchPage }
  }

  const hostile: ReadonlyArray<readonly [string, (start: number) => number]> = [
    ["equal to start", (start) => start],
    ["0", () => 0],
    ["less than start", (start) => (start === 1 ? -5 : start - 50)],
  ]

  for (const [name, next] of hostile) {
    it.effect(`a first page whose nextStart is ${name}: one request, its records, the end`, () =>
      Effect.gen(function* () {
        for (const maxItems of [undefined, 150]) {
          const viaCollect = stuck(1, next)
          const collected = yield* collect(viaCollect.fetchPage, maxItems)
          expect(viaCollect.asked, `maxItems ${maxItems}`).toEqual([1])
          expect(collected, `maxItems ${maxItems}`).toEqual(Array.from({ length: 100 }, (_, index) => index + 1))
        }
        const missing = stuck(1, next)
        expect(yield* findFirst(missing.fetchPage, (record) => record === 5_000)).toBeUndefined()
        expect(missing.asked).toEqual([1])
        const present = stuck(1, next)
        expect(yield* findFirst(present.fetchPage, (record) => record === 42)).toBe(42)
        expect(present.asked).toEqual([1])
      }),
    )

    it.effect(`a later page whose nextStart is ${name}: no request after it, the records up to it`, () =>
      Effect.gen(function* () {
        const viaCollect = stuck(2, next)
        const collected = yield* collect(viaCollect.fetchPage, undefined)
        expect(viaCollect.asked).toEqual([1, 101])
        expect(collected).toEqual(Array.from({ length: 200 }, (_, index) => index + 1))
        const missing = stuck(2, next)
        expect(yield* findFirst(missing.fetchPage, (record) => record === 5_000)).toBeUndefined()
        expect(missing.asked).toEqual([1, 101])
      }),
    )
  }
})
