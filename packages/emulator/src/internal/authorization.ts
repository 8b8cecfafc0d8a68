/**
 * The emulator's authorization model: the one module every handler asks, so each rule lives in one place. The
 * caller it judges — a user session, an API key, an app token or anonymous — is `authentication.ts`'s (`context.caller`).
 *
 * It owns:
 * - what each kind of operation needs: a privilege, ownership, group membership or the default administrator
 *   role — for items, content spaces (`content/users/<u>`), sharing, accounts, roles and groups;
 * - the portal's escalation rules: an admin privilege never reaches beyond the caller's own privileges (no account,
 *   role or invitation above them; an org administrator's account is for default administrators only), view
 *   privileges never write, and an API key is a privilege subset of its owner whose ownership rights go no further
 *   than its privileges.
 *
 * The rules, and every choice stricter than the REST digest, are listed in the package README ("Authorization").
 */
import type { Context } from "./context.ts"
import { forbidden, tokenRequired } from "./errors.ts"
import type { Database } from "./storage/database.ts"
import { groupIdsOf, memberTypeOf } from "./storage/groups.ts"
import type { ItemRow } from "./storage/items.ts"
import { privilegesOf } from "./storage/roles.ts"
import { sharesOf } from "./storage/shares.ts"
import type { UserRow } from "./storage/users.ts"

/** The privileges the rules below name most. */
const privilege = {
  viewOrgItems: "portal:user:viewOrgItems",
  viewOrgGroups: "portal:user:viewOrgGroups",
  viewOrgUsers: "portal:user:viewOrgUsers",
  createItem: "portal:user:createItem",
  viewItems: "portal:admin:viewItems",
  updateItems: "portal:admin:updateItems",
  deleteItems: "portal:admin:deleteItems",
  viewGroups: "portal:admin:viewGroups",
  viewUsers: "portal:admin:viewUsers",
} as const

// ---------------------------------------------------------------- the caller

/** Whether the caller holds `name` (for an API key: the key and its owner both do). */
export const has = (context: Context, name: string): boolean => context.caller.privileges.has(name)

/** A default administrator signed in as themself. */
export const isFullAdmin = (context: Context): boolean => context.caller.fullAdmin

export const isApiKey = (context: Context): boolean => context.caller.kind === "apiKey"

/** The account the caller acts as: `499 Token Required` when anonymous, 403 for an app token (no user). */
export const requireUser = (context: Context): UserRow => {
  const { caller } = context
  if (caller.user !== undefined) return caller.user
  throw caller.kind === "anonymous" ? tokenRequired() : forbidden()
}

/** The caller, who must hold `name`. */
export const requirePrivilege = (context: Context, name: string): UserRow => {
  const user = requireUser(context)
  if (!has(context, name)) throw forbidden()
  return user
}

/** The caller, who must be a default administrator signed in as themself. */
export const requireFullAdmin = (context: Context): UserRow => {
  const user = requireUser(context)
  if (!context.caller.fullAdmin) throw forbidden()
  return user
}

/** A user acting as themself (a session, not an API key): changes to one's own account need one. */
export const requireSession = (context: Context): UserRow => {
  const user = requireUser(context)
  if (context.caller.kind !== "user") throw forbidden()
  return user
}

/** Whether `user`'s role (not a caller's) holds `name`: for the targets of an operation (can they join a group?). */
export const roleHas = (db: Database, user: UserRow, name: string): boolean =>
  privilegesOf(db, user.role_id).includes(name)

// ---------------------------------------------------------------- items and content

/** What is done to content, for the owner rights and the admin privilege each needs. */
export type ContentAction = "read" | "create" | "update" | "delete"

/**
 * What owning content lets the caller do. A user session: everything. An API key: reading with
 * `portal:user:viewOrgItems`, adding and changing with `portal:user:createItem`, never deleting (that needs
 * `portal:admin:deleteItems`, as for another user's content).
 */
