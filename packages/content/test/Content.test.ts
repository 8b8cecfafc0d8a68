import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Schedule from "effect/Schedule"
import * as Stream from "effect/Stream"
import { TestClock } from "effect/testing"
import { Content } from "../src/index.ts"
import { bytes, folderId, item, itemId, params, portal, self, settle, until } from "./helpers.ts"

const fast = { schedule: Schedule.spaced(1) }

describe("Content.add", () => {
  it.effect("creates a text item for the signed-in user and reads it back", () =>
    Effect.gen(function* () {
      const fake = portal({
        "portals/self": { json: self },
        "content/users/publisher_one/addItem": { json: { success: true, id: itemId, folder: null } },
        [`content/items/${itemId}`]: { json: item({ type: "Web Map", extra: 1 }) },
      })
      const created = yield* Effect.flatMap(Content.Content, (content) =>
        content.add({
          properties: {
            title: "Parks",
            type: "Web Map",
            tags: ["a", "b"],
            extent: [
              [-1, -2],
              [3, 4],
            ],
          },
          data: { text: { operationalLayers: [] } },
        }),
      ).pipe(Effect.provide(fake.layer))
      expect(created).toMatchObject({ id: itemId, type: "Web Map", extra: 1 })
      const [add] = fake.to("content/users/publisher_one/addItem")
      expect(add?.method).toBe("POST")
      expect(add?.body).toEqual({
        f: "json",
        title: "Parks",
        type: "Web Map",
        tags: "a,b",
        extent: "-1,-2,3,4",
        text: '{"operationalLayers":[]}',
      })
    }),
  )

  it.effect("sends a small file, thumbnail and metadata as multipart parts, in a folder named case-insensitively", () =>
    Effect.gen(function* () {
      const fake = portal({
        // Read by add to learn whether the portal takes itemIdToCreate (this one, like Online, does not).
        "portals/self": { json: self },
        "GET content/users/user_two": {
          json: { username: "user_two", folders: [{ id: folderId, title: "Parks Data", username: "user_two" }] },
        },
        [`content/users/user_two/${folderId}/addItem`]: { json: { success: true, id: itemId, folder: folderId } },
        [`content/items/${itemId}`]: { json: item({ owner: "user_two", ownerFolder: folderId }) },
      })
      const data = new File([bytes(1000)], "parks.csv", { type: "text/csv" })
      yield* Effect.flatMap(Content.Content, (content) =>
        content.add({
          properties: { title: "Parks", type: "CSV" },
          data,
          thumbnail: new Blob([bytes(10)], { type: "image/png" }),
          metadata: new Blob(["<metadata/>"], { type: "text/xml" }),
          owner: "user_two",
          folder: "parks data",
        }),
      ).pipe(Effect.provide(fake.layer))
      const [add] = fake.to(`content/users/user_two/${folderId}/addItem`)
      expect(add?.contentType).toMatch(/^multipart\/form-data/)
      expect(add?.body).toMatchObject({ title: "Parks", type: "CSV" })
      expect(add?.files.file?.fileName).toBe("parks.csv")
      expect(add?.files.file?.bytes).toEqual(bytes(1000))
      expect(add?.files.thumbnail?.fileName).toBe("thumbnail.png")
      expect(add?.files.metadata?.fileName).toBe("metadata.xml")
      expect(new TextDecoder().decode(add?.files.metadata?.bytes)).toBe("<metadata/>")
    }),
  )

  it.effect("fails with InvalidInput for an unknown folder, before creating anything", () =>
    Effect.gen(function* () {
      const fake = portal({
        "portals/self": { json: self },
        "GET content/users/publisher_one": { json: { folders: [] } },
      })
      const error = yield* Effect.flip(
        Effect.flatMap(Content.Content, (content) =>
          content.add({ properties: { title: "x", type: "CSV" }, data: { url: "https://x" }, folder: "Nope" }),
        ).pipe(Effect.provide(fake.layer)),
      )
      expect(error._tag).toBe("InvalidInput")
      expect(fake.to("content/users/publisher_one/addItem")).toHaveLength(0)
    }),
  )
})

