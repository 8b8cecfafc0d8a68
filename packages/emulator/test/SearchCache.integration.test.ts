import { join } from "node:path"
import { DatabaseSync } from "node:sqlite"
import fc from "fast-check"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type EmulatorHandle, startEmulator } from "../src/index.ts"
import { anonymous, sessionOf } from "../src/internal/authentication.ts"
import { canViewItem } from "../src/internal/authorization.ts"
import type { Context } from "../src/internal/context.ts"
import { accessOf } from "../src/internal/render.ts"
import { evaluate, parse, type Searchable } from "../src/internal/search/query.ts"
import type { ItemRow } from "../src/internal/storage/items.ts"
import { orgIdOf } from "../src/internal/storage/portal.ts"
import { findUser } from "../src/internal/storage/users.ts"
import { client, type Json } from "./helpers.ts"

let emulator: EmulatorHandle
let api: ReturnType<typeof client>
/** A second, read-only connection to the emulator's database, for the reference search. */
let db: DatabaseSync
const tokens: Record<string, string> = {}
const groups: Record<string, string> = {}

beforeAll(async () => {
  emulator = await startEmulator()
  api = client(emulator)
  for (const [name, account] of Object.entries(emulator.accounts)) tokens[name] = await api.signIn(account)
  db = new DatabaseSync(join(emulator.dataDir, "portal.sqlite"), { readOnly: true })
  for (const row of db.prepare("SELECT id, title FROM groups").all() as Array<{ id: string; title: string }>)
    groups[row.title] = row.id
})
afterAll(async () => {
  db.close()
  await emulator.stop()
})

const search = async (caller: string | undefined, params: Record<string, string>) =>
  api.json("search", { method: "GET", params, ...(caller === undefined ? {} : { token: tokens[caller] ?? "" }) })
const ids = (response: Json) => (response.results as Array<{ id: string }>).map((item) => item.id)
const add = async (owner: "publisher" | "user", params: Record<string, string>) => {
  const username = emulator.accounts[owner].username
  const added = await api.json(`content/users/${username}/addItem`, {
    params: { type: "Web Map", text: "{}", ...params },
    token: tokens[owner] ?? "",
  })
  return added.id as string
}

/**
 * The reference search: what `search` answered before it cached anything — every item read in full,
 * `canViewItem`, the query on a record of every field, sorted by the first `sortField` with ties by id.
 */
const reference = (username: string | undefined, q: string, sortField?: string, sortOrder?: string) => {
  const user = username === undefined ? undefined : findUser(db, username)
  const orgId = orgIdOf(db)
  const rows = db
    .prepare("SELECT * FROM items WHERE status <> 'partial' ORDER BY created, id")
    .all() as unknown as Array<ItemRow>
  const sharedWith = (id: string) =>
    (db.prepare("SELECT group_id FROM item_shares WHERE item_id = ?").all(id) as Array<{ group_id: string }>).map(
      (row) => row.group_id,
    )
  const record = (item: ItemRow): Searchable => ({
    id: item.id,
    fields: {
      id: [item.id],
      owner: [item.owner],
      title: [item.title],
      type: [item.type],
      typekeywords: JSON.parse(item.type_keywords) as Array<string>,
      tags: JSON.parse(item.tags) as Array<string>,
      snippet: [item.snippet ?? ""],
      description: [item.description ?? ""],
      accessinformation: [item.access_information ?? ""],
      spatialreference: [item.spatial_reference ?? ""],
      culture: [item.culture ?? ""],
      name: [item.name ?? ""],
      url: [item.url ?? ""],
      orgid: [orgId],
      accountid: [orgId],
      access: [accessOf(db, item)],
      group: sharedWith(item.id),
      categories: (JSON.parse(item.extra) as { categories?: Array<string> }).categories ?? [],
    },
    numbers: {
      created: item.created,
      modified: item.modified,
      uploaded: item.created,
      numviews: item.num_views,
      size: item.size,
    },
    caseSensitive: new Set(["owner", "id"]),
  })
  const defaults = ["title", "tags", "snippet", "description", "type", "typekeywords"]
  const exact = new Set([
    "id",
    "owner",
    "type",
    "orgid",
    "accountid",
    "access",
    "group",
    "typekeywords",
    "tags",
    "culture",
  ])
  const tree = parse(q)
  // The authorization module's item rule, asked for the caller as the emulator would ask it.
  const caller = { db, caller: user === undefined ? anonymous : sessionOf(db, user) } as unknown as Context
  const matched = rows.filter((item) => canViewItem(caller, item) && evaluate(tree, record(item), defaults, exact))
  const count = (sql: string, id: string) =>
    ((db.prepare(sql).get(id) as { value: number | null }).value ?? 0) as number
  const keys = new Map<string, (item: ItemRow) => string | number>([
    ["title", (item) => item.title.toLowerCase()],
    ["created", (item) => item.created],
    ["uploaded", (item) => item.created],
    ["modified", (item) => item.modified],
    ["type", (item) => item.type.toLowerCase()],
    ["owner", (item) => item.owner],
    ["numviews", (item) => item.num_views],
    ["avgrating", (item) => count("SELECT AVG(rating) AS value FROM ratings WHERE item_id = ?", item.id)],
    ["numratings", (item) => count("SELECT COUNT(*) AS value FROM ratings WHERE item_id = ?", item.id)],
    ["numcomments", (item) => count("SELECT COUNT(*) AS value FROM comments WHERE item_id = ?", item.id)],
  ])
  const key = keys.get((sortField ?? "").split(",")[0]?.trim().toLowerCase() ?? "")
  if (key !== undefined) {
    const direction = (sortOrder ?? "asc").toLowerCase() === "desc" ? -1 : 1
    matched.sort((a, b) => {
      const left = key(a)
      const right = key(b)
      if (left < right) return -direction
      if (left > right) return direction
      return a.id < b.id ? -1 : 1
    })
  }
  return matched.map((item) => item.id)
}