const ownerMay = (context: Context, action: ContentAction): boolean => {
  switch (context.caller.kind) {
    case "user":
      return true
    case "apiKey":
      return action === "read"
        ? has(context, privilege.viewOrgItems)
        : action !== "delete" && has(context, privilege.createItem)
    default:
      return false
  }
}

/** The admin privilege that lets a caller do `action` to another user's content. Creating has none (below). */
const adminPrivilegeFor: Record<ContentAction, string> = {
  read: privilege.viewItems,
  create: privilege.updateItems,
  update: privilege.updateItems,
  delete: privilege.deleteItems,
}

const memberships = (db: Database, username: string): ReadonlySet<string> => new Set(groupIdsOf(db, username))

/**
 * Item visibility for many items at once (search, listings): group memberships are read once. Public items are
 * everyone's; the rest need a signed-in caller: everything with `portal:admin:viewItems`, org items with
 * `portal:user:viewOrgItems`, their own items and their groups' items — for an API key only with
 * `portal:user:viewOrgItems` too.
 */
export const itemVisibility = (
  context: Context,
): ((item: Pick<ItemRow, "owner" | "access">, groups: ReadonlyArray<string>) => boolean) => {
  const user = context.caller.user
  if (user === undefined) return (item) => item.access === "public"
  if (has(context, privilege.viewItems)) return () => true
  const org = has(context, privilege.viewOrgItems)
  const personal = context.caller.kind === "user" || org
  let groups: ReadonlySet<string> | undefined
  return (item, shares) => {
    if (item.access === "public") return true
    if (!personal) return false
    if (item.owner === user.username || (item.access === "org" && org)) return true
    if (shares.length === 0) return false
    if (groups === undefined) groups = memberships(context.db, user.username)
    const member = groups
    return shares.some((group) => member.has(group))
  }
}

/** Whether the caller may see `item` (the rule of {@link itemVisibility}). */
export const canViewItem = (context: Context, item: Pick<ItemRow, "id" | "owner" | "access">): boolean => {
  if (item.access === "public") return true
  const visible = itemVisibility(context)
  return visible(item, sharesOf(context.db, item.id))
}

/**
 * Whether the caller may do `action` to an item it can see: its owner (with the owner rights above), or a holder
 * of the admin privilege (`read` → viewItems for owner-only views, `create` → updateItems for continuing an upload,
 * `update` → updateItems, `delete` → deleteItems).
 */
export const canChangeItem = (context: Context, item: Pick<ItemRow, "owner">, action: ContentAction): boolean => {
  const user = context.caller.user
  if (user === undefined) return false
  if (item.owner === user.username && ownerMay(context, action)) return true
  return has(context, adminPrivilegeFor[action])
}

/**
 * A user's content space (`content/users/<u>/...`): reading with `portal:admin:viewItems`, changing with updateItems,
 * deleting with deleteItems — or, in the caller's own, with the owner rights; creating content in another user's
 * space (items, folders, services) only for a default administrator.
 */
export const canUseContentSpace = (context: Context, owner: Pick<UserRow, "username">, action: ContentAction) => {
  const user = context.caller.user
  if (user === undefined) return false
  const own = user.username === owner.username
  if (action === "create") return own ? ownerMay(context, action) : context.caller.fullAdmin
  return (own && ownerMay(context, action)) || has(context, adminPrivilegeFor[action])
}

export const requireContentSpace = (context: Context, owner: Pick<UserRow, "username">, action: ContentAction) => {
  const user = requireUser(context)
  if (!canUseContentSpace(context, owner, action)) throw forbidden()
  return user
}

const adminContentPrivileges = [
  privilege.viewItems,
  privilege.updateItems,
  privilege.deleteItems,
  "portal:admin:reassignItems",
  "portal:admin:shareToGroup",
  "portal:admin:shareToOrg",
  "portal:admin:shareToPublic",
]
const adminSharePrivileges = ["portal:admin:shareToGroup", "portal:admin:shareToOrg", "portal:admin:shareToPublic"]

/**
 * The owner-only views of one item (`content/users/<u>/items/<id>/...`): a user's own, or anyone's for a caller
 * holding an admin content privilege. Others are refused (403) before anything is looked up.
 */