describe("Content.add multipart", () => {
  const size = 3 * 1024 * 1024 + 1234
  const partSize = 256 * 1024
  const partCount = Math.ceil(size / partSize)

  const multipartPortal = (
    options: {
      commitFails?: boolean
      failedStatus?: boolean
      present?: Array<number>
      /** How many status reads answer `processing` (default 1). */
      processing?: number
      /** No dropped connection on the third part (nothing to retry: no sleeping under a TestClock). */
      noReset?: boolean
    } = {},
  ) => {
    let inFlight = 0
    let maxInFlight = 0
    const fake = portal({
      "portals/self": { json: self },
      "content/users/publisher_one/addItem": { json: { success: true, id: itemId, folder: null } },
      [`content/users/publisher_one/items/${itemId}/parts`]: { json: { parts: options.present ?? [] } },
      [`content/users/publisher_one/items/${itemId}/addPart`]: async (request, count) => {
        inFlight += 1
        maxInFlight = Math.max(maxInFlight, inFlight)
        await new Promise((resolve) => setTimeout(resolve, 2))
        inFlight -= 1
        // The third request drops its connection once: the part is sent again.
        if (count === 2 && options.noReset !== true) return "reset"
        return { json: { success: true, id: itemId, partNum: request.url.searchParams.get("partNum") } }
      },
      [`content/users/publisher_one/items/${itemId}/commit`]: options.commitFails
        ? { json: { error: { code: 500, message: "Commit failed.", details: [] } } }
        : { json: { success: true, id: itemId } },
      [`content/users/publisher_one/items/${itemId}/status`]: (_, count) => ({
        json:
          count < (options.processing ?? 1)
            ? { status: "processing", statusMessage: "", itemId }
            : options.failedStatus
              ? { status: "failed", statusMessage: "The file is corrupt.", itemId }
              : { status: "completed", statusMessage: "", itemId },
      }),
      [`content/items/${itemId}`]: { json: item({ size }) },
    })
    return { ...fake, maxInFlight: () => maxInFlight }
  }

  it.effect("after the commit the status is read at once, then 200, 500, 950, 1,625 ms later — not every 2 s", () =>
    Effect.gen(function* () {
      const fake = multipartPortal({ processing: 4, noReset: true })
      const reads = () => fake.to(`content/users/publisher_one/items/${itemId}/status`).length
      yield* Effect.gen(function* () {
        const content = yield* Content.Content
        const fiber = yield* Effect.forkChild(
          content.add({
            properties: { title: "Big", type: "CSV" },
            data: new File([bytes(size)], "big.csv"),
            multipartThreshold: 1024 * 1024,
            partSize,
          }),
        )
        yield* until(() => reads() === 1)
        // Delays 200, 300, 450, 675 ms (×1.5 each time, at most 2 s): one millisecond early, no read; on time, one.
        for (const delay of [200, 300, 450, 675]) {
          const before = reads()
          yield* TestClock.adjust(`${delay - 1} millis`)
          yield* settle
          expect(reads()).toBe(before)
          yield* TestClock.adjust("1 millis")
          yield* until(() => reads() === before + 1)
          expect(reads()).toBe(before + 1)
        }
        const created = yield* Fiber.join(fiber)
        expect(created.id).toBe(itemId)
      }).pipe(Effect.provide(fake.layer))
      expect(reads()).toBe(5)
    }),
  )

  it.live("uploads a 3 MB Blob in parts (in order, bounded, retried once), commits, waits, reads the item", () =>
    Effect.gen(function* () {
      const fake = multipartPortal()
      const data = bytes(size)
      const progress: Array<number> = []
      const created = yield* Effect.flatMap(Content.Content, (content) =>
        content.add({
          properties: { title: "Big", type: "CSV", tags: ["big"] },
          data: new File([data], "big.csv"),
          multipartThreshold: 1024 * 1024,
          partSize,
          concurrency: 3,
          onProgress: (update) => progress.push(update.bytes),
          wait: fast,
        }),
      ).pipe(Effect.provide(fake.layer))
      expect(created.id).toBe(itemId)

      const [start, ...moreStarts] = fake.to("content/users/publisher_one/addItem")
      expect(moreStarts).toHaveLength(0)
      expect(start?.body).toMatchObject({ multipart: "true", filename: "big.csv", title: "Big", type: "CSV" })
      expect(start?.files).toEqual({})

      const parts = fake.to(`content/users/publisher_one/items/${itemId}/addPart`)
      expect(parts).toHaveLength(partCount + 1)
      expect(parts.every((request) => request.method === "POST" && request.body.partNum === undefined)).toBe(true)
      // The last attempt of each part number wins; together they are the file, in order.
      const byNumber = new Map<number, Uint8Array>()
      for (const request of parts) {
        expect(request.files.file?.fileName).toBe("big.csv")
        byNumber.set(Number(request.url.searchParams.get("partNum")), request.files.file!.bytes)
      }
      expect([...byNumber.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: partCount }, (_, i) => i + 1))
      const joined = new Uint8Array(size)
      let offset = 0
      for (let number = 1; number <= partCount; number++) {
        const part = byNumber.get(number)!
        joined.set(part, offset)
        offset += part.byteLength
      }
      expect(offset).toBe(size)
      expect(joined).toEqual(data)
      expect(fake.maxInFlight()).toBeLessThanOrEqual(3)
      expect(progress[progress.length - 1]).toBe(size)
      expect(progress).toEqual([...progress].sort((a, b) => a - b))

      const [commit] = fake.to(`content/users/publisher_one/items/${itemId}/commit`)
      expect(commit?.body).toMatchObject({ title: "Big", type: "CSV", tags: "big" })
      const statuses = fake.to(`content/users/publisher_one/items/${itemId}/status`)
      expect(statuses).toHaveLength(2)
      expect(statuses[0]?.method).toBe("GET")
      expect(statuses[0]?.url.searchParams.get("jobType")).toBeNull()
    }),
  )

  it.live("never sends addItem twice, even when a later request fails", () =>
    Effect.gen(function* () {
      const fake = multipartPortal({ commitFails: true })
      const error = yield* Effect.flip(
        Effect.flatMap(Content.Content, (content) =>
          content.add({
            properties: { title: "Big", type: "CSV" },
            data: new Blob([bytes(size)]),
            multipartThreshold: 1024 * 1024,
            partSize,
            wait: fast,
          }),
        ).pipe(Effect.provide(fake.layer)),
      )
      expect(error._tag).toBe("PortalError")
      expect(fake.to("content/users/publisher_one/addItem")).toHaveLength(1)
      expect(fake.to(`content/users/publisher_one/items/${itemId}/commit`).length).toBeGreaterThanOrEqual(1)
    }),
  )

  it.live("fails with JobFailed carrying the portal's statusMessage when assembling fails", () =>
    Effect.gen(function* () {
      const fake = multipartPortal({ failedStatus: true })
      const error = yield* Effect.flip(
        Effect.flatMap(Content.Content, (content) =>
          content.add({
            properties: { title: "Big", type: "CSV" },
            data: new Blob([bytes(size)]),
            multipartThreshold: 1024 * 1024,
            partSize,
            wait: fast,
          }),
        ).pipe(Effect.provide(fake.layer)),
      )
      expect(error._tag === "JobFailed" && [error.status, error.statusMessage, error.itemId]).toEqual([
        "failed",
        "The file is corrupt.",
        itemId,
      ])
    }),
  )

  it.live("resumes: reads the parts already uploaded, skips them, and starts no new item", () =>
    Effect.gen(function* () {
      const fake = multipartPortal({ present: [1, 2, 3, 4] })
      yield* Effect.flatMap(Content.Content, (content) =>
        content.add({
          properties: { title: "Big", type: "CSV" },
          data: new Blob([bytes(size)]),
          partSize,
          resumeItemId: itemId,
          wait: fast,
        }),
      ).pipe(Effect.provide(fake.layer))
      expect(fake.to("content/users/publisher_one/addItem")).toHaveLength(0)
      expect(fake.to(`content/users/publisher_one/items/${itemId}/parts`)[0]?.method).toBe("GET")
      const numbers = new Set(
        fake
          .to(`content/users/publisher_one/items/${itemId}/addPart`)
          .map((request) => Number(request.url.searchParams.get("partNum"))),
      )
      expect([...numbers].sort((a, b) => a - b)).toEqual(Array.from({ length: partCount - 4 }, (_, i) => i + 5))
    }),
  )

  it.live("a web ReadableStream is always uploaded in parts", () =>
    Effect.gen(function* () {
      const fake = multipartPortal()
      const data = bytes(600 * 1024)
      const stream = new Blob([data]).stream()
      yield* Effect.flatMap(Content.Content, (content) =>
        content.add({
          properties: { title: "Streamed", type: "CSV" },
          data: stream,
          fileName: "streamed.csv",
          partSize,
          wait: fast,
        }),
      ).pipe(Effect.provide(fake.layer))
      expect(fake.to("content/users/publisher_one/addItem")[0]?.body.filename).toBe("streamed.csv")
      const numbers = new Set(
        fake
          .to(`content/users/publisher_one/items/${itemId}/addPart`)
          .map((request) => Number(request.url.searchParams.get("partNum"))),
      )
      expect([...numbers].sort()).toEqual([1, 2, 3])
    }),
  )
})

