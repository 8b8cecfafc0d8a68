/**
 * A multipart upload interrupted mid-way and resumed with `resumeItemId`: only the missing parts are sent, one
 * commit, the downloaded bytes equal the file, one item in the emulator's database.
 */
import { mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { DatabaseSync } from "node:sqlite"
import { Content } from "@arcgis-portal/content"
import { Portal } from "@arcgis-portal/core"
import { type EmulatorHandle, startEmulator } from "@arcgis-portal/emulator"
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import { publisher } from "./helpers.ts"

let emulator: EmulatorHandle
let dataDir: string
beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "arcgis-portal-resume-"))
  emulator = await startEmulator({ dataDir })
})
afterAll(async () => {
  await emulator.stop()
})

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

const partSize = 1024 * 1024
const size = 12 * partSize + 12_345 // 13 parts, the last one short
const totalParts = Math.ceil(size / partSize)

/** Deterministic, incompressible-looking bytes (xorshift32). */
const bytesOf = (length: number): Uint8Array<ArrayBuffer> => {
  const bytes = new Uint8Array(length)
  let state = 0x9e3779b9
  for (let index = 0; index < length; index++) {
    state ^= state << 13
    state ^= state >>> 17
    state ^= state << 5
    bytes[index] = state & 0xff
  }
  return bytes
}

const addPartsOf = (id: string) =>
  emulator.requestLog().filter((entry) => entry.path.endsWith(`/items/${id}/addPart`)).length

const rawToken = async () => {
  const answer = await fetch(`${emulator.restUrl}/generateToken`, {
    method: "POST",
    body: new URLSearchParams({
      f: "json",
      username: emulator.accounts.publisher.username,
      password: emulator.accounts.publisher.password,
    }),
  })
  return ((await answer.json()) as { token: string }).token
}

// Interrupting the upload aborts a part mid-flight: core sends multipart bodies as a Blob, so this
// is clean (a FormData body made Node's fetch throw an unhandled ERR_INVALID_STATE that killed the process).

describe("multipart upload: interrupted, then resumed", () => {
  it("only the missing parts are sent, one commit, identical bytes, one item", async () => {
    const runtime = ManagedRuntime.make(
      Content.layer.pipe(Layer.provideMerge(Portal.layer({ url: emulator.url, auth: publisher(emulator) }))),
    )
    try {
      const title = `resume-${Date.now().toString(36)}`
      const bytes = bytesOf(size)
      const blob = new Blob([bytes], { type: "application/zip" })
      const options = {
        properties: { title, type: "Shapefile", tags: ["resume"] },
        data: blob,
        fileName: "big.zip",
        partSize,
        concurrency: 2,
      }
      // Warm up (token, portals/self) so the log below holds only the upload.
      await runtime.runPromise(Effect.flatMap(Content.Content, (content) => content.search(`title:${title}`)))
      emulator.clearRequestLog()

      // 1. Start the upload; interrupt it once 5 parts are acknowledged.
      let acknowledged = 0
      let reached: () => void = () => {}
      const fifthPart = new Promise<void>((resolve) => {
        reached = resolve
      })
      const fiber = runtime.runFork(
        Effect.flatMap(Content.Content, (content) =>
          content.add({
            ...options,
            onProgress: ({ parts }) => {
              acknowledged = parts
              if (parts >= 5) reached()
            },
          }),
        ),
      )
      await fifthPart
      await runtime.runPromise(Fiber.interrupt(fiber))
      await sleep(300) // let an aborted part settle on the portal's side
      expect(acknowledged).toBeGreaterThanOrEqual(5)
      expect(acknowledged).toBeLessThan(totalParts)

      // 2. The partial item's id: the upload's own requests name it (the SDK chose it as itemIdToCreate).
      const ids = new Set(
        emulator
          .requestLog()
          .map((entry) => /\/items\/([0-9a-f]{32})\/addPart$/.exec(entry.path)?.[1])
          .filter((id): id is string => id !== undefined),
      )
      expect(ids.size).toBe(1)
      const id = [...ids][0] as string
      const token = await rawToken()
      const statusOf = async () =>
        (
          (await (
            await fetch(`${emulator.restUrl}/content/users/publisher_one/items/${id}/status`, {
              method: "POST",
              body: new URLSearchParams({ f: "json", token }),
            })
          ).json()) as { status?: string }
        ).status
      expect(await statusOf()).toBe("partial")
      const held = (
        (await (
          await fetch(`${emulator.restUrl}/content/users/publisher_one/items/${id}/parts`, {
            method: "POST",
            body: new URLSearchParams({ f: "json", token }),
          })
        ).json()) as { parts: Array<number> }
      ).parts
      expect(held.length).toBeGreaterThanOrEqual(acknowledged)
      expect(held.length).toBeLessThan(totalParts)
      const sentBefore = addPartsOf(id)
      expect(emulator.requestLog().filter((entry) => entry.path.endsWith("/commit"))).toHaveLength(0)

      // 3. Resume: only the parts the portal does not hold are sent; one commit.
      const item = await runtime.runPromise(
        Effect.flatMap(Content.Content, (content) => content.add({ ...options, resumeItemId: id })),
      )
      expect(item.id).toBe(id)
      const resent = addPartsOf(id) - sentBefore
      expect(resent).toBe(totalParts - held.length)
      expect(emulator.requestLog().filter((entry) => entry.path.endsWith("/commit"))).toHaveLength(1)

      // 4. The download is the file, byte for byte; exactly one item carries the title.
      const downloaded = new Uint8Array(
        await (await fetch(`${emulator.restUrl}/content/items/${id}/data?token=${token}`)).arrayBuffer(),
      )
      expect(downloaded.length).toBe(size)
      expect(Buffer.from(downloaded).equals(Buffer.from(bytes))).toBe(true)
      const db = new DatabaseSync(join(dataDir, "portal.sqlite"), { readOnly: true })
      try {
        const rows = db.prepare("SELECT id, status FROM items WHERE title = ?").all(title)
        expect(rows).toEqual([{ id, status: "completed" }])
      } finally {
        db.close()
      }
      console.info(
        `resume: ${acknowledged} parts acknowledged before the interruption, ${held.length}/${totalParts} held, ${sentBefore} addPart before, ${resent} after`,
      )
    } finally {
      await runtime.dispose()
    }
  })
})
