import { mkdtempSync, readdirSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type EmulatorHandle, startEmulator } from "../src/index.ts"
import { client, type Json } from "./helpers.ts"
import { buildZip } from "./zip-builder.ts"

let emulator: EmulatorHandle
let api: ReturnType<typeof client>
let admin = ""
let publisher = ""
let user = ""
let serverAdmin = ""

beforeAll(async () => {
  emulator = await startEmulator({ resourceMaxBytes: 200_000 })
  api = client(emulator)
  admin = await api.signIn(emulator.accounts.admin)
  publisher = await api.signIn(emulator.accounts.publisher)
  user = await api.signIn(emulator.accounts.user)
})
afterAll(async () => {
  await emulator.stop()
})

const adminApi = async (
  path: string,
  params: Record<string, string> = {},
  token: string | null = serverAdmin,
  method: "GET" | "POST" = "POST",
) => {
  const url = new URL(`${emulator.url.replace(/\/portal$/, "/server")}/admin/${path}`)
  url.searchParams.set("f", "json")
  if (method === "GET") for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value)
  const body = new URLSearchParams({ ...params, ...(token ? { token } : {}) })
  const response = await fetch(url, {
    method,
    ...(method === "POST" ? { body } : { headers: token ? { "X-Esri-Authorization": `Bearer ${token}` } : {} }),
  })
  return (await response.json()) as Json
}

describe("federated server and data items", () => {
  it("portals/self/servers lists the hosting server; its rest/info names the portal; the portal token is exchanged", async () => {
    const servers = (await api.json("portals/self/servers", { method: "GET", token: admin })).servers
    expect(servers).toHaveLength(1)
    expect(servers[0]).toMatchObject({ serverRole: "HOSTING_SERVER", serverType: "ArcGIS", isHosted: true })
    const info = (await (await fetch(`${servers[0].url}/rest/info?f=json`)).json()) as Json
    expect(info.owningSystemUrl).toBe(emulator.url)
    const exchanged = await api.json("generateToken", { params: { token: admin, serverUrl: servers[0].url } })
    expect(exchanged.token).toBeTypeOf("string")
    serverAdmin = exchanged.token
  })

  it("register, get, find, edit, validate, ref count, unregister a folder; only admins", async () => {
    const folder = mkdtempSync(join(tmpdir(), "emulator-share-"))
    const item = {
      type: "folder",
      path: "/fileShares/share1",
      info: { path: folder, dataStoreConnectionType: "shared" },
    }
    expect(await adminApi("data/registerItem", { item: JSON.stringify(item) })).toEqual({ status: "success" })
    expect((await adminApi("data/registerItem", { item: JSON.stringify(item) })).status).toBe("exists")
    const got = await adminApi("data/items/fileShares/share1", {}, serverAdmin, "GET")
    expect(got).toMatchObject({ path: "/fileShares/share1", type: "folder", info: { path: folder } })
    expect(got.id).toMatch(/^[0-9a-f-]{36}$/)
    const found = await adminApi("data/findItems", { parentPath: "/fileShares", types: "folder" })
    expect(
      found.items.map((entry: { path: string; totalRefCount: number }) => [entry.path, entry.totalRefCount]),
    ).toEqual([["/fileShares/share1", 0]])
    expect(await adminApi("data/validateDataItem", { item: JSON.stringify(item) })).toEqual({ status: "success" })
    const missing = { ...item, path: "/fileShares/nope", info: { path: join(folder, "does-not-exist") } }
    const invalid = await adminApi("data/validateDataItem", { item: JSON.stringify(missing) })
    expect(invalid).toMatchObject({ status: "error", code: 400 })
    expect(await adminApi("data/computeTotalRefCount", { itemPath: "/fileShares/share1" })).toEqual({
      totalRefCount: 0,
    })
    expect(
      await adminApi(`data/items/fileShares/share1/edit`, {
        item: JSON.stringify({ ...item, info: { ...item.info, dataStoreConnectionType: "replicated" } }),
      }),
    ).toEqual({ status: "success" })
    expect((await adminApi("data/items/fileShares/share1", {}, serverAdmin, "GET")).info.dataStoreConnectionType).toBe(
      "replicated",
    )
    expect((await adminApi("data/validateAllDataItems")).status).toBe("success")
    expect((await adminApi("data/unregisterItem", { itempath: "/fileShares/share1" })).status).toBe("error")
    expect(await adminApi("data/unregisterItem", { itempath: "/fileShares/share1", force: "true" })).toEqual({
      status: "success",
      success: true,
    })
    expect((await adminApi("data/items/fileShares/share1", {}, serverAdmin, "GET")).status).toBe("error")
  })

  it("databases: connection strings are parsed; bad paths and types refused; config; big data manifests", async () => {
    const egdb = {
      type: "egdb",
      path: "/enterpriseDatabases/db1",
      info: {
        connectionString: "SERVER=pg;INSTANCE=sde:postgresql:pg;DBCLIENT=postgresql;DATABASE=gis;USER=sde",
        dataStoreConnectionType: "shared",
        isManaged: false,
      },
    }
    expect((await adminApi("data/registerItem", { item: JSON.stringify(egdb) })).status).toBe("success")
    expect(
      (
        await adminApi("data/validateDataItem", {
          item: JSON.stringify({ ...egdb, info: { connectionString: "USER=x" } }),
        })
      ).status,
    ).toBe("error")
    expect(
      (await adminApi("data/registerItem", { item: JSON.stringify({ ...egdb, path: "/fileShares/wrong" }) })).status,
    ).toBe("error")
    expect((await adminApi("data/registerItem", { item: "{broken" })).status).toBe("error")
    expect(await adminApi("data/config", {}, serverAdmin, "GET")).toEqual({ blockDataCopy: false })
    expect(await adminApi("data/config/update", { datastoreConfig: JSON.stringify({ blockDataCopy: true }) })).toEqual({
      status: "success",
    })
    expect(await adminApi("data/config", {}, serverAdmin, "GET")).toEqual({ blockDataCopy: true })
    const share = mkdtempSync(join(tmpdir(), "emulator-bigdata-"))
    const bigdata = {
      type: "bigDataFileShare",
      path: "/bigDataFileShares/trips",
      info: { connectionString: JSON.stringify({ path: share }), connectionType: "fileShare" },
    }
    await adminApi("data/registerItem", { item: JSON.stringify(bigdata) })
    expect(await adminApi("data/items/bigDataFileShares/trips/manifest", {}, serverAdmin, "GET")).toEqual({
      datasets: [],
    })
    const manifest = { datasets: [{ name: "trips", type: "table", format: { extension: "csv" } }] }
    expect(
      await adminApi("data/items/bigDataFileShares/trips/manifest/update", { manifest: JSON.stringify(manifest) }),
    ).toEqual({ status: "success" })
    expect(await adminApi("data/items/bigDataFileShares/trips/manifest", {}, serverAdmin, "GET")).toEqual(manifest)
    expect((await adminApi("data/items", {}, serverAdmin, "GET")).rootItems).toContain("/fileShares")
  })

  it("non-admins get a permission error; no token gets the admin 499", async () => {
    const publisherServer = (
      await api.json("generateToken", {
        params: { token: publisher, serverUrl: `${emulator.url.replace(/\/portal$/, "/server")}` },
      })
    ).token
    expect(await adminApi("data/findItems", { ancestorPath: "/" }, publisherServer)).toMatchObject({
      status: "error",
      code: 403,
    })
    const anonymous = await adminApi("data/findItems", { ancestorPath: "/" }, null)
    expect(anonymous).toMatchObject({ status: "error", code: 499 })
    expect(anonymous.messages[0]).toContain("Token not found")
  })
})

