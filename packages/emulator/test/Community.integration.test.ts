import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type EmulatorHandle, startEmulator } from "../src/index.ts"
import { client, type Json } from "./helpers.ts"

let emulator: EmulatorHandle
let api: ReturnType<typeof client>
let admin = ""
let publisher = ""
let user = ""
let viewer = ""

beforeAll(async () => {
  emulator = await startEmulator()
  api = client(emulator)
  admin = await api.signIn(emulator.accounts.admin)
  publisher = await api.signIn(emulator.accounts.publisher)
  user = await api.signIn(emulator.accounts.user)
  viewer = await api.signIn(emulator.accounts.viewer)
})
afterAll(async () => {
  await emulator.stop()
})

const portalAdmin = async (path: string, params: Record<string, string>, token?: string) => {
  const response = await fetch(`${emulator.url}/portaladmin/${path}`, {
    method: "POST",
    body: new URLSearchParams({ f: "json", ...params, ...(token ? { token } : {}) }),
  })
  return (await response.json()) as Json
}

const createUser = (username: string, extra: Record<string, string> = {}) =>
  portalAdmin(
    "security/users/createUser",
    {
      username,
      password: "a-long-password",
      firstname: "New",
      lastname: "Person",
      email: `${username}@example.invalid`,
      role: "org_user",
      ...extra,
    },
    admin,
  )

