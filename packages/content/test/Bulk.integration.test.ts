import { Transport } from "@arcgis-portal/core"
import { type EmulatorHandle, startEmulator } from "@arcgis-portal/emulator"
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { Content, Items } from "../src/index.ts"
import { layerFor, publisherAccount, sent, userAccount } from "./integration.ts"

let emulator: EmulatorHandle

beforeAll(async () => {
  emulator = await startEmulator({ jobMillis: 100 })
})
afterAll(async () => {
  await emulator.stop()
})

const publisher = () => layerFor(emulator, publisherAccount)
const user = () => layerFor(emulator, userAccount)

const maps = (prefix: string, count: number) =>
  Effect.flatMap(Content.Content, (content) =>
    Effect.forEach(
      Array.from({ length: count }, (_, index) => `${prefix} ${index}`),
      (title) => content.add({ properties: { title, type: "Web Map", tags: ["bulk"] }, data: { text: "{}" } }),
      { concurrency: 8 },
    ),
  )

const groupId = (title: string) =>
  Effect.gen(function* () {
    const transport = yield* Transport.Transport
    const groups = (yield* transport.json({
      operation: "Test.groups",
      method: "GET",
      path: "community/groups",
      params: { q: `title:"${title}"`, num: 10 },
    })) as { results: Array<{ id: string; title: string }> }
    return groups.results.find((found) => found.title === title)!.id
  })

const itemGroups = (id: string) =>
  Effect.gen(function* () {
    const transport = yield* Transport.Transport
    const groups = (yield* transport.json({
      operation: "Test.itemGroups",
      method: "GET",
      path: `content/items/${id}/groups`,
    })) as { admin: Array<{ id: string }>; member: Array<{ id: string }>; other: Array<{ id: string }> }
    return [...groups.admin, ...groups.member, ...groups.other].map((group) => group.id)
  })

