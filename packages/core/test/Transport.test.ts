import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import type { AuthStrategy } from "../src/AuthStrategy.ts"
import type { PortalFailure } from "../src/PortalError.ts"
import type { PortalRequest } from "../src/PortalRequest.ts"
import * as Transport from "../src/Transport.ts"
import * as ScriptedFetch from "../src/testing/ScriptedFetch.ts"
import { layerFor } from "./helpers.ts"

const staticToken = (token: string): AuthStrategy => ({
  name: "static",
  acquire: () => Effect.succeed({ token: Redacted.make(token), expires: undefined }),
})

const run = <A>(
  scripted: ScriptedFetch.ScriptedFetch,
  use: (t: Transport.TransportShape) => Effect.Effect<A, PortalFailure>,
  auth?: AuthStrategy,
) =>
  Effect.gen(function* () {
    const transport = yield* Transport.Transport
    return yield* use(transport)
  }).pipe(Effect.provide(layerFor(scripted, auth)))

const failureOf = <A>(effect: Effect.Effect<A, PortalFailure>) => Effect.flip(effect)

const get = (path: string, params?: PortalRequest["params"]): PortalRequest => ({
  operation: "Test.get",
  method: "GET",
  path,
  params,
})
const post = (path: string, params?: PortalRequest["params"]): PortalRequest => ({
  operation: "Test.post",
  method: "POST",
  path,
  params,
})

describe("Transport request URLs", () => {
  it.effect("relative, absolute, dot-segment and unusual paths resolve as a URL parser would", () =>
    Effect.gen(function* () {
      const scripted = ScriptedFetch.make(() => ({ json: {} }))
      const cases: ReadonlyArray<readonly [string, string]> = [
        ["content/items/abc", "/portal/sharing/rest/content/items/abc"],
        ["/content/items/abc", "/portal/sharing/rest/content/items/abc"],
        ["https://services.example.com/arcgis/rest/services/X/FeatureServer", "/arcgis/rest/services/X/FeatureServer"],
        ["content/users/a/../b/items", "/portal/sharing/rest/content/users/b/items"],
        ["content/items/with space", "/portal/sharing/rest/content/items/with%20space"],
        ["content/items/é", "/portal/sharing/rest/content/items/%C3%A9"],
      ]
      for (const [path] of cases) yield* run(scripted, (t) => t.json(get(path)))
      const absoluteHosts = scripted.requests.map((request) => request.url.host)
      expect(scripted.requests.map((request) => request.url.pathname)).toEqual(cases.map(([, expected]) => expected))
      expect(absoluteHosts[2]).toBe("services.example.com")
      expect(scripted.requests.every((request) => request.url.searchParams.get("f") === "json")).toBe(true)
      const error = yield* failureOf(
        run(
          ScriptedFetch.make(() => ({ status: 404, body: "nope" })),
          (t) => t.json(get("content/items/with space")),
        ),
      )
      expect(error._tag === "TransportError" && error.request.path).toBe(
        "/portal/sharing/rest/content/items/with%20space",
      )
    }),
  )

  it.effect("`query` parameters join the URL of a POST; GET parameters join an absolute URL's own query", () =>
    Effect.gen(function* () {
      const scripted = ScriptedFetch.make(() => ({ json: {} }))
      yield* run(scripted, (t) =>
        t.json({ ...post("content/users/u/items/i/addPart", { a: "1" }), query: { partNum: 3 } }),
      )
      yield* run(scripted, (t) => t.json(get("https://services.example.com/x?token=no&layer=2", { b: "2" })))
      expect(scripted.requests[0]?.url.search).toBe("?partNum=3")
      expect(scripted.requests[0]?.body.a).toBe("1")
      expect(Object.fromEntries(scripted.requests[1]!.url.searchParams)).toEqual({
        token: "no",
        layer: "2",
        b: "2",
        f: "json",
      })
    }),
  )
})