describe("users", () => {
  it("createUser (Portal Admin API) for admins only, with the documented rules", async () => {
    expect(await createUser("new_person_1")).toEqual({ status: "success" })
    const created = await api.json("community/users/new_person_1", { token: admin })
    expect([created.username, created.role, created.fullName]).toEqual(["new_person_1", "org_user", "New Person"])
    expect(await api.signIn({ username: "new_person_1", password: "a-long-password" })).toBeTypeOf("string")
    const refused = await portalAdmin(
      "security/users/createUser",
      { username: "sneaky_user", password: "a-long-password", firstname: "a", lastname: "b", email: "x@y.z" },
      publisher,
    )
    expect(refused).toMatchObject({ status: "error", code: 403 })
    expect((await createUser("new_person_1")).status).toBe("error")
    expect((await createUser("abc")).messages[1]).toContain("6 to 24")
    expect((await createUser("short_password", { password: "short" })).status).toBe("error")
    expect((await createUser("viewer_made", { role: "iAAAAAAAAAAAAAAA" })).status).toBe("success")
    expect((await api.json("community/users/viewer_made", { token: admin })).level).toBe("1")
  })

  it("search hides private profiles from non-admins; org listing pages", async () => {
    const results = (response: Json) => (response.results as Array<{ username: string }>).map((entry) => entry.username)
    expect(results(await api.json("community/users", { params: { q: "viewer_one" }, token: user }))).toEqual([])
    expect(results(await api.json("community/users", { params: { q: "viewer_one" }, token: admin }))).toEqual([
      "viewer_one",
    ])
    const listing = await api.json("portals/self/users", { method: "GET", params: { num: "2" }, token: admin })
    expect(listing.users).toHaveLength(2)
    expect(listing.nextStart).toBe(3)
    expect((await api.json("community/users", { params: { q: "x" } })).error.code).toBe(499)
  })

  it("update: self or admin; others are refused; tags, access, fullname change", async () => {
    expect(
      await api.json("community/users/user_one/update", {
        params: { fullname: "User One", tags: "a,b", access: "public" },
        token: user,
      }),
    ).toEqual({ success: true, username: "user_one" })
    const profile = await api.json("community/users/user_one")
    expect([profile.fullName, profile.tags, profile.access]).toEqual(["User One", ["a", "b"], "public"])
    expect(
      (await api.json("community/users/user_one/update", { params: { fullname: "Hacked" }, token: publisher })).error
        .code,
    ).toBe(403)
    expect(
      (await api.json("community/users/user_one/update", { params: { access: "weird" }, token: user })).error.code,
    ).toBe(400)
    expect(
      (await api.json("community/users/user_one/update", { params: { description: "by admin" }, token: admin }))
        .success,
    ).toBe(true)
  })

  it("disable/enable: a disabled user cannot sign in and their tokens stop working", async () => {
    await createUser("to_disable")
    const token = await api.signIn({ username: "to_disable", password: "a-long-password" })
    expect((await api.json("community/users/to_disable/disable", { token: publisher })).error.code).toBe(403)
    expect(await api.json("community/users/to_disable/disable", { token: admin })).toEqual({
      success: true,
      username: "to_disable",
    })
    expect((await api.json("community/self", { token })).error.code).toBe(498)
    expect(
      (await api.json("generateToken", { params: { username: "to_disable", password: "a-long-password" } })).error.code,
    ).toBe(400)
    await api.json("community/users/to_disable/enable", { token: admin })
    expect(await api.signIn({ username: "to_disable", password: "a-long-password" })).toBeTypeOf("string")
  })

  it("delete is refused while the user owns content, allowed after reassigning it", async () => {
    await createUser("leaving_user", { role: "org_publisher" })
    const token = await api.signIn({ username: "leaving_user", password: "a-long-password" })
    const folder = await api.json("content/users/leaving_user/createFolder", { params: { title: "Work" }, token })
    const item = await api.json(`content/users/leaving_user/${folder.folder.id}/addItem`, {
      params: { title: "Theirs", type: "Web Map", text: "{}" },
      token,
    })
    const refused = await api.json("community/users/leaving_user/delete", { token: admin })
    expect(refused.error).toMatchObject({ code: 400, messageCode: "COM_0083" })
    expect(
      (
        await api.json("community/users/leaving_user/reassign", {
          params: { targetUsername: "user_one" },
          token: publisher,
        })
      ).error.code,
    ).toBe(403)
    expect(
      await api.json("community/users/leaving_user/reassign", { params: { targetUsername: "user_one" }, token: admin }),
    ).toEqual({ success: true })
    const moved = await api.json(`content/items/${item.id}`, { token: admin })
    expect(moved.owner).toBe("user_one")
    const folders = (await api.json("content/users/user_one", { token: user })).folders.map(
      (entry: { title: string }) => entry.title,
    )
    expect(folders).toContain("leaving_user_Work")
    expect(await api.json("community/users/leaving_user/delete", { token: admin })).toEqual({
      success: true,
      username: "leaving_user",
    })
    expect((await api.json("community/users/leaving_user", { token: admin })).error.message).toBe(
      "User does not exist or is inaccessible.",
    )
  })

  it("reset: the user with the current password, or an admin", async () => {
    await createUser("resetting_user")
    const token = await api.signIn({ username: "resetting_user", password: "a-long-password" })
    expect(
      (
        await api.json("community/users/resetting_user/reset", {
          params: { password: "wrong", newPassword: "another-password" },
          token,
        })
      ).error.code,
    ).toBe(400)
    expect(
      await api.json("community/users/resetting_user/reset", {
        params: { password: "a-long-password", newPassword: "another-password" },
        token,
      }),
    ).toEqual({ success: true })
    expect(await api.signIn({ username: "resetting_user", password: "another-password" })).toBeTypeOf("string")
  })

  it("updateUserRole to a built-in key or a custom role; only admins", async () => {
    await createUser("role_changer")
    expect(
      (
        await api.json("portals/self/updateUserRole", {
          params: { user: "role_changer", role: "org_publisher" },
          token: publisher,
        })
      ).error.code,
    ).toBe(403)
    expect(
      (
        await api.json("portals/self/updateuserrole", {
          params: { user: "role_changer", role: "org_publisher" },
          token: admin,
        })
      ).success,
    ).toBe(true)
    expect((await api.json("community/users/role_changer", { token: admin })).role).toBe("org_publisher")
    expect(
      (
        await api.json("portals/self/updateUserRole", {
          params: { user: "role_changer", role: "nonexistent" },
          token: admin,
        })
      ).error.code,
    ).toBe(400)
  })

  it("notifications and invitations: invite → notification → accept → member", async () => {
    const groups = (await api.json("community/self", { token: publisher })).groups as Array<{
      id: string
      title: string
    }>
    const publicMaps = groups.find((group) => group.title === "Public Maps")!
    expect(
      await api.json(`community/groups/${publicMaps.id}/invite`, {
        params: { users: "viewer_one", role: "group_member", expiration: "1440" },
        token: publisher,
      }),
    ).toEqual({ success: true, groupId: publicMaps.id })
    const notifications = await api.json("community/users/viewer_one/notifications", { method: "GET", token: viewer })
    expect(notifications.notifications[0]).toMatchObject({
      type: "group_invite",
      target: "viewer_one",
      targetType: "user",
    })
    const invitations = (await api.json("community/users/viewer_one/invitations", { method: "GET", token: viewer }))
      .userInvitations
    expect(invitations[0].id).toMatch(/^G[0-9a-f]{32}$/)
    expect(
      (await api.json(`community/users/viewer_one/invitations/${invitations[0].id}/accept`, { token: admin })).error
        .code,
    ).toBe(403)
    expect(
      await api.json(`community/users/viewer_one/invitations/${invitations[0].id}/accept`, { token: viewer }),
    ).toEqual({ success: true, username: "viewer_one", groupId: publicMaps.id, id: invitations[0].id })
    expect(
      (await api.json(`community/groups/${publicMaps.id}/users`, { method: "GET", token: viewer })).users,
    ).toContain("viewer_one")
    const notification = notifications.notifications[0].id
    expect(
      await api.json(`community/users/viewer_one/notifications/${notification}/delete`, { token: viewer }),
    ).toEqual({ success: true, notificationId: notification })
  })
})

