/**
 * Parts in flight sized by measured throughput (internal/adaptive-concurrency.ts), deterministically: the controller
 * driven by a scripted link (a discrete-event simulation, no wall clock), and `Upload.uploadParts` wired to it under
 * the TestClock.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Stream from "effect/Stream"
import { TestClock } from "effect/testing"
import { type Controller, makeController } from "../src/internal/adaptive-concurrency.ts"
import * as PartStream from "../src/PartStream.ts"
import * as Upload from "../src/Upload.ts"

const MiB = 1024 * 1024
/** Bytes per millisecond from MiB per second. */
const mibps = (value: number) => (value * MiB) / 1000

/** A network as the simulation sees it. */
interface Link {
  /** What one connection carries at most (bytes/ms): TCP's window over the round trip, a shaper. */
  readonly perConnection: number
  /** What the link carries in total (bytes/ms), shared by the parts transferring. */
  readonly total: number
  /** Each part's request waits this long before its bytes move (the answer's latency). */
  readonly latencyMs: number
  /** The share of `total` left with `n` parts transferring (contention, e.g. a server thrashing). Default 1. */
  readonly efficiency?: (n: number) => number
}

/**
 * Uploads `parts` parts of `partSize` bytes over `link`, as many in flight as the controller allows: returns the most
 * parts that were in flight and the controller.
 */
const simulate = (controller: Controller, link: Link, parts: number, partSize = 8 * MiB) => {
  let time = 0
  let started = 0
  let maxInFlight = 0
  const active: Array<{ ticket: ReturnType<Controller["start"]>; remaining: number; readyAt: number }> = []
  const fill = () => {
    while (active.length < controller.limit() && started < parts) {
      active.push({ ticket: controller.start(time), remaining: partSize, readyAt: time + link.latencyMs })
      started += 1
    }
    maxInFlight = Math.max(maxInFlight, active.length)
  }
  fill()
  while (active.length > 0) {
    const moving = active.filter((part) => part.readyAt <= time)
    const n = moving.length
    const rate = n === 0 ? 0 : Math.min(link.perConnection, (link.total * (link.efficiency?.(n) ?? 1)) / n)
    let next = Number.POSITIVE_INFINITY
    for (const part of active) next = Math.min(next, part.readyAt > time ? part.readyAt : time + part.remaining / rate)
    const step = next - time
    for (const part of moving) part.remaining -= rate * step
    time = next
    for (const part of [...active]) {
      if (part.readyAt <= time && part.remaining <= 1e-6) {
        active.splice(active.indexOf(part), 1)
        controller.complete(part.ticket, partSize, time)
      }
    }
    fill()
  }
  return { maxInFlight, elapsedMs: time }
}

