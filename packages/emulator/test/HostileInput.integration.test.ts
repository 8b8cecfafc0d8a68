/**
 * Regressions for hostile input the fuzz test found or was told about: JavaScript's built-in property names where a
 * handler looks a value up in a table, paths decoded twice, a resource whose name clashes with a resource folder,
 * and list parameters long enough to exceed SQLite's variable limit. Each case answers a portal-style envelope
 * (a 400 for bad input), never a 500, and leaves the item as it was.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type EmulatorHandle, startEmulator } from "../src/index.ts"
import { client, type Json } from "./helpers.ts"
import { buildZip } from "./zip-builder.ts"

let emulator: EmulatorHandle
let api: ReturnType<typeof client>
let admin = ""
let publisher = ""

beforeAll(async () => {
  emulator = await startEmulator({ jobMillis: 0 })
  api = client(emulator)
  admin = await api.signIn(emulator.accounts.admin)
  publisher = await api.signIn(emulator.accounts.publisher)
})
afterAll(async () => {
  await emulator.stop()
})

/** Every name a plain object answers to without owning it, and the ones that pollute prototypes. */
const builtInNames = [
  ...new Set([...Object.getOwnPropertyNames(Object.prototype), "__proto__", "prototype", "constructor"]),
]

const unexpected = (body: Json) => body.error?.code === 500 || body.code === 500

const addItem = async (params: Record<string, string>) =>
  (await api.json("content/users/publisher_one/addItem", { params, token: publisher })) as Json

describe("built-in property names as values", () => {
  it("addItem takes any type: the default type keywords come from a table, not from Object.prototype", async () => {
    for (const type of builtInNames) {
      const added = await addItem({ title: `typed ${type}`, type, text: "{}" })
      expect(added.success, `${type}: ${JSON.stringify(added)}`).toBe(true)
      const item = await api.json(`content/items/${added.id}`, { method: "GET", token: publisher })
      expect([item.type, item.typeKeywords], type).toEqual([type, []])
    }
  })

  it("a file named `x.<built-in>` is served as application/octet-stream", async () => {
    for (const name of builtInNames) {
      const added = (await api.json("content/users/publisher_one/addItem", {
        params: { title: `file ${name}`, type: "Code Attachment" },
        files: { file: [new Blob(["data"]), `x.${name}`] },
        token: publisher,
      })) as Json
      expect(added.success, name).toBe(true)
      const data = await api.call(`content/items/${added.id}/data`, { method: "GET", token: publisher })
      expect([data.status, data.headers.get("content-type"), await data.text()], name).toEqual([
        200,
        "application/octet-stream",
        "data",
      ])
    }
  })

  it("sortField of org users and of item resources: a built-in name sorts by the default", async () => {
    const item = await addItem({ title: "sorted resources", type: "Web Map", text: "{}" })
    for (const fileName of ["b.json", "a.json"])
      await api.json(`content/users/publisher_one/items/${item.id}/addResources`, {
        params: { fileName, text: "{}" },
        token: publisher,
      })
    for (const sortField of builtInNames) {
      const users = await api.json("portals/self/users", { method: "GET", params: { sortField }, token: admin })
      expect(unexpected(users), sortField).toBe(false)
      expect(users.users.map((user: Json) => user.username).slice(0, 2), sortField).toEqual([
        "portal_admin",
        "publisher_one",
      ])
      const resources = await api.json(`content/items/${item.id}/resources`, {
        method: "GET",
        params: { sortField },
        token: publisher,
      })
      expect(
        resources.resources.map((entry: Json) => entry.resource),
        sortField,
      ).toEqual(["a.json", "b.json"])
    }
  })

  it("publish fileType and export exportFormat: a built-in name is not a format", async () => {
    const csv = await addItem({ title: "Stations", type: "CSV", text: "name,lat,lon\nA,45.5,-122.6\n" })
    const published = (await api.json("content/users/publisher_one/publish", {
      params: { itemId: csv.id, fileType: "csv", publishParameters: JSON.stringify({ name: "Hostile_Stations" }) },
      token: publisher,
    })) as Json
    const service = published.services[0].serviceItemId as string
    for (const name of builtInNames) {
      const publish = await api.json("content/users/publisher_one/publish", {
        params: { itemId: csv.id, fileType: name, publishParameters: JSON.stringify({ name: "Other" }) },
        token: publisher,
      })
      expect([publish.error?.code, publish.error?.message], name).toEqual([400, "Invalid file type."])
      const exported = await api.json("content/users/publisher_one/export", {
        params: { itemId: service, exportFormat: name },
        token: publisher,
      })
      expect([exported.error?.code, exported.error?.message], name).toEqual([400, "Invalid export format."])
    }
  })

  it("a data item path under a built-in name is not a data store root", async () => {
    const adminApi = async (path: string, params: Record<string, string>, method: "GET" | "POST" = "POST") => {
      const url = new URL(`${emulator.url.replace(/\/portal$/, "/server")}/admin/${path}`)
      url.searchParams.set("f", "json")
      const response = await fetch(url, {
        method,
        headers: { "X-Esri-Authorization": `Bearer ${admin}` },
        ...(method === "POST" ? { body: new URLSearchParams(params) } : {}),
      })
      return (await response.json()) as Json
    }
    for (const name of builtInNames) {
      const item = JSON.stringify({ path: `/${name}/x`, type: "folder", info: { path: "/tmp" } })
      for (const operation of ["data/registerItem", "data/validateDataItem"]) {
        const refused = await adminApi(operation, { item })
        expect([refused.status, refused.code], `${operation} ${name}`).toEqual(["error", 400])
      }
      const root = await adminApi(`data/items/${encodeURIComponent(name)}`, {}, "GET")
      expect([root.status, root.code], name).toEqual(["error", 404])
    }
    const roots = await adminApi("data/items", {}, "GET")
    expect(roots.rootItems).toContain("/fileShares")
  })

  it("portals/self/update stores a property named after a built-in as a property, never as the prototype", async () => {
    // Sent as entries: an object literal cannot even hold a `__proto__` key.
    const response = await fetch(`${emulator.restUrl}/portals/self/update`, {
      method: "POST",
      headers: { "X-Esri-Authorization": `Bearer ${admin}` },
      body: new URLSearchParams([
        ["f", "json"],
        ["__proto__", '{"polluted":true}'],
        ["constructor", "x"],
        ["error", "not an envelope"],
      ]),
    })
    expect(await response.json()).toEqual({ success: true })
    const self = await api.json("portals/self", { method: "GET", token: admin })
    expect(self.error).toBeUndefined()
    expect(self.constructor).toBe("x")
    expect(Object.getOwnPropertyDescriptor(self, "__proto__")?.value).toEqual({ polluted: true })
    expect(Object.getPrototypeOf(self)).toBe(Object.prototype)
  })
})