describe("groups", () => {
  it("create, get, search, update, protect, delete", async () => {
    const created = await api.json("community/createGroup", {
      params: { title: "Hydrology", tags: "water,rivers", access: "org", description: "d", isInvitationOnly: "false" },
      token: publisher,
    })
    expect(created.success).toBe(true)
    const id = created.group.id as string
    expect(created.group).toMatchObject({
      title: "Hydrology",
      owner: "publisher_one",
      access: "org",
      tags: ["water", "rivers"],
      userMembership: { memberType: "owner" },
    })
    expect((await api.json(`community/groups/${id}`, { token: user })).title).toBe("Hydrology")
    expect((await api.json(`community/groups/${id}`)).error).toMatchObject({ code: 400, messageCode: "COM_0003" })
    const found = await api.json("community/groups", { params: { q: "hydrology" }, token: user })
    expect(found.results.map((group: { id: string }) => group.id)).toEqual([id])
    expect(
      (await api.json(`community/groups/${id}/update`, { params: { snippet: "Rivers" }, token: user })).error.code,
    ).toBe(403)
    expect(
      await api.json(`community/groups/${id}/update`, { params: { snippet: "Rivers" }, token: publisher }),
    ).toEqual({ success: true, groupId: id })
    await api.json(`community/groups/${id}/protect`, { token: publisher })
    expect((await api.json(`community/groups/${id}/delete`, { token: publisher })).error.code).toBe(400)
    await api.json(`community/groups/${id}/unprotect`, { token: publisher })
    expect(await api.json(`community/groups/${id}/delete`, { token: publisher })).toEqual({
      success: true,
      groupId: id,
    })
    expect((await api.json("community/createGroup", { params: { tags: "x" }, token: publisher })).error.code).toBe(400)
    expect(
      (await api.json("community/createGroup", { params: { title: "Viewer group" }, token: viewer })).error.code,
    ).toBe(403)
  })

  it("addUsers (25 max, notAdded), members, removeUsers (owner stays), applications, join/leave rules", async () => {
    const created = await api.json("community/createGroup", {
      params: { title: "Crew", access: "org" },
      token: publisher,
    })
    const id = created.group.id as string
    const tooMany = Array.from({ length: 26 }, (_, index) => `someone_${index}`).join(",")
    expect(
      (await api.json(`community/groups/${id}/addUsers`, { params: { users: tooMany }, token: publisher })).error,
    ).toMatchObject({ code: 400, messageCode: "ORG_3100" })
    expect(
      await api.json(`community/groups/${id}/addUsers`, {
        params: { users: "user_one,ghost_user", admins: "viewer_one" },
        token: publisher,
      }),
    ).toEqual({ notAdded: ["ghost_user"] })
    expect(await api.json(`community/groups/${id}/users`, { method: "GET", token: user })).toEqual({
      owner: "publisher_one",
      admins: ["publisher_one", "viewer_one"],
      users: ["user_one"],
    })
    expect(
      (await api.json(`community/groups/${id}/addUsers`, { params: { users: "portal_admin" }, token: user })).error
        .code,
    ).toBe(403)
    expect(
      await api.json(`community/groups/${id}/removeUsers`, {
        params: { users: "user_one,publisher_one" },
        token: publisher,
      }),
    ).toEqual({ notRemoved: ["publisher_one"] })
    expect(await api.json(`community/groups/${id}/join`, { token: user })).toEqual({ success: true, groupId: id })
    const applications = await api.json(`community/groups/${id}/applications`, { method: "GET", token: publisher })
    expect(applications.applications.map((entry: { username: string }) => entry.username)).toEqual(["user_one"])
    expect(await api.json(`community/groups/${id}/applications/user_one/accept`, { token: publisher })).toEqual({
      success: true,
      username: "user_one",
      groupId: id,
    })
    expect(await api.json(`community/groups/${id}/leave`, { token: user })).toEqual({ success: true, groupId: id })
    expect((await api.json(`community/groups/${id}/leave`, { token: publisher })).error.code).toBe(400)
    await api.json(`community/groups/${id}/update`, { params: { isInvitationOnly: "true" }, token: publisher })
    expect((await api.json(`community/groups/${id}/join`, { token: user })).error.messageCode).toBe("COM_0064")
  })

  it("group content lists what is shared with it, filtered by what the caller may see; reassign for admins", async () => {
    const created = await api.json("community/createGroup", {
      params: { title: "Sharing place", access: "org" },
      token: publisher,
    })
    const id = created.group.id as string
    const item = await api.json("content/users/publisher_one/addItem", {
      params: { title: "For the group", type: "Web Map", text: "{}" },
      token: publisher,
    })
    await api.json(`content/users/publisher_one/items/${item.id}/share`, { params: { groups: id }, token: publisher })
    expect(
      (await api.json(`content/groups/${id}`, { method: "GET", token: publisher })).items.map(
        (entry: { id: string }) => entry.id,
      ),
    ).toEqual([item.id])
    expect((await api.json(`content/groups/${id}`, { method: "GET", token: user })).items).toEqual([])
    expect(
      (await api.json(`community/groups/${id}/reassign`, { params: { targetUsername: "user_one" }, token: publisher }))
        .error.code,
    ).toBe(403)
    expect(
      await api.json(`community/groups/${id}/reassign`, { params: { targetUsername: "user_one" }, token: admin }),
    ).toEqual({ success: true, groupId: id })
    expect((await api.json(`community/groups/${id}`, { token: user })).owner).toBe("user_one")
  })
})

