import { Endpoint, PortalError, Transport } from "@arcgis-portal/core"
import { type EmulatorHandle, startEmulator } from "@arcgis-portal/emulator"
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Schedule from "effect/Schedule"
import * as Stream from "effect/Stream"
import { addToDefinition } from "../src/endpoints/services/addToDefinition.ts"
import { serviceInfo } from "../src/endpoints/services/serviceInfo.ts"
import { Content, type ItemSchema, Items } from "../src/index.ts"
import { layerFor, publisherAccount, sent, userAccount } from "./integration.ts"

let emulator: EmulatorHandle

beforeAll(async () => {
  // Long enough that the first status read after an async add still sees `processing` on a loaded machine.
  emulator = await startEmulator({ jobMillis: 500 })
})
afterAll(async () => {
  await emulator.stop()
})

const publisher = () => layerFor(emulator, publisherAccount)
const user = () => layerFor(emulator, userAccount)
const fast = { schedule: Schedule.spaced("20 millis") }

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

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes)

/** A web map owned by the publisher. */
const webMap = (title: string, extra: Partial<Content.AddOptions> = {}) =>
  Effect.flatMap(Content.Content, (content) =>
    content.add({ properties: { title, type: "Web Map" }, data: { text: "{}" }, ...extra }),
  ).pipe(Effect.provide(publisher()))

/** Runs `f` as user_one and returns its failure. */
const asUserFails = <A>(f: (items: Items.ItemsShape, content: Content.ContentShape) => Effect.Effect<A, unknown>) =>
  Effect.flip(
    Effect.flatMap(Effect.all([Items.Items, Content.Content]), ([items, content]) => f(items, content)).pipe(
      Effect.provide(user()),
    ),
  )

const expectForbidden = (error: unknown) =>
  expect(error).toMatchObject({ _tag: "PortalError", reason: "Forbidden", code: 403 })

/** The invisible-item answer: code 400 with CONT_0001, which `PortalError.isNotFound` recognizes. */
const expectNotFound = (error: unknown) => {
  expect(error).toMatchObject({ _tag: "PortalError", messageCode: "CONT_0001" })
  expect(PortalError.isNotFound(error as PortalError.PortalFailure)).toBe(true)
}

const malformed = { id: "not-an-item-id", owner: "publisher_one" }

