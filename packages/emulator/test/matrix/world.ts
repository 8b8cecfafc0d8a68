/**
 * The matrix's world: the accounts, the principals and every fixture a case addresses, made through the emulator's
 * own API by the seeded default administrator. Fixtures are made once per owner and shared by the cases that only
 * read them (or are refused); a case the rules allow to change or consume its fixture gets a fresh one.
 */
import { type Principal, privileges, rolePrivileges } from "./spec.ts"
import { type Answer, type Call, type Portal, send } from "./wire.ts"

export const password = "matrix-password"
const png = new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])], { type: "image/png" })

/** An item with what the item-level probes address: resources (one private), a thumbnail, a comment by its owner. */
export interface ItemBundle {
  readonly id: string
  readonly owner: string
  readonly comment: string
}

/** API keys the emulator starts with: owner and privileges (the effective ones are the intersection with the owner). */
export const keyPlans = [
  { name: "key:admin:none", owner: "portal_admin", privileges: [] },
  { name: "key:admin:viewOrgItems", owner: "portal_admin", privileges: ["portal:user:viewOrgItems"] },
  {
    name: "key:admin:content",
    owner: "portal_admin",
    privileges: ["portal:user:viewOrgItems", "portal:user:createItem", "portal:user:viewOrgGroups"],
  },
  {
    name: "key:admin:share",
    owner: "portal_admin",
    privileges: [
      "portal:user:viewOrgItems",
      "portal:user:viewOrgGroups",
      "portal:user:shareToGroup",
      "portal:user:shareToOrg",
      "portal:user:shareToPublic",
      "portal:user:createGroup",
      "portal:user:joinGroup",
    ],
  },
  {
    name: "key:admin:adminContent",
    owner: "portal_admin",
    privileges: [
      "portal:admin:viewItems",
      "portal:admin:updateItems",
      "portal:admin:deleteItems",
      "portal:admin:reassignItems",
      "portal:admin:shareToGroup",
      "portal:admin:viewGroups",
      "portal:admin:manageServers",
    ],
  },
  {
    name: "key:admin:accounts",
    owner: "portal_admin",
    privileges: [
      "portal:admin:viewUsers",
      "portal:admin:updateUsers",
      "portal:admin:deleteUsers",
      "portal:admin:disableUsers",
      "portal:admin:changeUserRoles",
      "portal:admin:inviteUsers",
      "portal:admin:reassignUsers",
      "portal:admin:manageRoles",
    ],
  },
  /** Every privilege its owner, a default administrator, holds: still not a default administrator. */
  { name: "key:admin:all", owner: "portal_admin", privileges: undefined },
  /** Admin privileges its owner (an org user) does not hold: they drop out. */
  {
    name: "key:user:escalate",
    owner: "user_one",
    privileges: [
      "portal:admin:viewItems",
      "portal:admin:deleteItems",
      "portal:admin:updateUsers",
      "portal:user:createItem",
      "portal:user:viewOrgItems",
    ],
  },
] as const

export const keySecret = (name: string) => `AAPK-matrix-${name.replace(/[^A-Za-z]/g, "-")}-0123456789`

export class World {
  readonly principals: Array<Principal> = []
  /** Every call made, for the route coverage check. */
  readonly sent: Array<Call> = []
  admin = ""
  readonly sessions = new Map<string, string>()
  readonly roleOf = new Map<string, string>()
  readonly emailOf = new Map<string, string>()
  sharedGroup = ""
  memberGroup = ""
  inviteGroup = ""
  publicItem = ""
  otherRole = ""
  otherOrg!: ItemBundle
  otherPublic!: ItemBundle
  private counter = 0
  private readonly memo = new Map<string, Promise<unknown>>()

  constructor(readonly emulator: Portal) {}

  unique(prefix: string) {
    this.counter += 1
    return `${prefix}${this.counter}`
  }

  /** A call made by the matrix (recorded for the coverage check). */
  async call(call: Call): Promise<Answer> {
    this.sent.push(call)
    return send(this.emulator, call)
  }

