import type { Group, Item, User } from "@arcgis-portal/gis"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { addItem, throwawayPassword } from "../src/internal/demo-data.ts"
import { collect, expectExit, linesWith, type Portal, run, secretLeaks, startPortal } from "./helpers.ts"

let portal: Portal
let fieldOperations: Group
let ownGroup: Group
let items: {
  readonly root: Item
  readonly publicRoot: Item
  readonly projects: Item
  readonly groupShared: Item
  readonly archived: Item
}

const departing = "leaving_lee"
const successor = "heir_hana"

const createUser = (username: string) =>
  portal.gis.users.create({
    username,
    password: throwawayPassword(),
    firstname: username.split("_")[1] ?? username,
    lastname: "Test",
    email: `${username}@example.invalid`,
    role: "org_publisher",
  })

/** Every item of a user, with the title of its folder ("" for the root). */
const contentOf = async (username: string): Promise<Map<string, string>> => {
  const user = (await portal.gis.users.get(username)) as User
  const content = new Map<string, string>()
  for (const item of await collect(user.itemsAll())) content.set(item.id, "")
  for (const folder of await user.folders())
    for (const item of await collect(user.itemsAll({ folder: { id: folder.id } }))) content.set(item.id, folder.title)
  return content
}

const transfer = (args: ReadonlyArray<string>) => run("transfer-ownership", args, portal.env)

beforeAll(async () => {
  portal = await startPortal()
  const { gis } = portal
  await Promise.all([createUser(departing), createUser(successor)])
  const [found] = await gis.groups.search('title:"Field Operations"')
  fieldOperations = found!
  await fieldOperations.addUsers([departing])
  ownGroup = await gis.groups.create({ title: "Lee's Team", tags: ["test"], access: "org" })
  await ownGroup.addUsers([departing, "user_one"])
  await ownGroup.reassignTo(departing)
  // The successor already has a "Projects" folder: the departing user's "Projects" items join it.
  await gis.content.createFolder("Projects", { owner: successor })
  for (const folder of ["Projects", "Archive"]) await gis.content.createFolder(folder, { owner: departing })
  const [root, publicRoot, projects, groupShared, archived] = await Promise.all([
    addItem(gis, { title: "Root Notes", type: "CSV" }, { owner: departing }),
    addItem(gis, { title: "Public Map Data", type: "CSV" }, { owner: departing }),
    addItem(gis, { title: "Project Plan", type: "CSV" }, { owner: departing, folder: "Projects" }),
    addItem(gis, { title: "Crew Schedule", type: "CSV" }, { owner: departing, folder: "Projects" }),
    addItem(gis, { title: "2019 Report", type: "CSV" }, { owner: departing, folder: "Archive" }),
  ])
  items = { root: root!, publicRoot: publicRoot!, projects: projects!, groupShared: groupShared!, archived: archived! }
  await items.publicRoot.share({ everyone: true })
  // Shared with a group the successor is not in: it can only move once the successor has joined.
  await items.groupShared.share({ groups: [fieldOperations.id] })
  await items.archived.protect()
})

afterAll(async () => {
  await portal?.close()
})

describe("transfer-ownership", () => {
  it("usage mistakes exit 2; an unknown user exits 1; neither changes anything", async () => {
    const [missing, same, unknown] = await Promise.all([
      transfer(["--from", departing]),
      transfer(["--from", departing, "--to", departing.toUpperCase()]),
      transfer(["--from", departing, "--to", "nobody_here"]),
    ])
    expectExit(missing, 2)
    expect(missing.stderr).toContain("--from and --to are both required")
    expectExit(same, 2)
    expectExit(unknown, 1)
    expect(unknown.stdout).toContain("No user nobody_here")
    expect((await contentOf(departing)).size).toBe(5)
  })

  it("--dry-run prints the plan and changes nothing", async () => {
    const before = await contentOf(departing)
    const result = await transfer(["--from", departing, "--to", successor, "--dry-run"])
    expectExit(result, 0)
    expect(result.stdout).toContain(
      `Dry run: would transfer from ${departing} to ${successor}: 1 group membership, 1 owned group, 2 folders, 5 items.`,
    )
    expect(linesWith(result.stdout, "would join")).toEqual([
      expect.stringMatching(/^member +would join +Field Operations$/),
    ])
    expect(linesWith(result.stdout, "would reassign")).toEqual([
      expect.stringMatching(new RegExp(`^group +would reassign +Lee's Team \\(${ownGroup.id}\\)$`)),
    ])
    expect(linesWith(result.stdout, "would merge")[0]).toMatch(/^folder +would merge +Projects \(2 items\)$/)
    expect(linesWith(result.stdout, "would create")[0]).toMatch(/^folder +would create +Archive \(1 item\)$/)
    expect(linesWith(result.stdout, "would move")).toHaveLength(5)
    expect(linesWith(result.stdout, items.groupShared.id)[0]).toMatch(/would move +Crew Schedule .* -> Projects$/)
    expect(result.stdout).toContain("Dry run: nothing was changed.")
    expect(await contentOf(departing)).toEqual(before)
    expect((await portal.gis.groups.get(ownGroup.id))?.owner).toBe(departing)
    expect((await fieldOperations.getMembers()).users).not.toContain(successor)
  })

  it("moves memberships, owned groups and every item; items keep their folders and their sharing", async () => {
    const before = await contentOf(departing)
    const result = await transfer(["--from", departing, "--to", successor])
    expectExit(result, 0)
    expect(linesWith(result.stdout, "joined")[0]).toMatch(/^member +joined +Field Operations$/)
    expect(linesWith(result.stdout, "merged")[0]).toMatch(/^folder +merged +Projects: heir_hana has a folder/)
    expect(result.stdout.split("\n").filter((line) => /^item +moved /.test(line))).toHaveLength(5)
    expect(result.stdout).toContain(
      "Done: 1 group joined, 1 group reassigned, 1 folder created, 1 merged, 5 of 5 items moved, 0 failed.",
    )
    // Every item now belongs to the successor, in the folder of the same name.
    expect((await contentOf(departing)).size).toBe(0)
    expect(await contentOf(successor)).toEqual(before)
    expect(new Set(before.values())).toEqual(new Set(["", "Projects", "Archive"]))
    const successorFolders = await ((await portal.gis.users.get(successor)) as User).folders()
    expect(successorFolders.map((folder) => folder.title).sort()).toEqual(["Archive", "Projects"])
    // Groups: the owned one is the successor's, and the successor joined the departing user's group.
    expect((await portal.gis.groups.get(ownGroup.id))?.owner).toBe(successor)
    expect((await fieldOperations.getMembers()).users).toContain(successor)
    // Sharing and protection go with the items.
    const get = async (item: Item) => (await portal.gis.content.get(item.id))!
    expect((await get(items.publicRoot)).access).toBe("public")
    expect((await get(items.archived)).protected).toBe(true)
    expect((await fieldOperations.content()).map((item) => item.id)).toContain(items.groupShared.id)
    expect((await get(items.groupShared)).owner).toBe(successor)
  })

  it("a re-run finds nothing left to move and exits 0", async () => {
    const result = await transfer(["--from", departing, "--to", successor])
    expectExit(result, 0)
    expect(result.stdout).toContain(
      `Transferring from ${departing} to ${successor}: 0 group memberships, 0 owned groups, 2 folders, 0 items.`,
    )
    expect(result.stdout).toContain("0 of 0 items moved, 0 failed.")
  })

  it("no password appears in any output of this file's runs", () => {
    expect(secretLeaks([portal.env.ARCGIS_PASSWORD])).toEqual([])
  })
})