describe("hosted services against the emulator", () => {
  /** A hosted feature service with layers Parks (0), Trails (1) and table Inspections (2), made once. */
  let made: ItemSchema.Item | undefined
  const makeSource = Effect.gen(function* () {
    const content = yield* Content.Content
    const created = yield* (yield* content.createService({
      name: "flc_source",
      properties: { title: "FLC Source", tags: ["flc"] },
    })).wait(fast)
    yield* Endpoint.call(addToDefinition, "Test.addToDefinition", {
      serviceUrl: created.url ?? "",
      definition: {
        layers: [
          { id: 0, name: "Parks" },
          { id: 1, name: "Trails" },
        ],
        tables: [{ id: 2, name: "Inspections" }],
      },
    })
    made = created
    return created
  })
  const source = Effect.suspend(() =>
    made !== undefined ? Effect.succeed(made) : makeSource.pipe(Effect.provide(publisher())),
  )

  const serviceJson = (url: string) =>
    Effect.map(Endpoint.call(serviceInfo, "Test.service", { url }), (json) => ({
      layers: (json.layers as Array<{ id: number; name: string }>).map(({ id, name }) => ({ id, name })),
      tables: (json.tables as Array<{ id: number; name: string }>).map(({ id, name }) => ({ id, name })),
    }))

  it.live("copyFeatureLayerCollection copies every layer and table, or the ones named", () =>
    Effect.gen(function* () {
      const items = yield* Items.Items
      const content = yield* Content.Content
      const original = yield* source
      expect(yield* serviceJson(original.url ?? "")).toEqual({
        layers: [
          { id: 0, name: "Parks" },
          { id: 1, name: "Trails" },
        ],
        tables: [{ id: 2, name: "Inspections" }],
      })
      const copy = yield* (yield* items.copyFeatureLayerCollection(original, {
        serviceName: "flc_copy_all",
        description: "A full copy",
        snippet: "copied",
      })).wait(fast)
      expect(copy).toMatchObject({ type: "Feature Service", title: "flc_copy_all", owner: "publisher_one" })
      expect(yield* content.get(copy.id)).toMatchObject({ snippet: "copied", description: "A full copy" })
      expect(yield* serviceJson(copy.url ?? "")).toEqual({
        layers: [
          { id: 0, name: "Parks" },
          { id: 1, name: "Trails" },
        ],
        tables: [{ id: 2, name: "Inspections" }],
      })
      const some = yield* (yield* items.copyFeatureLayerCollection(original, {
        serviceName: "flc_copy_some",
        layers: [1],
        tables: [2],
      })).wait(fast)
      expect(yield* serviceJson(some.url ?? "")).toEqual({
        layers: [{ id: 1, name: "Trails" }],
        tables: [{ id: 2, name: "Inspections" }],
      })
    }).pipe(Effect.provide(publisher())),
  )

  it.live("copyFeatureLayerCollection: another user's private service is Forbidden; no URL is refused", () =>
    Effect.gen(function* () {
      const original = yield* source
      const before = sent(emulator, "/createService")
      expectForbidden(
        yield* asUserFails((items) => items.copyFeatureLayerCollection(original, { serviceName: "flc_stolen" })),
      )
      expect(sent(emulator, "/createService")).toBe(before)
      const refused = yield* asUserFails((items) =>
        items.copyFeatureLayerCollection({ ...original, url: null }, { serviceName: "flc_nourl" }),
      )
      expect(refused).toMatchObject({ _tag: "InvalidInput", field: "item" })
      expect(sent(emulator, "/createService")).toBe(before)
    }),
  )

  it.live("createTileService publishes the feature service as a Map Service related to it", () =>
    Effect.gen(function* () {
      const items = yield* Items.Items
      const content = yield* Content.Content
      const original = yield* source
      const job = yield* items.createTileService(original, { title: "flc_tiles", minScale: 1e6, maxScale: 1000 })
      expect(job.jobType).toBe("publish")
      const tiles = yield* job.wait(fast)
      expect(tiles).toMatchObject({ type: "Map Service", title: "flc_tiles" })
      expect((yield* content.get(tiles.id))?.type).toBe("Map Service")
      expect((yield* items.relatedItems(tiles, "Service2Service")).map((found) => found.id)).toEqual([original.id])
    }).pipe(Effect.provide(publisher())),
  )

  it.live("createTileService: another user is Forbidden; a malformed id is refused before sending", () =>
    Effect.gen(function* () {
      const original = yield* source
      expectForbidden(
        yield* asUserFails((items) =>
          items.createTileService(original, { title: "stolen_tiles", minScale: 1e6, maxScale: 1000 }),
        ),
      )
      const before = sent(emulator, "/publish")
      const refused = yield* asUserFails((items) =>
        items.createTileService(malformed, { title: "x", minScale: 1, maxScale: 0 }),
      )
      expect(refused).toMatchObject({ _tag: "InvalidInput", field: "id" })
      expect(sent(emulator, "/publish")).toBe(before)
    }),
  )

  it.live("importData turns CSV text into a feature collection; text without rows is refused", () =>
    Effect.gen(function* () {
      const content = yield* Content.Content
      const collection = yield* content.importData({ csv: "name,lat,lon\nA,45.5,-122.6\nB,45.6,-122.7\n" })
      const [layer] = (collection.layers ?? []) as Array<{
        featureSet: { features: Array<{ attributes: Record<string, unknown>; geometry?: { x: number; y: number } }> }
      }>
      expect(layer?.featureSet.features.map((feature) => [feature.attributes.name, feature.geometry])).toEqual([
        ["A", { x: -122.6, y: 45.5, spatialReference: { wkid: 4326 } }],
        ["B", { x: -122.7, y: 45.6, spatialReference: { wkid: 4326 } }],
      ])
      const before = sent(emulator, "/analyze")
      expect(yield* Effect.flip(content.importData({ csv: "name,lat,lon" }))).toMatchObject({
        _tag: "InvalidInput",
        field: "csv",
      })
      expect(sent(emulator, "/analyze")).toBe(before)
    }).pipe(Effect.provide(publisher())),
  )
})

