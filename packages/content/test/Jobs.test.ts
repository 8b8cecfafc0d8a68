import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Schedule from "effect/Schedule"
import { TestClock } from "effect/testing"
import { Items, type Job } from "../src/index.ts"
import { item, itemId, otherId, portal, self, settle, until } from "./helpers.ts"

const serviceUrl = "https://gis.test/server/rest/services/Hosted/parks/FeatureServer"

/** A portal where publishing item `itemId` creates service item `otherId`, whose status follows `statuses`. */
const publishing = (statuses: ReadonlyArray<Record<string, unknown>>) =>
  portal({
    "portals/self": { json: self },
    "POST content/features/analyze": {
      json: { publishParameters: { name: "suggested", locationType: "coordinates" } },
    },
    "POST content/users/publisher_one/publish": {
      json: {
        services: [
          { type: "Feature Service", serviceurl: serviceUrl, jobId: "job-1", serviceItemId: otherId, size: 0 },
        ],
      },
    },
    [`GET content/users/publisher_one/items/${otherId}/status`]: (_, count) => ({
      json: { itemId: otherId, ...statuses[Math.min(count, statuses.length - 1)] },
    }),
    [`GET content/items/${otherId}`]: { json: item({ id: otherId, type: "Feature Service", url: serviceUrl }) },
  })

const statusCount = (fake: ReturnType<typeof publishing>) =>
  fake.to(`content/users/publisher_one/items/${otherId}/status`).length

