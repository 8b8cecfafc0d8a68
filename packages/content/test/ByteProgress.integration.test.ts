/**
 * Byte-level progress against the real emulator: a multipart upload reports bytes within each part as its request
 * body is sent, and a download reports bytes chunk by chunk as the answer arrives.
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import type { PortalRequest, Upload } from "@arcgis-portal/core"
import { type EmulatorHandle, startEmulator } from "@arcgis-portal/emulator"
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Schedule from "effect/Schedule"
import * as Stream from "effect/Stream"
import { Content, Items } from "../src/index.ts"
import { NodeContent } from "../src/node/index.ts"
import { layerFor, publisherAccount, sent } from "./integration.ts"

const mebibyte = 1024 * 1024
let emulator: EmulatorHandle
let directory = ""

beforeAll(async () => {
  emulator = await startEmulator()
  directory = mkdtempSync(join(tmpdir(), "byte-progress-"))
})
afterAll(async () => {
  await emulator.stop()
  rmSync(directory, { recursive: true, force: true })
})

const publisher = () => layerFor(emulator, publisherAccount)
const fast = { schedule: Schedule.spaced("20 millis") }

const bytes = (size: number) => {
  const out = new Uint8Array(size)
  for (let index = 0; index < size; index++) out[index] = (index * 31 + 7) % 251
  return out
}

/** Each report at least the one before. */
const expectMonotonic = (progress: ReadonlyArray<{ readonly bytes: number }>) => {
  for (let index = 1; index < progress.length; index++) {
    expect(progress[index]!.bytes).toBeGreaterThanOrEqual(progress[index - 1]!.bytes)
  }
}

/** An item holding `size` bytes of binary data, sent in one request. */
const binaryItem = (title: string, size: number) =>
  Effect.flatMap(Content.Content, (content) =>
    content.add({
      properties: { title, type: "Code Attachment" },
      data: new File([bytes(size)], `${title}.bin`),
      multipartThreshold: size + 1,
    }),
  )

describe("upload progress within parts", () => {
  it.live(
    "24 MiB in 8 MiB parts, 2 at a time: many reports between part boundaries, never decreasing, ending at the total",
    () =>
      Effect.gen(function* () {
        const size = 24 * mebibyte
        const partSize = 8 * mebibyte
        const content = yield* Content.Content
        const progress: Array<Upload.Progress> = []
        // From disk, as a large upload is: the file is read (and its progress reported) 64 KiB at a time.
        const path = join(directory, "upload.bin")
        writeFileSync(path, bytes(size))
        const file = yield* NodeContent.fileFromPath(path)
        emulator.clearRequestLog()
        const item = yield* content.add({
          properties: { title: "Progress upload", type: "Code Attachment" },
          data: file,
          partSize,
          concurrency: 2,
          onProgress: (event) => progress.push(event),
          wait: fast,
        })
        expect(sent(emulator, "/addPart")).toBe(3)
        expect(item.size).toBe(size)
        expectMonotonic(progress)
        expect(progress[0]).toEqual({ bytes: 0, total: size, parts: 0 })
        expect(progress.at(-1)).toEqual({ bytes: size, total: size, parts: 3 })
        // Reported as the bodies were sent, not only when parts completed (that would be 4 reports, all on boundaries).
        const withinParts = progress.filter((event) => event.bytes % partSize !== 0)
        expect(withinParts.length).toBeGreaterThan(3 * 8)
        // Bytes of parts not yet complete were counted: reports ahead of the completed parts.
        expect(progress.filter((event) => event.bytes > event.parts * partSize).length).toBeGreaterThan(3 * 8)
        for (const event of progress) expect(event.parts * partSize).toBeLessThanOrEqual(event.bytes)
      }).pipe(Effect.provide(publisher())),
    120_000,
  )
})

describe("download progress", () => {
  const size = 6 * mebibyte + 12_345

  it.live("Items.download reports the bytes chunk by chunk as the stream is read, ending at the size", () =>
    Effect.gen(function* () {
      const item = yield* binaryItem("Progress download", size)
      const items = yield* Items.Items
      const progress: Array<PortalRequest.ByteProgress> = []
      let received = 0
      yield* Stream.runForEach(items.download(item, { onProgress: (event) => progress.push(event) }), (chunk) =>
        Effect.sync(() => {
          received += chunk.byteLength
        }),
      )
      expect(received).toBe(size)
      expect(progress.length).toBeGreaterThan(4)
      expectMonotonic(progress)
      expect(progress.at(-1)).toEqual({ bytes: size, total: size })
      // The emulator sends a Content-Length: every report knows the size.
      for (const event of progress) expect(event.total).toBe(size)
      expect(progress.filter((event) => event.bytes > 0 && event.bytes < size).length).toBeGreaterThan(3)
    }).pipe(Effect.provide(publisher())),
  )

  it.live("Items.getData reports the bytes as they arrive", () =>
    Effect.gen(function* () {
      const item = yield* binaryItem("Progress getData", size)
      const items = yield* Items.Items
      const progress: Array<PortalRequest.ByteProgress> = []
      const data = yield* items.getData(item, { onProgress: (event) => progress.push(event) })
      expect(data.kind === "bytes" && data.bytes.byteLength).toBe(size)
      expect(progress.length).toBeGreaterThan(4)
      expectMonotonic(progress)
      expect(progress.at(-1)).toEqual({ bytes: size, total: size })
    }).pipe(Effect.provide(publisher())),
  )

  it.live("NodeContent.downloadToFile reports the bytes as they are written", () =>
    Effect.gen(function* () {
      const item = yield* binaryItem("Progress file", size)
      const progress: Array<PortalRequest.ByteProgress> = []
      const path = join(directory, "progress.bin")
      const written = yield* NodeContent.downloadToFile(item, path, { onProgress: (event) => progress.push(event) })
      expect(written).toBe(size)
      expect(statSync(path).size).toBe(size)
      expect(progress.length).toBeGreaterThan(4)
      expectMonotonic(progress)
      expect(progress.at(-1)).toEqual({ bytes: size, total: size })
    }).pipe(Effect.provide(publisher())),
  )
})
