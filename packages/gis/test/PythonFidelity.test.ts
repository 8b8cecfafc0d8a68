/**
 * Issue 16 on the wire (core's ScriptedFetch): what a ported Python script's calls send — a group name looked up
 * before sharing, positional search queries, nothing at all for an id that cannot exist — and how the answers come
 * back shaped as Python's.
 */
import { mkdtemp, readdir } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { RetryPolicy } from "@arcgis-portal/core"
import { ScriptedFetch } from "@arcgis-portal/core/testing"
import { describe, expect, it } from "vitest"
import { Group, InvalidInput, PortalError, User } from "../src/index.ts"
import { GIS } from "../src/node/index.ts"

const url = "https://portal.example.com/portal"
const itemId = "0123456789abcdef0123456789abcdef"
const groupId = "fedcba9876543210fedcba9876543210"
const otherGroupId = "00112233445566778899aabbccddeeff"
const serviceId = "abcdefabcdefabcdefabcdefabcdef12"

const self = { id: "org1", name: "Example", isPortal: true, user: { username: "jsmith" } }
const item = { id: itemId, owner: "jsmith", title: "Parks", type: "Web Map", access: "private", tags: ["parks"] }
const group = (id: string, title: string) => ({ id, title, owner: "jsmith", access: "org", tags: [] })
const page = (results: ReadonlyArray<unknown>) => ({
  total: results.length,
  start: 1,
  num: 100,
  nextStart: -1,
  results,
})

type Script = (route: string, request: ScriptedFetch.Recorded) => ScriptedFetch.Reply | undefined

const connect = async (script: Script, portalSelf: object = self) => {
  const scripted = ScriptedFetch.make((request) => {
    const route = ScriptedFetch.route(request)
    const reply = script(route, request)
    if (reply !== undefined) return reply
    if (route === "portals/self") return { json: portalSelf }
    if (route === `content/items/${itemId}`) return { json: item }
    return { status: 404, json: { error: { code: 404, message: "Not scripted.", details: [] } } }
  })
  const gis = await GIS.connect({ url, token: "t0ken-value", fetch: scripted.fetch, retry: RetryPolicy.none })
  return { gis, requests: scripted.requests, routes: () => scripted.requests.map(ScriptedFetch.route) }
}

describe("Item.share / unshare: a group name is looked up, then its id is sent", () => {
  const groupsByTitle: Script = (route, request) => {
    if (route !== "community/groups") return undefined
    const q = request.url.searchParams.get("q") ?? ""
    if (q.includes('title:"Field Crews"')) return { json: page([group(groupId, "Field Crews")]) }
    if (q.includes('title:"Twins"')) return { json: page([group(groupId, "Twins"), group(otherGroupId, "Twins")]) }
    return { json: page([]) }
  }

  it("share({ groups: [title] }): a title search in the org, then share with the id", async () => {
    const { gis, requests } = await connect((route, request) =>
      route === `content/users/jsmith/items/${itemId}/share`
        ? { json: { notSharedWith: [], itemId } }
        : groupsByTitle(route, request),
    )
    const parks = (await gis.content.get(itemId))!
    await parks.share({ org: true, groups: ["Field Crews"] })
    const search = requests.find((request) => ScriptedFetch.route(request) === "community/groups")!
    expect(search.url.searchParams.get("q")).toBe('title:"Field Crews" accountid:org1')
    const share = requests.find((request) => ScriptedFetch.route(request).endsWith("/share"))!
    expect(share.body).toMatchObject({ org: "true", groups: groupId })
    await gis.close()
  })

  it("an id or a Group is not looked up", async () => {
    const { gis, routes } = await connect((route) =>
      route === `content/users/jsmith/items/${itemId}/share` ? { json: { notSharedWith: [], itemId } } : undefined,
    )
    const parks = (await gis.content.get(itemId))!
    await parks.share({ groups: [groupId, { id: otherGroupId }] })
    expect(routes()).not.toContain("community/groups")
    await gis.close()
  })

  it("a title matching two groups, or none, is InvalidInput and nothing is shared or unshared", async () => {
    const { gis, routes } = await connect(groupsByTitle)
    const parks = (await gis.content.get(itemId))!
    for (const call of [parks.share({ groups: ["Twins"] }), parks.unshare(["Nobody's group"])]) {
      const error = await call.catch((failure: unknown) => failure)
      expect(error).toBeInstanceOf(InvalidInput)
      expect(error).toMatchObject({ field: "groups" })
    }
    expect(routes().filter((route) => route.endsWith("share"))).toEqual([])
    await gis.close()
  })

  it("unshare(title): the title's group id goes in the unshare request", async () => {
    const { gis, requests } = await connect((route, request) =>
      route === `content/users/jsmith/items/${itemId}/unshare`
        ? { json: { notUnsharedFrom: [], itemId } }
        : groupsByTitle(route, request),
    )
    const parks = (await gis.content.get(itemId))!
    await parks.unshare("Field Crews")
    expect(requests.find((request) => ScriptedFetch.route(request).endsWith("/unshare"))?.body.groups).toBe(groupId)
    await gis.close()
  })
})

