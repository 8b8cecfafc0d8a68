import type { PortalError } from "@arcgis-portal/core"
import { ScriptedFetch } from "@arcgis-portal/core/testing"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import { ResourceSchema, type Resources } from "../src/index.ts"
import { fixture, item, itemId, operationResult, ownerPath, run, token } from "./helpers.ts"

type Use = (resources: Resources.ResourcesShape) => Effect.Effect<unknown, PortalError.PortalFailure>

const text = (bytes: Uint8Array | undefined) => new TextDecoder().decode(bytes)

describe("Resources.add", () => {
  it.effect("a file in a folder: multipart to content/users/<owner>/items/<id>/addResources", () =>
    Effect.gen(function* () {
      const file = new File(['{"a":1}'], "style.json", { type: "application/json" })
      const { value, to } = yield* run({ [`${ownerPath}/addResources`]: { json: operationResult } }, (r) =>
        r.add(item, { file, folderName: "styles/2024" }),
      )
      expect(value).toEqual(operationResult)
      const [request] = to(`${ownerPath}/addResources`)
      expect(request?.method).toBe("POST")
      expect(request?.contentType).toContain("multipart/form-data")
      expect(request?.body).toEqual({ resourcesPrefix: "styles/2024", f: "json" })
      expect(request?.files.file?.fileName).toBe("style.json")
      expect(text(request?.files.file?.bytes)).toBe('{"a":1}')
      expect(ScriptedFetch.tokenOf(request!)).toBe(token)
    }),
  )

  it.effect("text with a fileName, and archive=true for a zip", () =>
    Effect.gen(function* () {
      const { to } = yield* run({ [`${ownerPath}/addResources`]: { json: operationResult } }, (r) =>
        Effect.all([
          r.add(item, { text: "hello", fileName: "notes.txt", access: "private" }),
          r.add(item, { file: new Blob([new Uint8Array([80, 75])]), fileName: "bundle.zip", archive: true }),
        ]),
      )
      const [first, second] = to(`${ownerPath}/addResources`)
      expect(first?.contentType).toContain("multipart/form-data")
      expect(first?.body).toEqual({ fileName: "notes.txt", text: "hello", access: "private", f: "json" })
      expect(second?.body).toEqual({ fileName: "bundle.zip", archive: "true", f: "json" })
      expect(second?.files.file?.fileName).toBe("bundle.zip")
    }),
  )

  it.effect("only the item id given: the owner is read from content/items/<id> first", () =>
    Effect.gen(function* () {
      const { requests } = yield* run(
        {
          [`content/items/${itemId}`]: { json: { id: itemId, owner: "publisher_one", title: "T" } },
          [`${ownerPath}/addResources`]: { json: operationResult },
        },
        (r) => r.add(itemId, { text: "{}", fileName: "a.json" }),
      )
      expect(requests.map((request) => ScriptedFetch.route(request))).toEqual([
        `content/items/${itemId}`,
        `${ownerPath}/addResources`,
      ])
    }),
  )

  it.effect("the portal's refusal is a typed PortalError", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(
        run(
          {
            [`${ownerPath}/addResources`]: {
              json: {
                error: {
                  code: 400,
                  messageCode: "CONT_0093",
                  message: "File type not allowed for addResources",
                  details: [],
                },
              },
            },
          },
          (r) => r.add(item, { text: "x", fileName: "a.txt" }),
        ),
      )
      expect(error._tag === "PortalError" && [error.code, error.messageCode, error.operation]).toEqual([
        400,
        "CONT_0093",
        "Resources.add",
      ])
    }),
  )
})

