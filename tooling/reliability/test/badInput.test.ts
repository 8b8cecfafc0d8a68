/** Property tests: malformed input is `InvalidInput` before any request — never a crash, never a request with it. */
import { Content, Items } from "@arcgis-portal/content"
import { Portal } from "@arcgis-portal/core"
import { ScriptedFetch } from "@arcgis-portal/core/testing"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import fc from "fast-check"

const scripted = ScriptedFetch.make(() => ({
  json: { error: { code: 500, message: "no request expected", details: [] } },
}))
const runtimeLayer = Layer.mergeAll(Content.layer, Items.layer).pipe(
  Layer.provideMerge(Portal.layer({ url: "https://portal.test/portal", fetch: scripted.fetch })),
)

/** Runs `effect`; it must fail with InvalidInput (not die, not succeed) and send nothing. */
const refused = async (effect: Effect.Effect<unknown, unknown, Content.Content | Items.Items>) => {
  const before = scripted.requests.length
  const exit = await Effect.runPromiseExit(effect.pipe(Effect.provide(runtimeLayer)))
  expect(Exit.isFailure(exit)).toBe(true)
  if (Exit.isFailure(exit)) {
    const error = exit.cause.reasons.find((reason) => reason._tag === "Fail")
    expect((error as { error?: { _tag?: string } } | undefined)?.error?._tag).toBe("InvalidInput")
  }
  expect(scripted.requests.length).toBe(before)
}

const hex32 = /^[0-9a-f]{32}$/
const badId = fc
  .oneof(
    fc.string(),
    fc.string({ unit: fc.constantFrom(..."0123456789abcdefABCDEF./%\0 "), minLength: 30, maxLength: 34 }),
  )
  .filter((id) => !hex32.test(id))
const badUsername = fc
  .oneof(fc.string(), fc.constantFrom("..", "../admin", "a/b", "a\0b", "x".repeat(129), "", "name with space"))
  .filter((name) => !/^[A-Za-z0-9_@.-]{1,128}$/.test(name) || name === "." || name === "..")
const badAccess = fc.string().filter((access) => !["private", "shared", "org", "public"].includes(access))
const badPath = fc.oneof(
  fc.constantFrom("../secret", "a/../../b", "/etc/passwd", "C:/x", "a\0b", "a\\b", "./a", "a//b", "..%2Fx"),
  fc
    .tuple(fc.string(), fc.constantFrom("..", "/", "\0"))
    .map(([text, bad]) => (bad === "/" ? `/${text}` : `${text}/${bad}`)),
)
const id = "0123456789abcdef0123456789abcdef"
const properties = { title: "t", type: "Web Map" }

describe("bad input never reaches the wire", () => {
  it("invalid item ids", async () => {
    await fc.assert(
      fc.asyncProperty(badId, async (bad) => {
        await refused(Effect.flatMap(Content.Content, (content) => content.get(bad)))
        await refused(Effect.flatMap(Items.Items, (items) => items.delete({ id: bad, owner: "publisher_one" })))
        await refused(
          Effect.flatMap(Items.Items, (items) => items.share({ id: bad, owner: "publisher_one" }, { org: true })),
        )
        await refused(Effect.flatMap(Content.Content, (content) => content.deleteItems([id, bad])))
      }),
      { numRuns: 60 },
    )
  })

  it("invalid usernames (owners)", async () => {
    await fc.assert(
      fc.asyncProperty(badUsername, async (bad) => {
        await refused(Effect.flatMap(Content.Content, (content) => content.add({ properties, owner: bad })))
        await refused(Effect.flatMap(Content.Content, (content) => content.shareItems([id], { org: true, owner: bad })))
        await refused(Effect.flatMap(Items.Items, (items) => items.delete({ id, owner: bad })))
        await refused(
          Effect.flatMap(Items.Items, (items) => items.update({ id, owner: bad }, { properties: { snippet: "s" } })),
        )
      }),
      { numRuns: 60 },
    )
  })

  it("invalid access values", async () => {
    await fc.assert(
      fc.asyncProperty(badAccess, async (bad) => {
        await refused(
          Effect.flatMap(Content.Content, (content) => content.add({ properties: { ...properties, access: bad } })),
        )
        await refused(
          Effect.flatMap(Items.Items, (items) =>
            items.update({ id, owner: "publisher_one" }, { properties: { access: bad } }),
          ),
        )
      }),
      { numRuns: 40 },
    )
  })

  it("info-file paths that leave the item (.., absolute, NUL)", async () => {
    await fc.assert(
      fc.asyncProperty(badPath, async (bad) => {
        await refused(
          Effect.flatMap(Items.Items, (items) => items.getThumbnail({ id, owner: "publisher_one", thumbnail: bad })),
        )
      }),
      { numRuns: 40 },
    )
  })

  it("oversize titles, snippets and tags", async () => {
    const long = (min: number) => fc.string({ minLength: min, maxLength: min + 50 })
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          long(257).map((title) => ({ ...properties, title })),
          long(2049).map((snippet) => ({ ...properties, snippet })),
          long(257).map((tag) => ({ ...properties, tags: ["ok", tag] })),
          fc.constant({ ...properties, tags: Array.from({ length: 129 }, (_, index) => `t${index}`) }),
        ),
        async (bad) => {
          await refused(
            Effect.flatMap(Content.Content, (content) => content.add({ properties: bad, owner: "publisher_one" })),
          )
          await refused(
            Effect.flatMap(Items.Items, (items) => items.update({ id, owner: "publisher_one" }, { properties: bad })),
          )
        },
      ),
      { numRuns: 40 },
    )
  })
})
