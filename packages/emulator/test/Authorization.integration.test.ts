/**
 * Regressions of the authorization review (issue 15): each case below was allowed before the authorization module
 * and is refused now — with the data checked unchanged after the refusal — while the legitimate path still works.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type EmulatorHandle, startEmulator } from "../src/index.ts"
import { client, type Json } from "./helpers.ts"

let emulator: EmulatorHandle
let api: ReturnType<typeof client>
let admin = ""
let user = ""
const password = "role-test-password"

/** A user whose custom role holds exactly `privileges`, signed in. */
const withRole = async (name: string, privileges: ReadonlyArray<string>) => {
  const role = await api.json("portals/self/createRole", { params: { name: `Regression ${name}` }, token: admin })
  await api.json(`portals/self/roles/${role.id}/setPrivileges`, {
    params: { privileges: JSON.stringify({ privileges }) },
    token: admin,
  })
  const username = `reg_${name}`
  expect(
    await portalAdmin("security/users/createUser", {
      username,
      password,
      firstname: "Reg",
      lastname: name,
      email: `${username}@example.invalid`,
      role: role.id,
    }),
  ).toEqual({ status: "success" })
  return { username, token: await api.signIn({ username, password }) }
}

const portalAdmin = async (path: string, params: Record<string, string>, token = admin) =>
  (await (
    await fetch(`${emulator.url}/portaladmin/${path}`, {
      method: "POST",
      body: new URLSearchParams({ f: "json", token, ...params }),
    })
  ).json()) as Json

const userExists = async (username: string) =>
  (await api.json(`community/users/${username}`, { method: "GET", token: admin })).username === username

const refused = (answer: Json) => expect(answer.error ?? answer).toMatchObject({ code: 403 })

beforeAll(async () => {
  emulator = await startEmulator({
    apiKeys: [
      {
        key: "AAPK-regression-escalating-key-0123456789",
        username: "user_one",
        privileges: ["portal:admin:deleteItems", "portal:admin:viewItems", "portal:user:viewOrgItems"],
      },
      {
        key: "AAPK-regression-admin-viewing-key-0123456789",
        username: "portal_admin",
        privileges: ["portal:admin:viewItems", "portal:user:viewOrgItems"],
      },
    ],
  })
  api = client(emulator)
  admin = await api.signIn(emulator.accounts.admin)
  user = await api.signIn(emulator.accounts.user)
})
afterAll(async () => {
  await emulator.stop()
})