describe("Resources: refused before sending", () => {
  const refused = (use: Use, options: Resources.Options = {}) =>
    Effect.gen(function* () {
      const portal = yield* Effect.result(run({}, use, options))
      expect(portal._tag).toBe("Failure")
      if (portal._tag === "Failure") expect(portal.failure).toMatchObject({ _tag: "InvalidInput" })
      return portal
    })

  it.effect("disallowed extensions, files without a name, text without a fileName, nothing at all", () =>
    Effect.gen(function* () {
      yield* refused((r) => r.add(item, { file: new File(["x"], "script.exe") }))
      yield* refused((r) => r.add(item, { file: new File(["x"], "noextension") }))
      yield* refused((r) => r.add(item, { file: new Blob(["x"]) }))
      yield* refused((r) => r.add(item, { text: "x" }))
      yield* refused((r) => r.add(item, {}))
      yield* refused((r) => r.add(item, { text: "x", fileName: "a.txt", file: new File(["x"], "b.txt") }))
      yield* refused((r) => r.update(item, { text: "x", fileName: "a.html" }))
    }),
  )

  it.effect("files over the limit (25 MB default, configurable), text counted in UTF-8 bytes", () =>
    Effect.gen(function* () {
      const big = new Blob([new Uint8Array(25 * 1024 * 1024 + 1)])
      const result = yield* refused((r) => r.add(item, { file: big, fileName: "big.png" }))
      if (result._tag === "Failure") expect(result.failure.message).toContain("at most 26214400 bytes")
      yield* refused((r) => r.add(item, { text: "ééé", fileName: "a.txt" }), { maxFileSize: 5 })
      const ok = yield* run(
        { [`${ownerPath}/addResources`]: { json: operationResult } },
        (r) => r.add(item, { text: "éé", fileName: "a.txt" }),
        { maxFileSize: 4 },
      )
      expect(ok.value.success).toBe(true)
    }),
  )

  it.effect("allowed extensions are configurable", () =>
    Effect.gen(function* () {
      yield* refused((r) => r.add(item, { text: "x", fileName: "a.txt" }), { allowedExtensions: ["json"] })
      const ok = yield* run(
        { [`${ownerPath}/addResources`]: { json: operationResult } },
        (r) => r.add(item, { text: "x", fileName: "a.css" }),
        { allowedExtensions: [".CSS"] },
      )
      expect(ok.value.success).toBe(true)
    }),
  )

  it.effect("a malformed item id or owner", () =>
    Effect.gen(function* () {
      yield* refused((r) => r.add({ id: "../../etc", owner: "u" }, { text: "x", fileName: "a.txt" }))
      yield* refused((r) => r.add({ id: itemId, owner: "../admin" }, { text: "x", fileName: "a.txt" }))
      yield* refused((r) => r.list("not-an-id"))
      yield* refused((r) => r.get("ABC", "a.json"))
    }),
  )
})

describe("Resources: path traversal is refused before anything is sent", () => {
  const bad = [
    "../x.json",
    "/abs.json",
    "a//b.json",
    "a\\b.json",
    "a\u0000b.json",
    "..%2fx.json",
    "%2e%2e/x.json",
    "a/./b.json",
    "a/",
    "C:/x.json",
    "%zz.json",
    "",
  ]

  for (const path of bad) {
    it.effect(`${JSON.stringify(path)}: get, remove, add (fileName and folderName), update`, () =>
      Effect.gen(function* () {
        const attempts: Array<Use> = [
          (r) => r.get(item, path),
          (r) => r.bytes(item, path),
          (r) => r.remove(item, path),
          (r) => r.add(item, { text: "x", fileName: path }),
          (r) => r.add(item, { text: "x", fileName: "a.txt", folderName: path }),
          (r) => r.update(item, { file: new File(["x"], path) }),
          (r) => r.update(item, { text: "x", fileName: "a.txt", folderName: path }),
        ]
        for (const attempt of attempts) {
          const portal = run({}, attempt)
          const result = yield* Effect.result(portal)
          expect(result._tag).toBe("Failure")
          if (result._tag === "Failure") {
            expect(result.failure).toMatchObject({ _tag: "InvalidInput" })
            expect(JSON.stringify(result.failure)).not.toContain(token)
          }
        }
      }),
    )
  }

  it.effect("nothing reached the network in any of those cases", () =>
    Effect.gen(function* () {
      let sent = 0
      yield* Effect.result(
        run(
          {
            [`content/items/${itemId}/resources/../x.json`]: () => {
              sent++
              return { json: {} }
            },
          },
          (r) => Effect.all([r.get(item, "../x.json"), r.remove(item, "..%2fx.json")]),
        ),
      )
      expect(sent).toBe(0)
    }),
  )
})

