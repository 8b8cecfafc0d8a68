// src/internal/paging.ts reads listings without a Stream: for every listing size and limit it must make the requests
// core's `Paging.stream` makes and answer the records that stream gives (search, items, content and all moved from
// one to the other; their …All/…Stream variants still stream).
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
})