describe("an admin privilege never grants more than the caller's own privileges", () => {
  it("a role holding only inviteUsers cannot invite an org administrator with a password it chose", async () => {
    const inviter = await withRole("inviter", ["portal:admin:inviteUsers"])
    const answer = await api.json("portals/self/invite", {
      params: {
        invitationList: JSON.stringify({
          invitations: [
            {
              username: "invited_admin",
              password: "chosen-password",
              firstname: "In",
              lastname: "Vited",
              email: "invited@example.invalid",
              role: "org_admin",
            },
          ],
        }),
      },
      token: inviter.token,
    })
    refused(answer)
    expect(await userExists("invited_admin")).toBe(false)
    // What the inviter holds it may hand out: a role with no privileges beyond its own.
    const empty = await api.json("portals/self/createRole", { params: { name: "Regression empty" }, token: admin })
    const allowed = await api.json("portals/self/invite", {
      params: {
        invitationList: JSON.stringify({
          invitations: [
            {
              username: "invited_plain",
              password: "chosen-password",
              firstname: "In",
              lastname: "Vited",
              email: "plain@example.invalid",
              role: empty.id,
            },
          ],
        }),
      },
      token: inviter.token,
    })
    expect(allowed).toEqual({ success: true, notInvited: [] })
  })

  it("a role with updateUsers (and the Add privilege) cannot create an administrator through createUser", async () => {
    const creator = await withRole("creator", ["portal:admin:updateUsers", "portal:admin:inviteUsers"])
    const answer = await portalAdmin(
      "security/users/createUser",
      {
        username: "created_admin",
        password: "chosen-password",
        firstname: "Cre",
        lastname: "Ated",
        email: "created@example.invalid",
        role: "org_admin",
      },
      creator.token,
    )
    expect(answer).toMatchObject({ status: "error", code: 403 })
    expect(await userExists("created_admin")).toBe(false)
  })

  it("a role with updateUsers cannot reset (or set) the default administrator's password and sign in as them", async () => {
    const updater = await withRole("updater", ["portal:admin:updateUsers", "portal:admin:viewUsers"])
    const admins = emulator.accounts.admin
    refused(
      await api.json(`community/users/${admins.username}/reset`, {
        params: { newPassword: "taken-over-password" },
        token: updater.token,
      }),
    )
    refused(
      await api.json(`community/users/${admins.username}/update`, {
        params: { password: "taken-over-password" },
        token: updater.token,
      }),
    )
    const takeover = await api.json("generateToken", {
      params: { username: admins.username, password: "taken-over-password" },
    })
    expect(takeover.error.code).toBe(400)
    expect(await api.signIn(admins)).toBeTypeOf("string")
    // Nor the account of anyone whose role holds privileges the updater lacks (an org user's).
    refused(
      await api.json("community/users/user_one/update", { params: { description: "hijacked" }, token: updater.token }),
    )
  })

  it("a role with changeUserRoles cannot promote anyone to a role above its own (updateUserRole refused it already)", async () => {
    const changer = await withRole("changer", ["portal:admin:changeUserRoles", "portal:admin:viewUsers"])
    refused(
      await api.json("portals/self/updateUserRole", {
        params: { user: changer.username, role: "org_admin" },
        token: changer.token,
      }),
    )
    refused(
      await api.json("portals/self/updateUserRole", {
        params: { user: "viewer_one", role: "org_publisher" },
        token: changer.token,
      }),
    )
  })

  it("a role with manageRoles cannot give its own role more privileges (roles are for default administrators)", async () => {
    const manager = await withRole("manager", ["portal:admin:manageRoles"])
    const self = await api.json("community/self", { token: manager.token })
    refused(
      await api.json(`portals/self/roles/${self.roleId}/setPrivileges`, {
        params: { privileges: JSON.stringify({ privileges: ["portal:admin:updateUsers"] }) },
        token: manager.token,
      }),
    )
    expect((await api.json("community/self", { token: manager.token })).privileges).toEqual([
      "portal:admin:manageRoles",
    ])
  })
})

describe("view privileges never write", () => {
  it("a role with only viewItems cannot delete another user's folder (with its items) or create folders there", async () => {
    const viewerOfItems = await withRole("itemviewer", ["portal:admin:viewItems"])
    const folder = await api.json("content/users/user_one/createFolder", { params: { title: "Kept" }, token: user })
    const inside = await api.json(`content/users/user_one/${folder.folder.id}/addItem`, {
      params: { title: "Kept item", type: "Web Map", text: "{}" },
      token: user,
    })
    refused(await api.json(`content/users/user_one/${folder.folder.id}/delete`, { token: viewerOfItems.token }))
    refused(
      await api.json("content/users/user_one/createFolder", {
        params: { title: "Planted" },
        token: viewerOfItems.token,
      }),
    )
    refused(
      await api.json(`content/users/user_one/${folder.folder.id}/updateFolder`, {
        params: { title: "Renamed" },
        token: viewerOfItems.token,
      }),
    )
    const content = await api.json("content/users/user_one", { method: "GET", token: user })
    expect((content.folders as Array<{ title: string }>).map((entry) => entry.title).sort()).toEqual([
      "Kept",
      "Reports",
    ])
    expect((await api.json(`content/items/${inside.id}`, { token: user })).title).toBe("Kept item")
    // Reading it is what viewItems is for.
    expect(
      (await api.json(`content/users/user_one/${folder.folder.id}`, { token: viewerOfItems.token })).items,
    ).toHaveLength(1)
  })
})

