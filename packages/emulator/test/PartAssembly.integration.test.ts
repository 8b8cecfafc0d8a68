/**
 * Multipart uploads assembled while their parts arrive (src/internal/part-assembly.ts): the data file is whatever
 * the last part sent under each number holds, in number order — whatever the order, the concurrency, the re-sends,
 * a cancel or a restart — and the assembly really runs before the commit.
 */
import { existsSync, readdirSync, statSync } from "node:fs"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type EmulatorHandle, startEmulator } from "../src/index.ts"
import { client } from "./helpers.ts"

let emulator: EmulatorHandle
let api: ReturnType<typeof client>
let publisher = ""

beforeAll(async () => {
  emulator = await startEmulator()
  api = client(emulator)
  publisher = await api.signIn(emulator.accounts.publisher)
})
afterAll(async () => {
  await emulator.stop()
})

/** A small deterministic generator (mulberry32), so a failing scenario can be replayed from its seed. */
const random = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
}

const bytesOf = (size: number, salt: number) => new Uint8Array(size).map((_, index) => (index * 31 + salt * 17) % 253)

const base = (id: string) => `content/users/publisher_one/items/${id}`
const partsDirOf = (id: string) => join(emulator.dataDir, "items", id, "parts")
const assemblingFiles = (id: string) =>
  existsSync(partsDirOf(id)) ? readdirSync(partsDirOf(id)).filter((name) => name.startsWith(".assembling-")) : []

const start = async (filename: string) => {
  const started = await api.json("content/users/publisher_one/addItem", {
    params: { multipart: "true", filename },
    token: publisher,
  })
  expect(started.success).toBe(true)
  return started.id as string
}

const sendPart = async (id: string, partNum: number, bytes: Uint8Array<ArrayBuffer>) => {
  const answer = await api.json(`${base(id)}/addPart`, {
    query: { partNum: String(partNum) },
    files: { file: [new Blob([bytes]), "part"] },
    token: publisher,
  })
  expect(answer).toEqual({ success: true, id })
}

/** The bytes the upload's assembly holds once it stops growing toward `size` (polled: it runs in the background). */
const waitAssembled = async (id: string, size: number) => {
  let assembled = 0
  for (let attempt = 0; attempt < 2_000 && assembled < size; attempt++) {
    const [file] = assemblingFiles(id)
    assembled = file === undefined ? 0 : statSync(join(partsDirOf(id), file)).size
    if (assembled < size) await new Promise((resolve) => setTimeout(resolve, 10))
  }
  return assembled
}

const commitAndRead = async (id: string) => {
  const committed = await api.json(`${base(id)}/commit`, {
    params: { title: "Assembled", type: "Code Attachment", tags: "t" },
    token: publisher,
  })
  expect(committed).toEqual({ success: true, id })
  let status = "processing"
  for (let attempt = 0; attempt < 2_000 && status === "processing"; attempt++) {
    status = (await api.json(`${base(id)}/status`, { method: "GET", token: publisher })).status as string
    if (status === "processing") await new Promise((resolve) => setTimeout(resolve, 10))
  }
  expect(status).toBe("completed")
  const answer = await api.call(`content/items/${id}/data`, { method: "GET", token: publisher })
  return new Uint8Array(await answer.arrayBuffer())
}

/** The chunks one after the other, as a plain Uint8Array (what the data answer is compared with). */
const concat = (chunks: ReadonlyArray<Uint8Array<ArrayBuffer>>) => new Uint8Array(Buffer.concat(chunks))

describe("parts assembled as they arrive", () => {
  it("appends parts sent in order before the commit, and the commit only finishes the file", async () => {
    const id = await start("ordered.bin")
    const parts = [bytesOf(700_000, 1), bytesOf(700_000, 2), bytesOf(300_000, 3)]
    for (const [index, part] of parts.entries()) await sendPart(id, index + 1, part)
    // Before any commit, the assembly holds every part sent so far (it runs in the background: wait for it).
    expect(await waitAssembled(id, 1_700_000)).toBe(1_700_000)
    // `parts` lists the parts only, never the assembly's file.
    expect(await api.json(`${base(id)}/parts`, { method: "GET", token: publisher })).toEqual({ parts: [1, 2, 3] })
    expect(await commitAndRead(id)).toEqual(concat(parts))
    expect(existsSync(partsDirOf(id))).toBe(false)
  })

  it("generated scenarios: any order, parts in flight together, re-sends with other bytes — the last send wins", async () => {
    for (let seed = 1; seed <= 24; seed++) {
      const next = random(seed)
      const count = 1 + Math.floor(next() * 6)
      const sizes = Array.from({ length: count }, (_, index) =>
        index === count - 1 ? 1 + Math.floor(next() * 200_000) : 150_000 + Math.floor(next() * 600_000),
      )
      const latest = sizes.map((size, index) => bytesOf(size, seed * 100 + index))
      const id = await start(`scenario-${seed}.bin`)
      // The parts in a random order, sent in batches of 1–4 at a time.
      const order = [...latest.keys()].sort(() => next() - 0.5)
      while (order.length > 0) {
        const batch = order.splice(0, 1 + Math.floor(next() * 4))
        await Promise.all(batch.map((index) => sendPart(id, index + 1, latest[index] as Uint8Array<ArrayBuffer>)))
      }
      // Then some parts sent again with other bytes (possibly while the first ones are still being appended).
      const resends = Math.floor(next() * 3)
      for (let resend = 0; resend < resends; resend++) {
        const index = Math.floor(next() * count)
        latest[index] = bytesOf(sizes[index] as number, seed * 100 + index + 50 + resend)
        await sendPart(id, index + 1, latest[index] as Uint8Array<ArrayBuffer>)
      }
      expect(await commitAndRead(id), `scenario ${seed}`).toEqual(concat(latest))
      expect(existsSync(partsDirOf(id)), `scenario ${seed}`).toBe(false)
    }
  })

  it("a restarted upload of an existing item never mixes in the parts of the abandoned one", async () => {
    const id = await start("restart.bin")
    await sendPart(id, 1, bytesOf(1_000, 1))
    expect(await commitAndRead(id)).toEqual(bytesOf(1_000, 1))
    const restart = () =>
      api.json(`${base(id)}/update`, { params: { multipart: "true", filename: "restart.bin" }, token: publisher })
    expect((await restart()).success).toBe(true)
    await sendPart(id, 1, bytesOf(600_000, 2))
    await sendPart(id, 2, bytesOf(600_000, 3))
    expect((await restart()).success).toBe(true)
    // The restart dropped the abandoned assembly: the new parts, sent in order, are assembled afresh before the commit.
    expect(assemblingFiles(id)).toEqual([])
    const second = [bytesOf(400_000, 4), bytesOf(500_000, 5), bytesOf(10, 6)]
    for (const [index, part] of second.entries()) await sendPart(id, index + 1, part)
    expect(await waitAssembled(id, 900_010)).toBe(900_010)
    expect(assemblingFiles(id)).toHaveLength(1)
    expect(await commitAndRead(id)).toEqual(concat(second))
    // A cancelled replacement leaves the committed data as it was.
    expect((await restart()).success).toBe(true)
    await sendPart(id, 1, bytesOf(300_000, 7))
    expect(await api.json(`${base(id)}/cancel`, { token: publisher })).toEqual({ success: true })
    const answer = await api.call(`content/items/${id}/data`, { method: "GET", token: publisher })
    expect(new Uint8Array(await answer.arrayBuffer())).toEqual(concat(second))
    expect(assemblingFiles(id)).toEqual([])
  })
})
