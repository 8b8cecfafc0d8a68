/**
 * Esri's own client (`@esri/arcgis-rest-portal`) driving the emulator's users and groups endpoints
 * (rest-api.md §6–7): profiles, user search, notifications, invitations, groups and their members. Each call
 * must succeed as rest-js sends it, and the change must be visible when read back; failures must reach rest-js
 * with the codes the emulator answers to plain `fetch`.
 */
import { type EmulatorHandle, startEmulator } from "@arcgis-portal/emulator"
import {
  acceptInvitation,
  addGroupUsers,
  createGroup,
  createItem,
  declineInvitation,
  getGroup,
  getGroupContent,
  getGroupUsers,
  getUser,
  getUserContent,
  getUserInvitation,
  getUserInvitations,
  getUserMembership,
  getUserNotifications,
  getUserTags,
  inviteGroupUsers,
  isOrgAdmin,
  joinGroup,
  leaveGroup,
  protectGroup,
  removeGroup,
  removeGroupUsers,
  removeNotification,
  SearchQueryBuilder,
  searchCommunityUsers,
  searchGroupContent,
  searchGroups,
  searchGroupUsers,
  searchUsers,
  shareItemWithGroup,
  unprotectGroup,
  updateGroup,
  updateUser,
  updateUserMemberships,
} from "@esri/arcgis-rest-portal"
import { ArcGISAuthError, ArcGISIdentityManager, ArcGISRequestError, request } from "@esri/arcgis-rest-request"
import { afterAll, beforeAll, describe, expect, it } from "vitest"

let emulator: EmulatorHandle
let admin: ArcGISIdentityManager
let publisher: ArcGISIdentityManager
let user: ArcGISIdentityManager
let viewer: ArcGISIdentityManager

const signIn = (account: { username: string; password: string }) =>
  ArcGISIdentityManager.signIn({ username: account.username, password: account.password, portal: emulator.restUrl })

beforeAll(async () => {
  emulator = await startEmulator()
  ;[admin, publisher, user, viewer] = await Promise.all([
    signIn(emulator.accounts.admin),
    signIn(emulator.accounts.publisher),
    signIn(emulator.accounts.user),
    signIn(emulator.accounts.viewer),
  ])
})
afterAll(async () => {
  await emulator?.stop()
})

interface Envelope {
  error?: { code: number; messageCode?: string; message: string; details: Array<string> }
}

/** What the emulator itself answers for the same call, read with plain fetch. */
const raw = async (path: string, params: Record<string, string>): Promise<Envelope> => {
  const response = await fetch(`${emulator.restUrl}/${path}`, {
    method: "POST",
    body: new URLSearchParams({ f: "json", ...params }),
  })
  expect(response.status).toBe(200)
  return (await response.json()) as Envelope
}

/** Runs `call`, which must fail, and returns its error. */
const failure = async (call: () => Promise<unknown>): Promise<unknown> => {
  try {
    await call()
  } catch (error) {
    return error
  }
  throw new Error("expected the call to fail")
}

/** A short word no seeded user or group carries (usernames are at most 24 characters). */
const tag = `cf${Date.now().toString(36)}`

/** Creates org users through the Enterprise admin API, as the org admin. */
const createUsers = async (usernames: ReadonlyArray<string>, description: string): Promise<void> => {
  const token = await admin.getToken(emulator.restUrl)
  for (const username of usernames) {
    const response = await fetch(`${emulator.url}/portaladmin/security/users/createUser`, {
      method: "POST",
      body: new URLSearchParams({
        f: "json",
        token,
        username,
        password: "batch-pass-local",
        firstname: "Batch",
        lastname: username,
        email: `${username}@example.invalid`,
        description,
        role: "org_user",
        userLicenseTypeId: "creatorUT",
      }),
    })
    expect(await response.json()).toEqual({ status: "success" })
  }
}

/** A group owned by the publisher, titled uniquely. */
let groups = 0
const newGroup = async (extra: Record<string, unknown> = {}) => {
  groups += 1
  const { group } = await createGroup({
    group: { title: `Conformance ${tag} ${groups}`, access: "org", tags: [tag], ...extra },
    authentication: publisher,
  })
  return group.id
}

