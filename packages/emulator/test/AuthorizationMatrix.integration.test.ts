/**
 * The authorization matrix: every actor (four built-in roles, two custom roles, anonymous) against
 * every access level and operation family, with the expected allow/deny derived from the
 * privileges the rules name — generated from tables, asserted through real HTTP calls.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type EmulatorHandle, startEmulator } from "../src/index.ts"
import { client, type Json } from "./helpers.ts"

const customRoles = {
  moderator: ["portal:admin:viewItems", "portal:admin:updateItems", "portal:admin:viewUsers", "portal:user:joinGroup"],
  contributor: [
    "portal:user:createItem",
    "portal:user:joinGroup",
    "portal:user:shareToGroup",
    "portal:user:shareToOrg",
  ],
} as const

const actors = ["org_admin", "org_publisher", "org_user", "viewer", "moderator", "contributor", "anonymous"] as const
type Actor = (typeof actors)[number]
const accessLevels = ["private", "shared-elsewhere", "shared-with-me", "org", "public"] as const
type AccessLevel = (typeof accessLevels)[number]

let emulator: EmulatorHandle
let api: ReturnType<typeof client>
let adminToken = ""
let ownerToken = ""
const tokens = new Map<Actor, string | undefined>()
const privileges = new Map<Actor, ReadonlySet<string>>()
const usernames = new Map<Actor, string>()
let memberGroup = ""
let otherGroup = ""

const has = (actor: Actor, privilege: string) => privileges.get(actor)?.has(privilege) ?? false
const signedIn = (actor: Actor) => actor !== "anonymous"

/** Who may see an item of another user, by the documented rules. */
const canSee = (actor: Actor, access: AccessLevel) =>
  access === "public" ||
  (signedIn(actor) && (access === "org" || access === "shared-with-me" || has(actor, "portal:admin:viewItems")))

/** The item operations and their rule. */
const itemRules: Record<string, (actor: Actor, access: AccessLevel) => boolean> = {
  view: canSee,
  search: canSee,
  comment: (actor, access) => signedIn(actor) && canSee(actor, access),
  rate: (actor, access) => signedIn(actor) && canSee(actor, access),
  update: (actor) => has(actor, "portal:admin:viewItems") && has(actor, "portal:admin:updateItems"),
  delete: (actor) => has(actor, "portal:admin:viewItems") && has(actor, "portal:admin:deleteItems"),
  shareToOrg: (actor) =>
    has(actor, "portal:admin:viewItems") &&
    has(actor, "portal:admin:shareToGroup") &&
    (has(actor, "portal:admin:shareToOrg") || has(actor, "portal:user:shareToOrg")),
  download: canSee,
  addResource: (actor, access) => canSee(actor, access) && has(actor, "portal:admin:updateItems"),
  listResources: canSee,
}

/** Operations that do not target another user's item, and their rule. */
const otherRules: Record<string, (actor: Actor) => boolean> = {
  createOwnItem: (actor) => has(actor, "portal:user:createItem"),
  createGroup: (actor) => has(actor, "portal:user:createGroup"),
  listOrgUsers: (actor) => has(actor, "portal:admin:viewUsers") || has(actor, "portal:user:viewOrgUsers"),
  updateOtherUser: (actor) => has(actor, "portal:admin:updateUsers"),
  disableOtherUser: (actor) => has(actor, "portal:admin:disableUsers"),
  createRole: (actor) => has(actor, "portal:admin:manageRoles"),
  publishOwnCsv: (actor) => has(actor, "portal:publisher:publishFeatures"),
  updatePortal: (actor) => actor === "org_admin",
  readOwnSelf: (actor) => signedIn(actor),
  joinGroup: (actor) => has(actor, "portal:user:joinGroup"),
  listServers: (actor) => signedIn(actor),
  registerDatastore: (actor) => has(actor, "portal:admin:manageServers"),
  findDatastores: (actor) => has(actor, "portal:admin:manageServers"),
}

const denied = (response: Json) => response.error !== undefined && [403, 499, 400].includes(response.error.code)

