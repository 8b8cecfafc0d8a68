/**
 * The network model's upload side (`uploadBytesPerSecond`): a request body is read at most at the cap, each connection
 * with its own, with backpressure to the client instead of bytes queued in the emulator. Lower bounds on time only
 * (bytes read by a moment, never a time an upload must finish by).
 */
import { randomFillSync } from "node:crypto"
import { readdirSync, statSync } from "node:fs"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type EmulatorHandle, startEmulator } from "../src/index.ts"
import { client } from "./helpers.ts"

const KiB = 1024
const MiB = 1024 * KiB
// Timers are millisecond-grained: a timer may fire a little before a clock read just before it was set.
const timerSlack = 5
/** The pacer's piece: at most this much may be read ahead of the rate at any moment. */
const piece = 64 * KiB

let emulator: EmulatorHandle
let token = ""

beforeAll(async () => {
  emulator = await startEmulator()
  token = await client(emulator).signIn(emulator.accounts.publisher)
})
afterAll(async () => {
  await emulator.stop()
})

const owner = () => `content/users/${emulator.accounts.publisher.username}`

/** Bytes the emulator has written so far of the multipart files it is receiving (its uploads folder). */
const bytesReceived = (): number => {
  const folder = join(emulator.dataDir, "uploads")
  let total = 0
  let names: Array<string> = []
  try {
    names = readdirSync(folder)
  } catch {
    return 0
  }
  for (const name of names) {
    try {
      total += statSync(join(folder, name)).size
    } catch {
      // Moved into place or removed between the listing and the stat.
    }
  }
  return total
}

/** Samples `read()` every 10 ms until `stop` is called, with the milliseconds since `t0`. */
const sampler = (t0: number, read: () => number) => {
  const samples: Array<{ readonly ms: number; readonly bytes: number }> = []
  const timer = setInterval(() => samples.push({ ms: performance.now() - t0, bytes: read() }), 10)
  return {
    samples,
    stop: () => clearInterval(timer),
  }
}

/** addItem with `data` as its file (multipart); resolves with the new item's id and the milliseconds it took. */
const addItem = async (data: Uint8Array, title: string) => {
  const started = performance.now()
  const form = new FormData()
  for (const [name, value] of Object.entries({ f: "json", title, type: "Code Attachment" })) form.append(name, value)
  form.append("file", new Blob([data as Uint8Array<ArrayBuffer>]), "data.zip")
  const response = await fetch(`${emulator.restUrl}/${owner()}/addItem`, {
    method: "POST",
    headers: { "X-Esri-Authorization": `Bearer ${token}` },
    body: form,
  })
  const body = (await response.json()) as { id?: string; error?: unknown }
  expect(body.error).toBeUndefined()
  return { id: body.id ?? "", ms: performance.now() - started }
}

const itemData = async (id: string) =>
  new Uint8Array(
    await (
      await fetch(`${emulator.restUrl}/content/items/${id}/data`, {
        headers: { "X-Esri-Authorization": `Bearer ${token}` },
      })
    ).arrayBuffer(),
  )

