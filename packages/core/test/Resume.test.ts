/**
 * Resumable downloads at the wire and on disk: a byte request with `offset` asks for `Range: bytes=<offset>-`; the
 * answer says where its body starts (206 → the offset, 200 → 0); a 206 that does not hold exactly the bytes asked
 * for (no or a malformed `Content-Range`, another start, a range at odds with its total or `Content-Length`) is a
 * DecodeError before any byte comes out; a 416 for an offset at the end is an empty body; and
 * `NodeFiles.writeFileResumable` keeps what an interrupted write wrote, asks only for the rest, and starts over
 * when the version changed.
 */
import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import fc from "fast-check"
import { contentRangeOf, unsatisfiedTotalOf } from "../src/internal/read-answer.ts"
import { NodeFiles } from "../src/node/index.ts"
import { DecodeError, InvalidInput } from "../src/PortalError.ts"
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
    expect(contentRangeOf("bytes 10-19/20")).toEqual({ start: 10, end: 19, total: 20 })
    expect(contentRangeOf("bytes 10-19/*")).toEqual({ start: 10, end: 19, total: undefined })
    expect(contentRangeOf("bytes */20")).toBeUndefined()
    expect(contentRangeOf(`bytes ${"1".repeat(50_000)}-`)).toBeUndefined()
    expect(unsatisfiedTotalOf("bytes */20")).toBe(20)
    expect(unsatisfiedTotalOf("bytes 1-2/20")).toBeUndefined()
  })
})

const secret = "resume-token-7f3a9c"
const staticToken = {
  name: "static",
  acquire: () => Effect.succeed({ token: Redacted.make(secret), expires: undefined }),
}

/** What a hostile server answers a resumed request with: a 206, its `Content-Range` (or none), its body. */
interface Partial206 {
  readonly offset: number
  readonly contentRange: string | undefined
  readonly bodyStart: number
  readonly contentLength?: number
}

/**
 * Sends a request resumed at `answer.offset` to a server answering `answer`, collecting every chunk the answer
 * yields as it arrives, and whether the server's body was cancelled (the connection given back).
 */
const resumeAgainst = (answer: Partial206) => {
  let cancelled = false
  const rest = whole.subarray(answer.bodyStart)
  const scripted = ScriptedFetch.make(() => ({
    status: 206,
    body: new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(rest.slice(0, 100))
        controller.enqueue(rest.slice(100))
        controller.close()
      },
      cancel() {
        cancelled = true
      },
    }),
    headers: {
      "content-type": "application/octet-stream",
      "content-length": String(answer.contentLength ?? rest.byteLength),
      ...(answer.contentRange === undefined ? {} : { "content-range": answer.contentRange }),
    },
  }))
  const output: Array<Uint8Array> = []
  return Effect.gen(function* () {
    const transport = yield* Transport.Transport
    const response = yield* transport.bytes(data(answer.offset))
    yield* Stream.runForEach(response.stream, (chunk) => Effect.sync(() => void output.push(chunk)))
    return response
  }).pipe(
    Effect.provide(layerFor(scripted, staticToken)),
    Effect.exit,
    Effect.map((exit) => ({ exit, output, scripted, cancelled: () => cancelled })),
  )
}

const offsets = fc.integer({ min: 1, max: 999 })
/** A header value (printable ASCII, as a server could send) that is no `bytes <start>-<end>/<total>`. */
const unparsable = (offset: number) =>
  fc
    .oneof(
      fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)) }),
      fc.constantFrom(
        `bytes=${offset}-999/1000`,
        `bytes ${offset}-999`,
        `bytes ${offset}-/1000`,
        `items ${offset}-999/1000`,
        `${offset}-999/1000`,
        `bytes ${offset}-999/abc`,
        `bytes -${offset}/1000`,
        `bytes ${offset}.0-999/1000`,
      ),
    )
    .filter((header) => header.trim() === header && contentRangeOf(header) === undefined)