describe("Items.publish and Job.wait", () => {
  it.effect("analyzes a CSV, publishes it, and the job polls every 2 s until completed", () =>
    Effect.gen(function* () {
      const fake = publishing([
        { status: "processing", statusMessage: "" },
        { status: "processing", statusMessage: "50%" },
        { status: "completed", statusMessage: "" },
      ])
      const seen: Array<string> = []
      yield* Effect.gen(function* () {
        const items = yield* Items.Items
        const job = yield* items.publish(item({ title: "Parks 2024!" }), { addressFields: { Address: "Address" } })
        expect(job).toMatchObject({ itemId: otherId, jobId: "job-1", jobType: "publish", owner: "publisher_one" })
        const fiber = yield* Effect.forkChild(job.wait({ onProgress: (status) => seen.push(status.status) }))
        yield* until(() => statusCount(fake) === 1)
        yield* TestClock.adjust("1999 millis")
        yield* settle
        expect(statusCount(fake)).toBe(1)
        yield* TestClock.adjust("1 millis")
        yield* until(() => statusCount(fake) === 2)
        yield* TestClock.adjust("2 seconds")
        const done = yield* Fiber.join(fiber)
        expect(done).toMatchObject({ id: otherId, type: "Feature Service" })
      }).pipe(Effect.provide(fake.layer))
      expect(seen).toEqual(["processing", "processing", "completed"])
      expect(fake.to("content/features/analyze")[0]?.body).toMatchObject({ itemid: itemId, filetype: "csv" })
      const publish = fake.to("content/users/publisher_one/publish")[0]!.body
      expect(publish).toMatchObject({ itemid: itemId, fileType: "csv" })
      expect(JSON.parse(publish.publishParameters!)).toEqual({
        name: "Parks_2024",
        locationType: "address",
        addressFields: { Address: "Address" },
      })
      const status = fake.to(`content/users/publisher_one/items/${otherId}/status`)[0]!
      expect(Object.fromEntries(status.url.searchParams)).toMatchObject({ jobId: "job-1", jobType: "publish" })
    }),
  )

  it.effect("a failed job fails with JobFailed carrying the portal's statusMessage", () =>
    Effect.gen(function* () {
      const fake = publishing([
        { status: "processing" },
        { status: "failed", statusMessage: "Item 'parks.sd' already exists." },
      ])
      const error = yield* Effect.gen(function* () {
        const items = yield* Items.Items
        const job = yield* items.publish(item(), { publishParameters: { name: "parks" } })
        const fiber = yield* Effect.forkChild(Effect.flip(job.wait()))
        yield* until(() => statusCount(fake) === 1)
        yield* TestClock.adjust("2 seconds")
        return yield* Fiber.join(fiber)
      }).pipe(Effect.provide(fake.layer))
      expect(error._tag).toBe("JobFailed")
      expect(error._tag === "JobFailed" && [error.statusMessage, error.jobType, error.itemId]).toEqual([
        "Item 'parks.sd' already exists.",
        "publish",
        otherId,
      ])
      expect(fake.to("content/features/analyze")).toHaveLength(0)
    }),
  )

  it.effect("interrupting wait stops the polling", () =>
    Effect.gen(function* () {
      const fake = publishing([{ status: "processing" }])
      yield* Effect.gen(function* () {
        const items = yield* Items.Items
        const job: Job.Job = yield* items.publish(item(), { publishParameters: { name: "parks" } })
        const fiber = yield* Effect.forkChild(job.wait())
        yield* until(() => statusCount(fake) === 1)
        yield* Fiber.interrupt(fiber)
        yield* TestClock.adjust("1 minute")
        yield* settle
        expect(statusCount(fake)).toBe(1)
      }).pipe(Effect.provide(fake.layer))
    }),
  )

  it.effect("a custom schedule sets the polling interval", () =>
    Effect.gen(function* () {
      const fake = publishing([{ status: "processing" }, { status: "completed" }])
      yield* Effect.gen(function* () {
        const items = yield* Items.Items
        const job = yield* items.publish(item(), { publishParameters: { name: "parks" } })
        const fiber = yield* Effect.forkChild(job.wait({ schedule: Schedule.spaced("10 seconds") }))
        yield* until(() => statusCount(fake) === 1)
        yield* TestClock.adjust("2 seconds")
        yield* settle
        expect(statusCount(fake)).toBe(1)
        yield* TestClock.adjust("8 seconds")
        yield* Fiber.join(fiber)
        expect(statusCount(fake)).toBe(2)
      }).pipe(Effect.provide(fake.layer))
    }),
  )

  it.effect("an error entry in services fails the publish with JobFailed", () =>
    Effect.gen(function* () {
      const fake = portal({
        "POST content/users/publisher_one/publish": {
          json: { services: [{ error: { code: 400, message: "Service name already exists." } }] },
        },
      })
      const error = yield* Effect.flip(
        Effect.flatMap(Items.Items, (items) => items.publish(item(), { publishParameters: { name: "x" } })),
      ).pipe(Effect.provide(fake.layer))
      expect(error._tag === "JobFailed" && error.statusMessage).toBe("Service name already exists.")
    }),
  )

  it.effect("createTileService publishes the feature service as tiles", () =>
    Effect.gen(function* () {
      const fake = publishing([{ status: "completed" }])
      const job = yield* Effect.flatMap(Items.Items, (items) =>
        items.createTileService(item({ type: "Feature Service" }), { title: "tiles", minScale: 5e5, maxScale: 8e4 }),
      ).pipe(Effect.provide(fake.layer))
      expect(job.jobType).toBe("publish")
      const body = fake.to("content/users/publisher_one/publish")[0]!.body
      expect(body).toMatchObject({ fileType: "featureService", outputType: "Tiles", buildInitialCache: "false" })
      expect(JSON.parse(body.publishParameters!)).toEqual({ name: "tiles", minScale: 5e5, maxScale: 8e4 })
    }),
  )
})