describe("Content.get", () => {
  it.effect("decodes the item, keeping unknown fields", () =>
    Effect.gen(function* () {
      const fake = portal({ [`content/items/${itemId}`]: { json: item({ newField: { a: 1 } }) } })
      const found = yield* Effect.flatMap(Content.Content, (content) => content.get(itemId)).pipe(
        Effect.provide(fake.layer),
      )
      expect(found).toMatchObject({ id: itemId, owner: "publisher_one", newField: { a: 1 } })
      expect(fake.requests[0]?.method).toBe("GET")
    }),
  )

  it.effect("is undefined when the portal says CONT_0001", () =>
    Effect.gen(function* () {
      const fake = portal({
        [`content/items/${itemId}`]: {
          json: {
            error: {
              code: 400,
              messageCode: "CONT_0001",
              message: "Item does not exist or is inaccessible.",
              details: [],
            },
          },
        },
      })
      const found = yield* Effect.flatMap(Content.Content, (content) => content.get(itemId)).pipe(
        Effect.provide(fake.layer),
      )
      expect(found).toBeUndefined()
    }),
  )

  it.effect("other errors still fail, and a malformed id is refused before sending", () =>
    Effect.gen(function* () {
      const fake = portal({
        [`content/items/${itemId}`]: { json: { error: { code: 403, message: "No.", details: [] } } },
      })
      const denied = yield* Effect.flip(
        Effect.flatMap(Content.Content, (content) => content.get(itemId)).pipe(Effect.provide(fake.layer)),
      )
      expect(denied._tag === "PortalError" && denied.reason).toBe("Forbidden")
      const refused = yield* Effect.flip(
        Effect.flatMap(Content.Content, (content) => content.get("../../portals/self")).pipe(
          Effect.provide(fake.layer),
        ),
      )
      expect(refused._tag).toBe("InvalidInput")
      expect(fake.requests).toHaveLength(1)
    }),
  )
})

