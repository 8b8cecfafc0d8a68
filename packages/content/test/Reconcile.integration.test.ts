/**
 * Against the emulator: a connection that drops after the portal committed the write (the emulator's
 * "reset-after" fault, here made deterministic by a fetch that discards the answer) never creates a second item,
 * and a delete that went through is reported as done. Verified in the emulator's database.
 */
import { join } from "node:path"
import { DatabaseSync } from "node:sqlite"
import { type EmulatorHandle, startEmulator } from "@arcgis-portal/emulator"
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { Content, Items } from "../src/index.ts"
import { layerFor, publisherAccount } from "./integration.ts"

let emulator: EmulatorHandle

beforeAll(async () => {
  emulator = await startEmulator()
})
afterAll(async () => {
  await emulator.stop()
})

/** A fetch whose answers to requests matching `drop` are lost after the server processed them (once each). */
const droppingAfterCommit = (drop: (url: string, method: string) => boolean) => {
  let dropped = 0
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init)
    const response = await globalThis.fetch(request)
    if (dropped === 0 && drop(request.url, request.method)) {
      dropped++
      await response.arrayBuffer()
      throw Object.assign(new TypeError("fetch failed"), {
        cause: Object.assign(new Error("ECONNRESET"), { code: "ECONNRESET" }),
      })
    }
    return response
  }) as typeof globalThis.fetch
  return { fetch, dropped: () => dropped }
}

const rows = (sql: string, ...args: Array<string>) => {
  const db = new DatabaseSync(join(emulator.dataDir, "portal.sqlite"), { readOnly: true })
  try {
    return db.prepare(sql).all(...args) as Array<Record<string, unknown>>
  } finally {
    db.close()
  }
}

describe("reconciliation against the emulator", () => {
  it.live("addItem committed, answer lost → one item, found by its client-chosen id", () => {
    const lossy = droppingAfterCommit((url) => url.endsWith("/addItem"))
    const title = `Reconciled ${Date.now()}`
    return Effect.gen(function* () {
      const content = yield* Content.Content
      const created = yield* content.add({
        properties: { title, type: "Web Map" },
        data: { text: { version: "2.31" } },
      })
      expect(lossy.dropped()).toBe(1)
      expect(created.title).toBe(title)
      expect(rows("SELECT id FROM items WHERE title = ?", title)).toEqual([{ id: created.id }])
    }).pipe(Effect.provide(layerFor(emulator, publisherAccount, lossy.fetch)))
  })

  it.live("delete committed, answer lost → reported deleted; the item is gone", () => {
    const lossy = droppingAfterCommit((url) => url.endsWith("/delete"))
    const title = `Deleted ${Date.now()}`
    return Effect.gen(function* () {
      const content = yield* Content.Content
      const items = yield* Items.Items
      const created = yield* content.add({ properties: { title, type: "Web Map" }, data: { text: {} } })
      expect(yield* items.delete(created)).toBe(true)
      expect(lossy.dropped()).toBe(1)
      expect(rows("SELECT id FROM items WHERE title = ?", title)).toEqual([])
    }).pipe(Effect.provide(layerFor(emulator, publisherAccount, lossy.fetch)))
  })

  it.live("deleteItems committed, answer lost → every item reported done", () => {
    const lossy = droppingAfterCommit((url) => url.endsWith("/deleteItems"))
    const title = `Bulk deleted ${Date.now()}`
    return Effect.gen(function* () {
      const content = yield* Content.Content
      const created = yield* Effect.forEach([1, 2, 3], () =>
        content.add({ properties: { title, type: "Web Map" }, data: { text: {} } }),
      )
      const results = yield* content.deleteItems(created)
      expect(lossy.dropped()).toBe(1)
      expect(results.every((result) => result.success)).toBe(true)
      expect(rows("SELECT id FROM items WHERE title = ?", title)).toEqual([])
    }).pipe(Effect.provide(layerFor(emulator, publisherAccount, lossy.fetch)))
  })
})
