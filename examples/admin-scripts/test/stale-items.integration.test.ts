import type { Item } from "@arcgis-portal/gis"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { addItem, ageItems } from "../src/internal/demo-data.ts"
import { collect, expectExit, linesWith, type Portal, run, secretLeaks, startPortal } from "./helpers.ts"

let portal: Portal
/** Stale (400 days), barely viewed; stale and protected; stale and viewed often; 100 days old; new. */
let items: {
  readonly unviewed: Item
  readonly protectedOld: Item
  readonly popular: Item
  readonly recent: Item
  readonly fresh: Item
}

const stale = (args: ReadonlyArray<string>) => run("stale-items", args, portal.env)

const remaining = async (): Promise<Set<string>> =>
  new Set((await collect(portal.gis.content.searchAll(""))).map((item) => item.id))

beforeAll(async () => {
  portal = await startPortal()
  const { gis } = portal
  const [unviewed, protectedOld, popular, recent, fresh] = await Promise.all([
    addItem(gis, { title: "Old Unviewed", type: "CSV" }, { owner: "publisher_one" }),
    addItem(gis, { title: "Old Protected", type: "CSV" }, { owner: "user_one" }),
    addItem(gis, { title: "Old Popular", type: "CSV" }, { owner: "publisher_one" }),
    addItem(gis, { title: "Recent", type: "CSV" }, { owner: "user_one" }),
    addItem(gis, { title: "Fresh", type: "CSV" }),
  ])
  items = { unviewed: unviewed!, protectedOld: protectedOld!, popular: popular!, recent: recent!, fresh: fresh! }
  await items.protectedOld.protect()
  for (let view = 0; view < 10; view++) await gis.content.get(items.popular.id)
  ageItems(portal.emulator.dataDir, [items.unviewed.id, items.protectedOld.id, items.popular.id], 400)
  ageItems(portal.emulator.dataDir, [items.recent.id], 100)
})

afterAll(async () => {
  await portal?.close()
})

const listedIds = (output: string): Array<string> => (output.match(/\b[0-9a-f]{32}\b/g) ?? []).sort()

describe("stale-items", () => {
  it("usage mistakes exit 2", async () => {
    const [days, views] = await Promise.all([stale(["--days", "soon"]), stale(["--max-views", "-1"])])
    expectExit(days, 2)
    expect(days.stderr).toContain("--days must be a whole number of at least 0, got 'soon'")
    expectExit(views, 2)
  })

  it("by default prints the plan — stale items, protected ones kept — and deletes nothing", async () => {
    const before = await remaining()
    const result = await stale(["--days", "365"])
    expectExit(result, 0)
    expect(listedIds(result.stdout)).toEqual([items.unviewed.id, items.protectedOld.id, items.popular.id].sort())
    expect(linesWith(result.stdout, items.unviewed.id)[0]).toMatch(
      /^would delete +Old Unviewed +CSV +publisher_one .* 400 +1 +/,
    )
    expect(linesWith(result.stdout, items.protectedOld.id)[0]).toMatch(/^protected, kept +Old Protected /)
    expect(linesWith(result.stdout, items.popular.id)[0]).toMatch(/^would delete +Old Popular .* 400 +11 +/)
    expect(result.stdout).toContain(
      "3 stale items (not modified for 365 days): 2 would be deleted, 1 protected and kept. Dry run: nothing was deleted",
    )
    expect(await remaining()).toEqual(before)
  })

  it("--max-views leaves out the items viewed more often; --owner keeps to one owner", async () => {
    const [few, own] = await Promise.all([
      stale(["--days", "365", "--max-views", "5"]),
      stale(["--days", "90", "--owner", "user_one"]),
    ])
    expectExit(few, 0)
    expect(listedIds(few.stdout)).toEqual([items.unviewed.id, items.protectedOld.id].sort())
    expectExit(own, 0)
    expect(listedIds(own.stdout)).toEqual([items.protectedOld.id, items.recent.id].sort())
  })

  it("--delete deletes only the stale, unprotected items; protected ones are reported, not failures", async () => {
    const before = await remaining()
    const result = await stale(["--days", "365", "--max-views", "5", "--delete"])
    expectExit(result, 0)
    expect(linesWith(result.stdout, items.unviewed.id)[0]).toMatch(/^deleted +Old Unviewed /)
    expect(linesWith(result.stdout, items.protectedOld.id)[0]).toMatch(/^protected, kept +Old Protected /)
    expect(result.stdout).toContain(
      "2 stale items (not modified for 365 days, viewed at most 5 times): 1 deleted, 1 protected and kept, 0 failed.",
    )
    before.delete(items.unviewed.id)
    expect(await remaining()).toEqual(before)

    const wider = await stale(["--days", "90", "--delete"])
    expectExit(wider, 0)
    expect(wider.stdout).toContain(
      "3 stale items (not modified for 90 days): 2 deleted, 1 protected and kept, 0 failed.",
    )
    before.delete(items.popular.id)
    before.delete(items.recent.id)
    expect(await remaining()).toEqual(before)
    expect(before.has(items.protectedOld.id) && before.has(items.fresh.id)).toBe(true)

    const none = await stale(["--days", "90", "--max-views", "0"])
    expectExit(none, 0)
    expect(none.stdout).toBe("No stale items (not modified for 90 days, viewed at most 0 times).\n")
  })

  it("no password appears in any output of this file's runs", () => {
    expect(secretLeaks([portal.env.ARCGIS_PASSWORD])).toEqual([])
  })
})