const results = (from: number, to: number) =>
  Array.from({ length: Math.max(0, to - from + 1) }, (_, index) =>
    item({ id: (from + index).toString(16).padStart(32, "0"), title: `Item ${from + index}` }),
  )

const searchPortal = (total: number) =>
  portal({
    "portals/self": { json: self },
    "GET search": (request) => {
      const start = Number(request.url.searchParams.get("start"))
      const num = Number(request.url.searchParams.get("num"))
      const end = Math.min(total, start + num - 1)
      return {
        json: {
          query: request.url.searchParams.get("q"),
          total,
          start,
          num: end - start + 1,
          nextStart: end < total ? end + 1 : -1,
          results: results(start, end),
        },
      }
    },
  })

describe("Content.search", () => {
  it.effect("appends the org filter, sorts by avgRating desc, returns at most maxItems (default 10)", () =>
    Effect.gen(function* () {
      const fake = searchPortal(50)
      const found = yield* Effect.flatMap(Content.Content, (content) => content.search("parks")).pipe(
        Effect.provide(fake.layer),
      )
      expect(found).toHaveLength(10)
      expect(params(fake.to("search")[0]!)).toMatchObject({
        q: `parks accountid:${self.id}`,
        start: "1",
        num: "10",
        sortField: "avgRating",
        sortOrder: "desc",
        f: "json",
      })
    }),
  )

  it.effect("outsideOrg leaves the query alone; itemType adds a type clause", () =>
    Effect.gen(function* () {
      const fake = searchPortal(5)
      yield* Effect.flatMap(Content.Content, (content) =>
        content.search("owner:me", { outsideOrg: true, itemType: "Web Map", sortField: "title", sortOrder: "asc" }),
      ).pipe(Effect.provide(fake.layer))
      expect(fake.to("portals/self")).toHaveLength(0)
      expect(params(fake.to("search")[0]!)).toMatchObject({
        q: '(owner:me) AND type:"Web Map"',
        sortField: "title",
        sortOrder: "asc",
      })
    }),
  )

  it.effect("pages with num at most 100 up to maxItems", () =>
    Effect.gen(function* () {
      const fake = searchPortal(1000)
      const found = yield* Effect.flatMap(Content.Content, (content) => content.search("x", { maxItems: 250 })).pipe(
        Effect.provide(fake.layer),
      )
      expect(found).toHaveLength(250)
      expect(fake.to("search").map((request) => [params(request).start, params(request).num])).toEqual([
        ["1", "100"],
        ["101", "100"],
        ["201", "50"],
      ])
    }),
  )
})

