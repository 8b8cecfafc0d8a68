/**
 * Resumable downloads at the wire and on disk: a byte request with `offset` asks for `Range: bytes=<offset>-`; the
 * answer says where its body starts (206 → the offset, 200 → 0); a 416 for an offset at the end is an empty body;
 * and `NodeFiles.writeFileResumable` keeps what an interrupted write wrote, asks only for the rest, and starts over
 * when the version changed.
 */
import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { contentRangeOf, unsatisfiedTotalOf } from "../src/internal/read-answer.ts"
import { NodeFiles } from "../src/node/index.ts"
import { InvalidInput } from "../src/PortalError.ts"
import type { PortalRequest } from "../src/PortalRequest.ts"
import * as Transport from "../src/Transport.ts"
import * as ScriptedFetch from "../src/testing/ScriptedFetch.ts"
import { layerFor } from "./helpers.ts"

const whole = new Uint8Array(1_000).map((_, index) => index % 251)

/** A scripted file server: honours `Range: bytes=<n>-` unless `ranges` is false. */
const fileServer = (ranges = true) =>
  ScriptedFetch.make((request) => {
    const range = request.headers.get("range")
    const match = range === null ? null : /^bytes=(\d+)-$/.exec(range)
    if (!ranges || match === null) {
      return { body: whole, headers: { "content-type": "application/octet-stream", "content-length": "1000" } }
    }
    const start = Number(match[1])
    if (start >= whole.byteLength) return { status: 416, headers: { "content-range": `bytes */${whole.byteLength}` } }
    return {
      status: 206,
      body: whole.subarray(start),
      headers: {
        "content-type": "application/octet-stream",
        "content-range": `bytes ${start}-${whole.byteLength - 1}/${whole.byteLength}`,
        "content-length": String(whole.byteLength - start),
      },
    }
  })

const data = (offset?: number): PortalRequest => ({
  operation: "Items.download",
  method: "GET",
  path: "content/items/abc/data",
  ...(offset === undefined ? {} : { offset }),
})

const read = (scripted: ScriptedFetch.ScriptedFetch, request: PortalRequest) =>
  Effect.gen(function* () {
    const transport = yield* Transport.Transport
    const response = yield* transport.bytes(request)
    const chunks = yield* Stream.runCollect(response.stream)
    return { response, bytes: new Uint8Array(chunks.flatMap((chunk) => [...chunk])) }
  }).pipe(Effect.provide(layerFor(scripted)))

describe("byte requests from an offset", () => {
  it.effect("ask for the range and say where the body starts (206)", () =>
    Effect.gen(function* () {
      const scripted = fileServer()
      const { response, bytes } = yield* read(scripted, data(600))
      expect(scripted.requests[0]?.headers.get("range")).toBe("bytes=600-")
      expect([response.offset, response.totalLength, response.contentLength]).toEqual([600, 1_000, 400])
      expect(bytes).toEqual(whole.subarray(600))
    }),
  )

  it.effect("a server that ignores the range sends the whole: offset 0", () =>
    Effect.gen(function* () {
      const { response, bytes } = yield* read(fileServer(false), data(600))
      expect([response.offset, response.totalLength]).toEqual([0, 1_000])
      expect(bytes.byteLength).toBe(1_000)
    }),
  )

  it.effect("an offset at the end is an empty body (416 with the whole's length)", () =>
    Effect.gen(function* () {
      const { response, bytes } = yield* read(fileServer(), data(1_000))
      expect([response.offset, response.totalLength]).toEqual([1_000, 1_000])
      expect(bytes.byteLength).toBe(0)
    }),
  )

  it.effect("an offset past the end stays a failure that names the status", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(read(fileServer(), data(5_000)))
      expect(error._tag).toBe("TransportError")
      expect(error._tag === "TransportError" && error.status).toBe(416)
    }),
  )

  it.effect("no offset, or 0, sends no Range header", () =>
    Effect.gen(function* () {
      const scripted = fileServer()
      yield* read(scripted, data())
      yield* read(scripted, data(0))
      expect(scripted.requests.map((request) => request.headers.get("range"))).toEqual([null, null])
    }),
  )

  it.effect.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 60])(
    "an offset of %s is refused before anything is sent",
    (offset) =>
      Effect.gen(function* () {
        const scripted = fileServer()
        const error = yield* Effect.flip(read(scripted, data(offset)))
        expect(error._tag === "InvalidInput" && error.field).toBe("offset")
        expect(scripted.requests).toHaveLength(0)
      }),
  )

  it("parses Content-Range strictly", () => {
    expect(contentRangeOf("bytes 10-19/20")).toEqual({ start: 10, total: 20 })
    expect(contentRangeOf("bytes 10-19/*")).toEqual({ start: 10, total: undefined })
    expect(contentRangeOf("bytes */20")).toBeUndefined()
    expect(contentRangeOf(`bytes ${"1".repeat(50_000)}-`)).toBeUndefined()
    expect(unsatisfiedTotalOf("bytes */20")).toBe(20)
    expect(unsatisfiedTotalOf("bytes 1-2/20")).toBeUndefined()
  })
})