beforeAll(async () => {
  emulator = await startEmulator()
  api = client(emulator)
  adminToken = await api.signIn(emulator.accounts.admin)
  const roleIds: Record<string, string> = {
    org_admin: "org_admin",
    org_publisher: "org_publisher",
    org_user: "org_user",
    viewer: "iAAAAAAAAAAAAAAA",
  }
  for (const [name, rolePrivileges] of Object.entries(customRoles)) {
    const created = await api.json("portals/self/createRole", { params: { name: `Matrix ${name}` }, token: adminToken })
    await api.json(`portals/self/roles/${created.id}/setPrivileges`, {
      params: { privileges: JSON.stringify({ privileges: rolePrivileges }) },
      token: adminToken,
    })
    roleIds[name] = created.id
  }
  const createUser = async (username: string, role: string) =>
    fetch(`${emulator.url}/portaladmin/security/users/createUser`, {
      method: "POST",
      body: new URLSearchParams({
        f: "json",
        token: adminToken,
        username,
        password: "matrix-password",
        firstname: "M",
        lastname: username,
        email: `${username}@example.invalid`,
        role,
      }),
    })
  await createUser("matrix_owner", "org_publisher")
  ownerToken = await api.signIn({ username: "matrix_owner", password: "matrix-password" })
  memberGroup = (
    await api.json("community/createGroup", { params: { title: "Matrix members", access: "org" }, token: ownerToken })
  ).group.id
  otherGroup = (
    await api.json("community/createGroup", {
      params: { title: "Matrix others", access: "private" },
      token: ownerToken,
    })
  ).group.id
  for (const actor of actors) {
    if (actor === "anonymous") {
      tokens.set(actor, undefined)
      privileges.set(actor, new Set())
      continue
    }
    const username = `matrix_${actor}`.slice(0, 24)
    usernames.set(actor, username)
    await createUser(username, roleIds[actor] ?? "org_user")
    const token = await api.signIn({ username, password: "matrix-password" })
    tokens.set(actor, token)
    privileges.set(actor, new Set((await api.json("community/self", { token })).privileges as Array<string>))
    await api.json(`community/groups/${memberGroup}/addUsers`, {
      params: { admins: "", users: username },
      token: ownerToken,
    })
  }
  await createUser("matrix_target", "org_user")
})
afterAll(async () => {
  await emulator.stop()
})

/** A fresh item of the owner at `access`. */
const itemAt = async (access: AccessLevel) => {
  const added = await api.json("content/users/matrix_owner/addItem", {
    params: { title: `Matrix ${access}`, type: "Web Map", text: "{}", tags: "matrix" },
    token: ownerToken,
  })
  const id = added.id as string
  const share = (params: Record<string, string>) =>
    api.json(`content/users/matrix_owner/items/${id}/share`, { params, token: ownerToken })
  if (access === "shared-elsewhere") await share({ groups: otherGroup })
  if (access === "shared-with-me") await share({ groups: memberGroup })
  if (access === "org") await share({ org: "true" })
  if (access === "public") await share({ everyone: "true" })
  return id
}

const tokenOf = (actor: Actor) => {
  const token = tokens.get(actor)
  return token === undefined ? {} : { token }
}

const runItemOperation = async (operation: string, actor: Actor, id: string): Promise<boolean> => {
  const auth = tokenOf(actor)
  const base = `content/users/matrix_owner/items/${id}`
  switch (operation) {
    case "view":
      return (await api.json(`content/items/${id}`, auth)).id === id
    case "search":
      return (
        ((await api.json("search", { method: "GET", params: { q: `id:${id}` }, ...auth })).results ?? []).length === 1
      )
    case "comment":
      return (await api.json(`content/items/${id}/addComment`, { params: { comment: "hi" }, ...auth })).success === true
    case "rate":
      return (await api.json(`content/items/${id}/addRating`, { params: { rating: "3" }, ...auth })).success === true
    case "update":
      return (await api.json(`${base}/update`, { params: { snippet: "changed" }, ...auth })).success === true
    case "delete":
      return (await api.json(`${base}/delete`, auth)).success === true
    case "shareToOrg":
      return (await api.json(`${base}/share`, { params: { org: "true" }, ...auth })).notSharedWith !== undefined
    case "addResource":
      return (
        (
          await api.json(`${base}/addResources`, {
            params: { fileName: `by-${actor}.json`, text: "{}" },
            files: {},
            ...auth,
          })
        ).success === true
      )
    case "listResources":
      return Array.isArray((await api.json(`content/items/${id}/resources`, { method: "GET", ...auth })).resources)
    case "download": {
      const response = await api.call(`content/items/${id}/data`, { method: "GET", ...auth })
      const text = await response.text()
      return text === "{}"
    }
    default:
      throw new Error(operation)
  }
}