describe("Transport requests", () => {
  it.effect("GET: f=json and params in the query, the token in X-Esri-Authorization, never in the URL", () =>
    Effect.gen(function* () {
      const scripted = ScriptedFetch.make(() => ({ json: { ok: true } }))
      yield* run(scripted, (t) => t.json(get("content/items/abc", { q: "a b", num: 10 })), staticToken("tok-123"))
      const [request] = scripted.requests
      expect(request?.method).toBe("GET")
      expect(request?.url.pathname).toBe("/portal/sharing/rest/content/items/abc")
      expect(request?.url.searchParams.get("f")).toBe("json")
      expect(request?.url.searchParams.get("q")).toBe("a b")
      expect(request?.headers.get("x-esri-authorization")).toBe("Bearer tok-123")
      expect(request?.url.href).not.toContain("tok-123")
    }),
  )

  it.effect("POST: form-urlencoded body with Esri's value encoding; nothing in the query string", () =>
    Effect.gen(function* () {
      const scripted = ScriptedFetch.make(() => ({ json: { success: true } }))
      yield* run(
        scripted,
        (t) =>
          t.json(
            post("content/users/u/addItem", {
              title: "T",
              tags: ["a", "b", "c"],
              extent: [
                [1, 2],
                [3, 4],
              ],
              properties: { nested: { x: 1 } },
              overwrite: false,
              when: new Date(1_700_000_000_000),
              skipped: undefined,
              nulled: null,
              count: 3,
            }),
          ),
        staticToken("tok-xyz"),
      )
      const [request] = scripted.requests
      expect(request?.method).toBe("POST")
      expect(request?.contentType).toContain("application/x-www-form-urlencoded")
      expect(request?.url.search).toBe("")
      expect(request?.body).toEqual({
        title: "T",
        tags: "a,b,c",
        extent: "[[1,2],[3,4]]",
        properties: '{"nested":{"x":1}}',
        overwrite: "false",
        when: "1700000000000",
        count: "3",
        f: "json",
      })
      expect(request?.headers.get("x-esri-authorization")).toBe("Bearer tok-xyz")
    }),
  )

  it.effect("multipart when files are present, with the file name and bytes", () =>
    Effect.gen(function* () {
      const scripted = ScriptedFetch.make(() => ({ json: { success: true } }))
      const content = new Blob(["hello,world\n1,2\n"], { type: "text/csv" })
      yield* run(scripted, (t) =>
        t.json({
          ...post("content/users/u/addItem", { title: "CSV" }),
          files: { file: { content, fileName: "data.csv" } },
        }),
      )
      const [request] = scripted.requests
      expect(request?.contentType).toContain("multipart/form-data")
      expect(request?.body.title).toBe("CSV")
      expect(request?.body.f).toBe("json")
      expect(request?.files.file?.fileName).toBe("data.csv")
      expect(new TextDecoder().decode(request?.files.file?.bytes)).toBe("hello,world\n1,2\n")
    }),
  )

  it.effect("query parameters that must stay in the URL stay there on a POST (partNum)", () =>
    Effect.gen(function* () {
      const scripted = ScriptedFetch.make(() => ({ json: { success: true } }))
      yield* run(scripted, (t) => t.json({ ...post("content/users/u/items/i/addPart"), query: { partNum: 3 } }))
      expect(scripted.requests[0]?.url.searchParams.get("partNum")).toBe("3")
    }),
  )

  it.effect("switches GET to POST when the URL would exceed 2,000 characters", () =>
    Effect.gen(function* () {
      const scripted = ScriptedFetch.make(() => ({ json: { results: [] } }))
      const short = "x".repeat(100)
      const long = "x".repeat(2_100)
      yield* run(scripted, (t) =>
        Effect.andThen(t.json(get("search", { q: short })), t.json(get("search", { q: long }))),
      )
      expect(scripted.requests.map((r) => r.method)).toEqual(["GET", "POST"])
      expect(scripted.requests[1]?.body.q).toBe(long)
      expect(scripted.requests[1]?.url.search).toBe("")
    }),
  )

  it.effect("a secret parameter (Redacted) turns a GET into a POST: secrets never travel in a URL", () =>
    Effect.gen(function* () {
      const scripted = ScriptedFetch.make(() => ({ json: { ok: true } }))
      yield* run(scripted, (t) => t.json(get("generateToken", { password: Redacted.make("pa55word-secret") })))
      const [request] = scripted.requests
      expect(request?.method).toBe("POST")
      expect(request?.url.href).not.toContain("pa55word-secret")
      expect(request?.body.password).toBe("pa55word-secret")
    }),
  )
})

