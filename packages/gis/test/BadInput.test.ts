/**
 * The Promise face called the way a plain-JavaScript caller can call it: wrong types (numbers for ids, objects for
 * strings, `undefined`, `null`), huge strings, `../` paths, NUL. Every call must return a Promise (never throw
 * synchronously) that rejects with a typed, tagged error, and nothing malformed may reach the wire.
 */
import { RetryPolicy } from "@arcgis-portal/core"
import { ScriptedFetch } from "@arcgis-portal/core/testing"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import fc from "fast-check"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { AuthError, DecodeError, GIS, InvalidInput, type Item, PortalError, TransportError } from "../src/index.ts"
import { runOn } from "../src/internal/session.ts"

const url = "https://portal.example.com/portal"
const itemId = "0123456789abcdef0123456789abcdef"
const self = { id: "org1", name: "Example", isPortal: true, user: { username: "jsmith" } }
const item = { id: itemId, owner: "jsmith", title: "Parks", type: "Web Map", access: "private", tags: ["parks"] }

const scripted = ScriptedFetch.make((request) => {
  const route = ScriptedFetch.route(request)
  if (route === "generateToken") return { json: { token: "t0ken-value", expires: Date.now() + 3_600_000 } }
  if (route === "portals/self") return { json: self }
  if (route === `content/items/${itemId}`) return { json: item }
  if (route === "content/users/jsmith") return { json: { username: "jsmith", folders: [], items: [], total: 0 } }
  return { json: { error: { code: 400, message: "Not scripted.", details: [] } } }
})

let gis: GIS
let parks: Item
beforeAll(async () => {
  gis = await GIS.connect({ url, username: "jsmith", password: "pw", fetch: scripted.fetch, retry: RetryPolicy.none })
  parks = (await gis.content.get(itemId)) as Item
})
afterAll(async () => {
  await gis.close()
})

/** What a careless caller passes where a string (id, name, path, query) is expected. */
const garbage: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(undefined),
  fc.constant(null),
  fc.constant(Number.NaN),
  fc.object({ maxDepth: 1 }),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.constantFrom("../x", "../../etc/passwd", "a/../b", "/abs", "a\0b", "\0", "", " ", "a\\b", "..%2Fx"),
  fc.constantFrom("x".repeat(100_000), "../".repeat(5_000)),
  fc.constant(Symbol("s")),
  fc.constant(() => "fn"),
)

/** Always tried first (fast-check `examples`), so every run covers each kind of garbage at least once. */
const samples: Array<[unknown]> = [
  [1],
  [1.5],
  [true],
  [undefined],
  [null],
  [Number.NaN],
  [{ a: 1 }],
  [[1]],
  ["../x"],
  ["a\0b"],
  [""],
  ["x".repeat(100_000)],
  [Symbol("s")],
  [() => "fn"],
]

const typedClasses = [InvalidInput, PortalError, AuthError, TransportError, DecodeError]

/** Does any part of a request carry what only garbage would put there? */
const malformed = (request: ScriptedFetch.Recorded): string | undefined => {
  const route = ScriptedFetch.route(request)
  const values = [route, ...request.url.searchParams.values(), ...Object.values(request.body ?? {}).map(String)]
  if (route.split("/").some((segment) => segment === ".." || segment === "." || segment === "")) return route
  for (const value of values) {
    if (value.includes("\0")) return "NUL"
    if (value.includes("[object Object]")) return "[object Object]"
    if (value.length > 50_000) return "huge value"
    if (/(^|\/)(undefined|null|NaN)(\/|$)/.test(value) && value === route) return route
  }
  return undefined
}

/**
 * Calls `call` with `value`: it must not throw synchronously, must reject (not resolve) with one of the facade's
 * typed error classes (a `_tag`), and every request it sent must be well-formed.
 */
const refused = async (name: string, call: (value: never) => unknown, value: unknown) => {
  const before = scripted.requests.length
  let result: unknown
  try {
    result = call(value as never)
  } catch (error) {
    throw new Error(`${name}(${describe_(value)}) threw synchronously: ${String(error)}`)
  }
  expect(result, `${name} returns a Promise`).toBeInstanceOf(Promise)
  const outcome = await (result as Promise<unknown>).then(
    (resolved) => ({ resolved }),
    (error: unknown) => ({ error }),
  )
  if ("resolved" in outcome) throw new Error(`${name}(${describe_(value)}) resolved instead of rejecting`)
  const error = outcome.error as { _tag?: unknown }
  const typed = typedClasses.some((type) => error instanceof type) && typeof error._tag === "string"
  if (!typed) throw new Error(`${name}(${describe_(value)}) rejected with an untyped ${String(error)}`)
  for (const request of scripted.requests.slice(before)) {
    const bad = malformed(request)
    if (bad !== undefined) throw new Error(`${name}(${describe_(value)}) sent a malformed request (${bad})`)
  }
  return error._tag as string
}

