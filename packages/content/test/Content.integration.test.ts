import { Portal, Transport } from "@arcgis-portal/core"
import { SignIn } from "@arcgis-portal/core/testing"
import { type EmulatorHandle, startEmulator } from "@arcgis-portal/emulator"
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Schedule from "effect/Schedule"
import * as Stream from "effect/Stream"
import { Content, Items, ServiceLayer } from "../src/index.ts"

let emulator: EmulatorHandle

beforeAll(async () => {
  emulator = await startEmulator({ jobMillis: 100 })
})
afterAll(async () => {
  await emulator.stop()
})

const signIn = (account: SignIn.Account) => SignIn.generateToken(account, { referer: "content-tests" })

const as = (account: { username: string; password: string }) =>
  Layer.mergeAll(Content.layer, Items.layer).pipe(
    Layer.provideMerge(Portal.layer({ url: emulator.url, auth: signIn(account) })),
  )

const publisher = () => as({ username: "publisher_one", password: "publisher-pass-local" })
const user = () => as({ username: "user_one", password: "user-pass-local" })

const fast = { schedule: Schedule.spaced("50 millis") }

const collect = (stream: Stream.Stream<Uint8Array, unknown>) =>
  Effect.map(Stream.runCollect(stream), (chunks) => {
    const list = Array.from(chunks)
    const out = new Uint8Array(list.reduce((sum, chunk) => sum + chunk.byteLength, 0))
    let offset = 0
    for (const chunk of list) {
      out.set(chunk, offset)
      offset += chunk.byteLength
    }
    return out
  })