  /** A fixture call: it must succeed. */
  async ok(call: Call, what: string): Promise<Record<string, any>> {
    const answer = await this.call({ token: this.admin, ...call })
    const json = answer.json
    if (json === undefined || json.error !== undefined || json.status === "error" || answer.status >= 400)
      throw new Error(`fixture ${what} failed: ${answer.status} ${answer.text.slice(0, 300)}`)
    return json
  }

  private once<A>(key: string, make: () => Promise<A>): Promise<A> {
    let found = this.memo.get(key) as Promise<A> | undefined
    if (found === undefined) {
      found = make()
      this.memo.set(key, found)
    }
    return found
  }

  // ---------------------------------------------------------------- accounts

  async createUser(username: string, role: string) {
    await this.ok(
      {
        base: "portaladmin",
        path: "security/users/createUser",
        params: {
          username,
          password,
          firstname: "Matrix",
          lastname: username,
          email: `${username}@matrix.invalid`,
          role,
        },
      },
      `createUser ${username}`,
    )
    this.roleOf.set(username, role)
    this.emailOf.set(username, `${username}@matrix.invalid`)
  }

  async signIn(username: string, secret = password): Promise<string> {
    const known = this.sessions.get(username)
    if (known !== undefined) return known
    const json = await this.ok({ path: "generateToken", params: { username, password: secret }, token: "" }, "sign-in")
    this.sessions.set(username, json.token as string)
    return json.token as string
  }

  /** A fresh org user (for cases that change or delete an account). */
  async freshUser(role = "org_user"): Promise<string> {
    const username = this.unique("mx_fresh_")
    await this.createUser(username, role)
    return username
  }

  // ---------------------------------------------------------------- set-up

  async setUp() {
    const { emulator } = this
    this.admin = await this.signIn(emulator.accounts.admin.username, emulator.accounts.admin.password)
    for (const [name, account] of Object.entries(emulator.accounts)) {
      await this.signIn(account.username, account.password)
      this.roleOf.set(account.username, name === "viewer" ? "iAAAAAAAAAAAAAAA" : `org_${name}`)
      this.emailOf.set(account.username, `${account.username}@example.invalid`)
    }
    // Warm-up: the first `portals/self/servers` stores the server id (a write no refused case may be blamed for).
    await this.ok({ method: "GET", path: "portals/self/servers" }, "servers")
    for (const [username, role] of [
      ["mx_other", "org_user"],
      ["mx_admin", "org_admin"],
      ["mx_sink", "org_user"],
      ["mx_groups", "org_user"],
    ] as const) {
      await this.createUser(username, role)
      await this.signIn(username)
    }
    this.sharedGroup = await this.group("mx_groups", "org")
    this.memberGroup = await this.group("mx_groups", "org")
    this.inviteGroup = await this.group("mx_groups", "org")
    this.publicItem = (await this.bundle("portal_admin", "public")).id
    this.otherOrg = await this.bundle("mx_other", "org")
    this.otherPublic = await this.bundle("mx_other", "public")
    const role = await this.ok({ path: "portals/self/createRole", params: { name: "Matrix other role" } }, "role")
    await this.ok(
      {
        path: `portals/self/roles/${role.id}/setPrivileges`,
        params: { privileges: JSON.stringify({ privileges: ["portal:user:viewOrgItems"] }) },
      },
      "role privileges",
    )
    this.otherRole = role.id as string
    rolePrivileges.set(this.otherRole, ["portal:user:viewOrgItems"])
    await this.ok(
      {
        base: "serveradmin",
        path: "data/registerItem",
        params: {
          item: JSON.stringify({ type: "folder", path: "/fileShares/mx_fixture", info: { path: emulator.dataDir } }),
        },
      },
      "data item",
    )
    await this.ok(
      {
        base: "serveradmin",
        path: "data/registerItem",
        params: {
          item: JSON.stringify({
            type: "bigDataFileShare",
            path: "/bigDataFileShares/mx_big",
            info: { connectionString: JSON.stringify({ path: emulator.dataDir }) },
          }),
        },
      },
      "big data item",
    )
    await this.principalsSetUp()
  }