export const canEnterItemsOf = (context: Context, owner: Pick<UserRow, "username">): boolean =>
  context.caller.user !== undefined &&
  (context.caller.user.username === owner.username || adminContentPrivileges.some((name) => has(context, name)))

/** Whether the caller may touch an item's sharing at all (each change is then checked on its own): owner or admin. */
export const canTouchSharing = (context: Context, item: Pick<ItemRow, "owner">): boolean =>
  context.caller.user !== undefined &&
  (item.owner === context.caller.user.username || adminSharePrivileges.some((name) => has(context, name)))

export type ShareLevel = "org" | "public"

/**
 * Whether the caller may set an item's org or public sharing: its owner with `portal:user:shareToOrg`/
 * `shareToPublic`, anyone with `portal:admin:shareToOrg`/`shareToPublic`. Taking sharing back (`false`) is its
 * owner's right (a user session, or an API key with the user privilege), or the admin privilege's.
 */
export const canShareItemAt = (
  context: Context,
  item: Pick<ItemRow, "owner">,
  level: ShareLevel,
  raising: boolean,
): boolean => {
  const user = context.caller.user
  if (user === undefined) return false
  const suffix = level === "org" ? "shareToOrg" : "shareToPublic"
  if (has(context, `portal:admin:${suffix}`)) return true
  if (item.owner !== user.username) return false
  return has(context, `portal:user:${suffix}`) || (!raising && context.caller.kind === "user")
}

/** The caller's place in a group. */
export const memberType = (
  db: Database,
  groupId: string,
  username: string | undefined,
): "owner" | "admin" | "member" | "none" => {
  if (username === undefined) return "none"
  return memberTypeOf(db, groupId, username) ?? "none"
}

/** A group's owner or manager, signed in as themself (an API key gets no rights from its owner's group roles). */
const managesAsMember = (context: Context, groupId: string): boolean => {
  if (context.caller.kind !== "user") return false
  const type = memberType(context.db, groupId, context.caller.user?.username)
  return type === "owner" || type === "admin"
}

/**
 * Whether the caller may share `item` into `group`: with `portal:admin:shareToGroup`; as the item's owner with
 * `portal:user:shareToGroup` into a group they belong to (a view-only group only as its owner or manager); or,
 * through the group-admin view (`content/items/<id>/share`), as the group's owner or manager with
 * `portal:user:shareToGroup`, for an org or public item.
 */
export const canShareIntoGroup = (
  context: Context,
  item: Pick<ItemRow, "owner" | "access">,
  group: { readonly id: string; readonly is_view_only: number },
  groupAdminView: boolean,
): boolean => {
  const user = context.caller.user
  if (user === undefined) return false
  if (has(context, "portal:admin:shareToGroup")) return true
  if (!has(context, "portal:user:shareToGroup")) return false
  const manager = managesAsMember(context, group.id)
  if (item.owner === user.username) {
    const member = memberType(context.db, group.id, user.username) !== "none"
    return member && (group.is_view_only === 0 || manager)
  }
  return groupAdminView && manager && (item.access === "org" || item.access === "public")
}

/** Whether the caller may take `item` out of `group`: its owner, the group's owner or manager, or an admin. */
export const canUnshareFromGroup = (context: Context, item: Pick<ItemRow, "owner">, groupId: string): boolean => {
  const user = context.caller.user
  if (user === undefined) return false
  if (has(context, "portal:admin:shareToGroup")) return true
  if (item.owner === user.username && (context.caller.kind === "user" || has(context, "portal:user:shareToGroup")))
    return true
  return managesAsMember(context, groupId)
}

// ---------------------------------------------------------------- groups

/**
 * Group visibility: public groups are everyone's; org groups need `portal:user:viewOrgGroups`; a member sees their
 * groups (an API key only with viewOrgGroups); `portal:admin:viewGroups` sees all.
 */