const runOtherOperation = async (operation: string, actor: Actor): Promise<boolean> => {
  const auth = tokenOf(actor)
  const me = usernames.get(actor) ?? "nobody_anonymous"
  switch (operation) {
    case "createOwnItem":
      return (
        (
          await api.json(`content/users/${me}/addItem`, {
            params: { title: "Mine", type: "Web Map", text: "{}" },
            ...auth,
          })
        ).success === true
      )
    case "createGroup":
      return (
        (await api.json("community/createGroup", { params: { title: `Group of ${me}`, access: "private" }, ...auth }))
          .success === true
      )
    case "listOrgUsers":
      return Array.isArray((await api.json("portals/self/users", { method: "GET", ...auth })).users)
    case "updateOtherUser":
      return (
        (await api.json("community/users/matrix_target/update", { params: { description: `by ${me}` }, ...auth }))
          .success === true
      )
    case "disableOtherUser": {
      const response = await api.json("community/users/matrix_target/disable", auth)
      if (response.success === true) await api.json("community/users/matrix_target/enable", { token: adminToken })
      return response.success === true
    }
    case "createRole":
      return (
        (await api.json("portals/self/createRole", { params: { name: `Role by ${me}` }, ...auth })).success === true
      )
    case "publishOwnCsv": {
      if (actor === "anonymous")
        return (
          (
            await api.json("content/users/matrix_owner/publish", {
              params: { itemId: "0".repeat(32), filetype: "csv" },
            })
          ).services !== undefined
        )
      const csv = await api.json(`content/users/${me}/addItem`, {
        params: { title: "Data", type: "CSV", text: "a,lat,lon\n1,2,3\n" },
        token: adminToken,
      })
      const published = await api.json(`content/users/${me}/publish`, {
        params: { itemId: csv.id, filetype: "csv", publishParameters: JSON.stringify({ name: `svc_${me}` }) },
        ...auth,
      })
      return published.services !== undefined
    }
    case "updatePortal":
      return (await api.json("portals/self/update", { params: { snippet: `by ${me}` }, ...auth })).success === true
    case "readOwnSelf":
      return (await api.json("community/self", auth)).username === me
    case "listServers":
      return Array.isArray((await api.json("portals/self/servers", { method: "GET", ...auth })).servers)
    case "registerDatastore":
    case "findDatastores": {
      const server = emulator.url.replace(/\/portal$/, "/server")
      const token = tokens.get(actor)
      const serverToken =
        token === undefined
          ? undefined
          : (await api.json("generateToken", { params: { token, serverUrl: server } })).token
      const path = operation === "registerDatastore" ? "data/registerItem" : "data/findItems"
      const params: Record<string, string> =
        operation === "registerDatastore"
          ? {
              item: JSON.stringify({
                type: "folder",
                path: `/fileShares/by_${actor}`,
                info: { path: emulator.dataDir },
              }),
            }
          : { ancestorPath: "/" }
      const response = (await (
        await fetch(`${server}/admin/${path}`, {
          method: "POST",
          body: new URLSearchParams({ f: "json", ...params, ...(serverToken ? { token: serverToken } : {}) }),
        })
      ).json()) as Json
      return operation === "registerDatastore" ? response.status === "success" : Array.isArray(response.items)
    }
    case "joinGroup": {
      const group = (
        await api.json("community/createGroup", {
          params: { title: `Open ${me}`, access: "org", autoJoin: "true" },
          token: ownerToken,
        })
      ).group.id
      return (await api.json(`community/groups/${group}/join`, auth)).success === true
    }
    default:
      throw new Error(operation)
  }
}

const itemCases = actors.flatMap((actor) =>
  accessLevels.flatMap((access) => Object.keys(itemRules).map((operation) => ({ actor, access, operation }))),
)
const otherCases = actors.flatMap((actor) => Object.keys(otherRules).map((operation) => ({ actor, operation })))

describe("authorization matrix", () => {
  it("built-in roles have the documented privilege shape", () => {
    expect(has("org_admin", "portal:admin:deleteItems") && has("org_admin", "portal:admin:manageRoles")).toBe(true)
    expect(
      has("org_publisher", "portal:publisher:publishFeatures") && !has("org_publisher", "portal:admin:viewItems"),
    ).toBe(true)
    expect(has("org_user", "portal:user:createItem") && !has("org_user", "portal:publisher:publishFeatures")).toBe(true)
    expect(has("viewer", "portal:user:joinGroup") && !has("viewer", "portal:user:createItem")).toBe(true)
    expect([...(privileges.get("moderator") ?? [])].sort()).toEqual([...customRoles.moderator].sort())
  })

  it.each(itemCases)("$actor → $operation on a $access item", async ({ actor, access, operation }) => {
    const id = await itemAt(access)
    const expected = itemRules[operation]?.(actor, access) ?? false
    const allowed = await runItemOperation(operation, actor, id)
    expect(allowed, `${actor} ${operation} ${access}`).toBe(expected)
  })

  it.each(otherCases)("$actor → $operation", async ({ actor, operation }) => {
    const expected = otherRules[operation]?.(actor) ?? false
    const allowed = await runOtherOperation(operation, actor)
    expect(allowed, `${actor} ${operation}`).toBe(expected)
  })

  it("denials are portal-style envelopes, never a 500", async () => {
    const id = await itemAt("private")
    const response = await api.json(`content/users/matrix_owner/items/${id}/delete`, tokenOf("org_user"))
    expect(denied(response)).toBe(true)
    expect(emulator.requestLog().filter((entry) => entry.errorCode === 500)).toEqual([])
  })
})
