import { ScriptedFetch } from "@arcgis-portal/core/testing"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import { Datastores } from "../src/index.ts"
import { admin, fixture, itemOf, portalToken, type Route, restUrl, scripted, serverToken } from "./helpers.ts"

const run = <A, E>(
  routes: Record<string, Route>,
  use: (datastores: Datastores.DatastoresShape) => Effect.Effect<A, E>,
  options: Datastores.Options = {},
) => {
  const portal = scripted(routes, options)
  return Effect.map(
    Effect.gen(function* () {
      return yield* use(yield* Datastores.Datastores)
    }).pipe(Effect.provide(portal.layer)),
    (value) => ({ value, ...portal }),
  )
}

const success = { json: { status: "success" } }

describe("Datastores: reaching the federated server", () => {
  it.effect("servers() lists portals/self/servers with the portal token", () =>
    Effect.gen(function* () {
      const { value, to } = yield* run({}, (d) => d.servers())
      expect(value.map((server) => server.id)).toEqual(["raster1", "hosting1"])
      expect(value[1]?.webgisServerTrustKey).toBe("")
      const [request] = to("portals/self/servers")
      expect(request?.url.href.startsWith(`${restUrl}/portals/self/servers`)).toBe(true)
      expect(request?.method).toBe("GET")
      expect(ScriptedFetch.tokenOf(request!)).toBe(portalToken)
    }),
  )

  it.effect("server() defaults to the hosting server; admin root = adminUrl + /admin", () =>
    Effect.gen(function* () {
      const { value } = yield* run({}, (d) => d.server())
      expect([value.adminUrl, value.serverUrl, value.server?.id]).toEqual([
        admin,
        "https://gis.test/server",
        "hosting1",
      ])
    }),
  )

  it.effect("a server is chosen by id, by url, by admin url or by serverRole", () =>
    Effect.gen(function* () {
      const byId = yield* run({}, (d) => d.server(), { server: { id: "raster1" } })
      const byUrl = yield* run({}, (d) => d.server(), { server: { url: "https://RASTER.test/arcgis/" } })
      const byString = yield* run({}, (d) => d.server(), { server: "https://raster.test:6443/arcgis/admin" })
      const byRole = yield* run({}, (d) => d.server(), { server: { serverRole: "federated_server" } })
      for (const { value } of [byId, byUrl, byString, byRole]) {
        expect([value.adminUrl, value.serverUrl]).toEqual([
          "https://raster.test:6443/arcgis/admin",
          "https://raster.test/arcgis",
        ])
      }
    }),
  )

  it.effect("an explicit adminUrl needs no discovery", () =>
    Effect.gen(function* () {
      const { value, to } = yield* run({}, (d) => d.server(), {
        server: { adminUrl: "https://other.test/arcgis/admin/" },
      })
      expect([value.adminUrl, value.serverUrl]).toEqual([
        "https://other.test/arcgis/admin",
        "https://other.test/arcgis",
      ])
      expect(to("portals/self/servers")).toHaveLength(0)
    }),
  )

  it.effect("no matching server: ServerNotFound, nothing sent to any admin API", () =>
    Effect.gen(function* () {
      const portal = scripted({}, { server: { id: "nope" } })
      const error = yield* Effect.flip(
        Effect.flatMap(Datastores.Datastores, (d) => d.validate()).pipe(Effect.provide(portal.layer)),
      )
      expect(error._tag).toBe("ServerNotFound")
      expect(portal.requests.map((request) => ScriptedFetch.route(request))).toEqual(["portals/self/servers"])
      const empty = yield* Effect.flip(run({ "portals/self/servers": { json: { servers: [] } } }, (d) => d.config()))
      expect(empty._tag === "ServerNotFound" && empty.message).toBe("The portal has no federated server.")
    }),
  )

  it.effect("many admin calls: one server discovery (and one by the credential boundary), one token exchange", () =>
    Effect.gen(function* () {
      const { requests, exchanges, to } = yield* run(
        {
          [`${admin}/data/config`]: { json: { blockDataCopy: false } },
          [`${admin}/data/validateAllDataItems`]: success,
          [`${admin}/data/findItems`]: { json: { items: [] } },
        },
        (d) =>
          Effect.all([d.config(), d.validate(), d.search(), d.config(), d.validate(), d.search()], {
            concurrency: "unbounded",
          }),
      )
      // Datastores picks the server; core's credential boundary checks, once, that the portal lists it.
      expect(to("portals/self/servers")).toHaveLength(2)
      expect(exchanges()).toHaveLength(1)
      const [exchange] = exchanges()
      expect(exchange?.url.href).toBe(`${restUrl}/generateToken`)
      expect(exchange?.body.serverUrl).toBe("https://gis.test/server")
      expect(exchange?.body.token).toBe(portalToken)
      const adminRequests = requests.filter((request) => request.url.href.startsWith(admin))
      expect(adminRequests).toHaveLength(6)
      for (const request of adminRequests) {
        expect(request.method).toBe("POST")
        expect(request.body.f).toBe("json")
        expect(ScriptedFetch.tokenOf(request)).toBe(serverToken)
        expect(request.url.search).toBe("")
      }
    }),
  )

  it.effect("serverInfo() reads <server>/rest/info without credentials", () =>
    Effect.gen(function* () {
      const info = yield* Effect.promise(() => fixture("server-info-1.json"))
      const { value, to } = yield* run({ "https://gis.test/server/rest/info": { json: info } }, (d) => d.serverInfo())
      expect(value.authInfo?.shortLivedTokenValidity).toBe(60)
      expect(value.owningSystemUrl).toBe("https://www.arcgis.com")
      const [request] = to("https://gis.test/server/rest/info")
      expect(request?.method).toBe("GET")
      expect(ScriptedFetch.tokenOf(request!)).toBeUndefined()
    }),
  )
})

