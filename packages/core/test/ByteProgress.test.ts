/** A request's byte progress through ky's engine: chunk by chunk, with the total only when it is known. */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import type { ByteProgress } from "../src/PortalRequest.ts"
import * as Transport from "../src/Transport.ts"
import { collectBytes } from "../src/Transport.ts"
import * as ScriptedFetch from "../src/testing/ScriptedFetch.ts"
import { layerFor } from "./helpers.ts"

const chunks = 5
const chunkSize = 1_000

/** A body that arrives in `chunks` chunks. */
const body = () =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      for (let index = 0; index < chunks; index++) controller.enqueue(new Uint8Array(chunkSize).fill(index))
      controller.close()
    },
  })

const download = (headers: Record<string, string>) => {
  const events: Array<ByteProgress> = []
  const scripted = ScriptedFetch.make(() => ({
    body: body(),
    headers: { "content-type": "application/octet-stream", ...headers },
  }))
  return Effect.gen(function* () {
    const transport = yield* Transport.Transport
    const response = yield* transport.bytes({
      operation: "Test.download",
      method: "GET",
      path: "content/items/0123456789abcdef0123456789abcdef/data",
      onDownloadProgress: (event) => events.push(event),
    })
    const bytes = yield* collectBytes(response.stream)
    return { events, size: bytes.byteLength }
  }).pipe(Effect.provide(layerFor(scripted)))
}

describe("byte progress", () => {
  it.live("a download with a Content-Length: one event per chunk, each with the total", () =>
    Effect.gen(function* () {
      const { events, size } = yield* download({ "content-length": String(chunks * chunkSize) })
      expect(size).toBe(chunks * chunkSize)
      expect(events.map((event) => event.bytes)).toEqual(
        Array.from({ length: chunks }, (_, index) => (index + 1) * chunkSize),
      )
      expect(events.every((event) => event.total === chunks * chunkSize)).toBe(true)
    }),
  )

  it.live("a download without a Content-Length: the total is unknown until the last event", () =>
    Effect.gen(function* () {
      const { events } = yield* download({})
      expect(events.length).toBe(chunks)
      expect(events.slice(0, -1).every((event) => event.total === undefined)).toBe(true)
      expect(events.at(-1)).toEqual({ bytes: chunks * chunkSize, total: chunks * chunkSize })
    }),
  )
})
