/**
 * A Python `arcgis.gis` admin script ported line by line (issue 16): each point where the facade differed from the
 * reference, called through the facade against the emulator, behaving as in Python (or as the documented deviation
 * in docs/python-to-typescript.md, "Differences from Python").
 */
import { mkdtemp, readdir, readFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { type EmulatorHandle, startEmulator } from "@arcgis-portal/emulator"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as Main from "../src/index.ts"
import * as NodeEntry from "../src/node/index.ts"

const { GIS } = NodeEntry
type GIS = NodeEntry.GIS

let emulator: EmulatorHandle
let admin: GIS
let publisher: GIS
const connections: Array<GIS> = []
let counter = 0
const unique = (prefix: string) => `${prefix}_${Date.now().toString(36)}_${counter++}`

const connect = async (account?: { username: string; password: string }) => {
  const gis = await GIS.connect({ url: emulator.url, ...account })
  connections.push(gis)
  return gis
}

const png = () =>
  new File([Uint8Array.from([137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82])], "thumb.png", {
    type: "image/png",
  })

const emptyFolder = () => mkdtemp(join(tmpdir(), "gis-fidelity-"))

/** The error a call rejects with (the test fails if it resolves). */
const rejection = async (call: Promise<unknown>): Promise<unknown> =>
  call.then(
    (value) => {
      throw new Error(`expected a rejection, got ${String(value)}`)
    },
    (error: unknown) => error,
  )

beforeAll(async () => {
  emulator = await startEmulator({ jobMillis: 20 })
  admin = await connect(emulator.accounts.admin)
  publisher = await connect(emulator.accounts.publisher)
}, 60_000)

afterAll(async () => {
  for (const gis of connections) await gis.close()
  await emulator?.stop()
})

describe("get_thumbnail_link of User and Group", () => {
  it("user.getThumbnailLink(): the thumbnail's URL, without a token", async () => {
    const me = (await publisher.users.me())!
    await me.update({ thumbnail: png() })
    const link = await me.getThumbnailLink()
    expect(link).toBe(`${emulator.url}/sharing/rest/community/users/${me.username}/info/${me.thumbnail}`)
    expect(link).not.toMatch(/token/i)
  })

  it("group.getThumbnailLink(): the thumbnail's URL, or undefined without a thumbnail", async () => {
    const pictured = await publisher.groups.create({ title: unique("Pictured"), tags: ["x"], thumbnail: png() })
    const plain = await publisher.groups.create({ title: unique("Plain"), tags: ["x"] })
    expect(await pictured.getThumbnailLink()).toBe(
      `${emulator.url}/sharing/rest/community/groups/${pictured.id}/info/${pictured.thumbnail}`,
    )
    expect(await plain.getThumbnailLink()).toBeUndefined()
  })
})

describe("Item.share / Item.unshare with group names", () => {
  it("shares with and unshares from groups given by title, as Python looks them up", async () => {
    const title = unique("Field Crews")
    const crews = await publisher.groups.create({ title, tags: ["crews"], access: "org" })
    const item = await publisher.content.add(
      { title: unique("note"), type: "Code Attachment" },
      { data: { text: "x" } },
    )
    expect((await item.share({ groups: [title] })).notSharedWith).toEqual([])
    expect((await crews.content()).map((entry) => entry.id)).toContain(item.id)
    expect((await item.unshare([title])).notUnsharedFrom).toEqual([])
    expect((await crews.content()).map((entry) => entry.id)).not.toContain(item.id)
  })

  it("a name, an id and a Group mix in one call; a comma-separated string works too", async () => {
    const a = await publisher.groups.create({ title: unique("Alpha"), tags: ["x"], access: "org" })
    const b = await publisher.groups.create({ title: unique("Beta"), tags: ["x"], access: "org" })
    const c = await publisher.groups.create({ title: unique("Gamma"), tags: ["x"], access: "org" })
    const item = await publisher.content.add(
      { title: unique("note"), type: "Code Attachment" },
      { data: { text: "x" } },
    )
    expect((await item.share({ groups: [a.title, b.id, c] })).notSharedWith).toEqual([])
    for (const group of [a, b, c]) expect((await group.content()).map((entry) => entry.id)).toContain(item.id)
    expect((await item.unshare(`${a.title}, ${b.id}`)).notUnsharedFrom).toEqual([])
    expect((await a.content()).map((entry) => entry.id)).not.toContain(item.id)
  })

  it("a name that matches no group is InvalidInput naming it; nothing is shared", async () => {
    const item = await publisher.content.add(
      { title: unique("note"), type: "Code Attachment" },
      { data: { text: "x" } },
    )
    const missing = unique("No Such Group")
    const error = await rejection(item.share({ org: true, groups: [missing] }))
    expect(error).toBeInstanceOf(Main.InvalidInput)
    expect(error).toMatchObject({ field: "groups", operation: "Item.share" })
    expect((error as Error).message).toContain(missing)
    expect((await publisher.content.get(item.id))?.access).toBe("private")
  })

  it("a name two groups share is InvalidInput listing both ids (Python would take the first)", async () => {
    const title = unique("Twins")
    const one = await publisher.groups.create({ title, tags: ["x"], access: "org" })
    // One owner cannot have two groups of one title; two owners can, both visible in the org.
    const two = await admin.groups.create({ title, tags: ["x"], access: "org" })
    const item = await publisher.content.add(
      { title: unique("note"), type: "Code Attachment" },
      { data: { text: "x" } },
    )
    const error = await rejection(item.share({ groups: [title] }))
    expect(error).toBeInstanceOf(Main.InvalidInput)
    expect((error as Error).message).toContain(one.id)
    expect((error as Error).message).toContain(two.id)
    expect(await one.content()).toEqual([])
  })
})

describe("ContentManager.create_service(item_properties=...)", () => {
  it("every item property lands on the new service item", async () => {
    const name = unique("props")
    const created = await publisher.content.createService(name, {
      itemProperties: {
        title: `Service ${name}`,
        tags: ["roads", "maintenance"],
        typeKeywords: ["Field Work"],
        snippet: "Roads to fix",
        description: "Where the crews go",
        accessInformation: "City GIS",
        licenseInfo: "CC-BY",
        extent: [-118.5, 33.9, -118.1, 34.2],
      },
    })
    const item = (await publisher.content.get(created.id))!
    expect(item.title).toBe(`Service ${name}`)
    expect(item.tags).toEqual(["roads", "maintenance"])
    expect(item.typeKeywords).toEqual(expect.arrayContaining(["Field Work", "Feature Service", "Hosted Service"]))
    expect(item.snippet).toBe("Roads to fix")
    expect(item.description).toBe("Where the crews go")
    expect(item.toJSON()).toMatchObject({
      accessInformation: "City GIS",
      licenseInfo: "CC-BY",
      extent: [
        [-118.5, 33.9],
        [-118.1, 34.2],
      ],
    })
  })
})

describe("Item.download / Item.download_metadata: None when there is nothing", () => {
  it("download() of an item without data resolves undefined and writes no file", async () => {
    const folder = await emptyFolder()
    const item = await publisher.content.add({ title: unique("Nothing"), type: "Web Map" })
    expect(await item.download({ savePath: folder })).toBeUndefined()
    expect(await readdir(folder)).toEqual([])
  })

  it("downloadMetadata() of an item without metadata resolves undefined (as metadata() does)", async () => {
    const folder = await emptyFolder()
    const item = await publisher.content.add({ title: unique("No metadata"), type: "Web Map" })
    expect(await item.metadata()).toBeUndefined()
    expect(await item.downloadMetadata({ saveFolder: folder })).toBeUndefined()
    expect(await readdir(folder)).toEqual([])
  })

  it("download() names the file after the item's name, else its title (not the id)", async () => {
    const folder = await emptyFolder()
    const title = unique("Trail notes")
    const titled = await publisher.content.add({ title, type: "Code Attachment" }, { data: { text: "on foot" } })
    expect(titled.name ?? undefined).toBeUndefined()
    const path = await titled.download({ savePath: folder })
    expect(path).toBe(join(folder, title))
    expect(await readFile(path!, "utf8")).toBe("on foot")
    const named = await publisher.content.add(
      { title: unique("Places"), type: "CSV" },
      { data: new File(["a,b\n1,2\n"], "places_2024.csv") },
    )
    expect(await named.download({ savePath: folder })).toBe(join(folder, "places_2024.csv"))
  })

  it("a title with characters no file system takes is still a plain file name in savePath", async () => {
    const folder = await emptyFolder()
    const item = await publisher.content.add(
      { title: "Roads/2024: east?", type: "Code Attachment" },
      { data: { text: "e" } },
    )
    expect(await item.download({ savePath: folder })).toBe(join(folder, "Roads_2024_ east_"))
  })
})

describe("UserManager.create: the level follows the role; user_type is userType", () => {
  const account = (prefix: string) => {
    const username = unique(prefix).slice(0, 24)
    return { username, password: "create-pass-123", firstname: "Py", lastname: prefix, email: `${username}@x.example` }
  }

  it("role org_viewer alone makes a level-1 Viewer (Python 1.x needed level=1 too)", async () => {
    const viewer = await admin.users.create({ ...account("viewer"), role: "org_viewer" })
    expect(viewer?.roleId).toBe("iAAAAAAAAAAAAAAA")
    expect(viewer?.toJSON()).toMatchObject({ level: "1", userType: "viewerUT" })
  })

  it("userType is stored as the user's type; without it a creator stays level 2", async () => {
    const typed = await admin.users.create({
      ...account("typed"),
      role: "org_publisher",
      userType: "GISProfessionalStdUT",
    })
    expect(typed?.toJSON()).toMatchObject({ role: "org_publisher", level: "2", userType: "GISProfessionalStdUT" })
    const plain = await admin.users.create({ ...account("plain") })
    expect(plain?.toJSON()).toMatchObject({ role: "org_user", level: "2" })
  })
})

describe("Item.shared_with as item.sharedWith()", () => {
  it("each caller sees the groups it can see: a member of one group sees that one, not the other", async () => {
    const crews = await publisher.groups.create({ title: unique("Crews"), tags: ["c"], access: "private" })
    const planners = await publisher.groups.create({ title: unique("Plan"), tags: ["p"], access: "private" })
    const item = await publisher.content.add(
      { title: unique("shared"), type: "Code Attachment" },
      { data: { text: "s" } },
    )
    await item.share({ org: true, groups: [crews, planners] })
    expect((await item.sharedWith()).groups.map((group) => group.id).sort()).toEqual([crews.id, planners.id].sort())
    await crews.addUsers([emulator.accounts.user.username])
    const member = await connect(emulator.accounts.user)
    const seen = await (await member.content.get(item.id))!.sharedWith()
    expect(seen).toMatchObject({ everyone: false, org: true })
    expect(seen.groups.map((group) => group.id)).toEqual([crews.id])
  })
})

describe("results shaped as Python's", () => {
  it("users.signup() resolves the new User", async () => {
    await admin.updateProperties({ canSignUpUsers: true })
    const anonymous = await connect()
    const username = unique("signup").slice(0, 24)
    const user = await anonymous.users.signup({
      username,
      password: "signup-pass-123",
      fullname: "Self Signed",
      email: `${username}@example.com`,
    })
    expect(user).toBeInstanceOf(Main.User)
    expect(user?.username).toBe(username)
    expect((await admin.users.get(username))?.fullName).toBe("Self Signed")
  })

  it("datastores.add*() resolve the new Datastore; a path already registered rejects", async () => {
    const datastores = admin.datastores()
    const name = unique("folder")
    const folder = await datastores.addFolder({ name, serverPath: emulator.dataDir })
    expect(folder).toBeInstanceOf(Main.Datastore)
    expect(folder.path).toBe(`/fileShares/${name}`)
    expect(await folder.validate()).toBe(true)
    const database = await datastores.addDatabase({ name: unique("db"), connStr: "SERVER=db;DATABASE=gis" })
    expect(database.type).toBe("egdb")
    const share = await datastores.addBigdata(unique("big"), { serverPath: "\\\\server\\share" })
    expect(share.type).toBe("bigDataFileShare")
    const raw = unique("raw")
    const added = await datastores.add({
      name: raw,
      item: { path: `/fileShares/${raw}`, type: "folder", info: { path: emulator.dataDir } },
    })
    expect(added.path).toBe(`/fileShares/${raw}`)

    const again = await rejection(datastores.addFolder({ name, serverPath: emulator.dataDir }))
    expect(again).toBeInstanceOf(Main.PortalError)
    expect(again).toMatchObject({ reason: "InvalidRequest", code: 409, operation: "DatastoreManager.addFolder" })
    expect((again as Error).message).toContain(`/fileShares/${name}`)
  })

  it("addBigdata: serverPath is required by the type, and its absence refused before anything is sent", async () => {
    // @ts-expect-error serverPath is required (Python's default None registers a share without a location)
    const error = await rejection(admin.datastores().addBigdata(unique("nowhere"), {}))
    expect(error).toMatchObject({ _tag: "InvalidInput", field: "serverPath", operation: "DatastoreManager.addBigdata" })
  })

  it("item.protect() resolves { success }", async () => {
    const item = await publisher.content.add(
      { title: unique("kept"), type: "Code Attachment" },
      { data: { text: "k" } },
    )
    expect(await item.protect()).toEqual({ success: true })
    expect(await item.protect({ enable: false })).toEqual({ success: true })
  })

  it("item.export({ wait: false }) resolves a dictionary with exportItemId and jobId", async () => {
    const source = await publisher.content.add(
      { title: unique("Places"), type: "CSV" },
      { data: new File(["name,latitude,longitude\nPier,34.01,-118.49\n"], "p.csv") },
    )
    const service = await source.publish()
    const res = await service.export({ title: unique("export"), exportFormat: "CSV", wait: false })
    expect(res.exportItemId).toMatch(/^[0-9a-f]{32}$/)
    expect(typeof res.jobId).toBe("string")
    expect(res).toMatchObject({ serviceItemId: service.id, exportFormat: "CSV", jobType: "export" })
    const exported = await publisher.content.get(res.exportItemId)
    expect(exported?.title).toBeDefined()
  })
})

describe("Python's positional queries and None for what cannot exist", () => {
  it("gis.users.search(query) and gis.groups.search(query) take the query positionally", async () => {
    const username = emulator.accounts.user.username
    expect((await admin.users.search(`username:${username}`)).map((user) => user.username)).toEqual([username])
    expect((await admin.users.search(`username:${username}`, { maxUsers: 5 })).length).toBe(1)
    const title = unique("Searchable")
    const made = await publisher.groups.create({ title, tags: ["x"] })
    expect((await publisher.groups.search(`title:${title}`)).map((group) => group.id)).toEqual([made.id])
    const all: Array<string> = []
    for await (const group of publisher.groups.searchAll(`id:${made.id}`)) all.push(group.id)
    expect(all).toEqual([made.id])
  })

  it("content.get / groups.get / users.get of a string that cannot be an id resolve undefined", async () => {
    expect(await publisher.content.get("not-an-id")).toBeUndefined()
    expect(await publisher.groups.get("Field Crews")).toBeUndefined()
    expect(await publisher.users.get("no such user")).toBeUndefined()
  })
})

describe("ResourceManager as Python's", () => {
  it("get() of a text file, or with tryJson: false, writes the file and resolves its path", async () => {
    const item = await publisher.content.add({ title: unique("res"), type: "Code Attachment" }, { data: { text: "r" } })
    await item.resources.add({ text: "plain words", fileName: "notes.txt" })
    await item.resources.add({ text: '{"theme":"dark"}', fileName: "style.json" })
    const folder = await emptyFolder()
    const notes = await item.resources.get("notes.txt", { outFolder: folder })
    expect(notes).toBe(join(folder, "notes.txt"))
    expect(await readFile(notes as string, "utf8")).toBe("plain words")
    const raw = await item.resources.get("style.json", { tryJson: false })
    expect(typeof raw).toBe("string")
    expect(await readFile(raw as string, "utf8")).toBe('{"theme":"dark"}')
    expect(await item.resources.get("style.json")).toEqual({ theme: "dark" })
    // The content itself, on request.
    expect(await item.resources.get("notes.txt", { inMemory: true })).toBe("plain words")
  })

  it("update({ fileName, text }) needs no placeholder file argument", async () => {
    const item = await publisher.content.add({ title: unique("res"), type: "Code Attachment" }, { data: { text: "r" } })
    await item.resources.add({ text: "old", fileName: "notes.txt" })
    expect((await item.resources.update({ fileName: "notes.txt", text: "new" })).success).toBe(true)
    expect(await item.resources.get("notes.txt", { inMemory: true })).toBe("new")
  })

  it("Datastore.updateManifest replaces a big data share's manifest", async () => {
    const share = await admin.datastores().addBigdata(unique("trips"), { serverPath: "\\\\server\\trips" })
    const manifest = { datasets: [{ name: "trips", format: { type: "csv" } }] }
    expect(await share.updateManifest(manifest)).toBe(true)
    expect(await share.manifest()).toMatchObject(manifest)
  })
})

describe("explicit argument checks in Datastore, Group, User, Role and Resource classes", () => {
  it("a wrong argument is InvalidInput from the method itself (its operation and field), not the last resort", async () => {
    const group = await publisher.groups.create({ title: unique("Checked"), tags: ["x"] })
    const me = (await publisher.users.me())!
    const role = await admin.users.roles.create({ name: unique("Checked"), description: "checked" })
    const share = await admin.datastores().addFolder({ name: unique("checked"), serverPath: emulator.dataDir })
    const item = await publisher.content.add({ title: unique("res"), type: "Code Attachment" }, { data: { text: "r" } })
    const cases: ReadonlyArray<readonly [Promise<unknown>, string, string]> = [
      [group.addUsers(42 as never), "Group.addUsers", "usernames"],
      [group.inviteUsers(["a"], { expiration: "soon" as never }), "Group.inviteUsers", "expiration"],
      [group.update({ title: 7 as never }), "Group.update", "title"],
      [me.reassignTo(null as never), "User.reassignTo", "targetUsername"],
      [me.items({ maxItems: "all" as never }), "User.items", "maxItems"],
      [role.setPrivileges("portal:user:createItem" as never), "Role.setPrivileges", "privileges"],
      [admin.users.roles.exists(5 as never), "RoleManager.exists", "roleName"],
      [share.update(null as never), "Datastore.update", "item"],
      [share.updateManifest([] as never), "Datastore.updateManifest", "manifest"],
      [admin.datastores().get(3 as never), "DatastoreManager.get", "path"],
      [item.resources.get(7 as never), "ResourceManager.get", "file"],
      [item.resources.remove({ file: {} as never }), "ResourceManager.remove", "file"],
      [item.resources.add({ archive: "yes" as never }), "ResourceManager.add", "archive"],
    ]
    for (const [call, operation, field] of cases) {
      const error = await rejection(call)
      expect(error, operation).toBeInstanceOf(Main.InvalidInput)
      expect(error, operation).toMatchObject({ operation, field })
    }
  })
})

describe("@arcgis-portal/gis/node: one entry for a Node script", () => {
  it("exports the errors and classes of the main entry (the very same ones), with the Node GIS", async () => {
    const pairs: ReadonlyArray<readonly [unknown, unknown]> = [
      [NodeEntry.PortalError, Main.PortalError],
      [NodeEntry.AuthError, Main.AuthError],
      [NodeEntry.TransportError, Main.TransportError],
      [NodeEntry.DecodeError, Main.DecodeError],
      [NodeEntry.InvalidInput, Main.InvalidInput],
      [NodeEntry.JobFailed, Main.JobFailed],
      [NodeEntry.ServerNotFound, Main.ServerNotFound],
      [NodeEntry.GeocodeError, Main.GeocodeError],
      [NodeEntry.Item, Main.Item],
      [NodeEntry.User, Main.User],
      [NodeEntry.Group, Main.Group],
      [NodeEntry.Datastore, Main.Datastore],
      [NodeEntry.Role, Main.Role],
      [NodeEntry.Layer, Main.Layer],
      [NodeEntry.GisLayer, Main.GisLayer],
    ]
    for (const [fromNode, fromMain] of pairs) {
      expect(fromNode).toBeDefined()
      expect(fromNode).toBe(fromMain)
    }
    expect(NodeEntry.GIS).not.toBe(Main.GIS)
    const error = await rejection(GIS.connect({ url: emulator.url, username: "admin", password: "wrong-password" }))
    expect(error instanceof NodeEntry.PortalError || error instanceof NodeEntry.AuthError).toBe(true)
  })
})
