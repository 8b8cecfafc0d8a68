import { Portal } from "@arcgis-portal/core"
import { SignIn } from "@arcgis-portal/core/testing"
import { type EmulatorHandle, startEmulator } from "@arcgis-portal/emulator"
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import { Datastore, Datastores } from "../src/index.ts"

let emulator: EmulatorHandle

beforeAll(async () => {
  emulator = await startEmulator()
})
afterAll(async () => {
  await emulator.stop()
})

const signIn = (account: SignIn.Account) => SignIn.generateToken(account, { referer: "datastores-tests" })

const asAdmin = () =>
  Datastores.layer().pipe(
    Layer.provideMerge(Portal.layer({ url: emulator.url, auth: signIn(emulator.accounts.admin) })),
  )

const origin = () => new URL(emulator.url).origin

describe("datastores against the emulator", () => {
  it.live("finds the hosting server through portals/self/servers and reads its rest/info", () =>
    Effect.gen(function* () {
      const datastores = yield* Datastores.Datastores
      const servers = yield* datastores.servers()
      expect(servers.length).toBeGreaterThan(0)
      const selected = yield* datastores.server()
      expect(selected.adminUrl).toBe(`${origin()}/server/admin`)
      expect(selected.serverUrl).toBe(`${origin()}/server`)
      const info = yield* datastores.serverInfo()
      expect(info.currentVersion).toBeDefined()
    }).pipe(Effect.provide(asAdmin())),
  )

  it.live("a folder: register, get, search, refCount, update, validate, delete ", () =>
    Effect.gen(function* () {
      const datastores = yield* Datastores.Datastores
      const datastore = yield* Datastore.Datastore
      const registered = yield* datastores.addFolder("it_share", "\\\\fileserver\\data")
      expect(registered).toEqual({ path: "/fileShares/it_share", status: "success" })
      const again = yield* datastores.addFolder("it_share", "\\\\fileserver\\data")
      expect(["exists", "success"]).toContain(again.status)

      const item = yield* datastores.get("/fileShares/it_share")
      expect(item?.type).toBe("folder")
      expect(item?.info?.path).toBe("\\\\fileserver\\data")
      expect(item?.info?.dataStoreConnectionType).toBe("shared")

      const children = yield* datastores.search({ parentPath: "/fileShares" })
      expect(children.map((entry) => entry.path)).toContain("/fileShares/it_share")
      const everything = yield* datastores.search()
      expect(everything.map((entry) => entry.path)).toContain("/fileShares/it_share")
      const folders = yield* datastores.search({ types: ["folder"] })
      expect(folders.every((entry) => entry.type === "folder")).toBe(true)

      expect(yield* datastore.refCount("/fileShares/it_share")).toBe(0)
      expect(
        yield* datastore.update("/fileShares/it_share", {
          type: "folder",
          info: { path: emulator.dataDir, dataStoreConnectionType: "shared" },
        }),
      ).toBe(true)
      expect((yield* datastores.get("/fileShares/it_share"))?.info?.path).toBe(emulator.dataDir)
      // The emulator's server checks that the folder exists on its machine, as every server node would.
      expect(yield* datastore.validate("/fileShares/it_share")).toBe(true)
      expect(yield* datastores.validate()).toBe(true)

      yield* datastore.update("/fileShares/it_share", {
        type: "folder",
        info: { path: "\\\\nowhere\\missing", dataStoreConnectionType: "shared" },
      })
      const invalid = yield* Effect.flip(datastore.validate("/fileShares/it_share"))
      expect(invalid._tag === "PortalError" && invalid.message).toContain("not accessible")

      expect(yield* datastore.delete("/fileShares/it_share")).toBe(true)
      expect(yield* datastores.get("/fileShares/it_share")).toBeUndefined()
    }).pipe(Effect.provide(asAdmin())),
  )

  it.live("a replicated database with Redacted connection strings", () =>
    Effect.gen(function* () {
      const datastores = yield* Datastores.Datastores
      const datastore = yield* Datastore.Datastore
      yield* datastores.addDatabase(
        "it_db",
        Redacted.make("SERVER=db;INSTANCE=sde:postgresql:db;DBCLIENT=postgresql;DATABASE=gis;USER=sde;PASSWORD=s3cret"),
        {
          clientConnectionString: Redacted.make("SERVER=client;PASSWORD=c1ient"),
          connectionType: "replicated",
        },
      )
      const item = yield* datastores.get("/enterpriseDatabases/it_db")
      expect(item?.type).toBe("egdb")
      expect(item?.info?.dataStoreConnectionType).toBe("replicated")
      expect(item?.info?.isManaged).toBe(false)
      expect(yield* datastore.delete(item!)).toBe(true)
    }).pipe(Effect.provide(asAdmin())),
  )

  it.live("a big data file share: register, manifest update and read, datasets", () =>
    Effect.gen(function* () {
      const datastores = yield* Datastores.Datastores
      const datastore = yield* Datastore.Datastore
      const { path } = yield* datastores.addBigdata("it_bigdata", "\\\\server\\share")
      expect(path).toBe("/bigDataFileShares/it_bigdata")
      const item = yield* datastores.get(path)
      expect(item?.type).toBe("bigDataFileShare")
      expect(item?.info?.connectionString).toBe('{"path":"\\\\\\\\server\\\\share"}')
      const manifest = {
        datasets: [{ name: "trips", type: "table", format: { extension: "csv", hasHeaderRow: true } }],
      }
      expect(yield* datastore.updateManifest(path, manifest)).toBe(true)
      expect((yield* datastore.manifest(path)).datasets?.[0]?.name).toBe("trips")
      expect((yield* datastore.datasets(path)).map((dataset) => dataset.name)).toEqual(["trips"])
      expect(yield* datastore.delete(path)).toBe(true)
    }).pipe(Effect.provide(asAdmin())),
  )

  it.live("config: blockDataCopy round-trips", () =>
    Effect.gen(function* () {
      const datastores = yield* Datastores.Datastores
      expect(yield* datastores.updateConfig({ blockDataCopy: true })).toBe(true)
      expect((yield* datastores.config()).blockDataCopy).toBe(true)
      expect(yield* datastores.updateConfig({ blockDataCopy: false })).toBe(true)
      expect((yield* datastores.config()).blockDataCopy).toBe(false)
    }).pipe(Effect.provide(asAdmin())),
  )

  it.live("missing items are undefined; admin API failures are typed PortalErrors", () =>
    Effect.gen(function* () {
      const datastores = yield* Datastores.Datastores
      const datastore = yield* Datastore.Datastore
      expect(yield* datastores.get("/fileShares/never_registered")).toBeUndefined()
      const error = yield* Effect.flip(datastore.refCount("/fileShares/never_registered"))
      expect(error._tag).toBe("PortalError")
      if (error._tag === "PortalError") {
        expect(error.code).toBeGreaterThanOrEqual(400)
        expect(error.message.length).toBeGreaterThan(0)
      }
    }).pipe(Effect.provide(asAdmin())),
  )

  it.live("every admin call uses a server token exchanged once per session", () =>
    Effect.gen(function* () {
      emulator.clearRequestLog()
      yield* Effect.gen(function* () {
        const datastores = yield* Datastores.Datastores
        yield* datastores.config()
        yield* datastores.search()
        yield* datastores.validate()
      }).pipe(Effect.provide(asAdmin()))
      const log = emulator.requestLog()
      expect(log.filter((entry) => entry.path.endsWith("/generateToken"))).toHaveLength(2)
      const adminCalls = log.filter((entry) => entry.path.startsWith("/server/admin/data/"))
      expect(adminCalls).toHaveLength(3)
      expect(adminCalls.every((entry) => entry.method === "POST" && entry.errorCode === undefined)).toBe(true)
    }),
  )
})
