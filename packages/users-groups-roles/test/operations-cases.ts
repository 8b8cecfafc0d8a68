// What test/Operations.test.ts runs for `@arcgis-portal/users-groups-roles/operations`: the service method behind each
// function (the naming scheme of src/operations-entry/index.ts, as data), a portal that answers every route the
// operations use plausibly enough that each runs to its end, and one call (its arguments) per function.
import type { ScriptedFetch } from "@arcgis-portal/core/testing"
import * as Redacted from "effect/Redacted"
import type * as Groups from "../src/Groups.ts"
import type * as Operations from "../src/operations-entry/index.ts"
import type * as Roles from "../src/Roles.ts"
import type * as Users from "../src/Users.ts"
import notificationsFixture from "./fixtures/users/notifications-1.json" with { type: "json" }
import { fullGroup, fullUser, groupId, type Route } from "./helpers.ts"

/** The name of a function of the entry. */
export type FunctionName = keyof typeof Operations

/** For each service, its methods' functions: a method added to a service without a function fails to type-check. */
export const functionNames = {
  Users: {
    create: "createUser",
    get: "getUser",
    me: "me",
    search: "searchUsers",
    searchAll: "searchAllUsers",
    signup: "signup",
    delete: "deleteUser",
    disable: "disableUser",
    enable: "enableUser",
    downloadThumbnail: "downloadUserThumbnail",
    getThumbnail: "getUserThumbnail",
    getThumbnailLink: "getUserThumbnailLink",
    folders: "userFolders",
    items: "userItems",
    itemsStream: "userItemsStream",
    notifications: "userNotifications",
    reassignTo: "reassignUser",
    reset: "resetUser",
    update: "updateUser",
    updateRole: "updateUserRole",
  },
  Groups: {
    create: "createGroup",
    createFromDict: "createGroupFromDict",
    get: "getGroup",
    search: "searchGroups",
    searchAll: "searchAllGroups",
    addUsers: "addGroupUsers",
    applications: "groupApplications",
    acceptApplication: "acceptGroupApplication",
    declineApplication: "declineGroupApplication",
    content: "groupContent",
    contentStream: "groupContentStream",
    delete: "deleteGroup",
    downloadThumbnail: "downloadGroupThumbnail",
    getThumbnail: "getGroupThumbnail",
    getThumbnailLink: "getGroupThumbnailLink",
    getMembers: "getGroupMembers",
    inviteUsers: "inviteGroupUsers",
    join: "joinGroup",
    leave: "leaveGroup",
    reassignTo: "reassignGroup",
    removeUsers: "removeGroupUsers",
    update: "updateGroup",
  },
  Roles: {
    all: "allRoles",
    allStream: "allRolesStream",
    create: "createRole",
    exists: "roleExists",
    getRole: "getRole",
    update: "updateRole",
    privileges: "rolePrivileges",
    setPrivileges: "setRolePrivileges",
    delete: "deleteRole",
  },
} as const satisfies {
  readonly Users: Readonly<Record<keyof Users.UsersShape, FunctionName>>
  readonly Groups: Readonly<Record<keyof Groups.GroupsShape, FunctionName>>
  readonly Roles: Readonly<Record<keyof Roles.RolesShape, FunctionName>>
}

export type ServiceName = keyof typeof functionNames

/** The service and method behind a function, `undefined` for a function no method names. */
export const methodOf = (name: string): { readonly service: ServiceName; readonly method: string } | undefined => {
  for (const [service, methods] of Object.entries(functionNames) as Array<[ServiceName, Record<string, string>]>) {
    const found = Object.entries(methods).find(([, functionName]) => functionName === name)
    if (found !== undefined) return { service, method: found[0] }
  }
  return undefined
}

export const roleId = "edgebRxFLiLt15df"
export const folderId = "f".repeat(32)
const role = (id: string, name: string) => ({ id, name, description: `${name} role`, created: 1, modified: 2 })
const roles = [role("iAAAAAAAAAAAAAAA", "Viewer"), role(roleId, "Editors")]
const item = (n: number) => ({ id: `${n}`.padStart(32, "0"), owner: "user_one", title: `Item ${n}`, type: "CSV" })
const page = (key: string, entries: ReadonlyArray<unknown>) => ({
  json: { total: entries.length, start: 1, num: entries.length, nextStart: -1, [key]: entries },
})
const png = (bytes: ReadonlyArray<number>): ScriptedFetch.Reply => ({
  body: new Uint8Array(bytes),
  headers: { "content-type": "image/png" },
})