describe("Content.searchAll", () => {
  it.effect("streams every result in order, page after page", () =>
    Effect.gen(function* () {
      const fake = searchPortal(230)
      const all = yield* Effect.flatMap(Content.Content, (content) =>
        Stream.runCollect(content.searchAll("x", { pageSize: 100 })),
      ).pipe(Effect.provide(fake.layer))
      expect(Array.from(all).map((found) => found.title)).toEqual(
        Array.from({ length: 230 }, (_, index) => `Item ${index + 1}`),
      )
      expect(fake.to("search").map((request) => params(request).start)).toEqual(["1", "101", "201"])
      expect(fake.to("portals/self")).toHaveLength(1)
    }),
  )

  it.effect("with concurrency, prefetches pages in parallel and keeps the order", () =>
    Effect.gen(function* () {
      const fake = searchPortal(530)
      const all = yield* Effect.flatMap(Content.Content, (content) =>
        Stream.runCollect(content.searchAll("x", { pageSize: 50, concurrency: 4 })),
      ).pipe(Effect.provide(fake.layer))
      expect(Array.from(all).map((found) => found.title)).toEqual(
        Array.from({ length: 530 }, (_, index) => `Item ${index + 1}`),
      )
      expect(new Set(fake.to("search").map((request) => params(request).start)).size).toBe(11)
    }),
  )
})

describe("Content folders", () => {
  it.effect("createFolder returns an existing folder of that name without creating one", () =>
    Effect.gen(function* () {
      const fake = portal({
        "portals/self": { json: self },
        "GET content/users/publisher_one": { json: { folders: [{ id: folderId, title: "Maps" }] } },
      })
      const folder = yield* Effect.flatMap(Content.Content, (content) => content.createFolder("maps")).pipe(
        Effect.provide(fake.layer),
      )
      expect(folder).toMatchObject({ id: folderId, title: "Maps" })
      expect(fake.to("content/users/publisher_one/createFolder")).toHaveLength(0)
    }),
  )

  it.effect("createFolder creates a new folder", () =>
    Effect.gen(function* () {
      const fake = portal({
        "GET content/users/user_one": { json: { folders: [] } },
        "POST content/users/user_one/createFolder": {
          json: { success: true, folder: { username: "user_one", id: folderId, title: "New" } },
        },
      })
      const folder = yield* Effect.flatMap(Content.Content, (content) =>
        content.createFolder("New", { owner: "user_one" }),
      ).pipe(Effect.provide(fake.layer))
      expect(folder.id).toBe(folderId)
      expect(fake.to("content/users/user_one/createFolder")[0]?.body).toEqual({ f: "json", title: "New" })
    }),
  )

  it.effect("deleteFolder resolves the name and deletes; false when there is no such folder", () =>
    Effect.gen(function* () {
      const fake = portal({
        "portals/self": { json: self },
        "GET content/users/publisher_one": { json: { folders: [{ id: folderId, title: "Old" }] } },
        [`POST content/users/publisher_one/${folderId}/delete`]: {
          json: { success: true, folder: { username: "publisher_one", id: folderId, title: "Old" } },
        },
      })
      const [deleted, missing] = yield* Effect.flatMap(Content.Content, (content) =>
        Effect.all([content.deleteFolder("OLD"), content.deleteFolder("absent")]),
      ).pipe(Effect.provide(fake.layer))
      expect([deleted, missing]).toEqual([true, false])
      expect(fake.to(`content/users/publisher_one/${folderId}/delete`)).toHaveLength(1)
    }),
  )
})