describe("Datastores: registering", () => {
  it.effect("addFolder (shared): the Python payload to <admin>/data/registerItem", () =>
    Effect.gen(function* () {
      const { value, to } = yield* run({ [`${admin}/data/registerItem`]: success }, (d) =>
        d.addFolder("share1", "\\\\fileserver\\data"),
      )
      expect(value).toEqual({ path: "/fileShares/share1", status: "success" })
      const [request] = to(`${admin}/data/registerItem`)
      expect(request?.method).toBe("POST")
      expect(ScriptedFetch.tokenOf(request!)).toBe(serverToken)
      expect(itemOf(request)).toEqual({
        type: "folder",
        path: "/fileShares/share1",
        info: { path: "\\\\fileserver\\data", dataStoreConnectionType: "shared" },
      })
    }),
  )

  it.effect("addFolder (replicated when a client path is given)", () =>
    Effect.gen(function* () {
      const { to } = yield* run({ [`${admin}/data/registerItem`]: { json: { status: "exists" } } }, (d) =>
        d.addFolder("share2", "/srv/data", "C:\\data"),
      )
      expect(itemOf(to(`${admin}/data/registerItem`)[0])).toEqual({
        type: "folder",
        path: "/fileShares/share2",
        info: { path: "/srv/data", dataStoreConnectionType: "replicated" },
        clientPath: "C:\\data",
      })
    }),
  )

  it.effect("addDatabase: Redacted connection strings revealed only in the POST body", () =>
    Effect.gen(function* () {
      const { value, to } = yield* run({ [`${admin}/data/registerItem`]: success }, (d) =>
        d.addDatabase("db1", Redacted.make("SERVER=db;PASSWORD=s3cret"), {
          clientConnectionString: Redacted.make("SERVER=client;PASSWORD=c1ient"),
          connectionType: "replicated",
        }),
      )
      expect(value.path).toBe("/enterpriseDatabases/db1")
      const [request] = to(`${admin}/data/registerItem`)
      expect(request?.url.href).not.toContain("s3cret")
      expect(itemOf(request)).toEqual({
        type: "egdb",
        path: "/enterpriseDatabases/db1",
        info: {
          connectionString: "SERVER=db;PASSWORD=s3cret",
          dataStoreConnectionType: "replicated",
          isManaged: false,
          clientConnectionString: "SERVER=client;PASSWORD=c1ient",
        },
      })
      const serverOnly = yield* run({ [`${admin}/data/registerItem`]: success }, (d) =>
        d.addDatabase("db2", "SERVER=db2", { connectionType: "serverOnly" }),
      )
      expect(itemOf(serverOnly.to(`${admin}/data/registerItem`)[0])).toEqual({
        type: "egdb",
        path: "/enterpriseDatabases/db2",
        info: { connectionString: "SERVER=db2", dataStoreConnectionType: "serverOnly", isManaged: true },
      })
    }),
  )

  it.live("a refused registration is a PortalError that never shows the connection string", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(
        run(
          {
            [`${admin}/data/registerItem`]: {
              json: { status: "error", messages: ["Could not connect.", "Check the database."], code: 500 },
            },
          },
          (d) => d.addDatabase("db1", Redacted.make("PASSWORD=s3cret")),
        ),
      )
      expect(error._tag).toBe("PortalError")
      if (error._tag !== "PortalError") return
      expect([error.code, error.reason, error.message, error.details]).toEqual([
        500,
        "ServerError",
        "Could not connect.",
        ["Check the database."],
      ])
      expect(error.request).toEqual({ method: "POST", path: "/server/admin/data/registerItem" })
      expect(JSON.stringify(error)).not.toContain("s3cret")
      expect(String(error)).not.toContain("s3cret")
    }),
  )

  it.effect("addBigdata: the connection string is JSON with the UNC backslashes doubled", () =>
    Effect.gen(function* () {
      const { to } = yield* run({ [`${admin}/data/registerItem`]: success }, (d) =>
        d.addBigdata("bd1", "\\\\server\\share"),
      )
      const [request] = to(`${admin}/data/registerItem`)
      expect(itemOf(request)).toEqual({
        path: "/bigDataFileShares/bd1",
        type: "bigDataFileShare",
        info: { connectionString: '{"path":"\\\\\\\\server\\\\share"}', connectionType: "fileShare" },
      })
    }),
  )

  it.effect("add posts the item verbatim (secrets may be Redacted inside) and decodes registerItem's extras", () =>
    Effect.gen(function* () {
      const upload = yield* Effect.promise(() => fixture("upload-register-1.json"))
      const item = {
        path: "/cloudStores/s3",
        type: "cloudStore",
        provider: "amazon",
        info: { connectionString: { accessKey: "AK", secretKey: Redacted.make("SK-secret") } },
      }
      const { value, to } = yield* run({ [`${admin}/data/registerItem`]: { json: upload } }, (d) => d.add("s3", item))
      expect(value).toEqual({ path: "/cloudStores/s3", status: "success" })
      expect(itemOf(to(`${admin}/data/registerItem`)[0])).toEqual({
        ...item,
        info: { connectionString: { accessKey: "AK", secretKey: "SK-secret" } },
      })
      const untyped = yield* run({ [`${admin}/data/registerItem`]: success }, (d) => d.add("db9", { type: "egdb" }))
      expect(untyped.value.path).toBe("/enterpriseDatabases/db9")
    }),
  )

  it.effect("names with slashes are refused before anything is sent", () =>
    Effect.gen(function* () {
      const portal = scripted({})
      const error = yield* Effect.flip(
        Effect.flatMap(Datastores.Datastores, (d) => d.addFolder("../x", "/srv")).pipe(Effect.provide(portal.layer)),
      )
      expect(error._tag).toBe("InvalidInput")
      expect(portal.requests).toHaveLength(0)
    }),
  )
})