describe("item operations against the emulator", () => {
  it.live("dependentUpon and dependentTo read relationships and URLs; invisible items are not found", () =>
    Effect.gen(function* () {
      const items = yield* Items.Items
      const content = yield* Content.Content
      const map = yield* content.add({ properties: { title: "Dependent Map", type: "Web Map" }, data: { text: "{}" } })
      const app = yield* content.add({
        properties: { title: "Dependent App", type: "Web Mapping Application", url: "https://example.com/app" },
      })
      expect(yield* items.dependentUpon(map)).toMatchObject({ total: 0, list: [] })
      yield* items.addRelationship(map, app, "Map2AppConfig")
      expect((yield* items.dependentUpon(map)).list).toEqual([{ dependencyType: "id", id: app.id }])
      expect((yield* items.dependentTo(app)).list).toEqual([{ dependencyType: "id", id: map.id }])
      expect((yield* items.dependentUpon(app)).list).toEqual([
        { dependencyType: "url", url: "https://example.com/app" },
      ])
      expect((yield* items.dependentTo(map)).total).toBe(0)
      expectNotFound(yield* asUserFails((items) => items.dependentUpon(map)))
      expectNotFound(yield* asUserFails((items) => items.dependentTo(app)))
      expect(yield* Effect.flip(items.dependentTo(malformed))).toMatchObject({ _tag: "InvalidInput" })
    }).pipe(Effect.provide(publisher())),
  )

  it.live("proxies of an app; canDelete before and after protect; another user is Forbidden", () =>
    Effect.gen(function* () {
      const items = yield* Items.Items
      const content = yield* Content.Content
      const app = yield* content.add({
        properties: { title: "Proxy App", type: "Web Mapping Application", url: "https://example.com/proxy" },
      })
      expect(yield* items.proxies(app)).toEqual([])
      expect(yield* items.canDelete(app)).toEqual({ itemId: app.id, success: true })
      yield* items.protect(app)
      const blocked = yield* items.canDelete(app)
      expect(blocked).toMatchObject({ itemId: app.id, success: false, error: { code: 400, messageCode: "CONT_0044" } })
      yield* items.protect(app, false)
      expect((yield* items.canDelete(app)).success).toBe(true)
      yield* items.share(app, { org: true })
      expectForbidden(yield* asUserFails((items) => items.proxies(app)))
      expectForbidden(yield* asUserFails((items) => items.canDelete(app)))
      expect(yield* content.get(app.id)).toBeDefined()
      expect(yield* Effect.flip(items.canDelete(malformed))).toMatchObject({ _tag: "InvalidInput" })
    }).pipe(Effect.provide(publisher())),
  )

  it.live("metadata given at add and update is read back; missing metadata is undefined", () =>
    Effect.gen(function* () {
      const items = yield* Items.Items
      const content = yield* Content.Content
      const first = "<metadata><dataIdInfo><idCitation><resTitle>One</resTitle></idCitation></dataIdInfo></metadata>"
      const withMetadata = yield* content.add({
        properties: { title: "With Metadata", type: "Web Map" },
        data: { text: "{}" },
        metadata: new Blob([first], { type: "text/xml" }),
      })
      expect(withMetadata.typeKeywords).toContain("Metadata")
      expect(yield* items.metadata(withMetadata)).toBe(first)
      expect(text(yield* collect(items.downloadMetadata(withMetadata)))).toBe(first)
      const second = "<metadata><Esri><ArcGISProfile>ISO19139</ArcGISProfile></Esri></metadata>"
      yield* items.update(withMetadata, { metadata: new Blob([second], { type: "text/xml" }) })
      expect(yield* items.metadata(withMetadata)).toBe(second)

      const without = yield* content.add({
        properties: { title: "No Metadata", type: "Web Map" },
        data: { text: "{}" },
      })
      expect(yield* items.metadata(without)).toBeUndefined()
      const missing = yield* Effect.flip(collect(items.downloadMetadata(without)))
      expect(missing).toMatchObject({ _tag: "PortalError", reason: "NotFound", code: 404 })

      // Another user cannot see the private item: metadata is undefined, the download fails.
      expect(
        yield* Effect.flatMap(Items.Items, (items) => items.metadata(withMetadata)).pipe(Effect.provide(user())),
      ).toBe(undefined)
      expectNotFound(yield* asUserFails((items) => collect(items.downloadMetadata(withMetadata))))
    }).pipe(Effect.provide(publisher())),
  )

  it.live("thumbnails: bytes, byte stream and link, after add and after update", () =>
    Effect.gen(function* () {
      const items = yield* Items.Items
      const content = yield* Content.Content
      const png = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10, 1, 2, 3])
      const created = yield* content.add({
        properties: { title: "Thumbnail Map", type: "Web Map" },
        data: { text: "{}" },
        thumbnail: new File([png], "parks.png", { type: "image/png" }),
      })
      expect(created.thumbnail).toBe("thumbnail/parks.png")
      expect(yield* items.getThumbnail(created)).toEqual(png)
      expect(yield* collect(items.downloadThumbnail(created))).toEqual(png)
      const link = items.getThumbnailLink(created)
      expect(link).toBe(`${emulator.restUrl}/content/items/${created.id}/info/thumbnail/parks.png`)
      // The link carries no token: anonymously it answers the not-found envelope until the item is public.
      expect(yield* Effect.promise(() => fetch(link!).then((response) => response.text()))).toMatch(/CONT_0001/)
      yield* items.share(created, { everyone: true })
      const anonymous = yield* Effect.promise(() => fetch(link!).then((response) => response.arrayBuffer()))
      expect(new Uint8Array(anonymous)).toEqual(png)

      const replacement = new Uint8Array([137, 80, 78, 71, 9, 9, 9])
      const updated = yield* items.update(created, { thumbnail: new File([replacement], "new.png") })
      expect(updated.thumbnail).toBe("thumbnail/new.png")
      expect(yield* items.getThumbnail(updated)).toEqual(replacement)

      const plain = yield* content.add({ properties: { title: "No Thumbnail", type: "Web Map" }, data: { text: "{}" } })
      expect(yield* items.getThumbnail(plain)).toBeUndefined()
      expect(items.getThumbnailLink(plain)).toBeUndefined()
      expect(yield* Effect.flip(collect(items.downloadThumbnail(plain)))).toMatchObject({
        _tag: "InvalidInput",
        field: "thumbnail",
      })
      const secret = yield* content.add({
        properties: { title: "Private Thumbnail", type: "Web Map" },
        data: { text: "{}" },
        thumbnail: new File([png], "secret.png"),
      })
      expectNotFound(yield* asUserFails((items) => items.getThumbnail(secret)))
    }).pipe(Effect.provide(publisher())),
  )

  it.live("move to a folder by name and back to the root", () =>
    Effect.gen(function* () {
      const items = yield* Items.Items
      const content = yield* Content.Content
      const folder = yield* content.createFolder("Move Target")
      const created = yield* content.add({ properties: { title: "Mover", type: "Web Map" }, data: { text: "{}" } })
      const moved = yield* items.move(created, "move target")
      expect(moved).toMatchObject({ success: true, itemId: created.id, folder: folder.id })
      const inFolder = yield* content.get(created.id)
      expect(inFolder?.ownerFolder).toBe(folder.id)
      expect((yield* items.move(inFolder!, "/")).success).toBe(true)
      expect((yield* content.get(created.id))?.ownerFolder ?? null).toBeNull()
      expect(yield* Effect.flip(items.move(created, "No Such Folder"))).toMatchObject({
        _tag: "InvalidInput",
        field: "folder",
      })
      yield* items.share(created, { org: true })
      expectForbidden(yield* asUserFails((items) => items.move(created, "/")))
      expectForbidden(yield* asUserFails((items) => items.move(created, "Move Target")))
      expect((yield* content.get(created.id))?.ownerFolder ?? null).toBeNull()
    }).pipe(Effect.provide(publisher())),
  )

  it.live("status of an async add: processing, then completed; of a job; another user is Forbidden", () =>
    Effect.gen(function* () {
      const items = yield* Items.Items
      const content = yield* Content.Content
      const statuses: Array<string> = []
      const created = yield* content.add({
        properties: { title: "Async Map", type: "Web Map" },
        data: { text: '{"operationalLayers":[]}' },
        async: true,
        wait: { ...fast, onProgress: (status) => statuses.push(status.status) },
      })
      expect(statuses[0]).toBe("processing")
      expect(statuses.at(-1)).toBe("completed")
      expect(yield* items.status(created)).toMatchObject({ status: "completed", itemId: created.id })
      expect(yield* items.getData(created)).toEqual({ kind: "json", json: { operationalLayers: [] } })

      const job = yield* content.createService({ name: "status_service", properties: { title: "Status Service" } })
      const service = yield* job.wait(fast)
      expect(yield* items.status(service, { jobId: job.jobId, jobType: "createService" })).toMatchObject({
        status: "completed",
        itemId: service.id,
      })
      expectForbidden(yield* asUserFails((items) => items.status(created)))
    }).pipe(Effect.provide(publisher())),
  )

  it.live("deleteFolder deletes the folder and its items; false when there is none", () =>
    Effect.gen(function* () {
      const content = yield* Content.Content
      const transport = yield* Transport.Transport
      const folder = yield* content.createFolder("Doomed Folder")
      const inside = yield* content.add({
        properties: { title: "Doomed Item", type: "Web Map" },
        data: { text: "{}" },
        folder: "doomed folder",
      })
      expect(inside.ownerFolder).toBe(folder.id)
      expectForbidden(
        yield* asUserFails((_, content) => content.deleteFolder("Doomed Folder", { owner: "publisher_one" })),
      )
      expect(yield* content.deleteFolder("DOOMED FOLDER")).toBe(true)
      const listing = (yield* transport.json({
        operation: "Test.userContent",
        method: "GET",
        path: "content/users/publisher_one",
        params: { num: 1 },
      })) as { folders: Array<{ title: string }> }
      expect(listing.folders.map((entry) => entry.title)).not.toContain("Doomed Folder")
      expect(yield* content.get(inside.id)).toBeUndefined()
      expect(yield* content.deleteFolder("Doomed Folder")).toBe(false)
    }).pipe(Effect.provide(publisher())),
  )

  it.live("search sorts by sortField/sortOrder; outsideOrg drops the org filter", () =>
    Effect.gen(function* () {
      for (const title of ["Sorted Charlie", "Sorted Alpha", "Sorted Bravo"]) {
        yield* webMap(title, { properties: { title, type: "Web Map", tags: ["sortable"] } })
      }
      const queries: Array<string> = []
      const recording: typeof globalThis.fetch = (input, init) => {
        const url = new URL(input instanceof Request ? input.url : String(input))
        if (url.pathname.endsWith("/search")) {
          const body = typeof init?.body === "string" ? new URLSearchParams(init.body) : url.searchParams
          queries.push(body.get("q") ?? url.searchParams.get("q") ?? "")
        }
        return globalThis.fetch(input, init)
      }
      yield* Effect.gen(function* () {
        const content = yield* Content.Content
        const titles = (found: ReadonlyArray<{ title: string }>) => found.map((item) => item.title)
        expect(titles(yield* content.search("tags:sortable", { sortField: "title", sortOrder: "asc" }))).toEqual([
          "Sorted Alpha",
          "Sorted Bravo",
          "Sorted Charlie",
        ])
        expect(titles(yield* content.search("tags:sortable", { sortField: "title", sortOrder: "desc" }))).toEqual([
          "Sorted Charlie",
          "Sorted Bravo",
          "Sorted Alpha",
        ])
        expect(
          titles(yield* content.search("tags:sortable", { sortField: "title", sortOrder: "asc", outsideOrg: true })),
        ).toEqual(["Sorted Alpha", "Sorted Bravo", "Sorted Charlie"])
      }).pipe(Effect.provide(layerFor(emulator, publisherAccount, recording)))
      expect(queries).toHaveLength(3)
      expect(queries[0]).toMatch(/^tags:sortable accountid:\S+$/)
      expect(queries[2]).toBe("tags:sortable")
    }),
  )
})