describe("roles", () => {
  it("create, list, get, privileges, update, delete (refused while assigned); prebuilt roles are fixed", async () => {
    const created = await api.json("portals/self/createRole", {
      params: { name: "Analyst", description: "Reads and shares" },
      token: admin,
    })
    expect(created.success).toBe(true)
    expect(created.id).toMatch(/^[A-Za-z0-9]{16}$/)
    expect((await api.json("portals/self/createRole", { params: { name: "analyst" }, token: admin })).error.code).toBe(
      400,
    )
    expect((await api.json("portals/self/createRole", { params: { name: "Nope" }, token: publisher })).error.code).toBe(
      403,
    )
    const privileges = ["portal:user:createItem", "portal:user:joinGroup", "portal:user:shareToGroup"]
    expect(
      await api.json(`portals/self/roles/${created.id}/setPrivileges`, {
        params: { privileges: JSON.stringify({ privileges }) },
        token: admin,
      }),
    ).toEqual({ success: true })
    expect(
      (
        await api.json(`portals/self/roles/${created.id}/setPrivileges`, {
          params: { privileges: "[1,2]" },
          token: admin,
        })
      ).error.code,
    ).toBe(400)
    expect(await api.json(`portals/self/roles/${created.id}/privileges`, { method: "GET", token: admin })).toEqual({
      privileges,
    })
    expect(
      await api.json(`portals/self/roles/${created.id}/update`, { params: { description: "Updated" }, token: admin }),
    ).toEqual({ success: true })
    expect((await api.json(`portals/self/roles/${created.id}`, { method: "GET", token: admin })).description).toBe(
      "Updated",
    )
    const listed = await api.json("portals/self/roles", { method: "GET", params: { num: "100" }, token: admin })
    expect(listed.roles.map((role: { name: string }) => role.name)).toEqual(["Viewer", "Data Editor", "Analyst"])
    await createUser("analyst_user", { role: created.id })
    expect((await api.json("community/users/analyst_user", { token: admin })).roleId).toBe(created.id)
    expect((await api.json(`portals/self/roles/${created.id}/delete`, { token: admin })).error.code).toBe(400)
    await api.json("portals/self/updateUserRole", { params: { user: "analyst_user", role: "org_user" }, token: admin })
    expect(await api.json(`portals/self/roles/${created.id}/delete`, { token: admin })).toEqual({
      success: true,
      roleId: created.id,
    })
    expect((await api.json("portals/self/roles/iAAAAAAAAAAAAAAA/delete", { token: admin })).error.code).toBe(400)
  })
})
