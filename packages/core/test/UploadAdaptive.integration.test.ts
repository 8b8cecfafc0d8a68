/**
 * Adaptive parts in flight against the emulator's network model: each connection's uploads capped
 * (`uploadBytesPerSecond`) behind a latency, as over a WAN. Without a `concurrency`, the upload measures that more
 * parts in flight carry more, ends with more of them than it started with, and the item is the file, byte for byte.
 */
import { createHash, randomFillSync } from "node:crypto"
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { type EmulatorHandle, startEmulator } from "@arcgis-portal/emulator"
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import { NodeFiles } from "../src/node/index.ts"
import * as Portal from "../src/Portal.ts"
import * as Transport from "../src/Transport.ts"
import { SignIn } from "../src/testing/index.ts"
import * as Upload from "../src/Upload.ts"

const MiB = 1024 * 1024
const partSize = 1 * MiB
const size = 24 * MiB
let emulator: EmulatorHandle
let directory = ""
let path = ""
let expectedHash = ""

beforeAll(async () => {
  // 4 MiB/s per connection and 20 ms per answer: one part takes ~270 ms on its own, whatever else is in flight.
  emulator = await startEmulator({ uploadBytesPerSecond: 4 * MiB, latencyMs: 20 })
  directory = mkdtempSync(join(tmpdir(), "core-upload-adaptive-"))
  path = join(directory, "data.bin")
  writeFileSync(path, randomFillSync(Buffer.alloc(size)))
  expectedHash = createHash("sha256").update(readFileSync(path)).digest("hex")
})
afterAll(async () => {
  await emulator.stop()
  rmSync(directory, { recursive: true, force: true })
})

const owner = () => `content/users/${emulator.accounts.publisher.username}`

const liveLayer = () =>
  Portal.layer({
    url: emulator.url,
    auth: SignIn.generateToken(emulator.accounts.publisher, { name: "upload-adaptive", trustExpiry: false }),
  })

describe("uploadParts without `concurrency`, each connection capped", () => {
  it.live(
    "more parts end up in flight than the 2 it starts with, and the item is the file byte for byte",
    () =>
      Effect.gen(function* () {
        const transport = yield* Transport.Transport
        const { id } = yield* transport.decode(
          {
            operation: "Test.addItem",
            method: "POST",
            path: `${owner()}/addItem`,
            params: { title: "adaptive", type: "Code Attachment", multipart: true, filename: "data.bin" },
          },
          Schema.Struct({ id: Schema.String }),
        )
        const source = yield* NodeFiles.uploadFromPath(path)
        expect(source.lazyParts).toBe(true)
        let inFlight = 0
        let maxInFlight = 0
        const result = yield* Upload.uploadParts({
          source,
          partSize,
          sendPart: (part) =>
            Effect.suspend(() => {
              inFlight += 1
              maxInFlight = Math.max(maxInFlight, inFlight)
              return transport.json({
                operation: "Test.addPart",
                method: "POST",
                path: `${owner()}/items/${id}/addPart`,
                query: { partNum: part.number },
                files: { file: { content: part.content, fileName: "data.bin" } },
                idempotent: true,
              })
            }).pipe(
              Effect.ensuring(
                Effect.sync(() => {
                  inFlight -= 1
                }),
              ),
            ),
        })
        expect(result).toEqual({ parts: size / partSize, bytes: size })
        console.info(`parts in flight: 2 at first, ${maxInFlight} at most`)
        expect(maxInFlight).toBeGreaterThan(2)

        yield* transport.json({
          operation: "Test.commit",
          method: "POST",
          path: `${owner()}/items/${id}/commit`,
          params: { type: "Code Attachment" },
        })
        for (;;) {
          const { status } = yield* transport.decode(
            { operation: "Test.status", method: "GET", path: `${owner()}/items/${id}/status` },
            Schema.Struct({ status: Schema.String }),
          )
          if (status === "completed") break
          expect(status).toBe("processing")
          yield* Effect.sleep("20 millis")
        }
        const hash = createHash("sha256")
        const data = yield* transport.bytes({ operation: "Test.data", method: "GET", path: `content/items/${id}/data` })
        yield* Stream.runForEach(data.stream, (chunk) => Effect.sync(() => hash.update(chunk)))
        expect(hash.digest("hex")).toBe(expectedHash)
      }).pipe(Effect.provide(liveLayer())),
    120_000,
  )
})