describe("Transport errors", () => {
  it.effect(
    "the error envelope with HTTP 200 becomes a PortalError that keeps code, messageCode, message, details",
    () =>
      Effect.gen(function* () {
        const scripted = ScriptedFetch.make(() => ({
          json: {
            error: {
              code: 400,
              messageCode: "CONT_0001",
              message: "Item does not exist or is inaccessible.",
              details: [],
            },
          },
        }))
        const error = yield* failureOf(run(scripted, (t) => t.json(get("content/items/0123"))))
        expect(error._tag).toBe("PortalError")
        if (error._tag !== "PortalError") return
        expect(error.code).toBe(400)
        expect(error.messageCode).toBe("CONT_0001")
        expect(error.message).toBe("Item does not exist or is inaccessible.")
        expect(error.details).toEqual([])
        expect(error.operation).toBe("Test.get")
        expect(error.request).toEqual({ method: "GET", path: "/portal/sharing/rest/content/items/0123" })
        expect(scripted.requests).toHaveLength(1)
      }),
  )

  it.effect("maps codes to reasons: 403 Forbidden, 404 NotFound, 429 RateLimited with Retry-After", () =>
    Effect.gen(function* () {
      const replies = [
        {
          json: { error: { code: 403, messageCode: "GWM_0003", message: "You do not have permissions", details: [] } },
        },
        { status: 404, json: { error: { code: 404, message: "The requested URL was not found.", details: [] } } },
      ]
      const scripted = ScriptedFetch.make((_, index) => replies[index] ?? { json: {} })
      const forbidden = yield* failureOf(run(scripted, (t) => t.json(post("portals/self/update"))))
      const missing = yield* failureOf(run(scripted, (t) => t.json(post("nowhere"))))
      expect(forbidden._tag === "PortalError" && forbidden.reason).toBe("Forbidden")
      expect(missing._tag === "PortalError" && missing.reason).toBe("NotFound")
    }),
  )

  it.effect("the server admin failure envelope becomes a PortalError", () =>
    Effect.gen(function* () {
      const scripted = ScriptedFetch.make(() => ({
        json: { status: "error", messages: ["Item not found", "x"], code: 404 },
      }))
      const error = yield* failureOf(
        run(scripted, (t) => t.json(post("https://server.test/arcgis/admin/data/items/x"))),
      )
      expect(error._tag === "PortalError" && [error.code, error.message, error.details]).toEqual([
        404,
        "Item not found",
        ["x"],
      ])
    }),
  )

  it.effect("498 and 499 become AuthErrors", () =>
    Effect.gen(function* () {
      const scripted = ScriptedFetch.make(() => ({
        json: { error: { code: 499, messageCode: "GWM_0003", message: "Token Required", details: [] } },
      }))
      const error = yield* failureOf(run(scripted, (t) => t.json(get("community/self"))))
      expect(error._tag === "AuthError" && [error.reason, error.code, error.messageCode]).toEqual([
        "TokenRequired",
        499,
        "GWM_0003",
      ])
    }),
  )

  it.effect("an HTTP failure without an envelope is a TransportError with the status", () =>
    Effect.gen(function* () {
      const scripted = ScriptedFetch.make(() => ({ status: 500, body: "<html>boom</html>" }))
      const error = yield* failureOf(run(scripted, (t) => t.json(post("x"))))
      expect(error._tag === "TransportError" && [error.reason, error.status]).toEqual(["HttpStatus", 500])
    }),
  )

  it.effect("a 200 that is not JSON is a DecodeError; a body of the wrong shape too", () =>
    Effect.gen(function* () {
      const scripted = ScriptedFetch.make((_, index) => (index === 0 ? { body: "<html></html>" } : { json: { id: 5 } }))
      const notJson = yield* failureOf(run(scripted, (t) => t.json(post("x"))))
      const wrongShape = yield* failureOf(
        run(scripted, (t) => t.decode(post("y"), Schema.Struct({ id: Schema.String }))),
      )
      expect(notJson._tag).toBe("DecodeError")
      expect(wrongShape._tag).toBe("DecodeError")
      expect(wrongShape.message).toContain("expected shape")
    }),
  )

  it.effect("decode keeps fields the schema does not name when the schema is open", () =>
    Effect.gen(function* () {
      const { open } = yield* Effect.promise(() => import("../src/CommonSchema.ts"))
      const scripted = ScriptedFetch.make(() => ({ json: { id: "a", brandNew: { x: 1 } } }))
      const value = yield* run(scripted, (t) => t.decode(get("x"), open({ id: Schema.String })))
      expect(value).toEqual({ id: "a", brandNew: { x: 1 } })
    }),
  )
})