describe("Content services and data", () => {
  it.effect("createService sends createParameters and outputType; the job waits for the item", () =>
    Effect.gen(function* () {
      const fake = portal({
        "portals/self": { json: self },
        "POST content/users/publisher_one/createService": {
          json: {
            success: true,
            itemId,
            serviceurl: "https://s/rest/services/x/FeatureServer",
            type: "Feature Service",
          },
        },
        [`content/users/publisher_one/items/${itemId}/status`]: { json: { status: "completed", itemId } },
        [`content/items/${itemId}`]: { json: item({ type: "Feature Service" }) },
      })
      const created = yield* Effect.flatMap(Content.Content, (content) =>
        Effect.flatMap(content.createService({ name: "parks_service", properties: { title: "Parks" } }), (job) =>
          Effect.map(job.wait(fast), (done) => ({ job, done })),
        ),
      ).pipe(Effect.provide(fake.layer))
      expect(created.job).toMatchObject({ itemId, jobType: "createService", owner: "publisher_one" })
      expect(created.done.type).toBe("Feature Service")
      const body = fake.to("content/users/publisher_one/createService")[0]!.body
      expect(body.outputType).toBe("featureService")
      expect(body.title).toBe("Parks")
      expect(JSON.parse(body.createParameters!)).toMatchObject({
        name: "parks_service",
        capabilities: "Query",
        maxRecordCount: 1000,
        spatialReference: { wkid: 102100 },
      })
      expect(fake.to(`content/users/publisher_one/items/${itemId}/status`)[0]?.url.searchParams.get("jobType")).toBe(
        "createService",
      )
    }),
  )

  it.effect("isServiceNameAvailable maps the Python service type to the REST one", () =>
    Effect.gen(function* () {
      const fake = portal({ "GET portals/self/isServiceNameAvailable": { json: { available: true } } })
      const available = yield* Effect.flatMap(Content.Content, (content) =>
        content.isServiceNameAvailable("parks", "featureService"),
      ).pipe(Effect.provide(fake.layer))
      expect(available).toBe(true)
      expect(params(fake.requests[0]!)).toMatchObject({ name: "parks", type: "Feature Service" })
    }),
  )

  it.effect("importData analyzes the CSV, then generates a feature collection with the address fields", () =>
    Effect.gen(function* () {
      const csv = "Name,Address\nA,1 Main St\n"
      const fake = portal({
        "POST content/features/analyze": { json: { publishParameters: { name: "x", columnDelimiter: "," } } },
        "POST content/features/generate": {
          json: { featureCollection: { layers: [{ featureSet: { features: [] } }] } },
        },
      })
      const collection = yield* Effect.flatMap(Content.Content, (content) =>
        content.importData({ csv, addressFields: { Address: "Address" } }),
      ).pipe(Effect.provide(fake.layer))
      expect(collection.layers).toHaveLength(1)
      expect(fake.to("content/features/analyze")[0]?.body).toMatchObject({ text: csv, filetype: "csv" })
      const generate = fake.to("content/features/generate")[0]!.body
      expect(generate).toMatchObject({ text: csv, filetype: "csv" })
      expect(JSON.parse(generate.publishParameters!)).toEqual({
        name: "x",
        columnDelimiter: ",",
        addressFields: { Address: "Address" },
        locationType: "address",
      })
    }),
  )
})

describe("Content.add async and importData input", () => {
  it.live("async: sends async=true, polls the item's status until completed, then returns the item", () =>
    Effect.gen(function* () {
      const seen: Array<string> = []
      const fake = portal({
        "portals/self": { json: self },
        "content/users/publisher_one/addItem": {
          json: { status: "processing", statusMessage: "processing", itemId },
        },
        [`content/users/publisher_one/items/${itemId}/status`]: (_, count) => ({
          json: { status: count < 2 ? "processing" : "completed", itemId },
        }),
        [`content/items/${itemId}`]: { json: item() },
      })
      const created = yield* Effect.flatMap(Content.Content, (content) =>
        content.add({
          properties: { title: "Parks", type: "CSV" },
          data: { url: "https://example.com/parks.csv" },
          async: true,
          wait: { ...fast, onProgress: (status) => seen.push(status.status) },
        }),
      ).pipe(Effect.provide(fake.layer))
      expect(created.id).toBe(itemId)
      expect(seen).toEqual(["processing", "processing", "completed"])
      expect(fake.to("content/users/publisher_one/addItem")[0]?.body).toMatchObject({ async: "true" })
    }),
  )

  it.effect("importData refuses CSV text without a header and a data row, before sending", () =>
    Effect.gen(function* () {
      const fake = portal({})
      for (const csv of ["", "name,lat,lon", "\n1,2,3"]) {
        const error = yield* Effect.flip(
          Effect.flatMap(Content.Content, (content) => content.importData({ csv })).pipe(Effect.provide(fake.layer)),
        )
        expect(error).toMatchObject({ _tag: "InvalidInput", field: "csv" })
      }
      expect(fake.requests).toHaveLength(0)
    }),
  )
})
