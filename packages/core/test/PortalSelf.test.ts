import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as PortalSelf from "../src/PortalSelf.ts"
import * as ScriptedFetch from "../src/testing/ScriptedFetch.ts"
import { layerFor } from "./helpers.ts"

const failure = { json: { error: { code: 400, messageCode: "GWM_0000", message: "Unable to read.", details: [] } } }
const answer = { json: { id: "org1", isPortal: false, name: "Org", user: { username: "me" } } }
const later = <A>(reply: A, ms: number): Promise<A> => new Promise((resolve) => setTimeout(() => resolve(reply), ms))

describe("PortalSelf (one per Portal.layer)", () => {
  it.effect("reads portals/self once; a failed read is not kept", () => {
    const scripted = ScriptedFetch.make((_, index) => (index === 0 ? failure : answer))
    return Effect.gen(function* () {
      const self = yield* PortalSelf.PortalSelf
      const failed = yield* Effect.flip(self.get("Test.self"))
      expect(failed).toMatchObject({ _tag: "PortalError", messageCode: "GWM_0000", operation: "Test.self" })
      const first = yield* self.get("Test.self")
      const second = yield* self.get("Test.self")
      expect(first).toMatchObject({ id: "org1", name: "Org", user: { username: "me" } })
      expect(second).toBe(first)
      expect(scripted.requests.map((request) => ScriptedFetch.route(request))).toEqual(["portals/self", "portals/self"])
    }).pipe(Effect.provide(layerFor(scripted)))
  })

  it.live("32 concurrent first calls: one request, one answer for all", () => {
    const scripted = ScriptedFetch.make(() => later(answer, 30))
    return Effect.gen(function* () {
      const self = yield* PortalSelf.PortalSelf
      const all = yield* Effect.all(
        Array.from({ length: 32 }, () => self.get("Test.self")),
        { concurrency: "unbounded" },
      )
      expect(new Set(all).size).toBe(1)
      expect(scripted.requests.filter((request) => ScriptedFetch.route(request) === "portals/self")).toHaveLength(1)
    }).pipe(Effect.provide(layerFor(scripted)))
  })

  it.live(
    "32 concurrent first calls that fail: one request, every caller gets the failure, the next call asks again",
    () => {
      const scripted = ScriptedFetch.make((_, index) => (index === 0 ? later(failure, 30) : answer))
      return Effect.gen(function* () {
        const self = yield* PortalSelf.PortalSelf
        const all = yield* Effect.all(
          Array.from({ length: 32 }, () => Effect.flip(self.get("Test.self"))),
          { concurrency: "unbounded" },
        )
        expect(all.every((error) => error._tag === "PortalError")).toBe(true)
        expect(scripted.requests).toHaveLength(1)
        expect(yield* self.get("Test.self")).toMatchObject({ id: "org1" })
        expect(scripted.requests).toHaveLength(2)
      }).pipe(Effect.provide(layerFor(scripted)))
    },
  )

  it.live("the caller that started the read being interrupted does not cancel it for the others", () => {
    const scripted = ScriptedFetch.make(() => later(answer, 50))
    return Effect.gen(function* () {
      const self = yield* PortalSelf.PortalSelf
      const first = yield* Effect.forkChild(self.get("Test.first"))
      yield* Effect.sleep("5 millis")
      const second = yield* Effect.forkChild(self.get("Test.second"))
      yield* Fiber.interrupt(first)
      expect(yield* Fiber.join(second)).toMatchObject({ id: "org1" })
      expect(scripted.requests).toHaveLength(1)
    }).pipe(Effect.provide(layerFor(scripted)))
  })

  it.live("invalidate forgets the answer, and the answer of a read in flight: the next get reads again", () => {
    const scripted = ScriptedFetch.make((_, index) =>
      later({ json: { id: "org1", user: { username: index === 0 ? "before" : "after" } } }, 20),
    )
    return Effect.gen(function* () {
      const self = yield* PortalSelf.PortalSelf
      const inflight = yield* Effect.forkChild(self.get("Test.self"))
      yield* Effect.sleep("5 millis")
      yield* self.invalidate
      yield* Fiber.join(inflight)
      expect((yield* self.get("Test.self")).user?.username).toBe("after")
      expect(yield* self.get("Test.self")).toMatchObject({ user: { username: "after" } })
      expect(scripted.requests).toHaveLength(2)
    }).pipe(Effect.provide(layerFor(scripted)))
  })
})