const membersOf = async (id: string) => getGroupUsers(id, { authentication: publisher })

const webMapText = JSON.stringify({ operationalLayers: [], baseMap: { title: "Topo", baseMapLayers: [] } })

describe("rest-js against the emulator: users", () => {
  it("updateUser changes the caller's own profile; getUser reads it back", async () => {
    const updated = await updateUser({
      user: { username: "user_one", description: `Updated by rest-js ${tag}`, tags: [tag, "field"], culture: "fr" },
      authentication: user,
    })
    expect(updated).toEqual({ success: true, username: "user_one" })
    const me = await getUser({ username: "user_one", authentication: user })
    expect(me).toMatchObject({ username: "user_one", description: `Updated by rest-js ${tag}`, culture: "fr" })
    expect(me.tags).toEqual([tag, "field"])
    // session.getUser() (community/self) sees the same profile.
    const fresh = await signIn(emulator.accounts.user)
    expect((await fresh.getUser()).description).toBe(`Updated by rest-js ${tag}`)
  })

  it("updateUser without a username updates the signed-in user; an org admin may update anyone", async () => {
    const own = await updateUser({ user: { fullName: "Publisher Renamed" } as never, authentication: publisher })
    expect(own).toEqual({ success: true, username: "publisher_one" })
    expect((await getUser({ username: "publisher_one", authentication: publisher })).fullName).toBe("Publisher Renamed")

    const byAdmin = await updateUser({
      user: { username: "publisher_one", description: `Set by the admin ${tag}` },
      authentication: admin,
    })
    expect(byAdmin).toEqual({ success: true, username: "publisher_one" })
    const read = await getUser({ username: "publisher_one", authentication: publisher })
    expect(read.description).toBe(`Set by the admin ${tag}`)
    expect(read.fullName).toBe("Publisher Renamed")
  })

  it("getUser honours profile access: the viewer's private profile is hidden from members, not from admins", async () => {
    const hidden = await failure(() => getUser({ username: "viewer_one", authentication: user }))
    expect(hidden).toBeInstanceOf(ArcGISRequestError)
    const token = await user.getToken(emulator.restUrl)
    const answered = await raw("community/users/viewer_one", { token })
    expect((hidden as ArcGISRequestError).code).toBe(answered.error?.messageCode ?? answered.error?.code)
    expect((hidden as ArcGISRequestError).originalMessage).toBe("User does not exist or is inaccessible.")
    const seen = await getUser({ username: "viewer_one", authentication: admin })
    expect(seen).toMatchObject({ username: "viewer_one", access: "private", roleId: "iAAAAAAAAAAAAAAA" })
    // The viewer reads their own profile through the session.
    expect((await viewer.getUser()).username).toBe("viewer_one")
  })

  it("isOrgAdmin (role org_admin without a roleId) and getUserMembership", async () => {
    expect(await isOrgAdmin({ authentication: admin })).toBe(true)
    expect(await isOrgAdmin({ authentication: publisher })).toBe(false)
    expect(await isOrgAdmin({ authentication: viewer })).toBe(false)

    const id = await newGroup()
    await addGroupUsers({ id, users: ["user_one"], authentication: publisher })
    const membership = (session: ArcGISIdentityManager) =>
      getUserMembership({ id: "", groupId: id, authentication: session })
    expect(await membership(publisher)).toBe("owner")
    expect(await membership(user)).toBe("member")
    expect(await membership(viewer)).toBe("none")
  })

  /** Five users whose descriptions carry `word`, sorted by username. */
  const searchable = { word: `${tag}found`, names: Array.from({ length: 5 }, (_, index) => `${tag}_s${index}`) }

  it("searchUsers (portals/self/users/search) pages through created users; private profiles stay hidden", async () => {
    const { names, word } = searchable
    await createUsers(names, `Searchable ${word}`)

    const first = await searchUsers({ q: word, num: 2, sortField: "username", sortOrder: "asc", authentication: admin })
    expect(first.total).toBe(5)
    expect(first.results.map((found) => found.username)).toEqual(names.slice(0, 2))
    expect(first.nextStart).toBe(3)
    const seen = [...first.results.map((found) => found.username)]
    let page = first
    while (page.nextPage) {
      page = await page.nextPage()
      seen.push(...page.results.map((found) => found.username))
    }
    expect(seen).toEqual(names)
    expect(page.nextStart).toBe(-1)

    // The viewer's profile is private: other members do not find it, admins do.
    const byMember = await searchUsers({ q: "username:viewer_one", authentication: user })
    expect(byMember.total).toBe(0)
    const byAdmin = await searchUsers({ q: "username:viewer_one", authentication: admin })
    expect(byAdmin.results.map((found) => found.username)).toEqual(["viewer_one"])
  })

  it("searchCommunityUsers (community/users) with a SearchQueryBuilder, sorted by username, descending", async () => {
    const { names, word } = searchable
    const community = await searchCommunityUsers({
      q: new SearchQueryBuilder().match(word).in("description"),
      num: 10,
      sortField: "username",
      sortOrder: "desc",
      authentication: user,
    })
    expect(community.total).toBe(5)
    expect(community.results.map((found) => found.username)).toEqual([...names].reverse())
  })

  it("getUserContent and getUserTags list what a user owns", async () => {
    const { id } = await createItem({
      item: { title: `User Map ${tag}`, type: "Web Map", tags: [tag, "user"] },
      text: webMapText,
      authentication: user,
    })
    const content = await getUserContent({ authentication: user })
    expect(content.username).toBe("user_one")
    expect(content.items.map((item) => item.id)).toContain(id)
    expect(content.total).toBe(content.items.length)
    // The org admin reads another user's content with `owner`.
    const byAdmin = await getUserContent({ owner: "user_one", authentication: admin })
    expect(byAdmin.items.map((item) => item.id)).toContain(id)

    const tags = await getUserTags({ authentication: user })
    expect(tags.tags).toContainEqual({ tag, count: 1 })
  })
})