describe("API keys act only through their privileges (a subset of their owner's)", () => {
  const key = () => ({ "X-Esri-Authorization": `Bearer ${emulator.apiKey}` })
  const withKey = async (path: string, params: Record<string, string> = {}) =>
    (await (
      await fetch(`${emulator.restUrl}/${path}`, {
        method: "POST",
        headers: key(),
        body: new URLSearchParams({ f: "json", ...params }),
      })
    ).json()) as Json

  it("the seeded key (view org items, create items) cannot share publicly, create groups or delete items", async () => {
    const added = await withKey("content/users/publisher_one/addItem", { title: "By key", type: "Web Map", text: "{}" })
    expect(added.success).toBe(true)
    refused(await withKey(`content/users/publisher_one/items/${added.id}/share`, { everyone: "true" }))
    refused(await withKey("community/createGroup", { title: "Key group", access: "private" }))
    refused(await withKey(`content/users/publisher_one/items/${added.id}/delete`))
    const item = await api.json(`content/items/${added.id}`, { token: admin })
    expect([item.id, item.access]).toEqual([added.id, "private"])
    const groups = await api.json("community/groups", {
      method: "GET",
      params: { q: 'title:"Key group"' },
      token: admin,
    })
    expect(groups.total).toBe(0)
    // community/self reports what the key may do, not everything its owner may.
    expect((await withKey("community/self")).privileges).toEqual(["portal:user:viewOrgItems", "portal:user:createItem"])
  })

  it("a key does what its privileges and its owner's both allow: not what only one of them does", async () => {
    const target = await api.json("content/users/portal_admin/addItem", {
      params: { title: "Not the key's", type: "Web Map", text: "{}" },
      token: admin,
    })
    const deleteWith = async (secret: string) =>
      (await (
        await fetch(`${emulator.restUrl}/content/users/portal_admin/items/${target.id}/delete`, {
          method: "POST",
          headers: { "X-Esri-Authorization": `Bearer ${secret}` },
          body: new URLSearchParams({ f: "json" }),
        })
      ).json()) as Json
    // Given admin privileges its owner (an org user) does not hold.
    refused(await deleteWith("AAPK-regression-escalating-key-0123456789"))
    // Owned by a default administrator, but given only view privileges.
    refused(await deleteWith("AAPK-regression-admin-viewing-key-0123456789"))
    expect((await api.json(`content/items/${target.id}`, { token: admin })).id).toBe(target.id)
  })
})

describe("bound tokens are checked", () => {
  const token = async (params: Record<string, string>) =>
    (
      await api.json("generateToken", {
        params: { username: emulator.accounts.user.username, password: emulator.accounts.user.password, ...params },
      })
    ).token as string
  const self = async (value: string, headers: Record<string, string> = {}) =>
    (await (
      await fetch(`${emulator.restUrl}/community/self?f=json`, {
        headers: { "X-Esri-Authorization": `Bearer ${value}`, ...headers },
      })
    ).json()) as Json

  it("a client=ip token works from its address only", async () => {
    expect((await self(await token({ client: "ip", ip: "10.20.30.40" }))).error.code).toBe(498)
    expect((await self(await token({ client: "ip", ip: "127.0.0.1" }))).username).toBe("user_one")
    expect((await self(await token({ client: "requestip" }))).username).toBe("user_one")
  })

  it("a client=referer token is refused with another Referer header, accepted with its own or none", async () => {
    const bound = await token({ client: "referer", referer: "https://app.example/portal-app" })
    expect((await self(bound, { Referer: "https://evil.example/page" })).error.code).toBe(498)
    expect((await self(bound, { Referer: "https://app.example/portal-app-evil/" })).error.code).toBe(498)
    expect((await self(bound, { Referer: "https://app.example/portal-app/page.html" })).username).toBe("user_one")
    expect((await self(bound)).username).toBe("user_one")
    // What the SDK and rest-js do in Node: a referer that is not a URL, sent as the header too (rest-js) or not at all.
    const sdk = await token({ client: "referer", referer: "@esri/arcgis-rest-js" })
    expect((await self(sdk, { Referer: "@esri/arcgis-rest-js" })).username).toBe("user_one")
  })

  it("client=referer without a referer is refused", async () => {
    const answer = await api.json("generateToken", {
      params: {
        username: emulator.accounts.user.username,
        password: emulator.accounts.user.password,
        client: "referer",
      },
    })
    expect(answer.error.code).toBe(400)
  })
})

