import { readFileSync } from "node:fs"
import { join } from "node:path"
import type { Item } from "@arcgis-portal/gis"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { parseCsv } from "../src/internal/cli.ts"
import { addItem } from "../src/internal/demo-data.ts"
import { collect, expectExit, inParallel, type Portal, run, secretLeaks, startPortal } from "./helpers.ts"

let portal: Portal
let all: Array<Item>
let tricky: { readonly comma: Item; readonly quotes: Item; readonly lineBreak: Item; readonly unicode: Item }
let sharedWithCrew: Item

const header = "id,title,type,owner,folder,access,groups,size,created,modified,views,protected,url,tags"

beforeAll(async () => {
  portal = await startPortal()
  const { gis } = portal
  await gis.content.createFolder("Field Data", { owner: "user_one" })
  // 104 items beside the seeded six: more than one page (100) of search results.
  await inParallel(
    Array.from({ length: 100 }, (_, index) => index),
    (index) =>
      addItem(
        gis,
        { title: `Survey ${String(index).padStart(3, "0")}`, type: "CSV", tags: ["survey", `batch${index % 3}`] },
        index % 2 === 0 ? { owner: "user_one", folder: "Field Data" } : { owner: "publisher_one" },
      ),
  )
  const [comma, quotes, lineBreak, unicode] = await Promise.all([
    addItem(gis, { title: "Parks, north and south", type: "CSV" }),
    addItem(gis, { title: 'The "best" map', type: "CSV" }, { owner: "publisher_one" }),
    addItem(gis, { title: "Two\nlines", type: "CSV" }),
    addItem(gis, { title: "Ñandú café – 北京", type: "CSV" }, { owner: "user_one", folder: "Field Data" }),
  ])
  tricky = { comma: comma!, quotes: quotes!, lineBreak: lineBreak!, unicode: unicode! }
  const crew = await gis.groups.create({ title: "Survey Crew", tags: ["test"], access: "org" })
  sharedWithCrew = tricky.comma
  await sharedWithCrew.share({ groups: [crew.id], org: true })
  await tricky.unicode.protect()
  all = await collect(gis.content.searchAll(""))
})

afterAll(async () => {
  await portal?.close()
})

const folderTitle = async (item: Item): Promise<string> => {
  if (!item.ownerFolder) return ""
  const owner = await portal.gis.users.get(item.owner)
  return (await owner!.folders()).find((folder) => folder.id === item.ownerFolder)?.title ?? "?"
}

describe("content-inventory", () => {
  it("writes one row per item of the org to --output, paging through every search result, quoted as RFC 4180 says", async () => {
    expect(all.length).toBe(110)
    const output = join(portal.dir, "inventory.csv")
    const result = await run("content-inventory", ["--output", output], portal.env)
    expectExit(result, 0)
    expect(result.stdout).toBe("")
    expect(result.stderr).toMatch(/^110 items of 3 owners written to .*inventory\.csv in [\d.]+ s\.\n$/)
    const text = readFileSync(output, "utf8")
    // RFC 4180: CRLF line ends; commas, double quotes and line breaks inside quotes, quotes doubled.
    expect(text.startsWith(`${header}\r\n`)).toBe(true)
    expect(text.endsWith("\r\n")).toBe(true)
    expect(text).toContain(`\r\n${tricky.comma.id},"Parks, north and south",CSV,portal_admin,`)
    expect(text).toContain(`\r\n${tricky.quotes.id},"The ""best"" map",CSV,publisher_one,`)
    expect(text).toContain(`\r\n${tricky.lineBreak.id},"Two\nlines",CSV,portal_admin,`)
    expect(text).toContain(`\r\n${tricky.unicode.id},Ñandú café – 北京,CSV,user_one,Field Data,private,`)
    const [head, ...rows] = parseCsv(text)
    expect([head, ...rows].every((fields) => fields?.length === 14)).toBe(true)
    expect(head?.join(",")).toBe(header)
    expect(rows.map((row) => row[0]).sort()).toEqual(all.map((item) => item.id).sort())
    // Every field of every row is what the portal says of the item (checked here through the SDK).
    const byId = new Map(all.map((item) => [item.id, item]))
    // The seed shares one item with each of its groups; the test shared one more.
    const expectedGroups = new Map([
      ["City Parks", "Public Maps"],
      ["Parks Feature Service", "Field Operations"],
      ["Parks Viewer", "Project Team"],
      ["shared with crew", "Survey Crew"],
    ])
    const folders = new Map<string, string>()
    for (const row of rows) {
      const item = byId.get(row[0] ?? "")!
      const folder = folders.get(item.ownerFolder ?? "") ?? (await folderTitle(item))
      folders.set(item.ownerFolder ?? "", folder)
      expect(row).toEqual([
        item.id,
        item.title,
        item.type,
        item.owner,
        folder,
        item.access,
        expectedGroups.get(item.id === sharedWithCrew.id ? "shared with crew" : item.title) ?? "",
        String(item.size),
        new Date(item.created!).toISOString(),
        new Date(item.modified!).toISOString(),
        String(item.numViews),
        String(item.protected),
        item.url ?? "",
        (item.tags ?? []).join(";"),
      ])
    }
    const row = (item: Item) => rows.find((candidate) => candidate[0] === item.id)!
    expect(row(tricky.unicode).slice(1, 6)).toEqual(["Ñandú café – 北京", "CSV", "user_one", "Field Data", "private"])
    expect(row(tricky.unicode)[11]).toBe("true")
    expect(row(sharedWithCrew).slice(5, 7)).toEqual(["org", "Survey Crew"])
    // The seeded Feature Service is shared with the seeded "Field Operations" group, and is in a folder.
    const service = rows.find((candidate) => candidate[1] === "Parks Feature Service")!
    expect(service.slice(4, 7)).toEqual(["Maps", "shared", "Field Operations"])
  })

  it("--query narrows the inventory; without --output the CSV goes to stdout and the summary to stderr", async () => {
    const result = await run("content-inventory", ["--query", "owner:publisher_one"], portal.env)
    expectExit(result, 0)
    const [head, ...rows] = parseCsv(result.stdout)
    expect(head?.join(",")).toBe(header)
    const expected = all.filter((item) => item.owner === "publisher_one").map((item) => item.id)
    expect(expected.length).toBe(54)
    expect(rows.map((row) => row[0]).sort()).toEqual(expected.sort())
    expect(result.stderr).toMatch(/^54 items of 1 owner written to stdout in [\d.]+ s\.\n$/)
  })

  it("no password appears in any output of this file's runs", () => {
    expect(secretLeaks([portal.env.ARCGIS_PASSWORD])).toEqual([])
  })
})