  private async principalsSetUp() {
    const { emulator } = this
    // Every privilege granted alone, through a custom role made with the emulator's own API.
    let index = 0
    for (const name of privileges) {
      index += 1
      const role = await this.ok({ path: "portals/self/createRole", params: { name: `Only ${name}` } }, "role")
      await this.ok(
        {
          path: `portals/self/roles/${role.id}/setPrivileges`,
          params: { privileges: JSON.stringify({ privileges: [name] }) },
        },
        `setPrivileges ${name}`,
      )
      rolePrivileges.set(role.id as string, [name])
      const username = `mx_p${String(index).padStart(2, "0")}`
      await this.createUser(username, role.id as string)
      this.principals.push({
        name,
        kind: "user",
        username,
        roleId: role.id as string,
        privileges: new Set([name]),
        fullAdmin: false,
        token: await this.signIn(username),
      })
    }
    // The built-in roles, each on a fresh account.
    for (const [name, roleId] of [
      ["org_admin", "org_admin"],
      ["org_publisher", "org_publisher"],
      ["org_user", "org_user"],
      ["Viewer", "iAAAAAAAAAAAAAAA"],
      ["Data Editor", "iBBBBBBBBBBBBBBB"],
    ] as const) {
      const username = `mx_${name.replace(/ /g, "_").toLowerCase()}`
      await this.createUser(username, roleId)
      this.principals.push({
        name: `role ${name}`,
        kind: "user",
        username,
        roleId,
        privileges: new Set(rolePrivileges.get(roleId) ?? []),
        fullAdmin: roleId === "org_admin",
        token: await this.signIn(username),
      })
    }
    // API keys with privilege subsets (the seeded one too): effective privileges = the key's ∩ its owner's role.
    const keys = [
      ...keyPlans.map((plan) => ({ ...plan, secret: keySecret(plan.name) })),
      {
        name: "key:seeded (publisher)",
        owner: "publisher_one",
        privileges: ["portal:user:viewOrgItems", "portal:user:createItem"],
        secret: emulator.apiKey,
      },
    ]
    for (const key of keys) {
      const ownerRole = this.roleOf.get(key.owner) ?? "org_user"
      const held = rolePrivileges.get(ownerRole) ?? []
      const granted: ReadonlyArray<string> = key.privileges ?? held
      this.principals.push({
        name: key.name,
        kind: "apiKey",
        username: key.owner,
        roleId: ownerRole,
        privileges: new Set(granted.filter((entry) => held.includes(entry))),
        fullAdmin: false,
        token: key.secret,
      })
    }
    const app = await this.call({
      path: "oauth2/token",
      params: {
        client_id: emulator.app.clientId,
        client_secret: emulator.app.clientSecret,
        grant_type: "client_credentials",
      },
    })
    this.principals.push({
      name: "app (client credentials)",
      kind: "app",
      username: undefined,
      roleId: undefined,
      privileges: new Set(),
      fullAdmin: false,
      token: app.json?.access_token as string,
    })
    this.principals.push({
      name: "anonymous",
      kind: "anonymous",
      username: undefined,
      roleId: undefined,
      privileges: new Set(),
      fullAdmin: false,
      token: undefined,
    })
  }

  /** The session of `username` (for fixtures its owner makes: comments, relationships). */
  session(username: string) {
    return this.signIn(username)
  }

  // ---------------------------------------------------------------- items

  /**
   * A Web Map of `owner` at `access`, shared with the org group the unshare cases take it out of, with two resources
   * (one private), a thumbnail, and a comment by its owner. `only`: a fresh item for one case, with only that part.
   */
  async bundle(
    owner: string,
    access: "private" | "org" | "public",
    only?: "plain" | "resources" | "comment" | "shared",
  ): Promise<ItemBundle> {
    const all = only === undefined
    const added = await this.ok(
      {
        path: `content/users/${owner}/addItem`,
        params: { title: this.unique("Matrix item "), type: "Web Map", text: "{}", tags: "matrix" },
        ...(all ? { files: { thumbnail: [png, "thumb.png"] as const } } : {}),
      },
      "addItem",
    )
    const id = added.id as string
    const base = `content/users/${owner}/items/${id}`
    if (all || only === "resources") {
      await this.ok({ path: `${base}/addResources`, params: { fileName: "r.json", text: "{}" } }, "resource")
      await this.ok(
        { path: `${base}/addResources`, params: { fileName: "secret.json", text: "{}", access: "private" } },
        "private resource",
      )
    }
    const flags = access === "org" ? { org: "true" } : access === "public" ? { everyone: "true" } : {}
    if (all || only === "shared" || access !== "private")
      await this.ok(
        {
          path: `${base}/share`,
          params: { ...(all || only === "shared" ? { groups: this.sharedGroup } : {}), ...flags },
        },
        "share",
      )
    const comment =
      all || only === "comment"
        ? await this.ok(
            {
              path: `content/items/${id}/addComment`,
              params: { comment: "by its owner" },
              token: await this.session(owner),
            },
            "comment",
          )
        : undefined
    return { id, owner, comment: (comment?.commentId as string | undefined) ?? "" }
  }