/** Answers that cannot be joined to the bytes kept before `offset`: each family generated over offsets. */
const hostile: ReadonlyArray<readonly [string, fc.Arbitrary<Partial206>]> = [
  ["206 without Content-Range", offsets.map((offset) => ({ offset, contentRange: undefined, bodyStart: offset }))],
  [
    "206 starting before the offset",
    offsets.chain((offset) =>
      fc.integer({ min: 0, max: offset - 1 }).map((start) => ({
        offset,
        contentRange: `bytes ${start}-999/1000`,
        bodyStart: start,
      })),
    ),
  ],
  [
    "206 starting beyond the offset",
    fc.integer({ min: 1, max: 998 }).chain((offset) =>
      fc.integer({ min: offset + 1, max: 999 }).map((start) => ({
        offset,
        contentRange: `bytes ${start}-999/1000`,
        bodyStart: start,
      })),
    ),
  ],
  [
    "206 with an unparsable Content-Range",
    offsets.chain((offset) => unparsable(offset).map((contentRange) => ({ offset, contentRange, bodyStart: offset }))),
  ],
  [
    "206 with Content-Range bytes */1000",
    offsets.map((offset) => ({ offset, contentRange: "bytes */1000", bodyStart: offset })),
  ],
  [
    "206 whose range does not fit its own total",
    offsets.chain((offset) =>
      fc.integer({ min: 0, max: 999 }).map((total) => ({
        offset,
        contentRange: `bytes ${offset}-999/${total}`,
        bodyStart: offset,
      })),
    ),
  ],
  [
    "206 whose range ends before it starts",
    fc.integer({ min: 2, max: 999 }).chain((offset) =>
      fc.integer({ min: 1, max: offset - 1 }).map((end) => ({
        offset,
        contentRange: `bytes ${offset}-${end}/1000`,
        bodyStart: offset,
      })),
    ),
  ],
  [
    "206 whose Content-Length is not the range's length",
    offsets.chain((offset) =>
      fc
        .integer({ min: 0, max: 2_000 })
        .filter((length) => length !== 1_000 - offset)
        .map((contentLength) => ({
          offset,
          contentRange: `bytes ${offset}-999/1000`,
          bodyStart: offset,
          contentLength,
        })),
    ),
  ],
]

describe("a resumed request answered with bytes it did not ask for", () => {
  for (const [name, answers] of hostile) {
    it.live(`${name}: a DecodeError naming the request, no byte out, the body cancelled (generated)`, () =>
      Effect.promise(() =>
        fc.assert(
          fc.asyncProperty(answers, async (answer) => {
            const { exit, output, scripted, cancelled } = await Effect.runPromise(resumeAgainst(answer))
            expect(exit._tag).toBe("Failure")
            const error = exit._tag === "Failure" ? Cause.squash(exit.cause) : undefined
            expect(error).toBeInstanceOf(DecodeError)
            expect(error instanceof DecodeError && error.request).toEqual({
              method: "GET",
              path: "/portal/sharing/rest/content/items/abc/data",
            })
            expect(output).toEqual([])
            expect(cancelled()).toBe(true)
            // One request (a DecodeError is not retried), which carried the token the error never shows.
            expect(scripted.requests.map((request) => request.headers.get("range"))).toEqual([
              `bytes=${answer.offset}-`,
            ])
            expect(ScriptedFetch.tokenOf(scripted.requests[0] as ScriptedFetch.Recorded)).toBe(secret)
            expect(`${String(error)} ${JSON.stringify(error)}`).not.toContain(secret)
          }),
          { numRuns: 25 },
        ),
      ),
    )
  }

  it.live("a request that asked for no range takes a 206 only when it starts at byte 0", () =>
    Effect.gen(function* () {
      const fromZero = yield* resumeAgainst({ offset: 0, contentRange: "bytes 0-999/1000", bodyStart: 0 })
      expect(fromZero.exit._tag === "Success" && fromZero.exit.value.offset).toBe(0)
      expect(fromZero.output.reduce((sum, chunk) => sum + chunk.byteLength, 0)).toBe(1_000)
      const later = yield* resumeAgainst({ offset: 0, contentRange: "bytes 300-999/1000", bodyStart: 300 })
      expect(later.exit._tag === "Failure" && Cause.squash(later.exit.cause)).toBeInstanceOf(DecodeError)
      expect([later.output, later.scripted.requests[0]?.headers.get("range")]).toEqual([[], null])
    }),
  )

  it.live("a 206 that holds exactly the bytes asked for still passes, with or without a known total (generated)", () =>
    Effect.promise(() =>
      fc.assert(
        fc.asyncProperty(offsets, fc.boolean(), async (offset, knownTotal) => {
          const { exit, output } = await Effect.runPromise(
            resumeAgainst({
              offset,
              contentRange: `bytes ${offset}-999/${knownTotal ? 1_000 : "*"}`,
              bodyStart: offset,
            }),
          )
          expect(exit._tag === "Success" && [exit.value.offset, exit.value.totalLength]).toEqual([
            offset,
            knownTotal ? 1_000 : undefined,
          ])
          expect(new Uint8Array(output.flatMap((chunk) => [...chunk]))).toEqual(whole.subarray(offset))
        }),
        { numRuns: 25 },
      ),
    ),
  )
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