describe("adaptive parts in flight (scripted link)", () => {
  it("each connection limited (25 MiB/s, 50 ms): climbs 2 → 4 → 8 and holds the cap", () => {
    const controller = makeController()
    expect(controller.limit()).toBe(2)
    const { maxInFlight } = simulate(controller, { perConnection: mibps(25), total: mibps(10_000), latencyMs: 50 }, 128)
    expect(maxInFlight).toBe(8)
    expect(controller.limit()).toBe(8)
    expect(controller.settled()).toBe(true)
    expect(controller.rounds().map((round) => round.level)).toEqual([2, 4, 8])
    // Each doubling doubled the aggregate.
    const [two, four, eight] = controller.rounds().map((round) => round.bytesPerMs)
    expect(four! / two!).toBeCloseTo(2, 1)
    expect(eight! / four!).toBeCloseTo(2, 1)
  })

  it("a link already full with 2 parts: 4 brings nothing, the climb stops at 4 (not worse, so kept)", () => {
    const controller = makeController()
    const { maxInFlight } = simulate(controller, { perConnection: mibps(25), total: mibps(50), latencyMs: 0 }, 64)
    expect(controller.rounds().map((round) => round.level)).toEqual([2, 4])
    expect(controller.settled()).toBe(true)
    expect(controller.limit()).toBe(4)
    expect(maxInFlight).toBe(4)
  })

  it("a link that fills between levels (125 MiB/s): 8 still rose by more than 10% over 4, so 8", () => {
    const controller = makeController()
    simulate(controller, { perConnection: mibps(25), total: mibps(125), latencyMs: 0 }, 64)
    expect(controller.rounds().map((round) => round.level)).toEqual([2, 4, 8])
    expect(controller.limit()).toBe(8)
  })

  it("contention (the aggregate falls with more parts): back to the level that was better", () => {
    const controller = makeController()
    const { maxInFlight } = simulate(
      controller,
      { perConnection: mibps(100), total: mibps(100), latencyMs: 0, efficiency: (n) => (n <= 2 ? 1 : 0.6) },
      64,
    )
    expect(controller.rounds().map((round) => round.level)).toEqual([2, 4])
    expect(maxInFlight).toBe(4)
    expect(controller.limit()).toBe(2)
  })

  it("the cap and the start are bounds: max 3 climbs 2 → 3; a start at the cap does not climb", () => {
    const capped = makeController({ max: 3 })
    simulate(capped, { perConnection: mibps(25), total: mibps(10_000), latencyMs: 50 }, 64)
    expect(capped.rounds().map((round) => round.level)).toEqual([2, 3])
    expect(capped.limit()).toBe(3)
    const atCap = makeController({ start: 4, max: 4 })
    expect(atCap.settled()).toBe(true)
    const { maxInFlight } = simulate(atCap, { perConnection: mibps(25), total: mibps(10_000), latencyMs: 50 }, 32)
    expect(maxInFlight).toBe(4)
    expect(atCap.rounds()).toEqual([])
  })

  it("a part that took under a millisecond (skipped by a resumed upload) is not a sample", () => {
    const controller = makeController()
    for (let index = 0; index < 10; index++) controller.complete(controller.start(100), 8 * MiB, 100.5)
    expect(controller.rounds()).toEqual([])
    expect(controller.limit()).toBe(2)
    // Two real parts end the first round.
    const a = controller.start(200)
    const b = controller.start(200)
    controller.complete(a, 8 * MiB, 520)
    controller.complete(b, 8 * MiB, 520)
    expect(controller.rounds().map((round) => round.level)).toEqual([2])
    expect(controller.limit()).toBe(4)
  })

  it("a part started just before the level changed (90% of its time after) counts for the new level", () => {
    const controller = makeController()
    const first = [controller.start(0), controller.start(0)]
    controller.complete(first[0]!, 8 * MiB, 300)
    // Started when the first part completed, just before the second one ended the round.
    const justBefore = controller.start(300)
    controller.complete(first[1]!, 8 * MiB, 301)
    expect(controller.limit()).toBe(4)
    const others = [controller.start(301), controller.start(301), controller.start(301)]
    controller.complete(justBefore, 8 * MiB, 600)
    for (const ticket of others) controller.complete(ticket, 8 * MiB, 601)
    // Four samples at level 4: the round is measured without waiting for a fifth part.
    expect(controller.rounds().map((round) => round.level)).toEqual([2, 4])
  })

  it("parts started before a level changed do not count for the new level", () => {
    const controller = makeController()
    const first = [controller.start(0), controller.start(0)]
    const early = controller.start(0)
    controller.complete(first[0]!, 8 * MiB, 300)
    controller.complete(first[1]!, 8 * MiB, 300)
    expect(controller.limit()).toBe(4)
    // A part of the old level, however fast, is not a sample of the new one.
    for (let index = 0; index < 8; index++) controller.complete(early, 8 * MiB, 301)
    expect(controller.rounds()).toHaveLength(1)
  })
})