  item(owner: string): Promise<ItemBundle> {
    return this.once(`item:${owner}`, () => this.bundle(owner, "private"))
  }

  /** A folder of `owner` holding one item. */
  async newFolder(owner: string): Promise<{ id: string; item: string }> {
    const folder = await this.ok(
      { path: `content/users/${owner}/createFolder`, params: { title: this.unique("Matrix folder ") } },
      "folder",
    )
    const id = folder.folder.id as string
    const inside = await this.ok(
      { path: `content/users/${owner}/${id}/addItem`, params: { title: "In a folder", type: "Web Map", text: "{}" } },
      "folder item",
    )
    return { id, item: inside.id as string }
  }

  folder(owner: string) {
    return this.once(`folder:${owner}`, () => this.newFolder(owner))
  }

  /** A multipart upload in progress (status `partial`). */
  async newPartial(owner: string): Promise<string> {
    const added = await this.ok(
      {
        path: `content/users/${owner}/addItem`,
        params: { title: "Matrix upload", type: "CSV", multipart: "true", filename: "parts.csv" },
      },
      "partial",
    )
    return added.id as string
  }

  partial(owner: string) {
    return this.once(`partial:${owner}`, () => this.newPartial(owner))
  }

  async newCsv(owner: string): Promise<string> {
    const added = await this.ok(
      {
        path: `content/users/${owner}/addItem`,
        params: { title: "Matrix CSV", type: "CSV", text: "a,lat,lon\n1,2,3\n" },
      },
      "csv",
    )
    return added.id as string
  }

  csv(owner: string) {
    return this.once(`csv:${owner}`, () => this.newCsv(owner))
  }

  /** A hosted feature service of `owner` (settled at once, so reading it writes nothing later). */
  async newService(owner: string): Promise<{ id: string; name: string }> {
    const name = this.unique("mx_service_")
    const created = await this.ok(
      { path: `content/users/${owner}/createService`, params: { createParameters: JSON.stringify({ name }) } },
      "service",
    )
    const id = created.serviceItemId as string
    // Its status settles on its first read: read it now, so no refused case is the one that writes it.
    await this.ok({ method: "GET", path: `content/items/${id}` }, "settle service")
    return { id, name }
  }

  service(owner: string) {
    return this.once(`service:${owner}`, () => this.newService(owner))
  }

  /** A hosted map service of `owner` (tiles published from its CSV by the administrator). */
  mapService(owner: string): Promise<{ id: string; name: string }> {
    return this.once(`map:${owner}`, async () => {
      const name = this.unique("mx_tiles_")
      const published = await this.ok(
        {
          path: `content/users/${owner}/publish`,
          params: {
            itemId: await this.csv(owner),
            filetype: "csv",
            outputType: "Tiles",
            publishParameters: JSON.stringify({ name }),
          },
        },
        "map service",
      )
      const id = published.services[0].serviceItemId as string
      await this.ok({ method: "GET", path: `content/items/${id}` }, "settle map service")
      return { id, name }
    })
  }

  /** A relationship from `owner`'s item to the public item, made by `owner`. */
  async newRelationship(owner: string, item: string) {
    await this.ok(
      {
        path: `content/users/${owner}/addRelationship`,
        params: { originItemId: item, destinationItemId: this.publicItem, relationshipType: "Map2Service" },
        token: await this.session(owner),
      },
      "relationship",
    )
  }

  /** The relationship (Map2Service, to the public item) of an item, made by its owner. */
  relationshipFor(item: ItemBundle) {
    return this.once(`relationship:${item.id}`, () => this.newRelationship(item.owner, item.id))
  }

