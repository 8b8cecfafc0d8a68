/**
 * Resuming downloads against the real emulator: a download cut off mid-body leaves `<path>.partial`; the next
 * `downloadToFile(..., { resume: true })` asks for the rest only (`Range`, 206) and the file comes out identical; a
 * portal that answers ranges whole (`serveRanges: false`) gives the same file. `Items.download`'s `offset` streams
 * the data from that byte on, either way.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { type EmulatorHandle, startEmulator } from "@arcgis-portal/emulator"
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { Content, Items } from "../src/index.ts"
import { NodeContent } from "../src/node/index.ts"
import { layerFor, publisherAccount } from "./integration.ts"

const size = 3 * 1024 * 1024 + 123
const data = new Uint8Array(size).map((_, index) => (index * 31 + 7) % 251)

let withRanges: EmulatorHandle
let withoutRanges: EmulatorHandle
let directory = ""

beforeAll(async () => {
  ;[withRanges, withoutRanges] = await Promise.all([startEmulator(), startEmulator({ serveRanges: false })])
  directory = mkdtempSync(join(tmpdir(), "resume-download-"))
})
afterAll(async () => {
  await Promise.all([withRanges.stop(), withoutRanges.stop()])
  rmSync(directory, { recursive: true, force: true })
})

interface Seen {
  readonly range: string | null
  readonly status: number
}

/**
 * A fetch that records each data request's `Range` and answer status, and cuts the body of the first data answer
 * off after `cutAfter` bytes (a dropped connection).
 */
const recordingFetch = (cutAfter: number | undefined) => {
  const seen: Array<Seen> = []
  let cut = cutAfter
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const response = await globalThis.fetch(input, init)
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url
    if (!/\/data(\?|$)/.test(url)) return response
    seen.push({ range: new Headers(init?.headers).get("range"), status: response.status })
    if (cut === undefined || response.body === null) return response
    const limit = cut
    cut = undefined
    let passed = 0
    const body = response.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          if (passed + chunk.byteLength >= limit) {
            controller.enqueue(chunk.subarray(0, limit - passed))
            passed = limit
            controller.error(new TypeError("terminated"))
            return
          }
          passed += chunk.byteLength
          controller.enqueue(chunk)
        },
      }),
    )
    return new Response(body, { status: response.status, headers: response.headers })
  }) as typeof globalThis.fetch
  return { fetch, seen }
}

const addItem = (emulator: EmulatorHandle) =>
  Effect.flatMap(Content.Content, (content) =>
    content.add({
      properties: { title: "Resumable download", type: "Code Attachment" },
      data: new File([data], "resumable.bin"),
      multipartThreshold: size + 1,
    }),
  ).pipe(Effect.provide(layerFor(emulator, publisherAccount)))

describe.each([
  { name: "a portal that serves ranges", ranges: true },
  { name: "a portal that answers ranges whole", ranges: false },
])("resuming a download from $name", ({ ranges }) => {
  const emulator = () => (ranges ? withRanges : withoutRanges)

  it.live("a download cut off mid-body resumes where it stopped and the file is identical", () =>
    Effect.gen(function* () {
      const item = yield* addItem(emulator())
      const path = join(directory, `data-${ranges}.bin`)
      const cutAt = 1024 * 1024 + 17
      const first = recordingFetch(cutAt)
      const error = yield* Effect.flip(
        NodeContent.downloadToFile(item, path, { resume: true }).pipe(
          Effect.provide(layerFor(emulator(), publisherAccount, first.fetch)),
        ),
      )
      expect(error._tag).toBe("TransportError")
      expect(existsSync(path)).toBe(false)
      const kept = statSync(`${path}.partial`).size
      expect(kept).toBeGreaterThan(0)
      expect(kept).toBeLessThanOrEqual(cutAt)

      const second = recordingFetch(undefined)
      const progress: Array<number> = []
      const written = yield* NodeContent.downloadToFile(item, path, {
        resume: true,
        onProgress: ({ bytes }) => progress.push(bytes),
      }).pipe(Effect.provide(layerFor(emulator(), publisherAccount, second.fetch)))
      expect(written).toBe(size)
      expect(second.seen).toEqual([{ range: `bytes=${kept}-`, status: ranges ? 206 : 200 }])
      // Progress counts bytes of the whole file: from past the kept bytes (or from 0 when sent whole) to the end.
      expect(progress.at(-1)).toBe(size)
      if (ranges) expect(progress[0]).toBeGreaterThan(kept)
      expect(Buffer.compare(readFileSync(path), Buffer.from(data))).toBe(0)
      expect(existsSync(`${path}.partial`)).toBe(false)
    }),
  )

  it.live("Items.download with an offset streams the data from that byte; at the end, nothing", () =>
    Effect.gen(function* () {
      const item = yield* addItem(emulator())
      const read = (offset: number) =>
        Effect.flatMap(Items.Items, (items) => Stream.runCollect(items.download(item, { offset }))).pipe(
          Effect.map((chunks) => Buffer.concat(chunks.map((chunk) => Buffer.from(chunk)))),
          Effect.provide(layerFor(emulator(), publisherAccount)),
        )
      const tail = yield* read(size - 1000)
      expect(Buffer.compare(tail, Buffer.from(data.subarray(size - 1000)))).toBe(0)
      expect((yield* read(size)).byteLength).toBe(0)
      const error = yield* Effect.flip(read(-5))
      expect(error._tag === "InvalidInput" && error.field).toBe("offset")
    }),
  )
})