describe("what a caller may see", () => {
  it("a non-admin cannot find users by e-mail; an administrator can", async () => {
    const q = { q: `email:${emulator.accounts.admin.username}@example.invalid` }
    expect((await api.json("community/users", { method: "GET", params: q, token: user })).results).toEqual([])
    expect((await api.json("portals/self/users/search", { method: "GET", params: q, token: user })).results).toEqual([])
    const found = await api.json("community/users", { method: "GET", params: q, token: admin })
    expect((found.results as Array<{ username: string }>).map((entry) => entry.username)).toEqual(["portal_admin"])
  })

  it("anonymous content/items/<public id>/groups does not list org groups", async () => {
    const groups = await api.json("community/groups", {
      method: "GET",
      params: { q: 'title:"Field Operations"' },
      token: admin,
    })
    const fieldOperations = groups.results[0].id as string
    const added = await api.json("content/users/portal_admin/addItem", {
      params: { title: "Public, in an org group", type: "Web Map", text: "{}" },
      token: admin,
    })
    await api.json(`content/users/portal_admin/items/${added.id}/share`, {
      params: { everyone: "true", groups: fieldOperations },
      token: admin,
    })
    const anonymous = await api.json(`content/items/${added.id}/groups`, { method: "GET" })
    expect([...anonymous.admin, ...anonymous.member, ...anonymous.other]).toEqual([])
    const member = await api.json(`content/items/${added.id}/groups`, { method: "GET", token: user })
    expect((member.other as Array<{ id: string }>).map((entry) => entry.id)).toEqual([fieldOperations])
  })
})

describe("addItem with originItemId", () => {
  it("does not copy the origin's group shares into groups the caller may not share to, nor its public access", async () => {
    const privateGroup = await api.json("community/createGroup", {
      params: { title: "Admins only", access: "private" },
      token: admin,
    })
    const origin = await api.json("content/users/portal_admin/addItem", {
      params: { title: "Origin", type: "Feature Service", url: "https://example.invalid/FeatureServer" },
      token: admin,
    })
    await api.json(`content/users/portal_admin/items/${origin.id}/share`, {
      params: { everyone: "true", groups: privateGroup.group.id },
      token: admin,
    })
    const creator = await withRole("creator_only", ["portal:user:createItem", "portal:user:viewOrgItems"])
    const added = await api.json(`content/users/${creator.username}/addItem`, {
      params: {
        title: "Derived",
        type: "Web Map",
        text: "{}",
        originItemId: origin.id,
        relationshipType: "Map2Service",
      },
      token: creator.token,
    })
    expect(added.success).toBe(true)
    const view = await api.json(`content/users/${creator.username}/items/${added.id}`, {
      method: "GET",
      token: creator.token,
    })
    expect(view.sharing).toEqual({ access: "private", groups: [] })
    // With the privileges, the sharing an origin has is inherited as far as the caller may share.
    const sharer = await withRole("sharer", [
      "portal:user:createItem",
      "portal:user:shareToPublic",
      "portal:user:viewOrgItems",
    ])
    const public_ = await api.json(`content/users/${sharer.username}/addItem`, {
      params: {
        title: "Derived",
        type: "Web Map",
        text: "{}",
        originItemId: origin.id,
        relationshipType: "Map2Service",
      },
      token: sharer.token,
    })
    expect(
      (await api.json(`content/users/${sharer.username}/items/${public_.id}`, { method: "GET", token: sharer.token }))
        .sharing,
    ).toEqual({ access: "public", groups: [] })
  })
})

describe("service names are compared as names, not LIKE patterns", () => {
  it("`_` and `%` in a name are characters: no false 'taken', no existence oracle; names compare case-insensitively", async () => {
    const publisher = await api.signIn(emulator.accounts.publisher)
    const created = await api.json("content/users/publisher_one/createService", {
      params: { createParameters: JSON.stringify({ name: "ab_cd" }) },
      token: publisher,
    })
    expect(created.success).toBe(true)
    const available = async (name: string) =>
      (
        await api.json("portals/self/isServiceNameAvailable", {
          method: "GET",
          params: { name, type: "Feature Service" },
          token: user,
        })
      ).available
    expect(await available("ab_cd")).toBe(false)
    expect(await available("AB_CD")).toBe(false)
    expect(await available("abXcd")).toBe(true)
    expect(await available("ab%")).toBe(true)
    expect(await available("%")).toBe(true)
    const other = await api.json("content/users/publisher_one/createService", {
      params: { createParameters: JSON.stringify({ name: "abXcd" }) },
      token: publisher,
    })
    expect(other.success).toBe(true)
  })
})