const describe_ = (value: unknown) =>
  typeof value === "string" ? JSON.stringify(value.slice(0, 20)) : typeof value === "symbol" ? "Symbol" : String(value)

/** Facade calls whose first argument is a string the SDK must validate before use. */
const calls: ReadonlyArray<readonly [string, (value: never) => unknown]> = [
  ["content.get", (value) => gis.content.get(value)],
  ["content.search", (value) => gis.content.search(value)],
  ["content.createFolder", (value) => gis.content.createFolder(value)],
  ["content.deleteFolder", (value) => gis.content.deleteFolder(value)],
  ["content.add(properties)", (value) => gis.content.add(value, { data: new Blob(["x"]) })],
  ["content.add(data)", (value) => gis.content.add({ title: "t", type: "CSV" }, { data: value })],
  ["users.get", (value) => gis.users.get(value)],
  ["groups.get", (value) => gis.groups.get(value)],
  ["item.move", (value) => parks.move(value)],
  ["item.addComment", (value) => parks.addComment(value)],
  ["item.setRating", (value) => parks.setRating(value)],
  ["item.unshare", (value) => parks.unshare(value)],
  ["item.share(groups)", (value) => parks.share({ groups: value })],
  ["item.reassignTo", (value) => parks.reassignTo(value)],
  ["item.update(itemProperties)", (value) => parks.update({ itemProperties: value })],
]

/** `get`: Python's `None` for a string that names nothing; a non-string is still refused. */
const lookups = new Set(["content.get", "users.get", "groups.get"])

/** Must hold for every call today: a Promise comes back (no synchronous throw) and it settles. */
const settles = async (name: string, call: (value: never) => unknown, value: unknown) => {
  let result: unknown
  try {
    result = call(value as never)
  } catch (error) {
    throw new Error(`${name}(${describe_(value)}) threw synchronously: ${String(error)}`)
  }
  expect(result, `${name} returns a Promise`).toBeInstanceOf(Promise)
  await (result as Promise<unknown>).then(
    () => undefined,
    () => undefined,
  )
}

describe("the Promise face under bad input from plain JavaScript", () => {
  it("never throws synchronously and always settles (15 facade calls × 40 generated values)", async () => {
    for (const [name, call] of calls) {
      await fc.assert(
        fc.asyncProperty(garbage, (value) => settles(name, call, value)),
        { numRuns: 40, examples: samples },
      )
    }
  })

  // Formerly known gaps (docs/reliability.md, "Promise face: bad input"): gis checks the JavaScript types of its
  // arguments (src/internal/args.ts) and the feature packages refuse malformed values, so every call refuses
  // garbage with a typed error before any request — except that `get` answers a string that cannot be an id or a
  // username with `undefined`, as Python gets `None` for it (below).
  for (const [name, call] of calls.filter(([name]) => !lookups.has(name))) {
    it(`${name}: rejects with a typed error and sends nothing malformed`, async () => {
      await fc.assert(
        fc.asyncProperty(garbage, async (value) => {
          await refused(name, call, value)
        }),
        { numRuns: 40, examples: samples },
      )
    })
  }
})

describe("get, like Python: nothing for a string that names nothing", () => {
  for (const [name, call] of calls.filter(([name]) => lookups.has(name))) {
    it(`${name}: a string that cannot be an id resolves undefined with nothing sent; any other value is refused`, async () => {
      await fc.assert(
        fc.asyncProperty(garbage, async (value) => {
          if (typeof value !== "string") {
            await refused(name, call, value)
            return
          }
          const before = scripted.requests.length
          expect(await (call(value as never) as Promise<unknown>)).toBeUndefined()
          expect(scripted.requests.length).toBe(before)
        }),
        { numRuns: 40, examples: samples },
      )
    })
  }
})

describe("the runner's last resort", () => {
  const runtime = ManagedRuntime.make(Layer.empty) as never

  it("turns a defect (an unexpected thrown TypeError) into a typed InvalidInput keeping its message and cause", async () => {
    const defect = new TypeError("query.trim is not a function")
    const error = await runOn(
      runtime,
      Effect.sync(() => {
        throw defect
      }),
    ).then(
      () => undefined,
      (rejected: unknown) => rejected,
    )
    expect(error).toBeInstanceOf(InvalidInput)
    expect(error).toMatchObject({ _tag: "InvalidInput", message: "TypeError: query.trim is not a function" })
    expect((error as Error).cause).toBe(defect)
  })

  it("leaves a typed failure untouched", async () => {
    const failure = new InvalidInput({ operation: "x", field: "y", message: "no" })
    await expect(runOn(runtime, Effect.fail(failure))).rejects.toBe(failure)
  })
})
