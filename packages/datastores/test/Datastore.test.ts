import { ScriptedFetch } from "@arcgis-portal/core/testing"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import { Datastore } from "../src/index.ts"
import { admin, fixture, itemOf, type Route, scripted, serverToken } from "./helpers.ts"

const run = <A, E>(
  routes: Record<string, Route>,
  use: (datastore: Datastore.DatastoreShape) => Effect.Effect<A, E>,
) => {
  const portal = scripted(routes)
  return Effect.map(
    Effect.gen(function* () {
      return yield* use(yield* Datastore.Datastore)
    }).pipe(Effect.provide(portal.layer)),
    (value) => ({ value, ...portal }),
  )
}

const share = "/bigDataFileShares/share1"
const manifestBody = {
  datasets: [
    {
      name: "trips",
      type: "table",
      format: { fieldDelimiter: ",", recordTerminator: "\n", hasHeaderRow: true, extension: "csv" },
      schema: { fields: [{ name: "id", type: "esriFieldTypeBigInteger" }] },
    },
  ],
}

describe("Datastore (one data item)", () => {
  it.effect("manifest and datasets read <admin>/data/items<path>/manifest", () =>
    Effect.gen(function* () {
      const { value, to } = yield* run({ [`${admin}/data/items${share}/manifest`]: { json: manifestBody } }, (d) =>
        Effect.all([d.manifest(share), d.datasets({ path: share })]),
      )
      expect(value[0]).toEqual(manifestBody)
      expect(value[1].map((dataset) => dataset.name)).toEqual(["trips"])
      const requests = to(`${admin}/data/items${share}/manifest`)
      expect(requests).toHaveLength(2)
      expect(requests.every((request) => ScriptedFetch.tokenOf(request) === serverToken)).toBe(true)
    }),
  )

  it.effect("updateManifest sends the manifest as the multipart file `manifest`", () =>
    Effect.gen(function* () {
      const { value, to } = yield* run(
        { [`${admin}/data/items${share}/manifest/update`]: { json: { status: "success" } } },
        (d) => d.updateManifest(share, manifestBody),
      )
      expect(value).toBe(true)
      const [request] = to(`${admin}/data/items${share}/manifest/update`)
      expect(request?.contentType).toContain("multipart/form-data")
      const file = request?.files.manifest
      expect(file?.fileName).toBe("manifest.json")
      expect(JSON.parse(new TextDecoder().decode(file?.bytes))).toEqual(manifestBody)
    }),
  )

  it.effect("delete unregisters with itempath and force=true", () =>
    Effect.gen(function* () {
      const unregistered = yield* Effect.promise(() => fixture("unregister-item-1.json"))
      const { value, to } = yield* run({ [`${admin}/data/unregisterItem`]: { json: unregistered } }, (d) =>
        d.delete("/fileShares/share1"),
      )
      expect(value).toBe(true)
      expect(to(`${admin}/data/unregisterItem`)[0]?.body).toEqual({
        itempath: "/fileShares/share1",
        force: "true",
        f: "json",
      })
    }),
  )

  it.effect("refCount posts computeTotalRefCount with itemPath", () =>
    Effect.gen(function* () {
      const count = yield* Effect.promise(() => fixture("compute-total-ref-count-1.json"))
      const { value, to } = yield* run({ [`${admin}/data/computeTotalRefCount`]: { json: count } }, (d) =>
        d.refCount({ path: "/fileShares/share1" }),
      )
      expect(value).toBe(10)
      expect(to(`${admin}/data/computeTotalRefCount`)[0]?.body).toEqual({ itemPath: "/fileShares/share1", f: "json" })
    }),
  )

  it.effect(
    "update edits <admin>/data/items<path>/edit with the item (path filled in, secrets revealed only there)",
    () =>
      Effect.gen(function* () {
        const { value, to } = yield* run(
          { [`${admin}/data/items/enterpriseDatabases/db%201/edit`]: { json: { status: "success" } } },
          (d) =>
            d.update("/enterpriseDatabases/db 1", {
              type: "egdb",
              info: { connectionString: Redacted.make("PASSWORD=n3w"), dataStoreConnectionType: "shared" },
            }),
        )
        expect(value).toBe(true)
        expect(itemOf(to(`${admin}/data/items/enterpriseDatabases/db%201/edit`)[0])).toEqual({
          type: "egdb",
          info: { connectionString: "PASSWORD=n3w", dataStoreConnectionType: "shared" },
          path: "/enterpriseDatabases/db 1",
        })
      }),
  )

  it.effect("validate reads the item, then posts it to validateDataItem", () =>
    Effect.gen(function* () {
      const item = yield* Effect.promise(() => fixture("data-item-1.json"))
      const ok1 = yield* Effect.promise(() => fixture("validate-data-item-1.json"))
      const ok2 = yield* Effect.promise(() => fixture("validate-data-item-2.json"))
      const { value, requests } = yield* run(
        {
          [`${admin}/data/items/arcgisdata/usa`]: { json: item },
          [`${admin}/data/validateDataItem`]: (_request, count) => ({ json: count === 0 ? ok1 : ok2 }),
        },
        (d) => Effect.all([d.validate("/arcgisdata/usa"), d.validate({ path: "/arcgisdata/usa" })]),
      )
      expect(value).toEqual([true, true])
      const adminCalls = requests.filter((request) => request.url.href.startsWith(admin))
      expect(adminCalls.map((request) => request.url.pathname)).toEqual([
        "/server/admin/data/items/arcgisdata/usa",
        "/server/admin/data/validateDataItem",
        "/server/admin/data/items/arcgisdata/usa",
        "/server/admin/data/validateDataItem",
      ])
      expect(itemOf(adminCalls[1])).toEqual(item)
    }),
  )

  it.live("an admin error envelope is a typed PortalError keeping code and messages", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(
        run(
          {
            [`${admin}/data/unregisterItem`]: {
              json: { status: "error", messages: ["Data item is in use.", "3 services reference it."], code: 400 },
            },
          },
          (d) => d.delete("/fileShares/busy"),
        ),
      )
      expect(error._tag).toBe("PortalError")
      if (error._tag !== "PortalError") return
      expect([error.code, error.reason, error.message, error.details, error.operation]).toEqual([
        400,
        "InvalidRequest",
        "Data item is in use.",
        ["3 services reference it."],
        "Datastore.delete",
      ])
    }),
  )

  it.effect("traversal in a path is refused before sending", () =>
    Effect.gen(function* () {
      const portal = scripted({})
      const error = yield* Effect.flip(
        Effect.flatMap(Datastore.Datastore, (d) => d.refCount("/fileShares/../../x")).pipe(
          Effect.provide(portal.layer),
        ),
      )
      expect(error._tag).toBe("InvalidInput")
      expect(portal.requests).toHaveLength(0)
    }),
  )
})