describe("Resources.update and remove", () => {
  it.effect("update: multipart updateResources, fileName renames the replacing file", () =>
    Effect.gen(function* () {
      const { value, to } = yield* run({ [`${ownerPath}/updateResources`]: { json: operationResult } }, (r) =>
        Effect.all([
          r.update(item, { file: new File(["png"], "billboard.png"), fileName: "banner.png", folderName: "images" }),
          r.update(item, { text: '{"v":2}', fileName: "config.json" }),
        ]),
      )
      expect(value.every((result) => result.success)).toBe(true)
      const [first, second] = to(`${ownerPath}/updateResources`)
      expect(first?.contentType).toContain("multipart/form-data")
      expect(first?.body).toEqual({ resourcesPrefix: "images", fileName: "banner.png", f: "json" })
      expect(first?.files.file?.fileName).toBe("billboard.png")
      // The portal rejects url-encoded bodies here: text-only updates are multipart too.
      expect(second?.contentType).toContain("multipart/form-data")
      expect(second?.body).toEqual({ fileName: "config.json", text: '{"v":2}', f: "json" })
    }),
  )

  it.effect("update of a missing resource: the portal's 404 as a typed PortalError", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(
        run(
          {
            [`${ownerPath}/updateResources`]: {
              json: { error: { code: 404, message: "Resource does not exist or is inaccessible.", details: [] } },
            },
          },
          (r) => r.update(item, { text: "x", fileName: "gone.txt" }),
        ),
      )
      expect(error._tag === "PortalError" && [error.reason, error.code]).toEqual(["NotFound", 404])
    }),
  )

  it.effect("remove one resource: resource=<path>; remove all: deleteAll=true", () =>
    Effect.gen(function* () {
      const removed = yield* Effect.promise(() => fixture("remove-resources-1.json"))
      const { value, to } = yield* run({ [`${ownerPath}/removeResources`]: { json: removed } }, (r) =>
        Effect.all([r.remove(item, "images/banner.png"), r.remove(item, { deleteAll: true })]),
      )
      expect(value).toEqual([true, true])
      const [one, all] = to(`${ownerPath}/removeResources`)
      expect(one?.method).toBe("POST")
      expect(one?.body).toEqual({ resource: "images/banner.png", f: "json" })
      expect(all?.body).toEqual({ deleteAll: "true", f: "json" })
    }),
  )
})

describe("Resources.list", () => {
  it.effect("all pages: num=1000, the next request starts at nextStart", () =>
    Effect.gen(function* () {
      const page = (start: number, count: number, nextStart: number) => ({
        json: {
          total: 1002,
          start,
          num: count,
          nextStart,
          resources: Array.from({ length: count }, (_, index) => ({
            resource: `r${start + index}.json`,
            created: 1,
            size: 10,
            access: "inherit",
          })),
        },
      })
      const { value, to } = yield* run(
        {
          [`content/items/${itemId}/resources`]: (_request, count) =>
            count === 0 ? page(1, 1000, 1001) : page(1001, 2, -1),
        },
        (r) => r.list(item, { sortField: "created", sortOrder: "desc" }),
      )
      expect(value).toHaveLength(1002)
      expect(value[1001]?.resource).toBe("r1002.json")
      const requests = to(`content/items/${itemId}/resources`)
      expect(requests.map((request) => request.method)).toEqual(["GET", "GET"])
      expect(requests.map((request) => Object.fromEntries(request.url.searchParams))).toEqual([
        { start: "1", num: "1000", sortField: "created", sortOrder: "desc", f: "json" },
        { start: "1001", num: "1000", sortField: "created", sortOrder: "desc", f: "json" },
      ])
    }),
  )

  it.effect("the list schema decodes the user-app-resources fixture (no `resources` field: an empty page)", () =>
    Effect.gen(function* () {
      const body = yield* Effect.promise(() => fixture("user-app-resources-1.json"))
      const decoded = yield* Schema.decodeUnknownEffect(ResourceSchema.ResourcesPage)(body)
      expect(decoded.nextStart).toBe(-1)
      expect(decoded.userResources).toHaveLength(1)
      const { value } = yield* run({ [`content/items/${itemId}/resources`]: { json: body } }, (r) => r.list(itemId))
      expect(value).toEqual([])
    }),
  )
})