describe("Python's positional query, and nothing sent for what cannot exist", () => {
  it("users.search(query) and groups.search(query) send the query as q", async () => {
    const { gis, requests } = await connect((route) =>
      route === "community/users" || route === "community/groups" ? { json: page([]) } : undefined,
    )
    await gis.users.search("username:j*", { maxUsers: 5 })
    await gis.groups.search("title:Crews")
    const q = (route: string) =>
      requests.find((request) => ScriptedFetch.route(request) === route)?.url.searchParams.get("q")
    expect(q("community/users")).toBe("username:j* accountid:org1")
    expect(q("community/groups")).toBe("title:Crews accountid:org1")
    await gis.close()
  })

  it("get of a string that cannot be an id or a username resolves undefined without a request", async () => {
    const { gis, requests } = await connect(() => undefined)
    const before = requests.length
    expect(await gis.content.get("not-an-id")).toBeUndefined()
    expect(await gis.groups.get("Field Crews")).toBeUndefined()
    expect(await gis.users.get("../admin")).toBeUndefined()
    expect(requests.length).toBe(before)
    await gis.close()
  })
})

describe("answers shaped as Python's", () => {
  it("create_service sends every item property beside createParameters", async () => {
    const { gis, requests } = await connect((route) => {
      if (route === "content/users/jsmith/createService")
        return { json: { success: true, itemId: serviceId, jobId: "j1", type: "Feature Service" } }
      if (route === `content/users/jsmith/items/${serviceId}/status`) return { json: { status: "completed" } }
      if (route === `content/items/${serviceId}`)
        return { json: { ...item, id: serviceId, type: "Feature Service", tags: ["roads"] } }
      return undefined
    })
    await gis.content.createService("roads", {
      itemProperties: { title: "Roads", tags: ["roads", "repairs"], snippet: "To fix", accessInformation: "City" },
    })
    const created = requests.find((request) => ScriptedFetch.route(request).endsWith("/createService"))!
    expect(created.body).toMatchObject({
      title: "Roads",
      tags: "roads,repairs",
      snippet: "To fix",
      accessInformation: "City",
      outputType: "featureService",
    })
    await gis.close()
  })

  it("protect() resolves { success }; export({ wait: false }) resolves exportItemId and jobId", async () => {
    const service = { ...item, id: serviceId, type: "Feature Service" }
    const { gis } = await connect((route) => {
      if (route === `content/items/${serviceId}`) return { json: service }
      if (route === `content/users/jsmith/items/${serviceId}/protect`) return { json: { success: true } }
      if (route === "content/users/jsmith/export")
        return { json: { type: "CSV", size: 0, jobId: "job-7", exportItemId: itemId, serviceItemId: serviceId } }
      return undefined
    })
    const found = (await gis.content.get(serviceId))!
    expect(await found.protect()).toEqual({ success: true })
    const res = await found.export({ title: "Out", exportFormat: "CSV", wait: false })
    expect(res).toMatchObject({ exportItemId: itemId, jobId: "job-7", serviceItemId: serviceId, exportFormat: "CSV" })
    await gis.close()
  })

  it("download() of an empty answer and downloadMetadata() of a missing file resolve undefined, no file", async () => {
    const folder = await mkdtemp(join(tmpdir(), "gis-fidelity-unit-"))
    const { gis } = await connect((route) => {
      if (route === `content/items/${itemId}/data`) return { body: "", headers: { "content-type": "application/json" } }
      if (route === `content/items/${itemId}/info/metadata/metadata.xml`)
        return { json: { error: { code: 400, message: "File not found.", details: [] } } }
      return undefined
    })
    const parks = (await gis.content.get(itemId))!
    expect(await parks.download({ savePath: folder })).toBeUndefined()
    expect(await parks.downloadMetadata({ saveFolder: folder })).toBeUndefined()
    expect(await readdir(folder)).toEqual([])
    await gis.close()
  })

  it("signup() resolves the new User, read back", async () => {
    const { gis, routes } = await connect((route) => {
      if (route === "community/signUp") return { json: { success: true } }
      if (route === "community/users/new_user") return { json: { username: "new_user", fullName: "New User" } }
      return undefined
    })
    const user = await gis.users.signup({
      username: "new_user",
      password: "pw-12345678",
      fullname: "New User",
      email: "n@example.com",
    })
    expect(user).toBeInstanceOf(User)
    expect(user?.fullName).toBe("New User")
    expect(routes()).toContain("community/signUp")
    await gis.close()
  })

  it("users.create() rejects with PortalError when ArcGIS Online neither creates nor invites the user", async () => {
    const { gis } = await connect(
      (route) =>
        route === "portals/self/invite" ? { json: { success: true, notInvited: ["taken_name"] } } : undefined,
      { ...self, isPortal: false },
    )
    const error = await gis.users
      .create({ username: "taken_name", firstname: "T", lastname: "N", email: "t@example.com" })
      .catch((failure: unknown) => failure)
    expect(error).toBeInstanceOf(PortalError)
    expect(error).toMatchObject({ reason: "InvalidRequest", operation: "Users.create" })
    await gis.close()
  })
})