describe("Transport bytes, timeouts and interruption", () => {
  it.effect("streams a download chunk by chunk with its content type and file name", () =>
    Effect.gen(function* () {
      const chunks = [new Uint8Array([1, 2, 3]), new Uint8Array([4, 5])]
      const scripted = ScriptedFetch.make(() => ({
        body: new ReadableStream({
          start(controller) {
            for (const chunk of chunks) controller.enqueue(chunk)
            controller.close()
          },
        }),
        headers: {
          "content-type": "application/octet-stream",
          "content-disposition": 'attachment; filename="data.bin"',
        },
      }))
      const response = yield* run(scripted, (t) => t.bytes(get("content/items/i/data")))
      const received = yield* Stream.runCollect(response.stream)
      expect(response.fileName).toBe("data.bin")
      expect(received.flatMap((chunk) => [...chunk])).toEqual([1, 2, 3, 4, 5])
    }),
  )

  it.effect("detects an error envelope in a download; passes a JSON file through untouched", () =>
    Effect.gen(function* () {
      const file = JSON.stringify({ operationalLayers: [], baseMap: { title: "x".repeat(100_000) } })
      const scripted = ScriptedFetch.make((_, index) =>
        index === 0
          ? {
              json: {
                error: {
                  code: 400,
                  messageCode: "CONT_0001",
                  message: "Item does not exist or is inaccessible.",
                  details: [],
                },
              },
            }
          : { body: file, headers: { "content-type": "application/json" } },
      )
      const error = yield* failureOf(run(scripted, (t) => t.bytes(get("content/items/x/data"))))
      expect(error._tag === "PortalError" && error.messageCode).toBe("CONT_0001")
      const response = yield* run(scripted, (t) => t.bytes(get("content/items/y/data")))
      const chunks = yield* Stream.runCollect(response.stream)
      const text = new TextDecoder().decode(new Uint8Array(chunks.flatMap((chunk) => [...chunk])))
      expect(text).toBe(file)
    }),
  )

  it.live("interrupting the fiber aborts the fetch", () =>
    Effect.gen(function* () {
      const scripted = ScriptedFetch.make(() => "hang")
      const fiber = yield* Effect.forkChild(run(scripted, (t) => t.json(get("slow"))))
      yield* Effect.sleep(50)
      expect(scripted.requests).toHaveLength(1)
      yield* Fiber.interrupt(fiber)
      expect(scripted.requests[0]?.signal.aborted).toBe(true)
    }),
  )

  it.live("a request that takes longer than its timeout fails with TransportError Timeout", () =>
    Effect.gen(function* () {
      const scripted = ScriptedFetch.make(() => "hang")
      const error = yield* failureOf(run(scripted, (t) => t.json({ ...post("slow"), timeout: 30 })))
      expect(error._tag === "TransportError" && error.reason).toBe("Timeout")
      expect(scripted.requests).toHaveLength(1)
    }),
  )

  it.live("the timeout covers a JSON answer's body, not only its headers", () =>
    Effect.gen(function* () {
      // Headers arrive at once; the body sends half an object and then nothing.
      const stalled = () =>
        new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('{"id":'))
          },
        })
      const scripted = ScriptedFetch.make(() => ({ status: 200, body: stalled() }))
      const error = yield* failureOf(run(scripted, (t) => t.json({ ...get("slow-body"), timeout: 40 })))
      expect(error._tag === "TransportError" && error.reason).toBe("Timeout")
      expect(scripted.requests[0]?.signal.aborted).toBe(true)
    }),
  )

  it.live("a download is not cut by the timeout once its headers have arrived", () =>
    Effect.gen(function* () {
      const chunks = ["abc", "def", "ghi"]
      const slow = new ReadableStream<Uint8Array>({
        async pull(controller) {
          const next = chunks.shift()
          if (next === undefined) return controller.close()
          await new Promise((resolve) => setTimeout(resolve, 30))
          controller.enqueue(new TextEncoder().encode(next))
        },
      })
      const scripted = ScriptedFetch.make(() => ({
        status: 200,
        body: slow,
        headers: { "content-type": "application/octet-stream" },
      }))
      const response = yield* run(scripted, (t) => t.bytes({ ...get("content/items/y/data"), timeout: 40 }))
      const bytes = yield* Transport.collectBytes(response.stream)
      expect(new TextDecoder().decode(bytes)).toBe("abcdefghi")
    }),
  )
})

describe("answers that carry an error but are not envelopes", () => {
  it.effect("`{ success: false, error }` (canDelete) is returned as data, offendingItems included", () =>
    Effect.gen(function* () {
      const body = {
        itemId: "e03f626be86946f997c29d6dfc7a9666",
        success: false,
        error: {
          code: 400,
          messageCode: "CONT_00481",
          message: "Unable to delete item.",
          offendingItems: [{ itemId: "x" }],
        },
      }
      const scripted = ScriptedFetch.make(() => ({ json: body }))
      expect(yield* run(scripted, (t) => t.json(post("content/users/u/items/i/canDelete")))).toEqual(body)
    }),
  )
})