  // ---------------------------------------------------------------- groups and accounts

  /** A group of `owner` at `access` (with a thumbnail: `thumbnail`), made by the administrator and handed over. */
  async group(owner: string, access: "private" | "org", thumbnail = false): Promise<string> {
    const created = await this.ok(
      {
        path: "community/createGroup",
        params: { title: this.unique("Matrix group "), access },
        ...(thumbnail ? { files: { thumbnail: [png, "group.png"] as const } } : {}),
      },
      "group",
    )
    const id = created.group.id as string
    if (owner !== "portal_admin") {
      await this.ok({ path: `community/groups/${id}/reassign`, params: { targetUsername: owner } }, "group reassign")
      await this.ok({ path: `community/groups/${id}/removeUsers`, params: { users: "portal_admin" } }, "group leave")
    }
    return id
  }

  ownGroup(owner: string, access: "private" | "org") {
    return this.once(`group:${owner}:${access}`, () => this.group(owner, access, true))
  }

  /** An org group of `owner` with a pending application from the sink account. */
  async newApplicationGroup(owner: string): Promise<string> {
    const id = await this.group(owner, "org")
    await this.ok({ path: `community/groups/${id}/join`, token: await this.session("mx_sink") }, "application")
    return id
  }

  applicationGroup(owner: string) {
    return this.once(`application:${owner}`, () => this.newApplicationGroup(owner))
  }

  /** `owner` in the member group (when its role lets it join). */
  joinMemberGroup(owner: string) {
    return this.once(`member:${owner}`, () =>
      this.ok({ path: `community/groups/${this.memberGroup}/addUsers`, params: { users: owner } }, "member"),
    )
  }

  /** A group of another user with `owner` as a member (when its role lets it join). */
  async newMemberGroup(owner: string): Promise<string> {
    const id = await this.group("mx_groups", "org")
    await this.ok({ path: `community/groups/${id}/addUsers`, params: { users: owner } }, "member")
    return id
  }

  /** An invitation of `owner` into a group and the notification it brought: their ids. */
  async newInvitation(owner: string, group?: string): Promise<{ invitation: string; notification: string }> {
    const into = group ?? (await this.group("portal_admin", "org"))
    await this.ok({ path: `community/groups/${into}/invite`, params: { users: owner } }, "invite")
    const invitations = await this.ok(
      { method: "GET", path: `community/users/${owner}/invitations` },
      "read invitations",
    )
    const notifications = await this.ok(
      { method: "GET", path: `community/users/${owner}/notifications` },
      "read notifications",
    )
    const invitation = (invitations.userInvitations as Array<{ id: string; groupId: string }>).find(
      (entry) => entry.groupId === into,
    )
    const notification = (notifications.notifications as Array<{ id: string; data: { groupId?: string } }>).find(
      (entry) => entry.data.groupId === into,
    )
    if (invitation === undefined || notification === undefined) throw new Error(`no invitation for ${owner}`)
    return { invitation: invitation.id, notification: notification.id }
  }

  invitation(owner: string) {
    return this.once(`invitation:${owner}`, () => this.newInvitation(owner, this.inviteGroup))
  }

  /** `owner`'s profile thumbnail. */
  userThumbnail(owner: string) {
    return this.once(`thumbnail:${owner}`, () =>
      this.ok(
        { path: `community/users/${owner}/update`, params: {}, files: { thumbnail: [png, "face.png"] } },
        "user thumbnail",
      ),
    )
  }

  /** A custom role for cases that change or delete one. */
  async newRole(): Promise<string> {
    const role = await this.ok(
      { path: "portals/self/createRole", params: { name: this.unique("Matrix role ") } },
      "role",
    )
    rolePrivileges.set(role.id as string, [])
    return role.id as string
  }

  /** A registered folder data item for cases that change or remove one. */
  async newDataItem(): Promise<string> {
    const path = `/fileShares/${this.unique("mx_data_")}`
    await this.ok(
      {
        base: "serveradmin",
        path: "data/registerItem",
        params: { item: JSON.stringify({ type: "folder", path, info: { path: this.emulator.dataDir } }) },
      },
      "data item",
    )
    return path
  }
}