describe("uploadBytesPerSecond", () => {
  it("an upload of N bytes at R bytes per second takes at least N / R, and the item keeps every byte", async () => {
    const rate = 4 * MiB
    const data = randomFillSync(new Uint8Array(2 * MiB))
    emulator.setUploadRate(rate)
    try {
      const { id, ms } = await addItem(data, "paced")
      expect(ms).toBeGreaterThanOrEqual((data.byteLength / rate) * 1000 - timerSlack)
      expect(Buffer.compare(await itemData(id), data)).toBe(0)
    } finally {
      emulator.setUploadRate(undefined)
    }
  })

  it("parallel connections each get their own cap: each takes N / R, together they carry more than one link", async () => {
    const rate = 2 * MiB
    const connections = 4
    const data = Array.from({ length: connections }, () => randomFillSync(new Uint8Array(1 * MiB)))
    emulator.setUploadRate(rate)
    const t0 = performance.now()
    const received = sampler(t0, bytesReceived)
    try {
      const results = await Promise.all(data.map((bytes, index) => addItem(bytes, `parallel ${index}`)))
      received.stop()
      for (const { ms } of results) expect(ms).toBeGreaterThanOrEqual((1 * MiB * 1000) / rate - timerSlack)
      // One shared link would have carried at most `rate` bytes per second since t0; four links carried more. (A
      // lower bound on what was read by a moment the machine chose, 1.5 links against the 4 there are.)
      const best = Math.max(...received.samples.map(({ ms, bytes }) => bytes / ((rate * ms) / 1000)))
      expect(best).toBeGreaterThan(1.5)
      for (const [index, { id }] of results.entries()) expect(Buffer.compare(await itemData(id), data[index]!)).toBe(0)
    } finally {
      received.stop()
      emulator.setUploadRate(undefined)
    }
  })

  it("the body is not read faster than the cap: the emulator holds no more than a piece ahead, the client waits", async () => {
    const rate = 8 * MiB
    const size = 32 * MiB
    emulator.setUploadRate(rate)
    // A body made as the client's fetch asks for it: `pulled` is what the client has been able to send so far.
    const boundary = "throughput-test-boundary"
    const head = new TextEncoder().encode(
      `--${boundary}\r\nContent-Disposition: form-data; name="f"\r\n\r\njson\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\nbackpressure\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="type"\r\n\r\nCode Attachment\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="data.zip"\r\n` +
        "Content-Type: application/octet-stream\r\n\r\n",
    )
    const chunk = new Uint8Array(64 * KiB).fill(42)
    let pulled = 0
    let stage: "head" | "data" | "done" = "head"
    const body = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          if (stage === "head") {
            stage = "data"
            controller.enqueue(head)
          } else if (pulled < size) {
            controller.enqueue(chunk.slice())
            pulled += chunk.byteLength
          } else if (stage === "data") {
            stage = "done"
            controller.enqueue(new TextEncoder().encode(`\r\n--${boundary}--\r\n`))
          } else controller.close()
        },
      },
      { highWaterMark: 0 },
    )
    const t0 = performance.now()
    const sent = sampler(t0, () => pulled)
    const received = sampler(t0, bytesReceived)
    try {
      const response = await fetch(`${emulator.restUrl}/${owner()}/addItem`, {
        method: "POST",
        headers: {
          "content-type": `multipart/form-data; boundary=${boundary}`,
          "X-Esri-Authorization": `Bearer ${token}`,
        },
        body,
        duplex: "half",
      } as RequestInit)
      const answer = (await response.json()) as { success?: boolean }
      expect(answer.success).toBe(true)
      expect(performance.now() - t0).toBeGreaterThanOrEqual((size / rate) * 1000 - timerSlack)
    } finally {
      sent.stop()
      received.stop()
      emulator.setUploadRate(undefined)
    }
    // The emulator: never more than the rate allows since the request began, plus the piece being released.
    expect(received.samples.length).toBeGreaterThan(10)
    for (const { ms, bytes } of received.samples) expect(bytes).toBeLessThanOrEqual((rate * ms) / 1000 + piece)
    // The client: held back by TCP, a few MiB of socket buffers ahead at most (without backpressure the whole body
    // would be taken at once, 32 MiB in the first tenths of a second).
    for (const { ms, bytes } of sent.samples) expect(bytes).toBeLessThanOrEqual((rate * ms) / 1000 + 12 * MiB)
  }, 30_000)

  it("a form body is paced too; with the rate lifted the same body is taken again", async () => {
    const { json } = client(emulator)
    // A 512 KiB url-encoded field (under the 1 MiB limit of a parameter): at 1 MiB/s, at least half a second.
    const text = "x".repeat(512 * KiB)
    emulator.setUploadRate(1 * MiB)
    try {
      const started = performance.now()
      const answer = await json(`${owner()}/addItem`, { token, params: { title: "form", type: "Web Map", text } })
      expect(answer.success).toBe(true)
      expect(performance.now() - started).toBeGreaterThanOrEqual(500 - timerSlack)
    } finally {
      emulator.setUploadRate(undefined)
    }
    const after = await json(`${owner()}/addItem`, { token, params: { title: "form 2", type: "Web Map", text } })
    expect(after.success).toBe(true)
  })

  it("refuses a rate that is not a positive number of bytes per second", async () => {
    for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY])
      expect(() => emulator.setUploadRate(bad)).toThrow(/uploadBytesPerSecond/)
    await expect(startEmulator({ seed: false, uploadBytesPerSecond: 0 })).rejects.toThrow(RangeError)
  })
})