/** Asks for one page and checks it, `total` and `nextStart` against the reference search. */
const checkPage = async (
  caller: string | undefined,
  q: string,
  options: { sortField?: string; sortOrder?: string; start: number; num: number },
) => {
  const params: Record<string, string> = { q, start: String(options.start), num: String(options.num) }
  if (options.sortField !== undefined) params.sortField = options.sortField
  if (options.sortOrder !== undefined) params.sortOrder = options.sortOrder
  const response = await search(caller, params)
  const expected = reference(
    caller === undefined ? undefined : emulator.accounts[caller as keyof typeof emulator.accounts].username,
    q,
    options.sortField,
    options.sortOrder,
  )
  const page = expected.slice(options.start - 1, options.start - 1 + options.num)
  const end = options.start - 1 + page.length
  expect({ ids: ids(response), total: response.total, nextStart: response.nextStart }).toEqual({
    ids: page,
    total: expected.length,
    nextStart: end < expected.length ? end + 1 : -1,
  })
  return response
}

describe("search pages after a write", () => {
  it("a new item between two pages of the same search shows on the next page and in total", async () => {
    for (const title of ["Cache B", "Cache D", "Cache F", "Cache H"]) await add("publisher", { title, tags: "cached" })
    const first = await checkPage("publisher", "tags:cached", { sortField: "title", start: 1, num: 2 })
    expect(first.total).toBe(4)
    await add("publisher", { title: "Cache A", tags: "cached" })
    const second = await checkPage("publisher", "tags:cached", { sortField: "title", start: 3, num: 2 })
    expect([second.total, second.results.map((item: Json) => item.title)]).toEqual([5, ["Cache D", "Cache F"]])
  })

  it("an update, a share and an unshare between two pages are seen by the next one", async () => {
    const id = await add("publisher", { title: "Cache share", tags: "cachedshare" })
    expect((await checkPage("user", "tags:cachedshare", { start: 1, num: 10 })).total).toBe(0)
    const publicMaps = groups["Public Maps"] ?? ""
    await api.json(`content/users/publisher_one/items/${id}/share`, {
      params: { groups: publicMaps },
      token: tokens.publisher ?? "",
    })
    expect((await checkPage("user", "tags:cachedshare", { start: 1, num: 10 })).total).toBe(1)
    await api.json(`content/users/publisher_one/items/${id}/update`, {
      params: { title: "Renamed share" },
      token: tokens.publisher ?? "",
    })
    const renamed = await checkPage("user", "tags:cachedshare", { start: 1, num: 10 })
    expect(renamed.results[0].title).toBe("Renamed share")
    await api.json(`content/users/publisher_one/items/${id}/unshare`, {
      params: { groups: publicMaps },
      token: tokens.publisher ?? "",
    })
    expect((await checkPage("user", "tags:cachedshare", { start: 1, num: 10 })).total).toBe(0)
  })

  it("a change of group membership changes what the next page shows", async () => {
    const id = await add("publisher", { title: "Cache team", tags: "cachedteam" })
    const team = groups["Field Operations"] ?? ""
    await api.json(`content/users/publisher_one/items/${id}/share`, {
      params: { groups: team },
      token: tokens.publisher ?? "",
    })
    expect((await checkPage("user", "tags:cachedteam", { start: 1, num: 10 })).total).toBe(0)
    await api.json(`community/groups/${team}/addUsers`, { params: { users: "user_one" }, token: tokens.admin ?? "" })
    expect((await checkPage("user", "tags:cachedteam", { start: 1, num: 10 })).total).toBe(1)
    await api.json(`community/groups/${team}/removeUsers`, { params: { users: "user_one" }, token: tokens.admin ?? "" })
    expect((await checkPage("user", "tags:cachedteam", { start: 1, num: 10 })).total).toBe(0)
  })

  it("views between two pages re-sort a search by numViews", async () => {
    const first = await add("publisher", { title: "Viewed 1", tags: "cachedviews" })
    await add("publisher", { title: "Viewed 2", tags: "cachedviews" })
    const before = await checkPage("publisher", "tags:cachedviews", {
      sortField: "numViews",
      sortOrder: "desc",
      start: 1,
      num: 1,
    })
    await api.json(`content/items/${first}`, { method: "GET", token: tokens.publisher ?? "" })
    const after = await checkPage("publisher", "tags:cachedviews", {
      sortField: "numViews",
      sortOrder: "desc",
      start: 1,
      num: 1,
    })
    expect([ids(before).length, ids(after)]).toEqual([1, [first]])
  })

  it("a field or sort name that is an Object property is no field, not a crash", async () => {
    for (const q of ["constructor:x", "__proto__:x", "tags:cached -constructor:[1 TO 2]"])
      expect((await search("publisher", { q })).error).toBeUndefined()
    await checkPage("publisher", "tags:cached", { sortField: "__proto__", start: 1, num: 100 })
    await checkPage("publisher", "tags:cached", { sortField: "constructor", start: 1, num: 100 })
  })
})

