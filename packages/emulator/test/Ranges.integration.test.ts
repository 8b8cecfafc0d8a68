/**
 * `Range` on item data: one range `bytes=<first>-[<last>]` is answered 206 with that range and its `Content-Range`,
 * a first byte past the end 416 with `bytes *` and the length; anything else (several ranges, suffix ranges, junk,
 * oversize numbers, a POST) is answered whole — a server may ignore a range — and never with a 500.
 * `serveRanges: false` answers every range whole.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type EmulatorHandle, startEmulator } from "../src/index.ts"
import { client } from "./helpers.ts"

const size = 70_000
const data = new Uint8Array(size).map((_, index) => (index * 7 + 3) % 256)

let ranged: EmulatorHandle
let whole: EmulatorHandle

beforeAll(async () => {
  ;[ranged, whole] = await Promise.all([startEmulator(), startEmulator({ serveRanges: false })])
})
afterAll(async () => {
  await Promise.all([ranged.stop(), whole.stop()])
})

/** Adds a file item as the publisher; returns its id, a token and a data reader that sends `range`. */
const fileItem = async (emulator: EmulatorHandle) => {
  const http = client(emulator)
  const token = await http.signIn(emulator.accounts.publisher)
  const added = await http.json(`content/users/${emulator.accounts.publisher.username}/addItem`, {
    token,
    params: { title: "Ranged", type: "Code Attachment" },
    files: { file: [new Blob([data]), "ranged.bin"] },
  })
  expect(added.success).toBe(true)
  const read = async (range: string | undefined, method: "GET" | "POST" = "GET") => {
    const url = new URL(`${emulator.restUrl}/content/items/${added.id as string}/data`)
    const headers: Record<string, string> = { "X-Esri-Authorization": `Bearer ${token}` }
    if (range !== undefined) headers.range = range
    const response = await fetch(url, { method, headers })
    return { response, bytes: new Uint8Array(await response.arrayBuffer()) }
  }
  return read
}

describe("Range on item data", () => {
  it("one range is 206 with exactly its bytes and Content-Range", async () => {
    const read = await fileItem(ranged)
    for (const [range, start, end] of [
      ["bytes=0-", 0, size - 1],
      ["bytes=1000-", 1000, size - 1],
      ["bytes=1000-1999", 1000, 1999],
      ["bytes=69999-", size - 1, size - 1],
      ["bytes=5-999999999", 5, size - 1],
      ["BYTES = 10 - 20", 10, 20],
    ] as const) {
      const { response, bytes } = await read(range)
      expect(response.status, range).toBe(206)
      expect(response.headers.get("content-range"), range).toBe(`bytes ${start}-${end}/${size}`)
      expect(response.headers.get("content-length"), range).toBe(String(end - start + 1))
      expect(Buffer.compare(Buffer.from(bytes), Buffer.from(data.subarray(start, end + 1))), range).toBe(0)
    }
  })

  it("a first byte at or past the end is 416 with the length", async () => {
    const read = await fileItem(ranged)
    for (const range of [`bytes=${size}-`, "bytes=9999999999999999-"]) {
      const { response, bytes } = await read(range)
      expect(response.status, range).toBe(416)
      expect(response.headers.get("content-range"), range).toBe(`bytes */${size}`)
      expect(bytes.byteLength).toBe(0)
    }
  })

  it("anything else is answered whole, never with a 500", async () => {
    const read = await fileItem(ranged)
    const hostile = [
      undefined,
      "bytes=-500",
      "bytes=0-10,20-30",
      "bytes=20-10",
      "bytes=abc-",
      "items=0-10",
      `bytes=${"9".repeat(40)}-`,
      `bytes=${"1".repeat(5_000)}-`,
      `bytes=0-${" ".repeat(5_000)}x`,
      "bytes=0x10-",
      "bytes=-",
    ]
    for (const range of hostile) {
      const { response, bytes } = await read(range)
      expect(response.status, String(range).slice(0, 40)).toBe(200)
      expect(bytes.byteLength).toBe(size)
    }
    // A header past Node's limit is refused by the HTTP layer (431), before any handler.
    expect((await read(`bytes=${"1".repeat(50_000)}-`)).response.status).toBe(431)
    // A POST is not a ranged read.
    const posted = await read("bytes=10-", "POST")
    expect(posted.response.status).toBe(200)
    expect(posted.bytes.byteLength).toBe(size)
  })

  it("serveRanges: false answers a range whole, as a server without range support", async () => {
    const read = await fileItem(whole)
    const { response, bytes } = await read("bytes=1000-")
    expect(response.status).toBe(200)
    expect(response.headers.get("content-range")).toBeNull()
    expect(Buffer.compare(Buffer.from(bytes), Buffer.from(data))).toBe(0)
  })
})
