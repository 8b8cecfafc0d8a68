/**
 * Every method and property of the Python reference (and the later ones the doc maps), called through the facade
 * against the emulator. The tests are generated from the parsed reference: a method without a scenario here,
 * or a scenario that does not call the facade member the doc names, fails.
 */
import { readFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { type EmulatorHandle, startEmulator } from "@arcgis-portal/emulator"
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest"
import * as Facade from "../src/index.ts"
import { GIS } from "../src/node/index.ts"
import { docRows, documentedMembers, instanceFields } from "./reference.ts"

const { ContentManager, GroupManager, Layer, PortalError, RoleManager, UserManager } = Facade
type Item = Facade.Item
type Group = Facade.Group

let emulator: EmulatorHandle
let admin: GIS
let publisher: GIS
let viewer: GIS
let webmap: Item
let csv: Item
let service: Item
let group: Group
let orgGroup: Group
const connections: Array<GIS> = []

const png = () =>
  new File([Uint8Array.from([137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82])], "thumb.png", {
    type: "image/png",
  })
const csvFile = (name: string) =>
  new File(["name,latitude,longitude\nCity Hall,34.05,-118.25\nPier,34.01,-118.49\n"], name, { type: "text/csv" })
let counter = 0
const unique = (prefix: string) => `${prefix}_${Date.now().toString(36)}_${counter++}`

const connect = async (account: { username: string; password: string }) => {
  const gis = await GIS.connect({ url: emulator.url, username: account.username, password: account.password })
  connections.push(gis)
  return gis
}

const textItem = (gis: GIS = publisher) =>
  gis.content.add({ title: unique("note"), type: "Code Attachment", tags: ["gis-test"] }, { data: { text: "hello" } })

const newUser = async () => {
  const username = unique("gis_u").slice(0, 24)
  const password = "user-pass-12345"
  const user = await admin.users.create({
    username,
    password,
    firstname: "Gis",
    lastname: "Test",
    email: `${username}@example.com`,
  })
  expect(user?.username).toBe(username)
  return { user: user!, username, password }
}

beforeAll(async () => {
  emulator = await startEmulator({ jobMillis: 20 })
  admin = await connect(emulator.accounts.admin)
  publisher = await connect(emulator.accounts.publisher)
  viewer = await connect(emulator.accounts.user)
  webmap = await publisher.content.add(
    { title: unique("Parks map"), type: "Web Map", tags: ["parks"] },
    { data: { text: { operationalLayers: [], baseMap: { baseMapLayers: [] }, version: "2.31" } }, thumbnail: png() },
  )
  csv = await publisher.content.add(
    { title: unique("Places"), type: "CSV", tags: ["places"] },
    { data: csvFile("places.csv"), metadata: new File(["<metadata><title>Places</title></metadata>"], "metadata.xml") },
  )
  service = await csv.publish()
  group = await publisher.groups.create({ title: unique("Crews"), tags: ["crews"], access: "org", thumbnail: png() })
  orgGroup = await publisher.groups.create({ title: unique("Open"), tags: ["open"], access: "org" })
  await webmap.share({ org: true, groups: [group] })
}, 60_000)

afterAll(async () => {
  for (const gis of connections) await gis.close()
  await emulator?.stop()
})

type Scenario = () => Promise<void>

const scenarios: Record<string, Scenario> = {
  "GIS.content": async () => expect(publisher.content).toBeInstanceOf(ContentManager),
  "GIS.groups": async () => expect(publisher.groups).toBeInstanceOf(GroupManager),
  "GIS.users": async () => expect(publisher.users).toBeInstanceOf(UserManager),
  "GIS.map": async () => {
    const url = new URL(await publisher.map([34.05, -118.25], 10))
    expect(url.pathname).toMatch(/\/apps\/mapviewer\/index\.html$/)
    expect(url.searchParams.get("center")).toBe("-118.25,34.05")
    expect(url.searchParams.get("level")).toBe("10")
    await expect(publisher.map("380 New York St, Redlands")).rejects.toMatchObject({
      _tag: "GeocodeError",
      reason: "NoGeocoder",
    })
  },
  "GIS.properties": async () => expect((await publisher.properties()).name).toBe("Emulated Portal"),
  "GIS.update_properties": async () => {
    expect(await admin.updateProperties({ description: "Updated through the facade" })).toBe(true)
    expect((await admin.properties()).description).toBe("Updated through the facade")
  },

  "Item.add_comment": async () => expect(typeof (await webmap.addComment("Nice map"))).toBe("string"),
  "Item.add_relationship": async () =>
    expect(await webmap.addRelationship({ relItem: service, relType: "Map2Service" })).toBe(true),
  "Item.comments": async () => {
    await webmap.addComment("Another")
    expect((await webmap.comments()).map((comment) => comment.comment)).toContain("Another")
  },
  "Item.copy_feature_layer_collection": async () => {
    const copy = await service.copyFeatureLayerCollection(unique("copy"), { description: "a copy" })
    expect(copy).toBeInstanceOf(Facade.Item)
    expect(copy.type).toBe("Feature Service")
  },
  "Item.create_tile_service": async () => {
    const tiles = await service.createTileService({ title: unique("tiles"), minScale: 577790, maxScale: 80000 })
    expect(tiles).toBeInstanceOf(Facade.Item)
  },
  "Item.delete": async () => {
    const item = await textItem()
    expect(await item.delete({ dryRun: true })).toBe(true)
    expect(await item.delete()).toBe(true)
    expect(await publisher.content.get(item.id)).toBeUndefined()
  },
  "Item.delete_rating": async () => {
    const seen = await viewer.content.get(webmap.id)
    expect(await seen!.setRating(4)).toBe(true)
    expect(await seen!.deleteRating()).toBe(true)
  },
  "Item.delete_relationship": async () => {
    await webmap.addRelationship({ relItem: service, relType: "Map2Service" })
    expect(await webmap.deleteRelationship({ relItem: service.id, relType: "Map2Service" })).toBe(true)
  },
  "Item.dependent_to": async () => expect(await service.dependentTo()).toBeTypeOf("object"),
  "Item.dependent_upon": async () => expect(await webmap.dependentUpon()).toBeTypeOf("object"),
  "Item.download": async () => {
    const path = await csv.download({ savePath: tmpdir() })
    expect(await readFile(path!, "utf8")).toContain("City Hall")
  },
  "Item.download_metadata": async () => {
    const path = await csv.downloadMetadata({ saveFolder: tmpdir() })
    expect(await readFile(path!, "utf8")).toContain("<title>Places</title>")
  },
  "Item.download_thumbnail": async () => {
    const path = await webmap.downloadThumbnail({ saveFolder: tmpdir() })
    expect((await readFile(path!)).subarray(1, 4).toString()).toBe("PNG")
  },
  "Item.export": async () => {
    const exported = await service.export({ title: unique("export"), exportFormat: "CSV" })
    expect(exported).toBeInstanceOf(Facade.Item)
    const job = await service.export({ title: unique("export"), exportFormat: "CSV", wait: false })
    expect(job.jobType).toBe("export")
    expect(job.exportItemId).toMatch(/^[0-9a-f]{32}$/)
  },
  "Item.get_data": async () => expect(await webmap.getData()).toMatchObject({ operationalLayers: [], version: "2.31" }),
  "Item.get_thumbnail": async () => expect((await webmap.getThumbnail())?.byteLength).toBeGreaterThan(0),
  "Item.get_thumbnail_link": async () => {
    expect(await webmap.getThumbnailLink()).toBe(
      `${emulator.url}/sharing/rest/content/items/${webmap.id}/info/${webmap.thumbnail}`,
    )
    expect(await csv.getThumbnailLink()).toBeUndefined()
  },
  "Item.homepage": async () => expect(webmap.homepage).toBe(`${emulator.url}/home/item.html?id=${webmap.id}`),
  "Item.metadata": async () => expect(await csv.metadata()).toContain("<title>Places</title>"),
  "Item.move": async () => {
    const folder = await publisher.content.createFolder(unique("moved"))
    const item = await textItem()
    expect((await item.move(folder.title)).success).toBe(true)
    expect(item.ownerFolder).toBe(folder.id)
  },
  "Item.protect": async () => {
    const item = await textItem()
    expect(await item.protect()).toEqual({ success: true })
    const refused = await item.delete().catch((error: unknown) => error)
    expect(refused).toBeInstanceOf(PortalError)
    expect(await item.protect({ enable: false })).toEqual({ success: true })
    expect(await item.delete()).toBe(true)
  },
  "Item.proxies": async () => expect(Array.isArray(await webmap.proxies())).toBe(true),
  "Item.publish": async () => {
    const source = await publisher.content.add(
      { title: unique("More places"), type: "CSV" },
      { data: csvFile("m.csv") },
    )
    const published = await source.publish({ fileType: "csv" })
    expect(published.type).toBe("Feature Service")
  },
  "Item.rating": async () => {
    const seen = await viewer.content.get(webmap.id)
    await seen!.setRating(5)
    expect(await seen!.rating()).toBe(5)
  },
  "Item.reassign_to": async () => {
    const item = await admin.content.get((await textItem()).id)
    expect(await item!.reassignTo(emulator.accounts.admin.username)).toBe(true)
  },
  "Item.related_items": async () => {
    await webmap.addRelationship({ relItem: service, relType: "Map2Service" })
    const related = await webmap.relatedItems("Map2Service")
    expect(related.map((item) => item.id)).toContain(service.id)
  },
  "Item.share": async () => {
    const item = await textItem()
    expect((await item.share({ org: true, groups: [group] })).notSharedWith).toEqual([])
  },
  "Item.shared_with": async () => {
    const item = await textItem()
    expect(await item.sharedWith()).toEqual({ everyone: false, org: false, groups: [] })
    await item.share({ org: true, groups: [group, orgGroup] })
    const shared = await item.sharedWith()
    expect([shared.everyone, shared.org]).toEqual([false, true])
    expect(shared.groups.map((entry) => entry.id).sort()).toEqual([group.id, orgGroup.id].sort())
    expect(shared.groups.every((entry) => entry instanceof Facade.Group)).toBe(true)
    await item.unshare([group, orgGroup])
    await item.share({ org: false })
    expect(await item.sharedWith()).toEqual({ everyone: false, org: false, groups: [] })
    await item.share({ everyone: true })
    expect(await item.sharedWith()).toEqual({ everyone: true, org: true, groups: [] })
  },
  "Item.status": async () => expect(typeof (await csv.status()).status).toBe("string"),
  "Item.unshare": async () => {
    const item = await textItem()
    await item.share({ groups: group.id })
    expect((await item.unshare([group])).notUnsharedFrom).toEqual([])
  },
  "Item.update": async () => {
    const item = await textItem()
    expect(await item.update({ itemProperties: { title: "Renamed", snippet: "short" } })).toBe(true)
    expect(item.title).toBe("Renamed")
    expect(item.toJSON().snippet).toBe("short")
  },

  "User.delete": async () => {
    const { user, username } = await newUser()
    expect(await user.delete()).toBe(true)
    expect(await admin.users.get(username)).toBeUndefined()
  },
  "User.disable": async () => {
    const { user, username } = await newUser()
    expect(await user.disable()).toBe(true)
    expect((await admin.users.get(username))?.disabled).toBe(true)
  },
  "User.download_thumbnail": async () => {
    const me = await publisher.users.me()
    await me!.update({ thumbnail: png() })
    const path = await me!.downloadThumbnail({ saveFolder: tmpdir() })
    expect((await readFile(path!)).subarray(1, 4).toString()).toBe("PNG")
  },
  "User.enable": async () => {
    const { user } = await newUser()
    await user.disable()
    expect(await user.enable()).toBe(true)
  },
  "User.folders": async () => {
    const folder = await publisher.content.createFolder(unique("listed"))
    const me = await publisher.users.me()
    expect((await me!.folders()).map((entry) => entry.id)).toContain(folder.id)
  },
  "User.get_thumbnail": async () => {
    const me = await publisher.users.me()
    await me!.update({ thumbnail: png() })
    expect((await me!.getThumbnail())?.byteLength).toBeGreaterThan(0)
  },
  "User.get_thumbnail_link": async () => {
    const me = await publisher.users.me()
    await me!.update({ thumbnail: png() })
    expect(await me!.getThumbnailLink()).toBe(
      `${emulator.url}/sharing/rest/community/users/${me!.username}/info/${me!.thumbnail}`,
    )
  },
  "User.items": async () => {
    const me = await publisher.users.me()
    const items = await me!.items({ maxItems: 1000 })
    expect(items.map((item) => item.id)).toContain(webmap.id)
    expect(items[0]).toBeInstanceOf(Facade.Item)
  },
  "User.notifications": async () => {
    const me = await viewer.users.me()
    expect(Array.isArray(await me!.notifications())).toBe(true)
  },
  "User.reassign_to": async () => {
    const { user } = await newUser()
    expect(await user.reassignTo(emulator.accounts.admin.username)).toBe(true)
  },
  "User.reset": async () => {
    const { username, password } = await newUser()
    const self = await connect({ username, password })
    const me = await self.users.me()
    expect(await me!.reset(password, { newPassword: "changed-pass-12345" })).toBe(true)
    await connect({ username, password: "changed-pass-12345" })
  },
  "User.update": async () => {
    const me = await viewer.users.me()
    expect(await me!.update({ description: "Field worker" })).toBe(true)
    expect(me!.description).toBe("Field worker")
  },
  "User.update_role": async () => {
    const { user, username } = await newUser()
    expect(await user.updateRole("org_publisher")).toBe(true)
    expect((await admin.users.get(username))?.role).toBe("org_publisher")
  },

  "Group.add_users": async () => expect((await group.addUsers([emulator.accounts.user.username])).notAdded).toEqual([]),
  "Group.applications": async () => {
    const seen = await viewer.groups.get(orgGroup.id)
    await seen!.join()
    expect(Array.isArray(await orgGroup.applications())).toBe(true)
  },
  "Group.content": async () => {
    const items = await group.content()
    expect(items.map((item) => item.id)).toContain(webmap.id)
    const all: Array<string> = []
    for await (const item of group.contentAll()) all.push(item.id)
    expect(all).toContain(webmap.id)
  },
  "Group.delete": async () => {
    const doomed = await publisher.groups.create({ title: unique("Doomed"), tags: ["x"] })
    expect(await doomed.delete()).toBe(true)
    expect(await publisher.groups.get(doomed.id)).toBeUndefined()
  },
  "Group.download_thumbnail": async () => {
    const path = await group.downloadThumbnail({ saveFolder: tmpdir() })
    expect((await readFile(path!)).subarray(1, 4).toString()).toBe("PNG")
  },
  "Group.get_members": async () => expect((await group.getMembers()).owner).toBe(emulator.accounts.publisher.username),
  "Group.get_thumbnail": async () => expect((await group.getThumbnail())?.byteLength).toBeGreaterThan(0),
  "Group.get_thumbnail_link": async () => {
    expect(await group.getThumbnailLink()).toBe(
      `${emulator.url}/sharing/rest/community/groups/${group.id}/info/${group.thumbnail}`,
    )
    expect(await orgGroup.getThumbnailLink()).toBeUndefined()
  },
  "Group.invite_users": async () => {
    const invited = await publisher.groups.create({ title: unique("Invited"), tags: ["x"], access: "org" })
    expect(await invited.inviteUsers([emulator.accounts.user.username], { role: "group_member" })).toBe(true)
  },
  "Group.join": async () => {
    const open = await publisher.groups.create({ title: unique("Joinable"), tags: ["x"], access: "org" })
    expect(await (await viewer.groups.get(open.id))!.join()).toBe(true)
  },
  "Group.leave": async () => {
    const left = await publisher.groups.create({ title: unique("Left"), tags: ["x"], access: "org" })
    await left.addUsers(emulator.accounts.user.username)
    expect(await (await viewer.groups.get(left.id))!.leave()).toBe(true)
  },
  "Group.reassign_to": async () => {
    const moved = await publisher.groups.create({ title: unique("Moved"), tags: ["x"] })
    const seen = await admin.groups.get(moved.id)
    expect(await seen!.reassignTo(emulator.accounts.admin.username)).toBe(true)
  },
  "Group.remove_users": async () => {
    await group.addUsers([emulator.accounts.user.username])
    expect((await group.removeUsers([emulator.accounts.user.username])).notRemoved).toEqual([])
  },
  "Group.update": async () => {
    expect(await group.update({ snippet: "Crews of the field" })).toBe(true)
    expect(group.snippet).toBe("Crews of the field")
  },

  "Datastore.datasets": async () => {
    const datastores = admin.datastores()
    const { path } = await datastores.addBigdata(unique("bigdata"), { serverPath: "\\\\server\\share" })
    const item = await datastores.get(path)
    expect(Array.isArray(await item!.datasets())).toBe(true)
  },
  "Datastore.delete": async () => {
    const datastores = admin.datastores()
    const { path } = await datastores.addFolder({ name: unique("gone"), serverPath: emulator.dataDir })
    expect(await (await datastores.get(path))!.delete()).toBe(true)
    expect(await datastores.get(path)).toBeUndefined()
  },
  "Datastore.manifest": async () => {
    const datastores = admin.datastores()
    const share = await datastores.addBigdata(unique("manifest"), { serverPath: "\\\\server\\share" })
    expect(await share.manifest()).toBeTypeOf("object")
    const manifest = { datasets: [{ name: "trips", format: { type: "csv" } }] }
    expect(await share.updateManifest(manifest)).toBe(true)
    expect(await share.manifest()).toMatchObject(manifest)
  },
  "Datastore.ref_count": async () => {
    const datastores = admin.datastores()
    const { path } = await datastores.addFolder({ name: unique("counted"), serverPath: emulator.dataDir })
    expect(await (await datastores.get(path))!.refCount()).toBe(0)
  },
  "Datastore.update": async () => {
    const datastores = admin.datastores()
    const { path } = await datastores.addFolder({ name: unique("edited"), serverPath: "\\\\old\\share" })
    const item = await datastores.get(path)
    expect(
      await item!.update({ type: "folder", info: { path: emulator.dataDir, dataStoreConnectionType: "shared" } }),
    ).toBe(true)
    expect((await datastores.get(path))?.info?.path).toBe(emulator.dataDir)
  },
  "Datastore.validate": async () => {
    const datastores = admin.datastores()
    const { path } = await datastores.addFolder({ name: unique("valid"), serverPath: emulator.dataDir })
    expect(await (await datastores.get(path))!.validate()).toBe(true)
  },

  "Role.delete": async () => {
    const role = await admin.users.roles.create({ name: unique("Temp"), description: "temporary" })
    expect(await role.delete()).toBe(true)
    expect(await admin.users.roles.getRole(role.id)).toBeUndefined()
  },
  "Role.description": async () => {
    const role = await admin.users.roles.create({ name: unique("Described"), description: "Edits features" })
    expect(role.description).toBe("Edits features")
  },
  "Role.name": async () => {
    const name = unique("Named")
    expect((await admin.users.roles.create({ name, description: "named" })).name).toBe(name)
  },
  "Role.privileges": async () => {
    const role = await admin.users.roles.create({
      name: unique("Privileged"),
      description: "edit",
      privileges: ["features:user:edit", "portal:user:createItem"],
    })
    expect([...(await role.privileges())].sort()).toEqual(["features:user:edit", "portal:user:createItem"])
    expect(await role.setPrivileges(["features:user:edit"])).toBe(true)
    expect(await role.privileges()).toEqual(["features:user:edit"])
  },

  "Layer.fromitem": async () => {
    const layer = await Layer.fromItem(service)
    expect(layer.url).toMatch(/\/FeatureServer\/0$/)
    expect(await layer.properties()).toBeTypeOf("object")
  },

  "ContentManager.add": async () => {
    const item = await publisher.content.add(
      { title: unique("From disk"), type: "CSV", tags: ["disk"] },
      { data: new File(["a,b\n1,2\n"], "d.csv") },
    )
    expect(item.type).toBe("CSV")
  },
  "ContentManager.create_folder": async () => {
    const title = unique("folder")
    expect((await publisher.content.createFolder(title)).title).toBe(title)
  },
  "ContentManager.create_service": async () => {
    const name = unique("empty")
    const created = await publisher.content.createService(name, { itemProperties: { title: name } })
    expect(created.type).toBe("Feature Service")
  },
  "ContentManager.delete_folder": async () => {
    const title = unique("gone")
    await publisher.content.createFolder(title)
    expect(await publisher.content.deleteFolder(title)).toBe(true)
    expect(await publisher.content.deleteFolder(title)).toBe(false)
  },
  "ContentManager.get": async () => {
    expect((await publisher.content.get(webmap.id))?.title).toBe(webmap.title)
    expect(await publisher.content.get("0123456789abcdef0123456789abcdef")).toBeUndefined()
  },
  "ContentManager.import_data": async () => {
    const collection = await publisher.content.importData("name,latitude,longitude\nA,34.05,-118.25\n")
    expect(collection).toBeTypeOf("object")
  },
  "ContentManager.is_service_name_available": async () => {
    expect(
      await publisher.content.isServiceNameAvailable({ serviceName: unique("free"), serviceType: "featureService" }),
    ).toBe(true)
  },
  "ContentManager.share_items": async () => {
    const items = [await textItem(), await textItem()]
    const results = await publisher.content.shareItems(items, { org: true, groups: [group] })
    expect(results.map((result) => [result.itemId, result.success])).toEqual(items.map((item) => [item.id, true]))
    for (const item of items) expect((await item.sharedWith()).groups.map((entry) => entry.id)).toEqual([group.id])
  },
  "ContentManager.unshare_items": async () => {
    const items = [await textItem(), await textItem()]
    await publisher.content.shareItems(items, { groups: [group] })
    const results = await publisher.content.unshareItems(items, { groups: [group] })
    expect(results.map((result) => result.success)).toEqual([true, true])
    for (const item of items) expect((await item.sharedWith()).groups).toEqual([])
  },
  "ContentManager.delete_items": async () => {
    const items = [await textItem(), await textItem()]
    const results = await publisher.content.deleteItems(items.map((item) => item.id))
    expect(results.map((result) => [result.itemId, result.success])).toEqual(items.map((item) => [item.id, true]))
    for (const item of items) expect(await publisher.content.get(item.id)).toBeUndefined()
  },
  "ContentManager.clone_items": async () => {
    const item = await textItem()
    const planned = await publisher.content.cloneItems([item], { dryRun: true })
    expect(planned.plan.steps.map((step) => [step.action, step.sourceId])).toEqual([["create", item.id]])
    const result = await publisher.content.cloneItems([item])
    const clone = await publisher.content.get(result.itemMapping[item.id] as string)
    expect(clone?.typeKeywords).toContain(`source-${item.id}`)
    expect((await publisher.content.cloneItems([item])).skipped.map((step) => step.sourceId)).toEqual([item.id])
    await clone?.delete()
  },
  "ContentManager.search": async () => {
    const found = await publisher.content.search(`id:${webmap.id}`)
    expect(found.map((item) => item.id)).toEqual([webmap.id])
    const all: Array<string> = []
    for await (const item of publisher.content.searchAll(`owner:${emulator.accounts.publisher.username}`)) {
      all.push(item.id)
    }
    expect(all).toContain(webmap.id)
  },

  "UserManager.create": async () => {
    await newUser()
    const username = unique("gis_v").slice(0, 24)
    const viewer = await admin.users.create({
      username,
      password: "viewer-pass-12345",
      firstname: "Gis",
      lastname: "Viewer",
      email: `${username}@example.com`,
      role: "org_viewer",
      userType: "viewerUT",
    })
    expect(viewer?.toJSON()).toMatchObject({ roleId: "iAAAAAAAAAAAAAAA", level: "1", userType: "viewerUT" })
  },
  "UserManager.get": async () => {
    expect((await publisher.users.get(emulator.accounts.user.username))?.username).toBe(emulator.accounts.user.username)
    expect(await publisher.users.get("nobody_here_at_all")).toBeUndefined()
  },
  "UserManager.me": async () =>
    expect((await publisher.users.me())?.username).toBe(emulator.accounts.publisher.username),
  "UserManager.roles": async () => expect(admin.users.roles).toBeInstanceOf(RoleManager),
  "UserManager.search": async () => {
    const found = await admin.users.search(`username:${emulator.accounts.user.username}`)
    expect(found.map((user) => user.username)).toContain(emulator.accounts.user.username)
    const all: Array<string> = []
    for await (const user of admin.users.searchAll()) all.push(user.username)
    expect(all).toContain(emulator.accounts.publisher.username)
  },
  "UserManager.signup": async () => {
    const username = unique("signup").slice(0, 24)
    const outcome = await publisher.users
      .signup({ username, password: "signup-pass-123", fullname: "Self Signed", email: `${username}@example.com` })
      .catch((error: unknown) => error)
    // A portal that does not allow sign-up refuses with a typed error; either way the call went out.
    if (!(outcome instanceof Facade.User)) expect(outcome).toBeInstanceOf(PortalError)
  },

  "GroupManager.create": async () => {
    const title = unique("Created")
    expect((await publisher.groups.create({ title, tags: "a,b" })).title).toBe(title)
  },
  "GroupManager.create_from_dict": async () => {
    const copy = await publisher.groups.createFromDict({ ...group.toJSON(), title: unique("Copied") })
    expect(copy.tags).toEqual(group.tags)
  },
  "GroupManager.get": async () => {
    expect((await publisher.groups.get(group.id))?.id).toBe(group.id)
    expect(await publisher.groups.get("0123456789abcdef0123456789abcdef")).toBeUndefined()
  },
  "GroupManager.search": async () => {
    const found = await publisher.groups.search(`id:${group.id}`)
    expect(found.map((entry) => entry.id)).toEqual([group.id])
    const all: Array<string> = []
    for await (const entry of publisher.groups.searchAll()) all.push(entry.id)
    expect(all).toContain(group.id)
  },

  "DatastoreManager.add": async () => {
    const name = unique("raw")
    const registered = await admin.datastores().add({
      name,
      item: {
        path: `/fileShares/${name}`,
        type: "folder",
        info: { path: emulator.dataDir, dataStoreConnectionType: "shared" },
      },
    })
    expect(registered).toBeInstanceOf(Facade.Datastore)
    expect(registered.path).toBe(`/fileShares/${name}`)
  },
  "DatastoreManager.add_bigdata": async () => {
    const { path } = await admin.datastores().addBigdata(unique("big"), { serverPath: "\\\\server\\share" })
    expect(path).toMatch(/^\/bigDataFileShares\//)
  },
  "DatastoreManager.add_database": async () => {
    const { path } = await admin.datastores().addDatabase({
      name: unique("db"),
      connStr: "SERVER=db;DATABASE=gis;USER=sde;PASSWORD=s3cret",
      connType: "shared",
    })
    expect(path).toMatch(/^\/enterpriseDatabases\//)
  },
  "DatastoreManager.add_folder": async () => {
    const share = await admin.datastores().addFolder({ name: unique("share"), serverPath: emulator.dataDir })
    expect(share.type).toBe("folder")
  },
  "DatastoreManager.config": async () => {
    const datastores = admin.datastores()
    expect(await datastores.updateConfig({ blockDataCopy: true })).toBe(true)
    expect((await datastores.config()).blockDataCopy).toBe(true)
    await datastores.updateConfig({ blockDataCopy: false })
  },
  "DatastoreManager.get": async () => {
    const datastores = admin.datastores()
    const { path } = await datastores.addFolder({ name: unique("got"), serverPath: emulator.dataDir })
    expect((await datastores.get(path))?.path).toBe(path)
    expect(await datastores.get("/fileShares/not_there_at_all")).toBeUndefined()
  },
  "DatastoreManager.search": async () => {
    const datastores = admin.datastores()
    const { path } = await datastores.addFolder({ name: unique("found"), serverPath: emulator.dataDir })
    const found = await datastores.search({ parentPath: "/fileShares" })
    expect(found.map((entry) => entry.path)).toContain(path)
  },
  "DatastoreManager.validate": async () => {
    // The scenarios above registered shares the emulator's server cannot reach: it may say so.
    const outcome = await admin
      .datastores()
      .validate()
      .catch((error: unknown) => error)
    expect(typeof outcome === "boolean" || outcome instanceof PortalError).toBe(true)
  },

  "RoleManager.all": async () => {
    const role = await admin.users.roles.create({ name: unique("Listed"), description: "listed" })
    expect((await admin.users.roles.all()).map((entry) => entry.id)).toContain(role.id)
    const all: Array<string> = []
    for await (const entry of admin.users.roles) all.push(entry.id)
    expect(all).toContain(role.id)
  },
  "RoleManager.create": async () => {
    const name = unique("Made")
    const role = await admin.users.roles.create({ name, description: "made" })
    expect((await admin.users.roles.create({ name, description: "again" })).id).toBe(role.id)
  },
  "RoleManager.exists": async () => {
    const name = unique("Exists")
    await admin.users.roles.create({ name, description: "exists" })
    expect(await admin.users.roles.exists(name.toUpperCase())).toBe(true)
    expect(await admin.users.roles.exists(unique("Missing"))).toBe(false)
  },
  "RoleManager.get_role": async () => {
    const role = await admin.users.roles.create({ name: unique("Got"), description: "got" })
    expect((await admin.users.roles.getRole(role.id))?.name).toBe(role.name)
  },

  "ResourceManager.add": async () => {
    const result = await webmap.resources.add({ text: '{"theme":"dark"}', fileName: "config.json", folderName: "app" })
    expect(result.success).toBe(true)
  },
  "ResourceManager.get": async () => {
    await webmap.resources.add({ text: '{"theme":"light"}', fileName: "read.json" })
    expect(await webmap.resources.get("read.json")).toEqual({ theme: "light" })
    await webmap.resources.add({ file: png(), fileName: "logo.png" })
    const path = await webmap.resources.get("logo.png", { outFolder: tmpdir(), outFileName: unique("logo") })
    expect((await readFile(path as string)).subarray(1, 4).toString()).toBe("PNG")
  },
  "ResourceManager.list": async () => {
    await webmap.resources.add({ text: "x", fileName: "listed.txt" })
    expect((await webmap.resources.list()).map((entry) => entry.resource)).toContain("listed.txt")
    const all: Array<string> = []
    for await (const entry of webmap.resources.listAll()) all.push(entry.resource)
    expect(all).toContain("listed.txt")
  },
  "ResourceManager.remove": async () => {
    const item = await textItem()
    await item.resources.add({ text: "x", fileName: "a.txt" })
    await item.resources.add({ text: "y", fileName: "b.txt" })
    expect(await item.resources.remove({ file: "a.txt" })).toBe(true)
    expect((await item.resources.list()).map((entry) => entry.resource)).toEqual(["b.txt"])
    expect(await item.resources.remove()).toBe(true)
    expect(await item.resources.list()).toEqual([])
  },
  "ResourceManager.update": async () => {
    await webmap.resources.add({ text: "old", fileName: "notes.txt" })
    const result = await webmap.resources.update(new File(["new"], "notes.txt"), { fileName: "notes.txt" })
    expect(result.success).toBe(true)
    expect(await readFile((await webmap.resources.get("notes.txt")) as string, "utf8")).toBe("new")
  },
}

const classes: Record<string, object> = {
  GIS: Facade.GIS,
  Item: Facade.Item,
  User: Facade.User,
  Group: Facade.Group,
  Datastore: Facade.Datastore,
  Role: Facade.Role,
  Layer: Facade.Layer,
  ContentManager: Facade.ContentManager,
  UserManager: Facade.UserManager,
  GroupManager: Facade.GroupManager,
  DatastoreManager: Facade.DatastoreManager,
  RoleManager: Facade.RoleManager,
  ResourceManager: Facade.ResourceManager,
}

/** Spies on the facade member a doc row names, so the scenario must really go through it. */
const spyOn = (row: ReturnType<typeof docRows>[number]) => {
  const target = classes[row.facadeClass] as Record<string, unknown> & { prototype: object }
  if (row.isStatic) return vi.spyOn(target as never, row.member as never)
  if (instanceFields.has(`${row.facadeClass}#${row.member}`)) return undefined
  // The prototype that defines the member: the class's own, or a base class's (`Item` extends `ContentItem`).
  let owner: object | null = target.prototype
  while (owner !== null && Object.getOwnPropertyDescriptor(owner, row.member) === undefined) {
    owner = Object.getPrototypeOf(owner) as object | null
  }
  const defining = owner ?? target.prototype
  const descriptor = Object.getOwnPropertyDescriptor(defining, row.member)
  if (descriptor?.get) return vi.spyOn(defining as never, row.member as never, "get")
  return vi.spyOn(defining as never, row.member as never)
}

describe("one connection, one portals/self", () => {
  it("connect and 32 concurrent first calls across services read portals/self once", async () => {
    emulator.clearRequestLog()
    const gis = await connect(emulator.accounts.publisher)
    const calls = Array.from({ length: 32 }, (_, index) =>
      index % 3 === 0
        ? gis.users.me()
        : index % 3 === 1
          ? gis.content.search("tags:gis-test", { maxItems: 1 })
          : gis.groups.search("title:Crews", { maxGroups: 1 }),
    )
    await Promise.all(calls)
    const reads = emulator.requestLog().filter((entry) => entry.path.endsWith("/portals/self"))
    expect(reads).toHaveLength(1)
  })
})

describe("every method of the Python reference, against the emulator", () => {
  const rows = new Map(docRows().map((row) => [row.key, row]))
  for (const member of documentedMembers()) {
    it(member.key, async () => {
      const scenario = scenarios[member.key]
      const row = rows.get(member.key)
      expect(scenario, `no scenario for ${member.key}`).toBeDefined()
      expect(row, `no row for ${member.key} in docs/python-to-typescript.md`).toBeDefined()
      const spy = spyOn(row!)
      try {
        await scenario!()
        if (spy) expect(spy, `${member.key} did not call ${row!.facadeClass}#${row!.member}`).toHaveBeenCalled()
      } finally {
        spy?.mockRestore()
      }
    })
  }

  it("has no scenario for a method the reference (or the later list) does not have", () => {
    const known = new Set(documentedMembers().map((member) => member.key))
    expect(Object.keys(scenarios).filter((key) => !known.has(key))).toEqual([])
  })
})

describe("byte progress through the facade (onProgress, not in Python)", () => {
  const size = 3 * 1024 * 1024 + 777
  const content = () => Uint8Array.from({ length: size }, (_, index) => (index * 31 + 7) % 251)
  type Event = { readonly bytes: number; readonly total: number | undefined }
  /** Several reports, never decreasing, the last with every byte; `total` the size (the emulator sends it). */
  const expectProgress = (progress: ReadonlyArray<Event>) => {
    expect(progress.length).toBeGreaterThan(4)
    for (let index = 1; index < progress.length; index++) {
      expect(progress[index]!.bytes).toBeGreaterThanOrEqual(progress[index - 1]!.bytes)
    }
    expect(progress.filter((event) => event.bytes > 0 && event.bytes < size).length).toBeGreaterThan(3)
    expect(progress.at(-1)).toEqual({ bytes: size, total: size })
  }
  let binary: Item

  beforeAll(async () => {
    binary = await publisher.content.add(
      { title: unique("Progress"), type: "Code Attachment", tags: ["gis-test"] },
      { data: new File([content()], "progress.bin") },
    )
    await binary.resources.add({ file: new File([content()], "big.pbf"), folderName: "tiles" })
  })

  it("item.download({ savePath, onProgress }) reports the bytes as they arrive", async () => {
    const progress: Array<Event> = []
    const path = await binary.download({ savePath: tmpdir(), onProgress: (event) => progress.push(event) })
    expect((await readFile(path!)).byteLength).toBe(size)
    expectProgress(progress)
  })

  it("item.getData({ onProgress }) reports the bytes as they arrive", async () => {
    const progress: Array<Event> = []
    const data = await binary.getData({ onProgress: (event) => progress.push(event) })
    expect((data as Uint8Array).byteLength).toBe(size)
    expectProgress(progress)
  })

  it("item.resources.get(file, { onProgress }) reports the bytes, written to a file or in memory", async () => {
    const toFile: Array<Event> = []
    const path = await binary.resources.get("tiles/big.pbf", {
      outFolder: tmpdir(),
      outFileName: unique("big"),
      onProgress: (event) => toFile.push(event),
    })
    expect((await readFile(path as string)).byteLength).toBe(size)
    expectProgress(toFile)
    const inMemory: Array<Event> = []
    const bytes = await binary.resources.get("tiles/big.pbf", {
      inMemory: true,
      onProgress: (event) => inMemory.push(event),
    })
    expect((bytes as Uint8Array).byteLength).toBe(size)
    expectProgress(inMemory)
  })

  it("an onProgress that is not a function is refused before anything is sent", async () => {
    const wrong = { onProgress: "yes" } as never
    emulator.clearRequestLog()
    await expect(binary.download(wrong)).rejects.toMatchObject({ _tag: "InvalidInput", field: "onProgress" })
    await expect(binary.getData(wrong)).rejects.toMatchObject({ _tag: "InvalidInput", field: "onProgress" })
    await expect(binary.resources.get("tiles/big.pbf", wrong)).rejects.toMatchObject({
      _tag: "InvalidInput",
      field: "onProgress",
    })
    expect(emulator.requestLog()).toEqual([])
  })
})