describe("content against the emulator", () => {
  it.live("adds a web map, reads it, updates it, reads its data, deletes it", () =>
    Effect.gen(function* () {
      const content = yield* Content.Content
      const items = yield* Items.Items
      const created = yield* content.add({
        properties: { title: "Integration Map", type: "Web Map", tags: ["integration", "map"], snippet: "s" },
        data: { text: { operationalLayers: [], version: "2.31" } },
      })
      expect(created).toMatchObject({ title: "Integration Map", type: "Web Map", owner: "publisher_one" })
      expect(created.tags).toEqual(["integration", "map"])
      const data = yield* items.getData(created)
      expect(data).toEqual({ kind: "json", json: { operationalLayers: [], version: "2.31" } })
      const updated = yield* items.update(created, { properties: { snippet: "changed" } })
      expect(updated.snippet).toBe("changed")
      expect(yield* content.get(created.id)).toMatchObject({ snippet: "changed" })
      expect(yield* items.delete(created)).toBe(true)
      expect(yield* content.get(created.id)).toBeUndefined()
    }).pipe(Effect.provide(publisher())),
  )

  it.live("get is undefined for an item the caller may not see", () =>
    Effect.gen(function* () {
      const privateItem = yield* Effect.flatMap(Content.Content, (content) =>
        content.add({ properties: { title: "Secret", type: "Web Map" }, data: { text: "{}" } }),
      ).pipe(Effect.provide(publisher()))
      const seen = yield* Effect.flatMap(Content.Content, (content) => content.get(privateItem.id)).pipe(
        Effect.provide(user()),
      )
      expect(seen).toBeUndefined()
    }),
  )

  it.live("a file in a folder (resolved by name), with a thumbnail; download returns the bytes", () =>
    Effect.gen(function* () {
      const content = yield* Content.Content
      const items = yield* Items.Items
      const folder = yield* content.createFolder("Integration Files")
      expect(folder.title).toBe("Integration Files")
      expect((yield* content.createFolder("integration files")).id).toBe(folder.id)
      const csv = "name,lat,lon\nA,1,2\n"
      const created = yield* content.add({
        properties: { title: "Integration CSV", type: "CSV" },
        data: new File([csv], "integration.csv", { type: "text/csv" }),
        thumbnail: new Blob([new Uint8Array([137, 80, 78, 71])], { type: "image/png" }),
        folder: "INTEGRATION FILES",
      })
      expect(created.ownerFolder).toBe(folder.id)
      expect(new TextDecoder().decode(yield* collect(items.download(created)))).toBe(csv)
      expect(yield* items.getThumbnail(created)).toEqual(new Uint8Array([137, 80, 78, 71]))
      const moved = yield* items.move(created, "/")
      expect(moved.success).toBe(true)
      expect(yield* content.deleteFolder("Integration Files")).toBe(true)
    }).pipe(Effect.provide(publisher())),
  )

  it.live("a large file goes through addItem (multipart) → addPart → commit → status", () =>
    Effect.gen(function* () {
      const content = yield* Content.Content
      const items = yield* Items.Items
      const size = 3 * 1024 * 1024 + 17
      const data = new Uint8Array(size)
      for (let index = 0; index < size; index++) data[index] = index % 253
      let reported = 0
      const created = yield* content.add({
        properties: { title: "Integration Big", type: "CSV" },
        data: new File([data], "big.csv"),
        multipartThreshold: 1024 * 1024,
        partSize: 1024 * 1024,
        concurrency: 2,
        onProgress: (progress) => {
          reported = progress.bytes
        },
        wait: fast,
      })
      expect(reported).toBe(size)
      expect(created.title).toBe("Integration Big")
      expect(yield* collect(items.download(created))).toEqual(data)
      const addItems = emulator.requestLog().filter((entry) => entry.path.endsWith("/addItem"))
      expect(addItems.filter((entry) => entry.errorCode === undefined).length).toBeGreaterThanOrEqual(1)
    }).pipe(Effect.provide(publisher())),
  )

  it.live("search finds items in the org; searchAll streams them", () =>
    Effect.gen(function* () {
      const content = yield* Content.Content
      for (const title of ["Searchable One", "Searchable Two", "Searchable Three"]) {
        yield* content.add({ properties: { title, type: "Web Map", tags: ["searchable"] }, data: { text: "{}" } })
      }
      const found = yield* content.search("tags:searchable", { maxItems: 2, sortField: "title", sortOrder: "asc" })
      expect(found).toHaveLength(2)
      const all = yield* Stream.runCollect(content.searchAll("tags:searchable", { pageSize: 1 }))
      expect(
        Array.from(all)
          .map((found) => found.title)
          .sort(),
      ).toEqual(["Searchable One", "Searchable Three", "Searchable Two"])
      const webMaps = yield* content.search("", { itemType: "Web Map", maxItems: 100 })
      expect(webMaps.every((found) => found.type === "Web Map")).toBe(true)
    }).pipe(Effect.provide(publisher())),
  )

  it.live("share with the org and a group, then unshare; comments and ratings", () =>
    Effect.gen(function* () {
      const content = yield* Content.Content
      const items = yield* Items.Items
      const transport = yield* Transport.Transport
      const groups = (yield* transport.json({
        operation: "Test.groups",
        method: "GET",
        path: "community/groups",
        params: { q: 'title:"Field Operations"', num: 10 },
      })) as { results: Array<{ id: string; title: string }> }
      const group = groups.results.find((found) => found.title === "Field Operations")!
      const created = yield* content.add({ properties: { title: "Shared Map", type: "Web Map" }, data: { text: "{}" } })
      const shared = yield* items.share(created, { org: true, groups: [group.id] })
      expect(shared.notSharedWith).toEqual([])
      expect((yield* content.get(created.id))?.access).toBe("org")
      const unshared = yield* items.unshare(created, [group.id])
      expect(unshared.notUnsharedFrom).toEqual([])
      const commentId = yield* items.addComment(created, "Looks good")
      expect((yield* items.comments(created)).map((comment) => [comment.id, comment.comment])).toEqual([
        [commentId, "Looks good"],
      ])
      expect(yield* items.protect(created)).toBe(true)
      const refused = yield* Effect.flip(items.delete(created))
      expect(refused._tag).toBe("PortalError")
      expect(yield* items.protect(created, false)).toBe(true)
      expect(yield* items.delete(created)).toBe(true)
    }).pipe(Effect.provide(publisher())),
  )

  it.live("another user rates an org item", () =>
    Effect.gen(function* () {
      const created = yield* Effect.gen(function* () {
        const content = yield* Content.Content
        const items = yield* Items.Items
        const map = yield* content.add({ properties: { title: "Rated Map", type: "Web Map" }, data: { text: "{}" } })
        yield* items.share(map, { org: true })
        return map
      }).pipe(Effect.provide(publisher()))
      yield* Effect.gen(function* () {
        const items = yield* Items.Items
        expect(yield* items.setRating(created, 4)).toBe(true)
        expect(yield* items.rating(created)).toBe(4)
        expect(yield* items.deleteRating(created)).toBe(true)
        expect(yield* items.rating(created)).toBeUndefined()
      }).pipe(Effect.provide(user()))
    }),
  )

  it.live("publishes a CSV item and waits for the service; exports it to CSV", () =>
    Effect.gen(function* () {
      const content = yield* Content.Content
      const items = yield* Items.Items
      const csv = yield* content.add({
        properties: { title: "Publishable Parks", type: "CSV" },
        data: new File(["name,lat,lon\nA,45.5,-122.6\n"], "publishable.csv", { type: "text/csv" }),
      })
      const job = yield* items.publish(csv, {
        publishParameters: {
          name: "publishable_parks",
          locationType: "coordinates",
          latitudeFieldName: "lat",
          longitudeFieldName: "lon",
        },
      })
      const statuses: Array<string> = []
      const service = yield* job.wait({ ...fast, onProgress: (status) => statuses.push(status.status) })
      expect(service.type).toBe("Feature Service")
      expect(statuses[statuses.length - 1]).toBe("completed")
      const exported = yield* items.export(service, {
        title: "Parks Export",
        exportFormat: "CSV",
        wait: true,
        waitOptions: fast,
      })
      expect(exported.type).toBe("CSV")
      const layer = yield* ServiceLayer.fromItem(service)
      expect(layer.url).toMatch(/FeatureServer\/0$/)
    }).pipe(Effect.provide(publisher())),
  )

  it.live("createService and isServiceNameAvailable", () =>
    Effect.gen(function* () {
      const content = yield* Content.Content
      expect(yield* content.isServiceNameAvailable("integration_service", "featureService")).toBe(true)
      const job = yield* content.createService({
        name: "integration_service",
        properties: { title: "Integration Service" },
      })
      const created = yield* job.wait(fast)
      expect(created.type).toBe("Feature Service")
      expect(yield* content.isServiceNameAvailable("integration_service", "featureService")).toBe(false)
    }).pipe(Effect.provide(publisher())),
  )

  it.live("relationships between two items", () =>
    Effect.gen(function* () {
      const content = yield* Content.Content
      const items = yield* Items.Items
      const map = yield* content.add({ properties: { title: "Origin Map", type: "Web Map" }, data: { text: "{}" } })
      const app = yield* content.add({
        properties: { title: "Destination App", type: "Web Mapping Application", url: "https://example.com/app" },
      })
      expect(yield* items.addRelationship(map, app, "Map2AppConfig")).toBe(true)
      expect((yield* items.relatedItems(map, "Map2AppConfig")).map((found) => found.id)).toEqual([app.id])
      expect((yield* items.relatedItems(app, "Map2AppConfig", "reverse")).map((found) => found.id)).toEqual([map.id])
      expect(yield* items.deleteRelationship(map, app, "Map2AppConfig")).toBe(true)
      expect(yield* items.relatedItems(map, "Map2AppConfig")).toEqual([])
    }).pipe(Effect.provide(publisher())),
  )

  it.live("an admin reassigns an item to another user", () =>
    Effect.gen(function* () {
      const created = yield* Effect.flatMap(Content.Content, (content) =>
        content.add({ properties: { title: "To Reassign", type: "Web Map" }, data: { text: "{}" } }),
      ).pipe(Effect.provide(publisher()))
      const reassigned = yield* Effect.gen(function* () {
        const items = yield* Items.Items
        expect(yield* items.reassignTo(created, "user_one")).toBe(true)
        return yield* Effect.flatMap(Content.Content, (content) => content.get(created.id))
      }).pipe(Effect.provide(as({ username: "portal_admin", password: "admin-pass-local" })))
      expect(reassigned?.owner).toBe("user_one")
    }),
  )
})