describe("paths are percent-decoded once", () => {
  it("an escaped `%` is the text `%`, not the start of another escape", async () => {
    const item = await addItem({ title: "decoded once", type: "Web Map", text: "{}" })
    for (const path of [
      "community/users/%25E0",
      "content/users/%25E0",
      "content/users/%25E0/items/0123456789abcdef0123456789abcdef",
      `content/items/${item.id}/info/%25E0`,
      `content/items/${item.id}/resources/%25E0.json`,
      "community/groups/0123456789abcdef0123456789abcdef/info/%25E0",
    ]) {
      const response = await api.call(path, { method: "GET", token: admin })
      expect(response.status, path).not.toBe(500)
      const body = (await response.json()) as Json
      expect(body.error?.code, path).toBeTypeOf("number")
      expect(body.error?.code, path).not.toBe(500)
    }
    // A resource whose name holds a `%` is found under its name escaped once.
    await api.json(`content/users/publisher_one/items/${item.id}/addResources`, {
      params: { fileName: "100%E0.json", text: '{"percent":true}' },
      token: publisher,
    })
    const resource = await api.call(`content/items/${item.id}/resources/100%25E0.json`, {
      method: "GET",
      token: publisher,
    })
    expect(await resource.text()).toBe('{"percent":true}')
  })
})

