import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import fc from "fast-check"
import * as Endpoint from "../src/Endpoint.ts"
import { TransportError } from "../src/PortalError.ts"
import { Transport } from "../src/Transport.ts"
import * as ScriptedFetch from "../src/testing/ScriptedFetch.ts"
import * as Upload from "../src/Upload.ts"
import { layerFor } from "./helpers.ts"

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
        open: (size) =>
          Effect.map(source.open(size), (next) =>
            Effect.tap(next, (part) =>
              Effect.sync(() => {
                if (part === undefined) return
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
      // A part is read from the stream only once a permit is free: never more than the parts in flight.
      expect(maxHeld).toBeLessThanOrEqual(3)
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

/** A multipart part upload, as content's `addPart` is. */
const addPart = Endpoint.make({
  rest: "addPart",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/add-item-part.htm",
  method: "POST",
  idempotent: true,
  request: (input: { readonly partNum: number; readonly content: Blob }) => ({
    path: "content/users/u/items/0123456789abcdef0123456789abcdef/addPart",
    query: { partNum: input.partNum },
    files: { file: { content: input.content, fileName: "data.bin" } },
  }),
  response: Schema.Struct({ success: Schema.Boolean }),
})

/** Every report is at least the one before, and never counts a part as complete before it is. */
const expectMonotonic = (progress: ReadonlyArray<Upload.Progress>) => {
  for (let index = 1; index < progress.length; index++) {
    expect(progress[index]!.bytes).toBeGreaterThanOrEqual(progress[index - 1]!.bytes)
    expect(progress[index]!.parts).toBeGreaterThanOrEqual(progress[index - 1]!.parts)
  }
}

describe("Upload.uploadParts byte progress", () => {
  it.live("reports the bytes of the parts in flight as their senders call back, not only when parts complete", () =>
    Effect.gen(function* () {
      const progress: Array<Upload.Progress> = []
      yield* Upload.uploadParts({
        source: Upload.fromBlob(new Blob([bytes(3_000)])),
        partSize: 1_000,
        concurrency: 1,
        onProgress: (event) => progress.push(event),
        sendPart: (_part, sent) =>
          Effect.gen(function* () {
            for (const bytesSent of [250, 500, 750, 1_000]) {
              sent(bytesSent)
              yield* Effect.yieldNow
            }
          }),
      })
      // One part at a time: each callback moves the report; a part's completion adds only `parts`.
      expect(progress.map(({ bytes, parts }) => [bytes, parts])).toEqual([
        [0, 0],
        [250, 0],
        [500, 0],
        [750, 0],
        [1_000, 0],
        [1_000, 1],
        [1_250, 1],
        [1_500, 1],
        [1_750, 1],
        [2_000, 1],
        [2_000, 2],
        [2_250, 2],
        [2_500, 2],
        [2_750, 2],
        [3_000, 2],
        [3_000, 3],
      ])
      for (const event of progress) expect(event.total).toBe(3_000)
    }),
  )

  it.live("adds up the parts in flight together, monotonic, ending at the total", () =>
    Effect.gen(function* () {
      const progress: Array<Upload.Progress> = []
      const result = yield* Upload.uploadParts({
        source: Upload.fromBlob(new Blob([bytes(10_000)])),
        partSize: 2_000,
        concurrency: 2,
        onProgress: (event) => progress.push(event),
        sendPart: (_part, sent) =>
          Effect.gen(function* () {
            for (let bytesSent = 100; bytesSent <= 2_000; bytesSent += 100) {
              sent(bytesSent)
              yield* Effect.yieldNow
            }
          }),
      })
      expect(result).toEqual({ parts: 5, bytes: 10_000 })
      expectMonotonic(progress)
      expect(progress.at(-1)).toEqual({ bytes: 10_000, total: 10_000, parts: 5 })
      // Far more reports than parts, and two parts in flight at once: some reports count bytes of both.
      expect(progress.length).toBeGreaterThan(5 * 20)
      const withinParts = progress.filter((event) => event.bytes % 2_000 !== 0)
      expect(withinParts.length).toBeGreaterThan(5 * 10)
      expect(progress.some((event) => event.bytes - event.parts * 2_000 > 2_000)).toBe(true)
    }),
  )

  it.live("a retried part counts from 0 again; the report holds still until it passes where it was", () =>
    Effect.gen(function* () {
      const progress: Array<Upload.Progress> = []
      let attempts = 0
      yield* Upload.uploadParts({
        source: Upload.fromBlob(new Blob([bytes(1_000)])),
        partSize: 1_000,
        onProgress: (event) => progress.push(event),
        sendPart: (_part, sent) =>
          Effect.suspend(() => {
            attempts += 1
            if (attempts === 1) {
              sent(600)
              return Effect.fail(dropped)
            }
            sent(300)
            sent(600)
            sent(900)
            return Effect.void
          }),
      })
      expect(attempts).toBe(2)
      // 300 and 600 of the second attempt are not reported: 600 had been reported already.
      expect(progress.map(({ bytes, parts }) => [bytes, parts])).toEqual([
        [0, 0],
        [600, 0],
        [900, 0],
        [1_000, 1],
      ])
    }),
  )

  it.live("counts a part at most its size, and ignores its callbacks once it has completed", () =>
    Effect.gen(function* () {
      const progress: Array<Upload.Progress> = []
      let late: Upload.PartProgress | undefined
      yield* Upload.uploadParts({
        source: Upload.fromBlob(new Blob([bytes(2_000)])),
        partSize: 1_000,
        concurrency: 1,
        onProgress: (event) => progress.push(event),
        sendPart: (part, sent) =>
          Effect.sync(() => {
            // A request body is larger than the part (multipart headers): never more than the part is counted.
            sent(1_200)
            if (part.number === 1) late = sent
            else late?.(1_000)
          }),
      })
      expect(progress.map(({ bytes, parts }) => [bytes, parts])).toEqual([
        [0, 0],
        [1_000, 0],
        [1_000, 1],
        [2_000, 1],
        [2_000, 2],
      ])
    }),
  )

  it.live("wired to a part request's onUploadProgress, reports bytes as each request body is read", () => {
    const scripted = ScriptedFetch.make(() => ({ json: { success: true } }))
    return Effect.gen(function* () {
      const partSize = 1024 * 1024
      const size = 3 * partSize
      const progress: Array<Upload.Progress> = []
      const transport = yield* Transport
      yield* Upload.uploadParts({
        source: Upload.fromBlob(new Blob([bytes(size)])),
        partSize,
        concurrency: 2,
        onProgress: (event) => progress.push(event),
        sendPart: (part, sent) =>
          Endpoint.send(
            transport,
            addPart,
            "Test.addPart",
            { partNum: part.number, content: part.content },
            {
              onUploadProgress: ({ bytes: bodyBytes, total }) =>
                // The body is the part plus a few hundred bytes of multipart framing: count in proportion.
                sent(total === undefined ? bodyBytes : Math.floor((bodyBytes / total) * part.content.size)),
            },
          ),
      })
      expect(scripted.requests).toHaveLength(3)
      expectMonotonic(progress)
      expect(progress.at(-1)).toEqual({ bytes: size, total: size, parts: 3 })
      // Reports between the part boundaries: the bodies were counted as they were read, chunk by chunk.
      const withinParts = progress.filter((event) => event.bytes % partSize !== 0)
      expect(withinParts.length).toBeGreaterThan(3)
    }).pipe(Effect.provide(layerFor(scripted)))
  })
})