describe("item resources", () => {
  const newItem = async () =>
    (
      await api.json("content/users/publisher_one/addItem", {
        params: { title: "With resources", type: "Web Mapping Application", text: "{}" },
        token: publisher,
      })
    ).id as string
  const add = (id: string, params: Record<string, string>, files?: Record<string, [Blob, string]>, token = publisher) =>
    api.json(`content/users/publisher_one/items/${id}/addResources`, {
      params,
      ...(files ? { files } : { files: {} }),
      token,
    })

  it("add (file, text, prefix), list, get, update, remove; sizes tracked", async () => {
    const id = await newItem()
    expect(
      await add(id, { resourcesPrefix: "images" }, { file: [new Blob([new Uint8Array([1, 2, 3])]), "logo.png"] }),
    ).toMatchObject({ success: true, itemId: id, owner: "publisher_one" })
    await add(id, { fileName: "config.json", text: '{"a":1}' })
    const listed = await api.json(`content/items/${id}/resources`, {
      method: "GET",
      params: { num: "1000" },
      token: publisher,
    })
    expect(listed.resources.map((entry: { resource: string; size: number }) => [entry.resource, entry.size])).toEqual([
      ["config.json", 7],
      ["images/logo.png", 3],
    ])
    expect(
      await (await api.call(`content/items/${id}/resources/config.json`, { method: "GET", token: publisher })).text(),
    ).toBe('{"a":1}')
    expect((await api.json(`content/items/${id}`, { token: publisher })).size).toBe(2 + 7 + 3)
    expect(
      await api.json(`content/users/publisher_one/items/${id}/updateResources`, {
        params: { fileName: "config.json", text: '{"a":2}' },
        files: {},
        token: publisher,
      }),
    ).toMatchObject({ success: true })
    expect(
      await (await api.call(`content/items/${id}/resources/config.json`, { method: "GET", token: publisher })).text(),
    ).toBe('{"a":2}')
    expect(
      (
        await api.json(`content/users/publisher_one/items/${id}/updateResources`, {
          params: { fileName: "missing.json", text: "{}" },
          files: {},
          token: publisher,
        })
      ).error.code,
    ).toBe(404)
    expect(
      await api.json(`content/users/publisher_one/items/${id}/removeResources`, {
        params: { resource: "images/logo.png" },
        token: publisher,
      }),
    ).toEqual({ success: true })
    expect(
      (
        await api.json(`content/users/publisher_one/items/${id}/removeResources`, {
          params: { resource: "images/logo.png" },
          token: publisher,
        })
      ).error,
    ).toMatchObject({ code: 404, message: "Resource does not exist or is inaccessible." })
    expect(
      await api.json(`content/users/publisher_one/items/${id}/removeResources`, {
        params: { deleteAll: "true" },
        token: publisher,
      }),
    ).toEqual({ success: true })
    expect((await api.json(`content/items/${id}/resources`, { method: "GET", token: publisher })).total).toBe(0)
  })

  it("refuses bad types, oversized files, traversal paths, other users; readers follow item visibility", async () => {
    const id = await newItem()
    expect((await add(id, { fileName: "script.exe", text: "x" })).error).toMatchObject({
      code: 400,
      messageCode: "CONT_0093",
    })
    expect((await add(id, {}, { file: [new Blob([new Uint8Array(300_000)]), "big.png"] })).error.code).toBe(400)
    for (const bad of ["../escape.json", "/abs.json", "a//b.json", "a\\b.json", "a/../../b.json"]) {
      expect((await add(id, { fileName: bad, text: "{}" })).error.code).toBe(400)
    }
    expect((await add(id, { resourcesPrefix: "../up", fileName: "x.json", text: "{}" })).error.code).toBe(400)
    expect((await add(id, { fileName: "mine.json", text: "{}" }, undefined, user)).error.code).toBe(400)
    await add(id, { fileName: "shared.json", text: "{}" })
    expect((await api.json(`content/items/${id}/resources`, { method: "GET", token: user })).error.messageCode).toBe(
      "CONT_0001",
    )
    await api.json(`content/users/publisher_one/items/${id}/share`, { params: { org: "true" }, token: publisher })
    expect((await api.json(`content/items/${id}/resources`, { method: "GET", token: user })).total).toBe(1)
    const csv = (
      await api.json("content/users/publisher_one/addItem", {
        params: { title: "No resources", type: "CSV", text: "a\n1\n" },
        token: publisher,
      })
    ).id
    expect((await add(csv, { fileName: "x.json", text: "{}" })).error.code).toBe(400)
  })

  it("archives are extracted; zip-slip entries are refused and nothing is written", async () => {
    const id = await newItem()
    const good = buildZip([
      ["styles/root.json", '{"v":1}'],
      ["styles/sprites/a.png", new Uint8Array([9, 9])],
    ])
    expect((await add(id, { archive: "true" }, { file: [new Blob([good]), "bundle.zip"] })).success).toBe(true)
    const listed = await api.json(`content/items/${id}/resources`, { method: "GET", token: publisher })
    expect(listed.resources.map((entry: { resource: string }) => entry.resource)).toEqual([
      "styles/root.json",
      "styles/sprites/a.png",
    ])
    for (const name of ["../../evil.json", "/etc/evil.json", "a/../../evil.json", "C:/evil.json", "a\\..\\evil.json"]) {
      const evil = buildZip([
        ["ok.json", "{}"],
        [name, "{}"],
      ])
      const refused = await add(id, { archive: "true" }, { file: [new Blob([evil]), "evil.zip"] })
      expect(refused.error.code, name).toBe(400)
    }
    const after = await api.json(`content/items/${id}/resources`, { method: "GET", token: publisher })
    expect(after.total).toBe(2)
    expect(readdirSync(join(emulator.dataDir, "items", id, "resources"))).toEqual(["styles"])
    expect(
      (await add(id, { archive: "true" }, { file: [new Blob([new Uint8Array([1, 2, 3])]), "notzip.zip"] })).error.code,
    ).toBe(400)
  })

  it("resources go with their item", async () => {
    const id = await newItem()
    await add(id, { fileName: "gone.json", text: "{}" })
    await api.json(`content/users/publisher_one/items/${id}/delete`, { token: publisher })
    expect(readdirSync(join(emulator.dataDir, "items")).includes(id)).toBe(false)
  })
})