describe("resource names that clash with resource folders", () => {
  const newItem = async () => (await addItem({ title: "clashes", type: "Web Map", text: "{}" })).id as string
  const add = async (id: string, params: Record<string, string>, file?: [Blob, string]) =>
    (await api.json(`content/users/publisher_one/items/${id}/addResources`, {
      params,
      ...(file === undefined ? {} : { files: { file } }),
      token: publisher,
    })) as Json
  const names = async (id: string) =>
    ((await api.json(`content/items/${id}/resources`, { method: "GET", token: publisher })).resources as Array<Json>)
      .map((entry) => entry.resource as string)
      .sort()

  // A file and a file inside a folder of the same name, at every depth up to three, in both orders.
  const clashes = [1, 2, 3].flatMap((depth) => {
    const file = `${Array.from({ length: depth - 1 }, (_, index) => `d${index}`).join("/")}${depth > 1 ? "/" : ""}a.json`
    const inside = `${file}/b.json`
    return [
      [file, inside],
      [inside, file],
    ] as const
  })

  it("a second resource whose path goes through the first, or holds it, is refused; the first stays", async () => {
    for (const [first, second] of clashes) {
      const id = await newItem()
      expect((await add(id, { fileName: first, text: "{}" })).success, first).toBe(true)
      const refused = await add(id, { fileName: second, text: "{}" })
      expect([refused.error?.code, refused.error?.message], `${first} then ${second}`).toEqual([
        400,
        "Resource already exists.",
      ])
      expect(await names(id), `${first} then ${second}`).toEqual([first])
      const kept = await api.call(`content/items/${id}/resources/${first}`, { method: "GET", token: publisher })
      expect(await kept.text()).toBe("{}")
    }
  })

  it("both in one archive, or one with a prefix: refused, and nothing is written", async () => {
    for (const [first, second] of clashes) {
      const id = await newItem()
      const archive = buildZip([
        [first, "{}"],
        [second, "{}"],
      ])
      const refused = await add(id, { archive: "true" }, [new Blob([archive]), "clash.zip"])
      expect(refused.error?.code, `${first} + ${second}`).toBe(400)
      expect(await names(id)).toEqual([])
    }
    const id = await newItem()
    await add(id, { fileName: "p.json", text: "{}" })
    expect((await add(id, { resourcesPrefix: "p.json", fileName: "q.json", text: "{}" })).error?.code).toBe(400)
  })

  it("a removed resource leaves no folder behind that blocks a file of its name", async () => {
    const id = await newItem()
    await add(id, { fileName: "a.json/b.json", text: "{}" })
    await api.json(`content/users/publisher_one/items/${id}/removeResources`, {
      params: { resource: "a.json/b.json" },
      token: publisher,
    })
    expect((await add(id, { fileName: "a.json", text: '{"now":"a file"}' })).success).toBe(true)
    const read = await api.call(`content/items/${id}/resources/a.json`, { method: "GET", token: publisher })
    expect(await read.text()).toBe('{"now":"a file"}')
  })
})

describe("long values", () => {
  it("isServiceNameAvailable with a name past SQLite's LIKE pattern limit: available, not a 500", async () => {
    for (const length of [121, 50_001, 200_000]) {
      const answer = await api.json("portals/self/isServiceNameAvailable", {
        params: { name: "%".repeat(length), type: "Feature Service" },
        token: publisher,
      })
      expect(answer, String(length)).toEqual({ available: true })
    }
  })
})

describe("list parameters have a limit", () => {
  const values = (count: number) => Array.from({ length: count }, (_, index) => `T${index}`).join(",")

  it("relatedItems with 40,000 relationship types: a 400 envelope, not SQLite's variable limit; 1,000 answer", async () => {
    const item = await addItem({ title: "related", type: "Web Map", text: "{}" })
    const related = (relationshipTypes: string) =>
      api.json(`content/items/${item.id}/relatedItems`, { params: { relationshipTypes }, token: publisher })
    for (const count of [1_001, 40_000]) {
      const refused = await related(values(count))
      expect([refused.error?.code, refused.error?.details?.[0]], String(count)).toEqual([
        400,
        `'relationshipTypes' holds ${count} values; at most 1000.`,
      ])
    }
    expect(await related(values(1_000))).toEqual({ total: 0, relatedItems: [] })
    // Repeats count once: 40,000 copies of one type are one type.
    expect(await related(Array.from({ length: 40_000 }, () => "Map2Service").join(","))).toEqual({
      total: 0,
      relatedItems: [],
    })
  })

  it("every list parameter refuses 40,000 values with a 400 envelope", async () => {
    const item = await addItem({ title: "lists", type: "Web Map", text: "{}" })
    const huge = values(40_000)
    const cases: ReadonlyArray<readonly [string, Record<string, string>]> = [
      ["content/users/publisher_one/addItem", { title: "t", type: "Web Map", tags: huge }],
      ["content/users/publisher_one/addItem", { title: "t", type: "Web Map", typeKeywords: huge }],
      [
        "content/users/publisher_one/addItem",
        { title: "t", type: "Web Map", categories: JSON.stringify(huge.split(",")) },
      ],
      [`content/users/publisher_one/items/${item.id}/share`, { groups: huge }],
      [`content/users/publisher_one/items/${item.id}/unshare`, { groups: huge }],
      ["content/users/publisher_one/shareItems", { items: huge, groups: "x" }],
      ["search", { q: "parks", categories: huge }],
      ["community/createGroup", { title: "many tags", tags: huge }],
      [
        "portals/self/invite",
        {
          invitationList: JSON.stringify({
            invitations: Array.from({ length: 101 }, (_, index) => ({ username: `invited_${index}` })),
          }),
        },
      ],
    ]
    for (const [path, params] of cases) {
      const refused = await api.json(path, { params, token: admin })
      expect(refused.error?.code, path).toBe(400)
      expect(refused.error?.details?.[0], path).toMatch(/holds \d+ values; at most \d+\./)
    }
  })
})