describe("rest-js against the emulator: notifications and invitations", () => {
  it("inviteGroupUsers, getUserInvitations, getUserInvitation, acceptInvitation", async () => {
    const id = await newGroup({ isInvitationOnly: true })
    const invited = await inviteGroupUsers({
      id,
      users: ["user_one"],
      role: "group_member",
      expiration: 1440,
      authentication: publisher,
    })
    expect(invited).toEqual({ success: true })

    const { userInvitations } = await getUserInvitations({ authentication: user })
    const invitation = userInvitations.find((candidate) => candidate.groupId === id)
    expect(invitation).toMatchObject({
      targetType: "group",
      targetId: id,
      role: "group_member",
      username: "user_one",
      accepted: false,
      fromUsername: { username: "publisher_one" },
    })
    expect(invitation?.expiration).toBeGreaterThan(Date.now())
    const invitationId = invitation?.id ?? ""
    const single = await getUserInvitation({ invitationId, authentication: user })
    expect(single).toMatchObject({ id: invitationId, groupId: id })

    // The invitation also arrives as a notification.
    const { notifications } = await getUserNotifications({ authentication: user })
    const notice = notifications.find((candidate) => JSON.stringify(candidate.data).includes(id))
    expect(notice).toMatchObject({ target: "user_one", targetType: "user" })
    expect(notice?.id).toBeTypeOf("string")
    expect(notice?.received).toBeTypeOf("number")

    const accepted = await acceptInvitation({ invitationId, authentication: user })
    expect(accepted).toEqual({ success: true, username: "user_one", groupId: id, id: invitationId })
    expect((await membersOf(id)).users).toEqual(["user_one"])
    const after = await getUserInvitations({ authentication: user })
    expect(after.userInvitations.map((candidate) => candidate.id)).not.toContain(invitationId)
    expect((await getGroup(id, { authentication: user })).userMembership?.memberType).toBe("member")
  })

  it("declineInvitation leaves the user out of the group", async () => {
    const id = await newGroup()
    await inviteGroupUsers({
      id,
      users: ["viewer_one"],
      role: "group_admin",
      expiration: 60,
      authentication: publisher,
    })
    const { userInvitations } = await getUserInvitations({ authentication: viewer })
    const invitation = userInvitations.find((candidate) => candidate.groupId === id)
    expect(invitation?.role).toBe("group_admin")
    const declined = await declineInvitation({ invitationId: invitation?.id ?? "", authentication: viewer })
    expect(declined).toMatchObject({ success: true, username: "viewer_one", groupId: id })
    expect(await membersOf(id)).toEqual({ owner: "publisher_one", admins: ["publisher_one"], users: [] })
    const after = await getUserInvitations({ authentication: viewer })
    expect(after.userInvitations.filter((candidate) => candidate.groupId === id)).toEqual([])
  })

  it("getUserNotifications and removeNotification", async () => {
    const id = await newGroup()
    await addGroupUsers({ id, users: ["user_one"], authentication: publisher })
    const before = await getUserNotifications({ authentication: user })
    const notice = before.notifications.find((candidate) => JSON.stringify(candidate.data).includes(id))
    expect(notice).toBeDefined()
    const removed = await removeNotification({ id: notice?.id ?? "", authentication: user })
    expect(removed).toEqual({ success: true, notificationId: notice?.id })
    const after = await getUserNotifications({ authentication: user })
    expect(after.notifications.map((candidate) => candidate.id)).not.toContain(notice?.id)
    expect(after.notifications).toHaveLength(before.notifications.length - 1)
  })
})

