/**
 * Each operation of `Resources` runs in a span named after it (`Resources.add`…): the spans of its requests — the
 * owner lookup and the write, a page of the list, the download — are its children, so a trace shows which operation
 * sent them.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Tracer from "effect/Tracer"
import type { Resources } from "../src/index.ts"
import { item, itemId, operationResult, ownerPath, type Route, run } from "./helpers.ts"

/** Runs `use` with a tracer that records every span; returns `[name, parent's name]` of the `Resources.*` spans. */
const traced = (
  routes: Record<string, Route>,
  use: (resources: Resources.ResourcesShape) => Effect.Effect<unknown, unknown>,
) =>
  Effect.gen(function* () {
    const spans: Array<Tracer.NativeSpan> = []
    const tracer = Tracer.make({
      span: (options) => {
        const span = new Tracer.NativeSpan(options)
        spans.push(span)
        return span
      },
    })
    yield* run(routes, use).pipe(Effect.provideService(Tracer.Tracer, tracer))
    return spans
      .filter((span) => span.name.startsWith("Resources."))
      .map((span) => [
        span.name,
        Option.getOrUndefined(Option.map(span.parent, (parent) => (parent._tag === "Span" ? parent.name : undefined))),
      ])
  })

const ownerLookup = { [`content/items/${itemId}`]: { json: { id: itemId, owner: "publisher_one", title: "T" } } }

describe("operation spans", () => {
  it.effect("add: the owner lookup and addResources are children of the Resources.add span", () =>
    Effect.gen(function* () {
      const spans = yield* traced({ ...ownerLookup, [`${ownerPath}/addResources`]: { json: operationResult } }, (r) =>
        r.add(itemId, { text: "{}", fileName: "a.json" }),
      )
      expect(spans).toEqual([
        ["Resources.add", undefined],
        ["Resources.add", "Resources.add"],
        ["Resources.add", "Resources.add"],
      ])
    }),
  )

  it.effect("update, remove and list through forItem: one span each, named after the method", () =>
    Effect.gen(function* () {
      const spans = yield* traced(
        {
          [`${ownerPath}/updateResources`]: { json: operationResult },
          [`${ownerPath}/removeResources`]: { json: operationResult },
          [`content/items/${itemId}/resources`]: { json: { total: 0, start: 1, num: 0, nextStart: -1, resources: [] } },
        },
        (r) => {
          const bound = r.forItem(item)
          return Effect.all([bound.update({ text: "{}", fileName: "a.json" }), bound.remove("a.json"), bound.list()])
        },
      )
      expect(spans).toEqual([
        ["Resources.update", undefined],
        ["Resources.update", "Resources.update"],
        ["Resources.remove", undefined],
        ["Resources.remove", "Resources.remove"],
        ["Resources.list", undefined],
        ["Resources.list", "Resources.list"],
      ])
    }),
  )

  it.effect("bytes and get: the download (its requests named Resources.get) inside the method's span", () =>
    Effect.gen(function* () {
      const spans = yield* traced(
        {
          [`content/items/${itemId}/resources/a.txt`]: { body: "hello", headers: { "content-type": "text/plain" } },
        },
        (r) => Effect.all([r.bytes(item, "a.txt"), r.get(item, "a.txt")]),
      )
      expect(spans).toEqual([
        ["Resources.bytes", undefined],
        ["Resources.get", "Resources.bytes"],
        ["Resources.get", undefined],
        ["Resources.get", "Resources.get"],
      ])
    }),
  )
})