/** Answers every route of the users, groups and roles operations (any other POST succeeds). */
export const plausiblePortal: Route = (request, path) => {
  const group = `community/groups/${groupId}`
  const roleBase = `portals/self/roles/${roleId}`
  if (request.url.pathname.endsWith("/portaladmin/security/users/createUser")) return { json: { status: "success" } }
  const user = /^community\/users\/([^/]+)$/.exec(path)
  if (user !== null && request.method === "GET") return { json: fullUser(user[1]!, { thumbnail: "me.png" }) }
  const replies: Record<string, ScriptedFetch.Reply> = {
    "portals/self/users": page("users", [fullUser("a_user"), fullUser("b_user")]),
    "community/users": page("results", [fullUser("user_one")]),
    "community/users/user_one/notifications": { json: notificationsFixture },
    "community/users/user_one/info/me.png": png([9, 8, 7]),
    "content/users/user_one": {
      json: { folders: [{ id: folderId, title: "Field Data" }], items: [item(1)], total: 1, start: 1, nextStart: -1 },
    },
    [`content/users/user_one/${folderId}`]: page("items", [item(2), item(3)]),
    "portals/self/invite": { json: { success: true, notInvited: [] } },
    "community/groups": page("results", [fullGroup()]),
    "community/createGroup": { json: { success: true, group: fullGroup() } },
    search: page("results", [item(4)]),
    [group]: { json: fullGroup({ thumbnail: "logo.png" }) },
    [`${group}/users`]: { json: { owner: "jsmith", admins: ["jsmith"], users: ["user_one"] } },
    [`${group}/applications`]: { json: { applications: [{ username: "mjohnson", fullName: "M J", received: 1 }] } },
    [`${group}/addUsers`]: { json: { notAdded: ["user_two"] } },
    [`${group}/removeUsers`]: { json: { notRemoved: [] } },
    [`${group}/info/logo.png`]: png([4, 5]),
    "portals/self/roles": page("roles", roles),
    "portals/self/createRole": { json: { success: true, id: roleId } },
    [roleBase]: { json: roles[1] },
    [`${roleBase}/privileges`]: { json: { privileges: ["features:user:edit"] } },
  }
  return replies[path] ?? (request.method === "POST" ? { json: { success: true } } : undefined)
}

const secret = (value: string) => Redacted.make(value)
const thumbnail = () => new File([new Uint8Array([1, 2, 3])], "face.png", { type: "image/png" })

/** One call per function: the arguments its service method gets too. A function without one fails to type-check. */
export const cases: Readonly<Record<FunctionName, ReadonlyArray<unknown>>> = {
  createUser: [
    {
      username: "user_one",
      password: secret("correct-horse-battery-42"),
      firstname: "User",
      lastname: "One",
      email: "user_one@example.com",
      role: "org_viewer",
      thumbnail: thumbnail(),
    },
  ],
  getUser: ["user_one"],
  me: [],
  searchUsers: [{ query: "username:user_*", maxUsers: 5 }],
  searchAllUsers: [{ maxItems: 3 }],
  signup: [{ username: "new_user", password: secret("new-user-pass-42"), fullname: "New User", email: "n@x.com" }],
  deleteUser: ["user_one", { reassignTo: "user_two" }],
  disableUser: ["user_one"],
  enableUser: [{ username: "user_one" }],
  downloadUserThumbnail: [{ username: "user_one", thumbnail: "me.png" }],
  getUserThumbnail: ["user_one"],
  getUserThumbnailLink: ["user_one"],
  userFolders: ["user_one"],
  userItems: ["user_one", { folder: "field data", maxItems: 5 }],
  userItemsStream: ["user_one"],
  userNotifications: ["user_one"],
  reassignUser: ["user_one", "user_two"],
  resetUser: ["user_one", { password: secret("old-pass-42"), newPassword: secret("new-pass-42") }],
  updateUser: [
    "user_one",
    { description: "Field crew", tags: ["a", "b"], preferredView: null, thumbnail: thumbnail() },
  ],
  updateUserRole: ["user_one", "org_viewer"],
  createGroup: [{ title: "Field crews", tags: ["field"], access: "org", thumbnail: thumbnail() }],
  createGroupFromDict: [{ title: "Copied", tags: "copy", id: "0".repeat(32), owner: "someone", isViewOnly: true }],
  getGroup: [groupId],
  searchGroups: [{ query: "owner:esri", maxGroups: 5 }],
  searchAllGroups: [{ outsideOrg: true }],
  addGroupUsers: [groupId, ["user_one", { username: "user_two" }]],
  groupApplications: [groupId],
  acceptGroupApplication: [groupId, "mjohnson"],
  declineGroupApplication: [{ id: groupId }, { username: "mjohnson" }],
  groupContent: [groupId, { maxItems: 2 }],
  groupContentStream: [groupId],
  deleteGroup: [fullGroup()],
  downloadGroupThumbnail: [groupId],
  getGroupThumbnail: [groupId],
  getGroupThumbnailLink: [groupId],
  getGroupMembers: [groupId],
  inviteGroupUsers: [groupId, ["user_one"], { role: "group_admin", expiration: 60 }],
  joinGroup: [groupId],
  leaveGroup: [groupId],
  reassignGroup: [groupId, "user_two"],
  removeGroupUsers: [groupId, ["user_one"]],
  updateGroup: [groupId, { snippet: "Short", isInvitationOnly: true }],
  allRoles: [{ maxRoles: 5 }],
  allRolesStream: [],
  createRole: [{ name: "Crew", description: "Field crew", privileges: ["features:user:edit"] }],
  roleExists: ["editors"],
  getRole: [roleId],
  updateRole: [roleId, { name: "Editors 2" }],
  rolePrivileges: [{ id: roleId }],
  setRolePrivileges: [roleId, ["features:user:edit", "portal:user:joinGroup"]],
  deleteRole: [roleId],
}