describe("Datastores: reading", () => {
  it.effect("get(path) reads <admin>/data/items<path>", () =>
    Effect.gen(function* () {
      const item = yield* Effect.promise(() => fixture("data-item-1.json"))
      const { value, to } = yield* run({ [`${admin}/data/items/arcgisdata/usa`]: { json: item } }, (d) =>
        d.get("/arcgisdata/usa"),
      )
      expect(value).toEqual(item)
      const [request] = to(`${admin}/data/items/arcgisdata/usa`)
      expect(request?.method).toBe("POST")
      expect(ScriptedFetch.tokenOf(request!)).toBe(serverToken)
    }),
  )

  it.effect("get(path) of a missing item is undefined (error envelope or bare status)", () =>
    Effect.gen(function* () {
      const missing = yield* run(
        {
          [`${admin}/data/items/fileShares/none`]: {
            json: { status: "error", messages: ["Item '/fileShares/none' not found."], code: 404 },
          },
        },
        (d) => d.get("/fileShares/none"),
      )
      expect(missing.value).toBeUndefined()
      const bare = yield* run({ [`${admin}/data/items/fileShares/none`]: { json: { status: "notFound" } } }, (d) =>
        d.get("fileShares/none"),
      )
      expect(bare.value).toBeUndefined()
    }),
  )

  it.effect("get(path) fails on other admin errors (typed PortalError with the server's messages)", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(
        run(
          {
            [`${admin}/data/items/fileShares/x`]: {
              json: { status: "error", messages: ["Unauthorized access.", "Not an administrator."], code: 403 },
            },
          },
          (d) => d.get("/fileShares/x"),
        ),
      )
      expect(error._tag === "PortalError" && [error.reason, error.code, error.message, error.details]).toEqual([
        "Forbidden",
        403,
        "Unauthorized access.",
        ["Not an administrator."],
      ])
    }),
  )

  it.effect("get refuses traversal in the item path before sending", () =>
    Effect.gen(function* () {
      for (const path of ["/fileShares/../users", "", "/a//b", "/a\\b", "/a\u0000b"]) {
        const portal = scripted({})
        const error = yield* Effect.flip(
          Effect.flatMap(Datastores.Datastores, (d) => d.get(path)).pipe(Effect.provide(portal.layer)),
        )
        expect(error._tag).toBe("InvalidInput")
        expect(portal.requests).toHaveLength(0)
      }
    }),
  )

  it.effect("search() without options sends ancestorPath=/ and decodes findItems", () =>
    Effect.gen(function* () {
      const found = yield* Effect.promise(() => fixture("find-items-1.json"))
      const { value, to } = yield* run({ [`${admin}/data/findItems`]: { json: found } }, (d) => d.search())
      expect(value.map((item) => item.path)).toEqual([
        "/fileShares/VideoDataStore_folder_sample",
        "/fileShares/videoSharing_ds_sample",
      ])
      expect(value[1]?.info?.portalProperties).toEqual({ itemID: "cbf6f88546b14b0388242a3a8fb57a3f" })
      const [request] = to(`${admin}/data/findItems`)
      expect(request?.body).toEqual({ ancestorPath: "/", f: "json" })
    }),
  )

  it.effect("search(options) sends parentPath, types (comma-joined) and id", () =>
    Effect.gen(function* () {
      const { to } = yield* run({ [`${admin}/data/findItems`]: { json: { items: [] } } }, (d) =>
        d.search({ parentPath: "/fileShares", types: ["folder", "egdb"], id: "abc" }),
      )
      expect(to(`${admin}/data/findItems`)[0]?.body).toEqual({
        parentPath: "/fileShares",
        types: "folder,egdb",
        id: "abc",
        f: "json",
      })
    }),
  )

  it.effect("validate() posts validateAllDataItems", () =>
    Effect.gen(function* () {
      const ok = yield* Effect.promise(() => fixture("operation-response-success-1.json"))
      const { value, to } = yield* run({ [`${admin}/data/validateAllDataItems`]: { json: ok } }, (d) => d.validate())
      expect(value).toBe(true)
      expect(to(`${admin}/data/validateAllDataItems`)[0]?.method).toBe("POST")
    }),
  )

  it.effect("config() and updateConfig({ blockDataCopy })", () =>
    Effect.gen(function* () {
      const { value, to } = yield* run(
        {
          [`${admin}/data/config`]: { json: { blockDataCopy: true } },
          [`${admin}/data/config/update`]: success,
        },
        (d) => Effect.all([d.config(), d.updateConfig({ blockDataCopy: false })]),
      )
      expect(value).toEqual([{ blockDataCopy: true }, true])
      expect(to(`${admin}/data/config`)[0]?.method).toBe("POST")
      expect(JSON.parse(to(`${admin}/data/config/update`)[0]?.body.datastoreConfig ?? "")).toEqual({
        blockDataCopy: false,
      })
    }),
  )
})