describe("Resources.get", () => {
  const resourcePath = `content/items/${itemId}/resources/images/my%20banner.png`

  it.effect("JSON is parsed (by content type or .json), text is text, bytes stay a stream", () =>
    Effect.gen(function* () {
      const png = new Uint8Array([137, 80, 78, 71])
      const { value, to } = yield* run(
        {
          [`content/items/${itemId}/resources/style.json`]: {
            body: '{"layers":[1]}',
            headers: { "content-type": "application/octet-stream" },
          },
          [`content/items/${itemId}/resources/notes/readme.txt`]: {
            body: "hello",
            headers: { "content-type": "text/plain" },
          },
          [resourcePath]: { body: png, headers: { "content-type": "image/png" } },
        },
        (r) =>
          Effect.gen(function* () {
            const json = yield* r.get(item, "style.json")
            const raw = yield* r.get(item, "style.json", { tryJson: false })
            const txt = yield* r.get(item, "notes/readme.txt")
            const bin = yield* r.get(item, "images/my banner.png")
            const bytes = bin._tag === "Bytes" ? yield* Stream.runCollect(bin.response.stream) : []
            return { json, raw, txt, bin: bin._tag, bytes: Array.from(bytes).flatMap((chunk) => Array.from(chunk)) }
          }),
      )
      expect(value.json).toMatchObject({ _tag: "Json", value: { layers: [1] } })
      expect(value.raw).toMatchObject({ _tag: "Text", text: '{"layers":[1]}' })
      expect(value.txt).toMatchObject({ _tag: "Text", text: "hello" })
      // The bytes the text was decoded from travel with it (the facade saves them as a file, as Python does).
      expect(value.txt._tag === "Text" && Array.from(value.txt.bytes)).toEqual(
        Array.from(new TextEncoder().encode("hello")),
      )
      expect(value.bin).toBe("Bytes")
      expect(value.bytes).toEqual([137, 80, 78, 71])
      const [request] = to(resourcePath)
      expect(request?.method).toBe("GET")
      expect(request?.url.pathname).toBe(`/portal/sharing/rest/${resourcePath}`)
      expect(ScriptedFetch.tokenOf(request!)).toBe(token)
      expect(request?.url.href).not.toContain(token)
    }),
  )

  it.effect("a missing resource: the portal's envelope as a typed PortalError", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(
        run(
          {
            [`content/items/${itemId}/resources/gone.json`]: {
              json: { error: { code: 404, message: "Resource does not exist or is inaccessible.", details: [] } },
            },
          },
          (r) => r.get(item, "gone.json"),
        ),
      )
      expect(error._tag === "PortalError" && [error.reason, error.operation]).toEqual(["NotFound", "Resources.get"])
    }),
  )

  it.effect("forItem binds every operation to one item", () =>
    Effect.gen(function* () {
      const { value, requests } = yield* run(
        {
          [`${ownerPath}/addResources`]: { json: operationResult },
          [`content/items/${itemId}/resources`]: {
            json: { total: 1, nextStart: -1, resources: [{ resource: "a.txt" }] },
          },
          [`content/items/${itemId}/resources/a.txt`]: { body: "A", headers: { "content-type": "text/plain" } },
          [`${ownerPath}/updateResources`]: { json: operationResult },
          [`${ownerPath}/removeResources`]: { json: { success: true } },
        },
        (r) =>
          Effect.gen(function* () {
            const resources = r.forItem(item)
            yield* resources.add({ text: "A", fileName: "a.txt" })
            const listed = yield* resources.list()
            const content = yield* resources.get("a.txt")
            yield* resources.update({ text: "B", fileName: "a.txt" })
            const removed = yield* resources.remove("a.txt")
            return { listed: listed.map((entry) => entry.resource), content, removed }
          }),
      )
      expect(value).toMatchObject({ listed: ["a.txt"], content: { _tag: "Text", text: "A" }, removed: true })
      expect(requests).toHaveLength(5)
    }),
  )
})