describe("Upload.uploadParts without `concurrency` (TestClock)", () => {
  it.effect("each part takes 100 ms however many are in flight: the parts in flight grow to the cap, 8", () =>
    Effect.gen(function* () {
      let inFlight = 0
      let maxInFlight = 0
      const sent: Array<number> = []
      const fiber = yield* Effect.forkChild(
        Upload.uploadParts({
          source: Upload.fromBlob(new Blob([new Uint8Array(64 * 1024)]), "data.bin"),
          partSize: 1024,
          sendPart: (part) =>
            Effect.gen(function* () {
              inFlight += 1
              maxInFlight = Math.max(maxInFlight, inFlight)
              yield* Effect.sleep("100 millis")
              inFlight -= 1
              sent.push(part.number)
            }),
        }),
      )
      while (fiber.pollUnsafe() === undefined) yield* TestClock.adjust("10 millis")
      expect(yield* Fiber.join(fiber)).toEqual({ parts: 64, bytes: 64 * 1024 })
      expect(sent.sort((a, b) => a - b)).toEqual(Array.from({ length: 64 }, (_, index) => index + 1))
      expect(maxInFlight).toBe(8)
    }),
  )

  it.effect("a resumed upload: the parts the portal holds are skipped and the rest still climbs", () =>
    Effect.gen(function* () {
      const held = new Set(Array.from({ length: 20 }, (_, index) => index + 1))
      let inFlight = 0
      let maxInFlight = 0
      const sent: Array<number> = []
      const fiber = yield* Effect.forkChild(
        Upload.uploadParts({
          source: Upload.fromBlob(new Blob([new Uint8Array(64 * 1024)])),
          partSize: 1024,
          sendPart: (part) =>
            held.has(part.number)
              ? Effect.void
              : Effect.gen(function* () {
                  inFlight += 1
                  maxInFlight = Math.max(maxInFlight, inFlight)
                  yield* Effect.sleep("100 millis")
                  inFlight -= 1
                  sent.push(part.number)
                }),
        }),
      )
      while (fiber.pollUnsafe() === undefined) yield* TestClock.adjust("10 millis")
      expect(yield* Fiber.join(fiber)).toEqual({ parts: 64, bytes: 64 * 1024 })
      expect(sent.sort((a, b) => a - b)).toEqual(Array.from({ length: 44 }, (_, index) => index + 21))
      expect(maxInFlight).toBe(8)
    }),
  )

  it.effect("an explicit `concurrency` wins: never more in flight, even when more would pay", () =>
    Effect.gen(function* () {
      let inFlight = 0
      let maxInFlight = 0
      const fiber = yield* Effect.forkChild(
        Upload.uploadParts({
          source: Upload.fromBlob(new Blob([new Uint8Array(32 * 1024)])),
          partSize: 1024,
          concurrency: 3,
          sendPart: () =>
            Effect.gen(function* () {
              inFlight += 1
              maxInFlight = Math.max(maxInFlight, inFlight)
              yield* Effect.sleep("100 millis")
              inFlight -= 1
            }),
        }),
      )
      while (fiber.pollUnsafe() === undefined) yield* TestClock.adjust("10 millis")
      yield* Fiber.join(fiber)
      expect(maxInFlight).toBe(3)
    }),
  )

  it.effect("parts held in memory (a stream cut into parts) stay within 32 MiB in flight: 4 parts of 8 MiB", () =>
    Effect.gen(function* () {
      let inFlight = 0
      let maxInFlight = 0
      let produced = 0
      let completed = 0
      let maxHeld = 0
      const partSize = 8 * MiB
      const source = PartStream.fromParts({
        name: "stream.bin",
        size: undefined,
        // Parts made only when pulled, as a stream cut into parts is.
        parts: () =>
          Stream.range(1, 24).pipe(
            Stream.rechunk(1),
            Stream.map(() => {
              produced += 1
              maxHeld = Math.max(maxHeld, produced - completed)
              return new Blob([new Uint8Array(16)])
            }),
          ),
      })
      const fiber = yield* Effect.forkChild(
        Upload.uploadParts({
          source,
          partSize,
          sendPart: () =>
            Effect.gen(function* () {
              inFlight += 1
              maxInFlight = Math.max(maxInFlight, inFlight)
              yield* Effect.sleep("100 millis")
              inFlight -= 1
              completed += 1
            }),
        }),
      )
      while (fiber.pollUnsafe() === undefined) yield* TestClock.adjust("10 millis")
      yield* Fiber.join(fiber)
      expect(Upload.maxHeldBytes / partSize).toBe(4)
      expect(maxInFlight).toBe(4)
      // No part is taken from the source before it may be sent.
      expect(maxHeld).toBeLessThanOrEqual(4)
    }),
  )
})