describe("Items.export", () => {
  const exporting = () =>
    portal({
      "portals/self": { json: self },
      "POST content/users/publisher_one/export": {
        json: {
          type: "CSV",
          size: 0,
          jobId: "job-9",
          exportItemId: otherId,
          serviceItemId: itemId,
          exportFormat: "CSV",
        },
      },
      [`GET content/users/publisher_one/items/${otherId}/status`]: { json: { status: "completed", itemId: otherId } },
      [`GET content/items/${otherId}`]: { json: item({ id: otherId, type: "CSV" }) },
    })

  it.effect("returns the job without waiting", () =>
    Effect.gen(function* () {
      const fake = exporting()
      const job = yield* Effect.flatMap(Items.Items, (items) =>
        items.export(item({ type: "Feature Service" }), {
          title: "Parks CSV",
          exportFormat: "CSV",
          parameters: { layers: [{ id: 0 }] },
        }),
      ).pipe(Effect.provide(fake.layer))
      expect(job).toMatchObject({ itemId: otherId, jobId: "job-9", jobType: "export" })
      const body = fake.to("content/users/publisher_one/export")[0]!.body
      expect(body).toMatchObject({ itemId, exportFormat: "CSV", title: "Parks CSV" })
      expect(JSON.parse(body.exportParameters!)).toEqual({ layers: [{ id: 0 }] })
      expect(fake.to(`content/users/publisher_one/items/${otherId}/status`)).toHaveLength(0)
    }),
  )

  it.effect("with wait: true returns the exported item", () =>
    Effect.gen(function* () {
      const fake = exporting()
      const exported = yield* Effect.flatMap(Items.Items, (items) =>
        items.export(item(), { title: "Parks CSV", exportFormat: "CSV", wait: true }),
      ).pipe(Effect.provide(fake.layer))
      expect(exported.id).toBe(otherId)
      const status = fake.to(`content/users/publisher_one/items/${otherId}/status`)[0]!
      expect(Object.fromEntries(status.url.searchParams)).toMatchObject({ jobId: "job-9", jobType: "export" })
    }),
  )
})

describe("Items.copyFeatureLayerCollection", () => {
  it.effect("creates a service from the source's definition and adds the chosen layers with a server token", () =>
    Effect.gen(function* () {
      const newService = "https://gis.test/server/rest/services/Hosted/copy/FeatureServer"
      const fake = portal({
        "portals/self": { json: self },
        // The credential boundary: gis.test/server is the portal's own server.
        "portals/self/servers": {
          json: { servers: [{ url: "https://gis.test/server", adminUrl: "https://gis.test/server" }] },
        },
        "POST generateToken": { json: { token: "server-token", expires: Date.now() + 3_600_000 } },
        [serviceUrl]: {
          json: { serviceDescription: "d", maxRecordCount: 500, layers: [{ id: 0 }, { id: 1 }], tables: [{ id: 5 }] },
        },
        [`${serviceUrl}/1`]: { json: { id: 1, name: "Trails" } },
        [`${serviceUrl}/5`]: { json: { id: 5, name: "Visits" } },
        "POST content/users/publisher_one/createService": {
          json: { success: true, itemId: otherId, serviceurl: newService, type: "Feature Service" },
        },
        "POST https://gis.test/server/rest/admin/services/Hosted/copy/FeatureServer/addToDefinition": {
          json: { success: true },
        },
      })
      const job = yield* Effect.flatMap(Items.Items, (items) =>
        items.copyFeatureLayerCollection(item({ type: "Feature Service", url: serviceUrl, tags: ["t"] }), {
          serviceName: "copy",
          layers: [1],
        }),
      ).pipe(Effect.provide(fake.layer))
      expect(job).toMatchObject({ itemId: otherId, jobType: "createService" })
      const create = fake.to("content/users/publisher_one/createService")[0]!.body
      expect(JSON.parse(create.createParameters!)).toMatchObject({ name: "copy", maxRecordCount: 500 })
      expect(create).toMatchObject({ outputType: "featureService", title: "copy", tags: "t" })
      const [add] = fake.to("https://gis.test/server/rest/admin/services/Hosted/copy/FeatureServer/addToDefinition")
      expect(JSON.parse(add!.body.addToDefinition!)).toEqual({
        layers: [{ id: 1, name: "Trails" }],
        tables: [{ id: 5, name: "Visits" }],
      })
      expect(add!.headers.get("x-esri-authorization")).toBe("Bearer server-token")
      expect(fake.to("generateToken")[0]?.body.serverUrl).toBe("https://gis.test/server")
    }),
  )
})
