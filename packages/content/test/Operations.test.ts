import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { Content, Items } from "../src/index.ts"
import * as Operations from "../src/operations-entry/index.ts"
import { bytes, folderId, item, itemId, otherId, params, portal, portalUrl, restUrl, self } from "./helpers.ts"

const results = (from: number, to: number) =>
  Array.from({ length: Math.max(0, to - from + 1) }, (_, index) =>
    item({ id: (from + index).toString(16).padStart(32, "0"), title: `Item ${from + index}` }),
  )

/** A portal whose `search` lists `total` items, `num` from `start`. */
const searchPortal = (total: number) =>
  portal({
    "portals/self": { json: self },
    "GET search": (request) => {
      const start = Number(request.url.searchParams.get("start"))
      const num = Number(request.url.searchParams.get("num"))
      const end = Math.min(total, start + num - 1)
      return {
        json: {
          total,
          start,
          num: Math.max(0, end - start + 1),
          nextStart: end < total ? end + 1 : -1,
          results: results(start, end),
        },
      }
    },
  })

/** The names of the standalone functions, for each method of the services (renamed where a name is a keyword). */
const standaloneName = (method: string) => ({ delete: "deleteItem", export: "exportItem" })[method] ?? method

describe("@arcgis-portal/content/operations", () => {
  it.effect("has one function for every method of Content and Items", () =>
    Effect.gen(function* () {
      const fake = searchPortal(0)
      const [content, items] = yield* Effect.all([Content.Content, Items.Items]).pipe(Effect.provide(fake.layer))
      const methods = [...Object.keys(content), ...Object.keys(items)].map(standaloneName).sort()
      const functions = Object.entries(Operations)
        .filter(([, value]) => typeof value === "function")
        .map(([name]) => name)
        .sort()
      expect(functions).toEqual(methods)
    }),
  )

  it.effect("search sends what Content.search sends and answers the same", () =>
    Effect.gen(function* () {
      const viaService = searchPortal(50)
      const viaFunction = searchPortal(50)
      const options = { itemType: "Web Map", sortField: "title", sortOrder: "asc", maxItems: 5 } as const
      const fromService = yield* Effect.flatMap(Content.Content, (content) => content.search("parks", options)).pipe(
        Effect.provide(viaService.layer),
      )
      const fromFunction = yield* Operations.search("parks", options).pipe(Effect.provide(viaFunction.layer))
      expect(fromFunction).toEqual(fromService)
      expect(fromFunction.map((found) => found.title)).toEqual(["Item 1", "Item 2", "Item 3", "Item 4", "Item 5"])
      expect(viaFunction.to("search").map(params)).toEqual(viaService.to("search").map(params))
      expect(params(viaFunction.to("search")[0]!)).toMatchObject({
        q: `(parks) AND type:"Web Map" accountid:${self.id}`,
        start: "1",
        num: "5",
        sortField: "title",
        sortOrder: "asc",
      })
    }),
  )

  it.effect("search pages as searchAll does: at most 100 a page, stops at maxItems or at the listing's end", () =>
    Effect.gen(function* () {
      const many = searchPortal(1000)
      const found = yield* Operations.search("x", { maxItems: 250 }).pipe(Effect.provide(many.layer))
      expect(found).toHaveLength(250)
      expect(many.to("search").map((request) => [params(request).start, params(request).num])).toEqual([
        ["1", "100"],
        ["101", "100"],
        ["201", "50"],
      ])
      const few = searchPortal(3)
      expect(yield* Operations.search("x").pipe(Effect.provide(few.layer))).toHaveLength(3)
      expect(few.to("search")).toHaveLength(1)
      const none = searchPortal(3)
      expect(yield* Operations.search("x", { maxItems: 0 }).pipe(Effect.provide(none.layer))).toEqual([])
      expect(none.to("search")).toHaveLength(0)
    }),
  )

  it.effect("searchAll streams every result, pages in parallel once the total is known", () =>
    Effect.gen(function* () {
      const fake = searchPortal(230)
      const all = yield* Stream.runCollect(Operations.searchAll("x", { concurrency: 3 })).pipe(
        Effect.provide(fake.layer),
      )
      expect(Array.from(all).map((found) => found.title)).toEqual(results(1, 230).map((found) => found.title))
      expect(
        fake
          .to("search")
          .map((request) => params(request).start)
          .sort(),
      ).toEqual(["1", "101", "201"])
    }),
  )

  it.effect("get: the item, undefined when the portal says it does not exist, InvalidInput for a malformed id", () =>
    Effect.gen(function* () {
      const fake = portal({
        [`content/items/${itemId}`]: { json: item({ title: "Parks" }) },
        [`content/items/${otherId}`]: {
          json: { error: { code: 400, messageCode: "CONT_0001", message: "Item does not exist.", details: [] } },
        },
      })
      const [found, missing, refused] = yield* Effect.all([
        Operations.get(itemId),
        Operations.get(otherId),
        Effect.flip(Operations.get("not an id")),
      ]).pipe(Effect.provide(fake.layer))
      expect(found?.title).toBe("Parks")
      expect(missing).toBeUndefined()
      expect(refused).toMatchObject({ _tag: "InvalidInput", operation: "Content.get" })
      expect(fake.requests).toHaveLength(2)
    }),
  )

  it.effect(
    "move resolves a folder name; share goes to the owner's folder; homepage and the thumbnail link are effects",
    () =>
      Effect.gen(function* () {
        const inFolder = item({ ownerFolder: folderId, thumbnail: "thumbnail/a.png" })
        const fake = portal({
          "GET content/users/publisher_one": { json: { folders: [{ id: otherId, title: "Archive" }] } },
          [`POST content/users/publisher_one/${folderId}/items/${itemId}/move`]: {
            json: { success: true, itemId, owner: "publisher_one", folder: otherId },
          },
          [`POST content/users/publisher_one/${folderId}/items/${itemId}/share`]: {
            json: { notSharedWith: [], itemId },
          },
        })
        const [moved, shared, homepage, link] = yield* Effect.all([
          Operations.move(inFolder, "archive"),
          Operations.share(inFolder, { org: true }),
          Operations.homepage(inFolder),
          Operations.getThumbnailLink(inFolder),
        ]).pipe(Effect.provide(fake.layer))
        expect(moved.folder).toBe(otherId)
        expect(shared.notSharedWith).toEqual([])
        expect(fake.to(`content/users/publisher_one/${folderId}/items/${itemId}/share`)[0]?.body).toMatchObject({
          org: "true",
        })
        expect(homepage).toBe(`${portalUrl}/home/item.html?id=${itemId}`)
        expect(link).toBe(`${restUrl}/content/items/${itemId}/info/thumbnail/a.png`)
      }),
  )

  it.effect("download streams the item's data through the transfer engine, reporting its bytes", () =>
    Effect.gen(function* () {
      const data = bytes(70_000)
      const fake = portal({
        [`GET content/items/${itemId}/data`]: {
          body: data,
          headers: { "content-type": "application/octet-stream", "content-length": String(data.byteLength) },
        },
      })
      const reported: Array<number> = []
      const chunks = yield* Stream.runCollect(
        Operations.download(item(), { onProgress: (progress) => reported.push(progress.bytes) }),
      ).pipe(Effect.provide(fake.layer))
      const joined = new Uint8Array(data.byteLength)
      let offset = 0
      for (const chunk of chunks) {
        joined.set(chunk, offset)
        offset += chunk.byteLength
      }
      expect(joined).toEqual(data)
      expect(reported.at(-1)).toBe(data.byteLength)
    }),
  )
})