describe("rest-js against the emulator: groups", () => {
  it("createGroup, getGroup, updateGroup (only the fields sent change), removeGroup", async () => {
    const title = `Conformance ${tag} lifecycle`
    const created = await createGroup({
      group: {
        title,
        access: "org",
        tags: [tag, "lifecycle"],
        description: "<p>made by rest-js</p>",
        snippet: "first snippet",
        sortField: "modified",
        sortOrder: "desc",
        isViewOnly: true,
      },
      authentication: publisher,
    })
    expect(created.success).toBe(true)
    const id = created.group.id
    expect(id).toMatch(/^[0-9a-f]{32}$/)
    expect(created.group).toMatchObject({ title, owner: "publisher_one", access: "org" })

    const group = await getGroup(id, { authentication: publisher })
    expect(group).toMatchObject({
      id,
      title,
      owner: "publisher_one",
      access: "org",
      description: "<p>made by rest-js</p>",
      snippet: "first snippet",
      sortField: "modified",
      sortOrder: "desc",
      isViewOnly: true,
      isInvitationOnly: false,
      protected: false,
      userMembership: { username: "publisher_one", memberType: "owner" },
    })
    expect(group.tags).toEqual([tag, "lifecycle"])
    expect(group.created).toBeTypeOf("number")
    // An org group is visible to other members, who are not in it.
    expect((await getGroup(id, { authentication: user })).userMembership?.memberType).toBe("none")

    const updated = await updateGroup({
      group: { id, snippet: "second snippet", tags: [tag, "updated"], access: "public" },
      authentication: publisher,
    })
    expect(updated).toEqual({ success: true, groupId: id })
    const after = await getGroup(id, { authentication: publisher })
    expect(after).toMatchObject({ title, snippet: "second snippet", access: "public", isViewOnly: true })
    expect(after.description).toBe("<p>made by rest-js</p>")
    expect(after.tags).toEqual([tag, "updated"])
    expect((await getGroup(id, { portal: emulator.restUrl })).id).toBe(id)

    const removed = await removeGroup({ id, authentication: publisher })
    expect(removed).toMatchObject({ success: true })
    const gone = await failure(() => getGroup(id, { authentication: publisher }))
    expect((gone as ArcGISRequestError).code).toBe("COM_0003")
  })

  it("protectGroup blocks removeGroup until unprotectGroup", async () => {
    const id = await newGroup()
    expect(await protectGroup({ id, authentication: publisher })).toEqual({ success: true })
    expect((await getGroup(id, { authentication: publisher })).protected).toBe(true)

    const token = await publisher.getToken(emulator.restUrl)
    const answered = await raw(`community/groups/${id}/delete`, { token })
    expect(answered.error?.code).toBe(400)
    const refused = await failure(() => removeGroup({ id, authentication: publisher }))
    expect(refused).toBeInstanceOf(ArcGISRequestError)
    expect((refused as ArcGISRequestError).code).toBe(answered.error?.messageCode ?? answered.error?.code)
    expect((refused as ArcGISRequestError).response).toEqual(answered)
    expect((await getGroup(id, { authentication: publisher })).id).toBe(id)

    expect(await unprotectGroup({ id, authentication: publisher })).toEqual({ success: true })
    expect((await getGroup(id, { authentication: publisher })).protected).toBe(false)
    expect(await removeGroup({ id, authentication: publisher })).toMatchObject({ success: true })
  })

  it("searchGroups with a SearchQueryBuilder, sorted, paged to the end with nextPage; visibility honoured", async () => {
    const searchTag = `${tag}search`
    const ids: Array<string> = []
    for (const [index, access] of (["org", "public", "private", "org", "public"] as const).entries()) {
      const { group } = await createGroup({
        group: { title: `Searched ${searchTag} ${index}`, access, tags: [searchTag] },
        authentication: publisher,
      })
      ids.push(group.id)
    }
    const query = new SearchQueryBuilder().match(searchTag).in("tags").and().match("publisher_one").in("owner")
    const first = await searchGroups({
      q: query,
      num: 2,
      sortField: "title",
      sortOrder: "asc",
      authentication: publisher,
    })
    expect(first.total).toBe(5)
    expect(first.num).toBe(2)
    expect(first.nextStart).toBe(3)
    const seen = first.results.map((group) => group.id)
    let page = first
    while (page.nextPage) {
      page = await page.nextPage()
      seen.push(...page.results.map((group) => group.id))
    }
    expect(seen).toEqual(ids)
    expect(page.nextStart).toBe(-1)

    // Others see org and public groups, anonymous callers only public ones.
    const byMember = await searchGroups({ q: `tags:${searchTag}`, num: 10, authentication: user })
    expect(byMember.results.map((group) => group.id).sort()).toEqual([ids[0], ids[1], ids[3], ids[4]].sort())
    const anonymous = await searchGroups({ q: `tags:${searchTag}`, num: 10, portal: emulator.restUrl })
    expect(anonymous.results.map((group) => group.id).sort()).toEqual([ids[1], ids[4]].sort())
  })

  it("addGroupUsers with more than 25 users (rest-js batches), getGroupUsers, searchGroupUsers, removeGroupUsers", async () => {
    const names = Array.from({ length: 30 }, (_, index) => `${tag}_m${String(index).padStart(2, "0")}`)
    await createUsers(names, `Group member ${tag}`)
    const id = await newGroup()

    // The emulator, like the portal, refuses more than 25 users in one call...
    const token = await publisher.getToken(emulator.restUrl)
    const tooMany = await raw(`community/groups/${id}/addUsers`, { token, users: names.join(",") })
    expect(tooMany.error).toMatchObject({ code: 400, messageCode: "ORG_3100" })
    // ...so rest-js sends 25 + 6 users and the admins in separate requests.
    const added = await addGroupUsers({
      id,
      users: [...names, "no_such_user"],
      admins: ["user_one"],
      authentication: publisher,
    })
    expect(added).toEqual({ notAdded: ["no_such_user"] })
    const members = await membersOf(id)
    expect(members.owner).toBe("publisher_one")
    expect([...members.admins].sort()).toEqual(["publisher_one", "user_one"])
    expect([...members.users].sort()).toEqual(names)

    const listed = await searchGroupUsers(id, { num: 10, start: 1, authentication: publisher })
    expect(listed.total).toBe(31)
    expect(listed.users).toHaveLength(10)
    expect(listed.nextStart).toBe(11)
    expect(listed.owner).toMatchObject({ username: "publisher_one" })

    // Promote one member, then remove 28 members (two batches), one non-member and the owner.
    const promoted = await updateUserMemberships({
      id,
      users: [names[0] ?? ""],
      newMemberType: "admin",
      authentication: publisher,
    })
    expect(promoted.results).toEqual([{ username: names[0], success: true }])
    expect((await membersOf(id)).admins).toContain(names[0])

    const removed = await removeGroupUsers({
      id,
      users: [...names.slice(0, 28), "viewer_one", "publisher_one"],
      authentication: publisher,
    })
    expect(removed.errors).toBeUndefined()
    expect([...(removed.notRemoved ?? [])].sort()).toEqual(["publisher_one", "viewer_one"])
    const left = await membersOf(id)
    expect([...left.users].sort()).toEqual(names.slice(28))
    expect([...left.admins].sort()).toEqual(["publisher_one", "user_one"])
  })

  it("joinGroup applies to an org group; the owner accepts; leaveGroup", async () => {
    const id = await newGroup()
    expect(await joinGroup({ id, authentication: user })).toEqual({ success: true, groupId: id })
    // Not a member yet: an application waits for the owner (no rest-js function reads or accepts it).
    expect((await getGroup(id, { authentication: user })).userMembership?.memberType).toBe("none")
    const applications = (await request(`${emulator.restUrl}/community/groups/${id}/applications`, {
      authentication: publisher,
    })) as { applications: Array<{ username: string }> }
    expect(applications.applications.map((application) => application.username)).toEqual(["user_one"])
    expect((await getGroup(id, { authentication: publisher })).userMembership?.applications).toBe(1)
    const accepted = await request(`${emulator.restUrl}/community/groups/${id}/applications/user_one/accept`, {
      authentication: publisher,
    })
    expect(accepted).toMatchObject({ success: true, username: "user_one", groupId: id })
    expect((await membersOf(id)).users).toEqual(["user_one"])

    expect(await leaveGroup({ id, authentication: user })).toEqual({ success: true, groupId: id })
    expect((await membersOf(id)).users).toEqual([])
    expect((await getGroup(id, { authentication: user })).userMembership?.memberType).toBe("none")
  })

  /** A group the user is a member of, with three items (Alpha, Beta, Gamma) shared to it. */
  const sharedGroup = async () => {
    const id = await newGroup()
    await addGroupUsers({ id, users: ["user_one"], authentication: publisher })
    const shared: Array<string> = []
    for (const title of ["Alpha", "Beta", "Gamma"]) {
      const item = await createItem({
        item: { title: `${title} ${tag}`, type: "Web Map", tags: [tag, title.toLowerCase()] },
        text: webMapText,
        authentication: publisher,
      })
      await shareItemWithGroup({ id: item.id, groupId: id, authentication: publisher })
      shared.push(item.id)
    }
    return { id, shared }
  }

  it("getGroupContent pages through the items shared to a group", async () => {
    const { id, shared } = await sharedGroup()
    const content = await getGroupContent(id, { paging: { start: 1, num: 2 }, authentication: user })
    expect(content).toMatchObject({ total: 3, start: 1, num: 2, nextStart: 3 })
    const rest = await getGroupContent(id, { paging: { start: 3, num: 2 }, authentication: user })
    expect(rest).toMatchObject({ total: 3, num: 1, nextStart: -1 })
    expect([...content.items, ...rest.items].map((item) => item.id).sort()).toEqual([...shared].sort())
  })

  it("searchGroupContent (content/groups/<id>/search) filters the group's items with `q`", async () => {
    const { id, shared } = await sharedGroup()
    const found = await searchGroupContent({ groupId: id, q: "tags:beta", authentication: user })
    expect(found.total).toBe(1)
    expect(found.results.map((item) => item.id)).toEqual([shared[1]])
  })
})

