/**
 * Upload sources: a web stream cut into parts by `Upload.fromReadableStream` (no `effect/Stream`), and an Effect
 * stream by `PartStream` — both against the same property, plus what a hostile producer does (a reused buffer, a
 * failure) and what the upload does to the stream when it ends early (cancelled, never read ahead) — on a failure,
 * and when the upload is interrupted with a part in flight or a read that never ends.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Stream from "effect/Stream"
import fc from "fast-check"
import * as PartStream from "../src/PartStream.ts"
import { InvalidInput, TransportError } from "../src/PortalError.ts"
import * as Upload from "../src/Upload.ts"

const bytes = (size: number) => new Uint8Array(size).map((_, index) => (index * 31 + 7) % 251)

const cutters: ReadonlyArray<
  readonly [string, (chunks: ReadonlyArray<Uint8Array>, size: number) => Upload.UploadSource]
> = [
  [
    "Upload.fromReadableStream",
    (chunks, size) =>
      Upload.fromReadableStream(
        new ReadableStream<Uint8Array>({
          start(controller) {
            for (const chunk of chunks) controller.enqueue(chunk)
            controller.close()
          },
        }),
        { name: "s.bin", size },
      ),
  ],
  [
    "PartStream.fromBytes",
    (chunks, size) => PartStream.fromBytes(Stream.fromIterable(chunks), { name: "s.bin", size }),
  ],
]

const sendAll = (source: Upload.UploadSource, partSize: number) =>
  Effect.gen(function* () {
    const sent: Array<Upload.Part> = []
    yield* Upload.uploadParts({
      source,
      partSize,
      concurrency: 3,
      sendPart: (part) => Effect.sync(() => void sent.push(part)),
    })
    const ordered = sent.sort((a, b) => a.number - b.number)
    const contents = yield* Effect.promise(() =>
      Promise.all(ordered.map(async (part) => new Uint8Array(await part.content.arrayBuffer()))),
    )
    return { numbers: ordered.map((part) => part.number), contents }
  })

describe("upload sources cut from streams", () => {
  for (const [name, cut] of cutters) {
    it.live(`${name}: the parts are the bytes, in order, every one but the last of partSize (property)`, () =>
      Effect.promise(() =>
        fc.assert(
          fc.asyncProperty(
            fc.array(fc.integer({ min: 0, max: 3_000 }), { maxLength: 10 }),
            fc.integer({ min: 1, max: 1_200 }),
            async (chunkSizes, partSize) => {
              const total = chunkSizes.reduce((sum, size) => sum + size, 0)
              const data = bytes(total)
              const starts = chunkSizes.map((_, index) =>
                chunkSizes.slice(0, index).reduce((sum, size) => sum + size, 0),
              )
              const chunks = chunkSizes.map((size, index) => data.slice(starts[index], (starts[index] ?? 0) + size))
              const { numbers, contents } = await Effect.runPromise(sendAll(cut(chunks, total), partSize))
              expect(numbers).toEqual(contents.map((_, index) => index + 1))
              const joined = new Uint8Array(total)
              let at = 0
              for (const content of contents) {
                joined.set(content, at)
                at += content.byteLength
              }
              expect(joined).toEqual(data)
              expect(contents.length).toBe(Math.ceil(total / partSize))
              for (const content of contents.slice(0, -1)) expect(content.byteLength).toBe(partSize)
            },
          ),
          { numRuns: 80 },
        ),
      ),
    )
  }

  it.live("a producer that reuses its buffer for every chunk: each part keeps the bytes as they were read", () =>
    Effect.gen(function* () {
      const buffer = new Uint8Array(700)
      let round = 0
      const stream = new ReadableStream<Uint8Array>(
        {
          pull(controller) {
            if (round === 5) return controller.close()
            buffer.fill(round + 1)
            round += 1
            controller.enqueue(buffer)
          },
        },
        { highWaterMark: 0 },
      )
      const { contents } = yield* sendAll(Upload.fromReadableStream(stream, { name: "r.bin" }), 1_000)
      const expected = new Uint8Array(3_500).map((_, index) => Math.floor(index / 700) + 1)
      expect(contents.map((content) => content.byteLength)).toEqual([1_000, 1_000, 1_000, 500])
      let at = 0
      for (const content of contents) {
        expect(content).toEqual(expected.subarray(at, at + content.byteLength))
        at += content.byteLength
      }
    }),
  )

  it.live("the stream is read only as parts are asked for, and cancelled when the upload fails", () =>
    Effect.gen(function* () {
      let pulls = 0
      let cancelled = false
      const stream = new ReadableStream<Uint8Array>(
        {
          pull(controller) {
            pulls += 1
            controller.enqueue(new Uint8Array(1_000))
          },
          cancel() {
            cancelled = true
          },
        },
        { highWaterMark: 0 },
      )
      const refused = new TransportError({
        reason: "HttpStatus",
        operation: "Test.addPart",
        request: { method: "POST", path: "/addPart" },
        message: "Refused.",
        status: 400,
        reachedServer: true,
      })
      const exit = yield* Effect.exit(
        Upload.uploadParts({
          source: Upload.fromReadableStream(stream, { name: "endless.bin" }),
          partSize: 1_000,
          concurrency: 2,
          sendPart: (part) => (part.number === 3 ? Effect.fail(refused) : Effect.void),
        }),
      )
      expect(Exit.isFailure(exit)).toBe(true)
      expect(cancelled).toBe(true)
      // An endless stream: only the parts taken before the failure were read (a few, never the stream to its end).
      expect(pulls).toBeLessThan(10)
    }),
  )

  it.live("an upload interrupted with parts in flight cancels the stream", () =>
    Effect.gen(function* () {
      let cancelled = false
      const stream = new ReadableStream<Uint8Array>(
        {
          pull(controller) {
            controller.enqueue(new Uint8Array(1_000))
          },
          cancel() {
            cancelled = true
          },
        },
        { highWaterMark: 0 },
      )
      const inFlight = yield* Deferred.make<number>()
      const fiber = yield* Effect.forkChild(
        Upload.uploadParts({
          source: Upload.fromReadableStream(stream, { name: "endless.bin" }),
          partSize: 1_000,
          concurrency: 2,
          // A part that never completes: the upload can only end by interruption.
          sendPart: (part) => Effect.andThen(Deferred.succeed(inFlight, part.number), Effect.never),
        }),
      )
      expect(yield* Deferred.await(inFlight)).toBe(1)
      expect(cancelled).toBe(false)
      yield* Fiber.interrupt(fiber)
      const exit = yield* Fiber.await(fiber)
      expect(Exit.hasInterrupts(exit)).toBe(true)
      expect(cancelled).toBe(true)
    }),
  )

  it.live("an upload interrupted while the stream's read never resolves cancels the stream", () =>
    Effect.gen(function* () {
      let cancelled = false
      let pulls = 0
      let hung: () => void = () => undefined
      const hanging = new Promise<void>((resolve) => {
        hung = resolve
      })
      const stream = new ReadableStream<Uint8Array>(
        {
          pull(controller) {
            pulls += 1
            if (pulls === 1) return controller.enqueue(new Uint8Array(1_000))
            // The second read waits on a producer that never answers.
            hung()
            return new Promise<void>(() => undefined)
          },
          cancel() {
            cancelled = true
          },
        },
        { highWaterMark: 0 },
      )
      const fiber = yield* Effect.forkChild(
        Upload.uploadParts({
          source: Upload.fromReadableStream(stream, { name: "stalled.bin" }),
          partSize: 1_000,
          concurrency: 2,
          sendPart: () => Effect.void,
        }),
      )
      yield* Effect.promise(() => hanging)
      expect(cancelled).toBe(false)
      yield* Fiber.interrupt(fiber)
      const exit = yield* Fiber.await(fiber)
      expect(Exit.hasInterrupts(exit)).toBe(true)
      expect(cancelled).toBe(true)
      // The first part was read; the upload was waiting on the second read, which never ended.
      expect(pulls).toBe(2)
    }),
  )

  it.live("a stream that errors fails the upload with InvalidInput, and an empty stream has no parts", () =>
    Effect.gen(function* () {
      const failing = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new Uint8Array(10))
          controller.error(new Error("disk gone"))
        },
      })
      const error = yield* Effect.flip(sendAll(Upload.fromReadableStream(failing, { name: "f.bin" }), 4))
      expect(error).toBeInstanceOf(InvalidInput)
      expect(error.message).toBe("The upload stream failed.")
      const empty = new ReadableStream<Uint8Array>({ start: (controller) => controller.close() })
      expect((yield* sendAll(Upload.fromReadableStream(empty, { name: "e.bin" }), 4)).numbers).toEqual([])
    }),
  )
})
