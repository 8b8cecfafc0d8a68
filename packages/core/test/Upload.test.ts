import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import fc from "fast-check"
import { TransportError } from "../src/PortalError.ts"
import * as Upload from "../src/Upload.ts"

const bytes = (size: number) => {
  const out = new Uint8Array(size)
  for (let index = 0; index < size; index++) out[index] = (index * 31 + 7) % 251
  return out
}

const collect = async (blobs: ReadonlyArray<{ number: number; content: Blob }>) => {
  const ordered = [...blobs].sort((a, b) => a.number - b.number)
  const parts = await Promise.all(ordered.map(async (part) => new Uint8Array(await part.content.arrayBuffer())))
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.byteLength, 0))
  let offset = 0
  for (const part of parts) {
    out.set(part, offset)
    offset += part.byteLength
  }
  return out
}

const dropped = new TransportError({
  reason: "Network",
  operation: "Test.addPart",
  request: { method: "POST", path: "/addPart" },
  message: "The connection failed (ECONNRESET).",
  status: undefined,
  reachedServer: true,
})

/** A web stream delivering `data` in chunks of the given sizes. */
const chunked = (data: Uint8Array, sizes: ReadonlyArray<number>) => {
  let offset = 0
  let index = 0
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= data.byteLength) return controller.close()
      const size = Math.max(1, sizes[index++ % sizes.length] ?? 1)
      controller.enqueue(data.slice(offset, offset + size))
      offset += size
    },
  })
}

describe("Upload.uploadParts", () => {
  it.live("parts of a Blob cover it exactly, numbered from 1, in order", () =>
    Effect.gen(function* () {
      const data = bytes(10_000)
      const sent: Array<{ number: number; content: Blob }> = []
      const result = yield* Upload.uploadParts({
        source: Upload.fromBlob(new Blob([data]), "data.bin"),
        partSize: 3_000,
        concurrency: 3,
        sendPart: (part) => Effect.sync(() => void sent.push(part)),
      })
      expect(result).toEqual({ parts: 4, bytes: 10_000 })
      expect(sent.map((part) => part.number).sort()).toEqual([1, 2, 3, 4])
      expect(sent.map((part) => part.content.size).sort()).toEqual([1_000, 3_000, 3_000, 3_000])
      expect(yield* Effect.promise(() => collect(sent))).toEqual(data)
    }),
  )

  it.live("parts cut from a stream cover it exactly, whatever the chunk sizes (property)", () =>
    Effect.promise(() =>
      fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 0, max: 5_000 }),
          fc.integer({ min: 1, max: 1_500 }),
          fc.array(fc.integer({ min: 1, max: 2_000 }), { minLength: 1, maxLength: 8 }),
          async (size, partSize, chunkSizes) => {
            const data = bytes(size)
            const sent: Array<{ number: number; content: Blob }> = []
            await Effect.runPromise(
              Upload.uploadParts({
                source: Upload.fromReadableStream(chunked(data, chunkSizes), { name: "s.bin", size }),
                partSize,
                concurrency: 2,
                sendPart: (part) => Effect.sync(() => void sent.push(part)),
              }),
            )
            expect(await collect(sent)).toEqual(data)
            const sizes = [...sent].sort((a, b) => a.number - b.number).map((part) => part.content.size)
            for (const partBytes of sizes.slice(0, -1)) expect(partBytes).toBe(partSize)
          },
        ),
        { numRuns: 60 },
      ),
    ),
  )

  it.live("keeps at most `concurrency` parts in flight and bounded parts in memory", () =>
    Effect.gen(function* () {
      const partSize = 1_024
      let produced = 0
      let completed = 0
      let maxHeld = 0
      let inFlight = 0
      let maxInFlight = 0
      const source = Upload.fromReadableStream(chunked(bytes(64 * partSize), [700]), { name: "big.bin" })
      const counted: Upload.UploadSource = {
        ...source,
        parts: (size) =>
          source.parts(size).pipe(
            Stream.tap(() =>
              Effect.sync(() => {
                produced += 1
                maxHeld = Math.max(maxHeld, produced - completed)
              }),
            ),
          ),
      }
      yield* Upload.uploadParts({
        source: counted,
        partSize,
        concurrency: 3,
        sendPart: () =>
          Effect.gen(function* () {
            inFlight += 1
            maxInFlight = Math.max(maxInFlight, inFlight)
            yield* Effect.sleep(2)
            inFlight -= 1
            completed += 1
          }),
      })
      expect(completed).toBe(64)
      expect(maxInFlight).toBe(3)
      expect(maxHeld).toBeLessThanOrEqual(3 + 2)
    }),
  )

  it.live("a part that fails with a retryable error is sent again on its own; progress reaches the total", () =>
    Effect.gen(function* () {
      const attempts = new Map<number, number>()
      const progress: Array<Upload.Progress> = []
      const result = yield* Upload.uploadParts({
        source: Upload.fromBlob(new Blob([bytes(5_000)])),
        partSize: 1_000,
        concurrency: 2,
        onProgress: (event) => progress.push(event),
        sendPart: (part) =>
          Effect.suspend(() => {
            const count = (attempts.get(part.number) ?? 0) + 1
            attempts.set(part.number, count)
            return part.number === 3 && count === 1 ? Effect.fail(dropped) : Effect.void
          }),
      })
      expect(result.parts).toBe(5)
      expect([...attempts.entries()].sort()).toEqual([
        [1, 1],
        [2, 1],
        [3, 2],
        [4, 1],
        [5, 1],
      ])
      expect(progress[0]).toEqual({ bytes: 0, total: 5_000, parts: 0 })
      expect(progress.at(-1)).toEqual({ bytes: 5_000, total: 5_000, parts: 5 })
      for (let index = 1; index < progress.length; index++) {
        expect(progress[index]!.bytes).toBeGreaterThan(progress[index - 1]!.bytes)
      }
    }),
  )

  it.live("a part that keeps failing fails the upload with its error", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(
        Upload.uploadParts({
          source: Upload.fromBlob(new Blob([bytes(3_000)])),
          partSize: 1_000,
          partRetries: 2,
          sendPart: () => Effect.fail(dropped),
        }),
      )
      expect(error._tag).toBe("TransportError")
    }),
  )

  it.live("refuses a non-positive part size before sending anything", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(
        Upload.uploadParts({ source: Upload.fromBlob(new Blob(["x"])), partSize: 0, sendPart: () => Effect.void }),
      )
      expect(error._tag === "InvalidInput" && error.field).toBe("partSize")
    }),
  )

  it.live("an empty Blob is one empty part (the portal wants at least one)", () =>
    Effect.gen(function* () {
      const sent: Array<number> = []
      yield* Upload.uploadParts({
        source: Upload.fromBlob(new Blob([])),
        sendPart: (part) => Effect.sync(() => void sent.push(part.content.size)),
      })
      expect(sent).toEqual([0])
    }),
  )
})