describe("rest-js against the emulator: user and group errors carry the emulator's codes", () => {
  it("getGroup of a missing id is an ArcGISRequestError with code COM_0003", async () => {
    const missing = "0123456789abcdef0123456789abcdef"
    const token = await publisher.getToken(emulator.restUrl)
    const answered = await raw(`community/groups/${missing}`, { token })
    expect(answered.error).toMatchObject({ code: 400, messageCode: "COM_0003" })
    const error = await failure(() => getGroup(missing, { authentication: publisher }))
    expect(error).toBeInstanceOf(ArcGISRequestError)
    expect(error).not.toBeInstanceOf(ArcGISAuthError)
    expect((error as ArcGISRequestError).code).toBe("COM_0003")
    expect((error as ArcGISRequestError).originalMessage).toBe("Group does not exist or is inaccessible.")
    expect((error as ArcGISRequestError).response).toEqual(answered)
  })

  it("updateUser of another user is refused with 403 / GWM_0003 and changes nothing", async () => {
    const before = await getUser({ username: "publisher_one", authentication: publisher })
    const token = await user.getToken(emulator.restUrl)
    const answered = await raw("community/users/publisher_one/update", { token, description: "hijacked" })
    expect(answered.error).toMatchObject({ code: 403, messageCode: "GWM_0003" })
    const error = await failure(() =>
      updateUser({ user: { username: "publisher_one", description: "hijacked" }, authentication: user }),
    )
    expect(error).toBeInstanceOf(ArcGISRequestError)
    expect(error).not.toBeInstanceOf(ArcGISAuthError)
    expect((error as ArcGISRequestError).code).toBe("GWM_0003")
    expect((error as ArcGISRequestError).response).toEqual(answered)
    expect((await getUser({ username: "publisher_one", authentication: publisher })).description).toBe(
      before.description,
    )
  })

  it("addGroupUsers by a non-member is refused with 403; rest-js reports it in `errors`", async () => {
    const id = await newGroup()
    const token = await user.getToken(emulator.restUrl)
    const answered = await raw(`community/groups/${id}/addUsers`, { token, users: "viewer_one" })
    expect(answered.error).toMatchObject({ code: 403, messageCode: "GWM_0003" })
    // addGroupUsers never rejects: each failed batch becomes an entry of `errors`.
    const result = await addGroupUsers({ id, users: ["viewer_one"], authentication: user })
    expect(result.notAdded).toEqual([])
    expect(result.errors).toHaveLength(1)
    const [error] = result.errors ?? []
    expect(error).toBeInstanceOf(ArcGISRequestError)
    expect(error?.code).toBe("GWM_0003")
    expect(error?.response).toEqual(answered)
    expect((await membersOf(id)).users).toEqual([])
  })

  it("updateGroup by a non-manager is refused with 403 / GWM_0003", async () => {
    const id = await newGroup({ snippet: "kept" })
    const token = await user.getToken(emulator.restUrl)
    const answered = await raw(`community/groups/${id}/update`, { token, snippet: "changed" })
    expect(answered.error).toMatchObject({ code: 403, messageCode: "GWM_0003" })
    const error = await failure(() => updateGroup({ group: { id, snippet: "changed" }, authentication: user }))
    expect((error as ArcGISRequestError).code).toBe("GWM_0003")
    expect((error as ArcGISRequestError).response).toEqual(answered)
    expect((await getGroup(id, { authentication: publisher })).snippet).toBe("kept")
  })

  it("joinGroup of an invitation-only group is refused with the emulator's code", async () => {
    const id = await newGroup({ isInvitationOnly: true })
    const token = await user.getToken(emulator.restUrl)
    const answered = await raw(`community/groups/${id}/join`, { token })
    expect(answered.error?.code).toBe(400)
    const error = await failure(() => joinGroup({ id, authentication: user }))
    expect(error).toBeInstanceOf(ArcGISRequestError)
    expect((error as ArcGISRequestError).code).toBe(answered.error?.messageCode ?? answered.error?.code)
    expect((error as ArcGISRequestError).response).toEqual(answered)
    expect((await membersOf(id)).users).toEqual([])
  })

  it("getUserContent of another user is refused with 403 / GWM_0003", async () => {
    const token = await user.getToken(emulator.restUrl)
    const answered = await raw("content/users/publisher_one", { token })
    expect(answered.error).toMatchObject({ code: 403, messageCode: "GWM_0003" })
    const error = await failure(() => getUserContent({ owner: "publisher_one", authentication: user }))
    expect((error as ArcGISRequestError).code).toBe("GWM_0003")
    expect((error as ArcGISRequestError).response).toEqual(answered)
  })
})