describe("UserManager.create(user_type=...): userType on the wire", () => {
  const created: Script = (route, request) => {
    if (request.url.pathname.endsWith("/portaladmin/security/users/createUser")) return { json: { status: "success" } }
    if (route.startsWith("community/users/")) return { json: { username: route.split("/").pop() } }
    return undefined
  }
  const account = { password: "pw-12345678", firstname: "V", lastname: "W", email: "v@example.com" }
  const createRequest = (requests: ReadonlyArray<ScriptedFetch.Recorded>) =>
    requests.find((request) => request.url.pathname.endsWith("/createUser"))

  it("userType is sent as userLicenseTypeId; level only when given", async () => {
    const { gis, requests } = await connect(created)
    await gis.users.create({ ...account, username: "viewer_ut", role: "org_viewer", userType: "viewerUT" })
    const typed = createRequest(requests)
    expect(typed?.body).toMatchObject({ role: "iAAAAAAAAAAAAAAA", userLicenseTypeId: "viewerUT" })
    expect(typed?.body).not.toHaveProperty("level")
    expect(typed?.body).not.toHaveProperty("userType")
    await gis.close()
  })

  it("without userType nor level neither is sent; an explicit level still is", async () => {
    const plain = await connect(created)
    await plain.gis.users.create({ ...account, username: "plain_user" })
    expect(createRequest(plain.requests)?.body).not.toHaveProperty("userLicenseTypeId")
    expect(createRequest(plain.requests)?.body).not.toHaveProperty("level")
    await plain.gis.close()
    const legacy = await connect(created)
    await legacy.gis.users.create({ ...account, username: "legacy_user", level: 1 })
    expect(createRequest(legacy.requests)?.body).toMatchObject({ level: "1" })
    await legacy.gis.close()
  })

  it("a userType that is not a string is InvalidInput, and nothing is sent", async () => {
    const { gis, requests } = await connect(created)
    const error = await gis.users
      .create({ ...account, username: "bad_type", userType: 3 as never })
      .catch((failure: unknown) => failure)
    expect(error).toBeInstanceOf(InvalidInput)
    expect(error).toMatchObject({ operation: "UserManager.create", field: "userType" })
    expect(createRequest(requests)).toBeUndefined()
    await gis.close()
  })
})

describe("Item.shared_with: item.sharedWith()", () => {
  const groups = (access: string) => (route: string) => {
    if (route === `content/items/${itemId}`) return { json: { ...item, access } }
    if (route === `content/items/${itemId}/groups`) {
      return {
        json: { admin: [group(groupId, "Field Crews")], member: [], other: [group(otherGroupId, "Planning")] },
      }
    }
    return undefined
  }

  it("reads the item and its groups now: org from access, every visible group as a Group", async () => {
    const { gis, routes } = await connect(groups("org"))
    const found = (await gis.content.get(itemId))!
    const shared = await found.sharedWith()
    expect(shared.everyone).toBe(false)
    expect(shared.org).toBe(true)
    expect(shared.groups.map((entry) => entry.id)).toEqual([groupId, otherGroupId])
    expect(shared.groups[0]).toBeInstanceOf(Group)
    expect(shared.groups[1]?.title).toBe("Planning")
    // The item was read again (its cached access is "private"), and the groups came from the item's groups.
    expect(routes().filter((route) => route === `content/items/${itemId}`)).toHaveLength(2)
    expect(routes()).toContain(`content/items/${itemId}/groups`)
    await gis.close()
  })

  it("public counts as shared with the organization too (as in Python); private with nobody", async () => {
    const open = await connect(groups("public"))
    expect(await (await open.gis.content.get(itemId))!.sharedWith()).toMatchObject({ everyone: true, org: true })
    await open.gis.close()
    const closed = await connect((route) =>
      route === `content/items/${itemId}/groups` ? { json: { admin: [], member: [], other: [] } } : undefined,
    )
    expect(await (await closed.gis.content.get(itemId))!.sharedWith()).toEqual({
      everyone: false,
      org: false,
      groups: [],
    })
    await closed.gis.close()
  })

  it("an item the caller can no longer see rejects with the portal's PortalError (CONT_0001)", async () => {
    const gone = {
      error: { code: 400, messageCode: "CONT_0001", message: "Item does not exist or is inaccessible.", details: [] },
    }
    let reads = 0
    const { gis } = await connect((route) => {
      if (route !== `content/items/${itemId}` && route !== `content/items/${itemId}/groups`) return undefined
      // The first read is `content.get`; after it the item is gone.
      if (route === `content/items/${itemId}` && reads++ === 0) return { json: item }
      return { json: gone }
    })
    const found = (await gis.content.get(itemId))!
    await expect(found.sharedWith()).rejects.toMatchObject({
      _tag: "PortalError",
      messageCode: "CONT_0001",
      operation: "Item.sharedWith",
    })
    await gis.close()
  })
})