export const canViewGroup = (context: Context, group: { readonly id: string; readonly access: string }): boolean => {
  if (group.access === "public") return true
  const user = context.caller.user
  if (user === undefined) return false
  if (has(context, privilege.viewGroups)) return true
  const org = has(context, privilege.viewOrgGroups)
  if (context.caller.kind !== "user" && !org) return false
  if (group.access === "org" && org) return true
  return memberType(context.db, group.id, user.username) !== "none"
}

/** Running a group: its owner and managers (signed in as themselves), or holders of the admin `name`. */
export const canManageGroup = (context: Context, groupId: string, name: string): boolean =>
  context.caller.user !== undefined && (has(context, name) || managesAsMember(context, groupId))

/** A group's member list: its members, or `portal:admin:viewGroups`. */
export const canListMembers = (context: Context, groupId: string): boolean =>
  context.caller.user !== undefined &&
  (has(context, privilege.viewGroups) || memberType(context.db, groupId, context.caller.user.username) !== "none")

/** What only a group's owner (signed in as themself) or a holder of the admin `name` may do. */
export const canOwnGroup = (context: Context, group: { readonly owner: string }, name?: string): boolean =>
  context.caller.user !== undefined &&
  ((name !== undefined && has(context, name)) ||
    (context.caller.kind === "user" && context.caller.user.username === group.owner))

// ---------------------------------------------------------------- users, accounts and roles

/**
 * Profile visibility: public profiles are everyone's; org profiles need `portal:user:viewOrgUsers`; one's own and,
 * with `portal:admin:viewUsers`, every profile.
 */
export const canViewProfile = (context: Context, target: Pick<UserRow, "username" | "access">): boolean => {
  if (target.access === "public") return true
  const user = context.caller.user
  if (user === undefined) return false
  if (user.username === target.username || has(context, privilege.viewUsers)) return true
  return target.access === "org" && has(context, privilege.viewOrgUsers)
}

/** The full profile (email, role, privileges, groups): the user themself and `portal:admin:viewUsers`. */
export const seesFullProfile = (context: Context, target: Pick<UserRow, "username">): boolean => {
  const user = context.caller.user
  return user !== undefined && (user.username === target.username || has(context, privilege.viewUsers))
}

/** A role's definition: default administrators read every role, others their own. */
export const canReadRole = (context: Context, roleId: string): boolean =>
  context.caller.fullAdmin || (context.caller.user !== undefined && context.caller.user.role_id === roleId)

/** Whether the caller holds every privilege role `roleId` grants. */
const holdsRole = (context: Context, roleId: string): boolean =>
  privilegesOf(context.db, roleId).every((entry) => has(context, entry))

/**
 * Whether the caller may hand out role `roleId` (create, invite, promote to it): the org administrator role only a
 * default administrator; any other only a caller who already holds every privilege it grants.
 */
export const canGrantRole = (context: Context, roleId: string): boolean =>
  context.caller.fullAdmin ||
  (context.caller.user !== undefined && roleId !== "org_admin" && holdsRole(context, roleId))

/**
 * Whether the caller may change another user's account with the admin privilege `name` (update, delete,
 * disable, reassign their content, change their role): a default administrator any account; anyone else with
 * `name` only accounts whose role they could grant — never an org administrator's, never a role above their own.
 */
export const canManageAccount = (context: Context, target: Pick<UserRow, "role_id">, name: string): boolean =>
  context.caller.fullAdmin ||
  (context.caller.user !== undefined && has(context, name) && canGrantRole(context, target.role_id))

/**
 * Deleting a comment: its author or whoever may change the item (its owner, `portal:admin:updateItems`) — signed in
 * as themselves: comments are no API key's business.
 */
export const canDeleteComment = (context: Context, item: Pick<ItemRow, "owner">, author: string): boolean =>
  context.caller.kind === "user" && (context.caller.user?.username === author || canChangeItem(context, item, "update"))

/** Whether `target` is the caller acting as themself (a session: an API key never changes its owner's account). */
export const isSelf = (context: Context, target: Pick<UserRow, "username">): boolean =>
  context.caller.kind === "user" && context.caller.user?.username === target.username