describe("bulk operations against the emulator", () => {
  it.live("shareItems and unshareItems: access and groups read back per item", () =>
    Effect.gen(function* () {
      const content = yield* Content.Content
      const group = yield* groupId("Field Operations")
      const [a, b, c] = yield* maps("Shared", 3)
      const shared = yield* content.shareItems([a!, b!, c!.id], { org: true, groups: [group] })
      expect(shared).toEqual([a, b, c].map((item) => ({ itemId: item!.id, success: true, notSharedWith: [] })))
      for (const item of [a, b, c]) {
        expect((yield* content.get(item!.id))?.access).toBe("org")
        expect(yield* itemGroups(item!.id)).toEqual([group])
      }
      const unshared = yield* content.unshareItems([a!, b!], { groups: [{ id: group }] })
      expect(unshared).toEqual([a, b].map((item) => ({ itemId: item!.id, success: true, notUnsharedFrom: [] })))
      expect(yield* itemGroups(a!.id)).toEqual([])
      expect(yield* itemGroups(b!.id)).toEqual([])
      expect(yield* itemGroups(c!.id)).toEqual([group])
    }).pipe(Effect.provide(publisher())),
  )

  it.live("moveItems to a folder by name and back to the root; an item already there is done", () =>
    Effect.gen(function* () {
      const content = yield* Content.Content
      const folder = yield* content.createFolder("Bulk Folder")
      const [a, b] = yield* maps("Moved", 2)
      expect(yield* content.moveItems([a!, b!], "bulk folder")).toEqual([
        { itemId: a!.id, success: true },
        { itemId: b!.id, success: true },
      ])
      expect((yield* content.get(a!.id))?.ownerFolder).toBe(folder.id)
      expect((yield* content.get(b!.id))?.ownerFolder).toBe(folder.id)
      const again = yield* content.moveItems([a!], { id: folder.id })
      // Already in the requested state: done, like a retry of a move that went through.
      expect(again[0]).toEqual({ itemId: a!.id, success: true })
      expect(yield* content.moveItems([a!, b!], "/")).toEqual([
        { itemId: a!.id, success: true },
        { itemId: b!.id, success: true },
      ])
      expect((yield* content.get(a!.id))?.ownerFolder ?? null).toBeNull()
      const before = sent(emulator, "/moveItems")
      expect(yield* Effect.flip(content.moveItems([a!], "No Such Folder"))).toMatchObject({
        _tag: "InvalidInput",
        field: "folder",
      })
      expect(sent(emulator, "/moveItems")).toBe(before)
    }).pipe(Effect.provide(publisher())),
  )

  it.live("deleteItems: a protected item fails inside the results, the others are gone", () =>
    Effect.gen(function* () {
      const content = yield* Content.Content
      const items = yield* Items.Items
      const [a, kept, b] = yield* maps("Deleted", 3)
      yield* items.protect(kept!)
      const results = yield* content.deleteItems([a!, kept!, b!])
      expect(results.map((result) => [result.itemId, result.success])).toEqual([
        [a!.id, true],
        [kept!.id, false],
        [b!.id, true],
      ])
      const refused = results[1]
      expect(refused?.success === false ? refused.error : undefined).toMatchObject({
        message: expect.stringMatching(/protection/i),
      })
      expect(yield* content.get(a!.id)).toBeUndefined()
      expect(yield* content.get(b!.id)).toBeUndefined()
      expect((yield* content.get(kept!.id))?.protected).toBe(true)
    }).pipe(Effect.provide(publisher())),
  )

  it.live("another user: their own path reports per-item failures; the owner's path is Forbidden", () =>
    Effect.gen(function* () {
      const [target] = yield* maps("Not Yours", 1).pipe(Effect.provide(publisher()))
      yield* Effect.gen(function* () {
        const content = yield* Content.Content
        const own = yield* content.deleteItems([target!])
        expect(own).toEqual([
          { itemId: target!.id, success: false, error: expect.objectContaining({ message: expect.any(String) }) },
        ])
        const shared = yield* content.shareItems([target!], { everyone: true })
        expect(shared[0]?.success).toBe(false)
        const forbidden = yield* Effect.flip(content.deleteItems([target!], { owner: "publisher_one" }))
        expect(forbidden).toMatchObject({ _tag: "PortalError", reason: "Forbidden", code: 403 })
      }).pipe(Effect.provide(user()))
      const after = yield* Effect.flatMap(Content.Content, (content) => content.get(target!.id)).pipe(
        Effect.provide(publisher()),
      )
      expect(after).toMatchObject({ id: target!.id, access: "private" })
    }),
  )

  it.live("250 items go in requests of 100, 100 and 50; results come back in input order", () =>
    Effect.gen(function* () {
      const content = yield* Content.Content
      const created = yield* maps("Many", 250)
      const before = sent(emulator, "/shareItems")
      const shared = yield* content.shareItems(created, { org: true, concurrency: 2 })
      expect(sent(emulator, "/shareItems") - before).toBe(3)
      expect(shared.map((result) => result.itemId)).toEqual(created.map((item) => item.id))
      expect(shared.every((result) => result.success)).toBe(true)
      const orgItems = yield* content.search("tags:bulk", { maxItems: 1000 })
      const access = new Map(orgItems.map((item) => [item.id, item.access]))
      expect(created.every((item) => access.get(item.id) === "org")).toBe(true)
      const deleted = yield* content.deleteItems([...created].reverse())
      expect(deleted.map((result) => result.itemId)).toEqual([...created].reverse().map((item) => item.id))
      expect(deleted.every((result) => result.success)).toBe(true)
      expect(
        (yield* content.search('title:"Many"', { maxItems: 1000 })).filter((item) => item.title.startsWith("Many ")),
      ).toEqual([])
    }).pipe(Effect.provide(publisher())),
  )

  it.live("a malformed id is refused before anything is sent", () =>
    Effect.gen(function* () {
      const content = yield* Content.Content
      const before = sent(emulator, "/deleteItems")
      const error = yield* Effect.flip(content.deleteItems(["0123456789abcdef0123456789abcdef", "../../etc"]))
      expect(error).toMatchObject({ _tag: "InvalidInput", field: "items" })
      expect(sent(emulator, "/deleteItems")).toBe(before)
    }).pipe(Effect.provide(publisher())),
  )
})