const directory = () => Effect.promise(() => mkdtemp(join(tmpdir(), "core-resume-")))

/** The bytes of `whole` from `offset`, failing after `failAfter` bytes when given (an interrupted download). */
const source = (offsets: Array<number>, failAfter?: number) => (offset: number) => {
  offsets.push(offset)
  const rest = whole.subarray(offset)
  if (failAfter === undefined) return Stream.make(rest.subarray(0, 300), rest.subarray(300))
  return Stream.concat(
    Stream.make(rest.subarray(0, failAfter)),
    Stream.fail(new InvalidInput({ operation: "test", field: undefined, message: "connection lost" })),
  )
}

describe("NodeFiles.writeFileResumable", () => {
  it.live("an interrupted write keeps its bytes; the next run asks only for the rest", () =>
    Effect.gen(function* () {
      const dir = yield* directory()
      const path = join(dir, "data.bin")
      const offsets: Array<number> = []
      const error = yield* Effect.flip(NodeFiles.writeFileResumable(source(offsets, 420), path, { version: "v1" }))
      expect(error._tag).toBe("InvalidInput")
      expect((yield* Effect.promise(() => readFile(`${path}.partial`))).byteLength).toBe(420)
      const done = yield* NodeFiles.writeFileResumable(source(offsets), path, { version: "v1" })
      expect(offsets).toEqual([0, 420])
      expect(done).toEqual({ bytes: 1_000, resumedFrom: 420 })
      expect(new Uint8Array(yield* Effect.promise(() => readFile(path)))).toEqual(whole)
      // Nothing left beside the file: no partial, no version, no lock.
      expect(yield* Effect.promise(() => readdir(dir))).toEqual(["data.bin"])
    }),
  )

  it.live("another version starts over: bytes of two versions are never joined", () =>
    Effect.gen(function* () {
      const dir = yield* directory()
      const path = join(dir, "data.bin")
      const offsets: Array<number> = []
      yield* Effect.flip(NodeFiles.writeFileResumable(source(offsets, 500), path, { version: "v1" }))
      const done = yield* NodeFiles.writeFileResumable(source(offsets), path, { version: "v2" })
      expect(offsets).toEqual([0, 0])
      expect(done.resumedFrom).toBe(0)
      expect(new Uint8Array(yield* Effect.promise(() => readFile(path)))).toEqual(whole)
    }),
  )

  it.live("a lock held by a running process refuses a second writer; a stale lock is taken over", () =>
    Effect.gen(function* () {
      const dir = yield* directory()
      const path = join(dir, "data.bin")
      // This process (the test runner's parent) is running: its lock is live.
      yield* Effect.promise(() => writeFile(`${path}.partial.lock`, String(process.ppid)))
      const error = yield* Effect.flip(NodeFiles.writeFileResumable(source([]), path))
      expect(error._tag === "InvalidInput" && error.message).toMatch(/Another process is writing data\.bin/)
      // A process id that does not run (beyond any pid range): the lock is stale.
      yield* Effect.promise(() => writeFile(`${path}.partial.lock`, "4194999"))
      const done = yield* NodeFiles.writeFileResumable(source([]), path)
      expect(done.bytes).toBe(1_000)
    }),
  )
})