describe("search against the reference, with writes in between", () => {
  const titles = ["Alpha", "beta map", "Gamma ray", "delta", "Épsilon", "alpha two"]
  const tagSets = ["red", "blue", "red,blue", "green", "red,green"]
  const queries = [
    "tags:red",
    "tags:red OR tags:green",
    "alpha",
    "title:*a*",
    "-tags:blue owner:publisher_one",
    "type:CSV",
    "access:shared",
    "access:private OR access:public",
    "map tags:blue",
    "NOT tags:red",
    `group:${"x".repeat(32)}`,
  ]
  const callers = [undefined, "admin", "publisher", "user", "viewer"] as const
  const sortFields = [undefined, "title", "created", "modified", "owner", "numViews", "type", "avgRating", "title,type"]
  type Step =
    | { kind: "add"; owner: "publisher" | "user"; title: number; tags: number; csv: boolean }
    | { kind: "share"; item: number; everyone: boolean; org: boolean; group: number }
    | { kind: "unshare"; item: number; group: number }
    | { kind: "update"; item: number; title: number; tags: number }
    | { kind: "delete"; item: number }
    | { kind: "view"; item: number }
    | { kind: "rate"; item: number; rating: number }
    | { kind: "member"; join: boolean; group: number }
    | {
        kind: "search"
        caller: number
        query: number
        sortField: number
        descending: boolean
        start: number
        num: number
      }
  const index = fc.nat({ max: 1000 })
  const step: fc.Arbitrary<Step> = fc.oneof(
    fc.record({
      kind: fc.constant("add" as const),
      owner: fc.constantFrom("publisher" as const, "user" as const),
      title: index,
      tags: index,
      csv: fc.boolean(),
    }),
    fc.record({
      kind: fc.constant("share" as const),
      item: index,
      everyone: fc.boolean(),
      org: fc.boolean(),
      group: index,
    }),
    fc.record({ kind: fc.constant("unshare" as const), item: index, group: index }),
    fc.record({ kind: fc.constant("update" as const), item: index, title: index, tags: index }),
    fc.record({ kind: fc.constant("delete" as const), item: index }),
    fc.record({ kind: fc.constant("view" as const), item: index }),
    fc.record({ kind: fc.constant("rate" as const), item: index, rating: fc.integer({ min: 1, max: 5 }) }),
    fc.record({ kind: fc.constant("member" as const), join: fc.boolean(), group: index }),
    {
      arbitrary: fc.record({
        kind: fc.constant("search" as const),
        caller: index,
        query: index,
        sortField: index,
        descending: fc.boolean(),
        start: fc.integer({ min: 1, max: 12 }),
        num: fc.integer({ min: 0, max: 6 }),
      }),
      weight: 6,
    },
  )
  const pick = <A>(list: ReadonlyArray<A>, n: number): A => list[n % list.length] as A

  it("every page equals the reference search at that moment", async () => {
    const groupIds = Object.values(groups)
    const admin = tokens.admin ?? ""
    let pages = 0
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 5, maxLength: 30 }), async (steps) => {
        for (const current of steps) {
          const items = db.prepare("SELECT id, owner FROM items ORDER BY id").all() as Array<{
            id: string
            owner: string
          }>
          const item = items.length === 0 ? undefined : pick(items, "item" in current ? current.item : 0)
          const path = item === undefined ? "" : `content/users/${item.owner}/items/${item.id}`
          switch (current.kind) {
            case "add":
              await add(current.owner, {
                title: pick(titles, current.title),
                tags: pick(tagSets, current.tags),
                ...(current.csv ? { type: "CSV" } : {}),
              })
              break
            case "share":
              if (item !== undefined)
                await api.json(`${path}/share`, {
                  params: {
                    everyone: String(current.everyone),
                    org: String(current.org),
                    groups: pick(groupIds, current.group),
                  },
                  token: admin,
                })
              break
            case "unshare":
              if (item !== undefined)
                await api.json(`${path}/unshare`, { params: { groups: pick(groupIds, current.group) }, token: admin })
              break
            case "update":
              if (item !== undefined)
                await api.json(`${path}/update`, {
                  params: { title: pick(titles, current.title), tags: pick(tagSets, current.tags) },
                  token: admin,
                })
              break
            case "delete":
              if (item !== undefined && items.length > 8) await api.json(`${path}/delete`, { token: admin })
              break
            case "view":
              if (item !== undefined) await api.json(`content/items/${item.id}`, { method: "GET", token: admin })
              break
            case "rate":
              if (item !== undefined)
                await api.json(`content/items/${item.id}/addRating`, {
                  params: { rating: String(current.rating) },
                  token: tokens.viewer ?? "",
                })
              break
            case "member":
              await api.json(
                `community/groups/${pick(groupIds, current.group)}/${current.join ? "add" : "remove"}Users`,
                {
                  params: { users: "viewer_one" },
                  token: admin,
                },
              )
              break
            case "search": {
              pages += 1
              const sortField = pick(sortFields, current.sortField)
              await checkPage(pick(callers, current.caller), pick(queries, current.query), {
                ...(sortField === undefined ? {} : { sortField }),
                ...(current.descending ? { sortOrder: "DESC" } : {}),
                start: current.start,
                num: current.num,
              })
            }
          }
        }
        // Every run ends with a few searches too, so that the writes above are always checked against some pages
        // (the random steps alone may hold few searches).
        for (let index = 0; index < 4; index++) {
          pages += 1
          await checkPage(pick(callers, index + steps.length), pick(queries, index * 3 + steps.length), {
            start: 1 + (index % 2) * 3,
            num: 5,
          })
        }
      }),
      { numRuns: 25 },
    )
    expect(pages).toBeGreaterThanOrEqual(100)
  })
})
