import type { Group, Item } from "@arcgis-portal/gis"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { parseCsv } from "../src/internal/cli.ts"
import { addItem } from "../src/internal/demo-data.ts"
import { collect, expectExit, linesWith, type Portal, run, secretLeaks, startPortal } from "./helpers.ts"

let portal: Portal
let crew: Group
let groupAndPublic: Item

const audit = (args: ReadonlyArray<string>) => run("sharing-audit", args, portal.env)

/** The ids of the items whose access is one of `levels`, as the SDK reads them now. */
const idsWithAccess = async (...levels: ReadonlyArray<string>): Promise<Array<string>> =>
  (await collect(portal.gis.content.searchAll("")))
    .filter((item) => levels.includes(item.access ?? ""))
    .map((item) => item.id)
    .sort()

const csvIds = (text: string): Array<string> =>
  parseCsv(text)
    .slice(1)
    .map((row) => row[4] ?? "")
    .sort()

beforeAll(async () => {
  portal = await startPortal()
  const { gis } = portal
  crew = await gis.groups.create({ title: "Survey Crew", tags: ["test"], access: "org" })
  // Beside the seed (one public item, two org items, three shared with groups or private): more of each.
  const added = await Promise.all([
    addItem(gis, { title: "Open Data Parks", type: "CSV" }, { owner: "publisher_one" }),
    addItem(gis, { title: "Crew Roster", type: "CSV" }, { owner: "user_one" }),
    addItem(gis, { title: "Admin Notes", type: "CSV" }),
    addItem(gis, { title: "Private Draft", type: "CSV" }, { owner: "user_one" }),
  ])
  const [open, roster, notes] = added
  await open!.share({ everyone: true })
  await roster!.share({ everyone: true, groups: [crew.id] })
  groupAndPublic = roster!
  await notes!.share({ org: true })
})

afterAll(async () => {
  await portal?.close()
})

describe("sharing-audit", () => {
  it("CSV: exactly the public and org items, sorted by owner, with the counts per owner on stderr", async () => {
    const result = await audit(["--format", "csv"])
    expectExit(result, 0)
    const rows = parseCsv(result.stdout)
    expect(rows[0]).toEqual(["owner", "access", "title", "type", "id", "modified", "views", "url"])
    expect(csvIds(result.stdout)).toEqual(await idsWithAccess("public", "org"))
    const owners = rows.slice(1).map((row) => row[0] ?? "")
    expect(owners).toEqual([...owners].sort())
    expect(rows.slice(1).map((row) => `${row[0]} ${row[1]} ${row[2]}`)).toEqual([
      "portal_admin org Admin Notes",
      "publisher_one public City Parks",
      "publisher_one public Open Data Parks",
      "publisher_one org Park Inventory",
      "user_one public Crew Roster",
      "user_one org Field Script",
    ])
    expect(result.stderr).toMatch(/^publisher_one +2 +1 +3$/m)
    expect(result.stderr).toContain("6 items shared beyond groups (3 public, 3 org) of 3 owners.")
  })

  it("--level public lists exactly the public items (table); --owner narrows to one owner", async () => {
    const [everyone, ownOnly] = await Promise.all([
      audit(["--level", "public"]),
      audit(["--level", "public", "--owner", "publisher_one", "--format", "csv"]),
    ])
    expectExit(everyone, 0)
    const publicIds = await idsWithAccess("public")
    const listed = everyone.stdout.match(/\b[0-9a-f]{32}\b/g)?.sort()
    expect(listed).toEqual(publicIds)
    expect(linesWith(everyone.stdout, "owner")[0]).toMatch(/^owner +access +title +type +id +modified$/)
    expect(everyone.stdout).toContain("3 items shared beyond groups (3 public, 0 org) of 2 owners.")
    expectExit(ownOnly, 0)
    const publisherPublic = (await collect(portal.gis.content.searchAll("owner:publisher_one")))
      .filter((item) => item.access === "public")
      .map((item) => item.id)
      .sort()
    expect(csvIds(ownOnly.stdout)).toEqual(publisherPublic)
  })

  it("--dry-run goes with --fix only (exit 2); --fix --dry-run lists the changes and changes nothing", async () => {
    const alone = await audit(["--dry-run"])
    expectExit(alone, 2)
    expect(alone.stderr).toContain("--dry-run goes with --fix")
    const before = await idsWithAccess("public")
    const result = await audit(["--level", "public", "--fix", "--dry-run"])
    expectExit(result, 0)
    expect(linesWith(result.stdout, "would unshare")).toHaveLength(3)
    expect(linesWith(result.stdout, groupAndPublic.id)[1]).toMatch(/^would unshare +Crew Roster .*: public -> org$/)
    expect(result.stdout).toContain("Dry run: 3 items would be unshared; nothing was changed.")
    expect(await idsWithAccess("public")).toEqual(before)
  })

  it("--fix --level public makes public items org items and keeps group shares", async () => {
    const wasPublic = await idsWithAccess("public")
    const orgBefore = await idsWithAccess("org")
    const result = await audit(["--level", "public", "--fix"])
    expectExit(result, 0)
    expect(result.stdout).toContain("3 items unshared, 0 failed.")
    expect(await idsWithAccess("public")).toEqual([])
    expect(await idsWithAccess("org")).toEqual([...orgBefore, ...wasPublic].sort())
    expect((await crew.content()).map((item) => item.id)).toEqual([groupAndPublic.id])
  })

  it("--fix at the default level makes public and org items private; group shares stay", async () => {
    const result = await audit(["--fix", "--format", "csv"])
    expectExit(result, 0)
    expect(csvIds(result.stdout)).toHaveLength(6)
    // The CSV stays CSV on stdout; the changes are reported on stderr.
    expect(parseCsv(result.stdout).every((row) => row.length === 8)).toBe(true)
    expect(result.stderr).toContain("6 items unshared, 0 failed.")
    expect(await idsWithAccess("public", "org")).toEqual([])
    expect((await portal.gis.content.get(groupAndPublic.id))?.access).toBe("shared")
    expect((await crew.content()).map((item) => item.id)).toEqual([groupAndPublic.id])
  })

  it("no password appears in any output of this file's runs", () => {
    expect(secretLeaks([portal.env.ARCGIS_PASSWORD])).toEqual([])
  })
})
