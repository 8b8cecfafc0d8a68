/**
 * The authorization matrix's specification: the principals (every privilege of the digest granted alone through a
 * custom role, the built-in roles, API keys with privilege subsets, an app token, anonymous), the targets, and the
 * portal's rules written once more, independently of `src/internal/authorization.ts`, as the oracle the emulator's
 * answers are checked against.
 */
import { builtInRoles } from "../../src/internal/built-in-roles.ts"

/** Every privilege of the REST digest (§8.2, §8.3) and the emulator's built-in roles: each is granted alone. */
export const privileges = [
  // Administrative — members
  "portal:admin:viewUsers",
  "portal:admin:updateUsers",
  "portal:admin:deleteUsers",
  "portal:admin:inviteUsers",
  "portal:admin:disableUsers",
  "portal:admin:changeUserRoles",
  "portal:admin:manageLicenses",
  "portal:admin:reassignUsers",
  // Administrative — groups
  "portal:admin:viewGroups",
  "portal:admin:updateGroups",
  "portal:admin:deleteGroups",
  "portal:admin:reassignGroups",
  "portal:admin:assignToGroups",
  "portal:admin:manageEnterpriseGroups",
  // Administrative — content
  "portal:admin:viewItems",
  "portal:admin:updateItems",
  "portal:admin:deleteItems",
  "portal:admin:reassignItems",
  "portal:admin:shareToGroup",
  "portal:admin:shareToOrg",
  "portal:admin:shareToPublic",
  // Marketplace
  "marketplace:admin:purchase",
  "marketplace:admin:startTrial",
  "marketplace:admin:manage",
  // Publisher
  "portal:publisher:publishFeatures",
  "portal:publisher:publishTiles",
  "portal:publisher:publishScenes",
  "portal:publisher:bulkPublishFromDataStores",
  "portal:publisher:registerDataStores",
  // User — groups, content, sharing
  "portal:user:createGroup",
  "portal:user:joinGroup",
  "portal:user:joinNonOrgGroup",
  "portal:user:createItem",
  "portal:user:shareToGroup",
  "portal:user:shareToOrg",
  "portal:user:shareToPublic",
  "portal:user:shareGroupToOrg",
  "portal:user:shareGroupToPublic",
  "portal:user:viewOrgGroups",
  "portal:user:viewOrgItems",
  "portal:user:viewOrgUsers",
  "portal:user:reassignItems",
  // Premium, features, open data
  "premium:user:geocode",
  "premium:user:networkanalysis",
  "premium:user:geoenrichment",
  "premium:user:demographics",
  "premium:user:spatialanalysis",
  "premium:user:elevation",
  "features:user:edit",
  "features:user:fullEdit",
  "features:user:manageVersions",
  "opendata:user:openDataAdmin",
  "opendata:user:designateGroup",
  // Newer administrative strings
  "portal:admin:categorizeItems",
  "portal:admin:createGPWebhook",
  "portal:admin:createUpdateCapableGroup",
  "portal:admin:manageCollaborations",
  "portal:admin:manageCredits",
  "portal:admin:manageRoles",
  "portal:admin:manageSecurity",
  "portal:admin:manageServers",
  "portal:admin:manageUtilityServices",
  "portal:admin:manageWebhooks",
  "portal:admin:manageWebsite",
  "portal:admin:updateItemCategorySchema",
  "portal:admin:updateMemberCategorySchema",
] as const

export type Kind = "user" | "apiKey" | "app" | "anonymous"

/** Who sends the requests of a row of the matrix. */
export interface Principal {
  readonly name: string
  readonly kind: Kind
  /** The account acted as (an API key's owner). */
  readonly username: string | undefined
  readonly roleId: string | undefined
  /** The privileges the rules expect it to have: its role's, or for a key the key's that its owner's role holds. */
  readonly privileges: ReadonlySet<string>
  readonly fullAdmin: boolean
  /** What it sends as its credential. */
  readonly token: string | undefined
}

/**
 * Whose thing a case addresses: the principal's own, another user's (`other`, an org user; `otherOrg` and
 * `otherPublic` are that user's org and public items), the admin's (a second default administrator), a private
 * profile, a group the principal is a member of, or nothing in particular (`none`).
 */
export type Target = "own" | "other" | "otherOrg" | "otherPublic" | "admin" | "private" | "member" | "none"

/** The privileges each role grants (custom ones registered as the matrix creates them). */
export const rolePrivileges = new Map<string, ReadonlyArray<string>>(
  builtInRoles.map((role) => [role.id, role.privileges]),
)

// ---------------------------------------------------------------- the rules, as the digest and README state them

export const has = (p: Principal, name: string) => p.privileges.has(name)
export const signedIn = (p: Principal) => p.kind === "user" || p.kind === "apiKey"
export const session = (p: Principal) => p.kind === "user"

export type Action = "read" | "create" | "update" | "delete"

/** Ownership rights: all for a session; for a key read with viewOrgItems, create/update with createItem, never delete. */
export const ownerMay = (p: Principal, action: Action) =>
  session(p) ||
  (p.kind === "apiKey" &&
    (action === "read" ? has(p, "portal:user:viewOrgItems") : action !== "delete" && has(p, "portal:user:createItem")))

const adminFor: Record<Action, string> = {
  read: "portal:admin:viewItems",
  create: "portal:admin:updateItems",
  update: "portal:admin:updateItems",
  delete: "portal:admin:deleteItems",
}

export const adminContent = [
  "portal:admin:viewItems",
  "portal:admin:updateItems",
  "portal:admin:deleteItems",
  "portal:admin:reassignItems",
  "portal:admin:shareToGroup",
  "portal:admin:shareToOrg",
  "portal:admin:shareToPublic",
]

/** The access of the item a target names. */
export const itemAccess = (t: Target): "private" | "org" | "public" =>
  t === "otherOrg" ? "org" : t === "otherPublic" ? "public" : "private"

const ownsTarget = (t: Target) => t === "own"

/** Item visibility (none of the fixture items is shared with a group the principal belongs to). */
export const seesItem = (p: Principal, t: Target) => {
  const access = itemAccess(t)
  if (access === "public") return true
  if (!signedIn(p)) return false
  if (has(p, "portal:admin:viewItems")) return true
  if (p.kind === "apiKey" && !has(p, "portal:user:viewOrgItems")) return false
  if (ownsTarget(t)) return true
  return access === "org" && has(p, "portal:user:viewOrgItems")
}

/** Rights on an item the principal can see: its owner's, or the admin privilege. */
export const changesItem = (p: Principal, t: Target, action: Action) =>
  seesItem(p, t) && ((ownsTarget(t) && ownerMay(p, action)) || has(p, adminFor[action]))

/**
 * Editing a hosted layer's features: a session through its right to change the item; an API key also needs
 * `features:user:edit` (edits by objectId) or `features:user:fullEdit` (a delete by `where` needs fullEdit).
 */
export const keyEditsFeatures = (p: Principal, byWhere: boolean) =>
  p.kind !== "apiKey" || has(p, "features:user:fullEdit") || (!byWhere && has(p, "features:user:edit"))

/** The owner-path gate (`content/users/<u>/items/<id>/...`): another user's content needs an admin content privilege. */
export const entersOwnerPath = (p: Principal, t: Target) =>
  signedIn(p) && (ownsTarget(t) || adminContent.some((name) => has(p, name))) && seesItem(p, t)

/** A content space: one's own with the owner rights; another's with the admin privilege; creating there: default admins. */
export const usesSpace = (p: Principal, t: Target, action: Action) =>
  signedIn(p) &&
  (action === "create"
    ? ownsTarget(t)
      ? ownerMay(p, action)
      : p.fullAdmin
    : (ownsTarget(t) && ownerMay(p, action)) || has(p, adminFor[action]))

/** Setting org or public sharing (raising it). */
export const sharesAt = (p: Principal, t: Target, level: "org" | "public") => {
  const suffix = level === "org" ? "shareToOrg" : "shareToPublic"
  return has(p, `portal:admin:${suffix}`) || (ownsTarget(t) && has(p, `portal:user:${suffix}`))
}

/** May touch an item's sharing at all (owner or an admin share privilege). */
export const maySharing = (p: Principal, t: Target) =>
  ownsTarget(t) ||
  has(p, "portal:admin:shareToGroup") ||
  has(p, "portal:admin:shareToOrg") ||
  has(p, "portal:admin:shareToPublic")

/** The access of the group a target names: the principal's own and the admin's are private, the other user's org. */
export const groupAccess = (t: Target): "private" | "org" => (t === "other" || t === "member" ? "org" : "private")

/** Whether the principal's account is a member (owner, for `own`) of the target's group. */
export const memberOf = (p: Principal, t: Target) =>
  (t === "own" && p.username !== undefined) || (t === "member" && roleCanJoin(p))

/** Whether the account the principal acts as was able to join the `member` group (its role can join). */
export const roleCanJoin = (p: Principal) =>
  p.roleId !== undefined && (rolePrivileges.get(p.roleId) ?? []).includes("portal:user:joinGroup")

export const seesGroup = (p: Principal, t: Target, access: "private" | "org" | "public" = groupAccess(t)) => {
  if (access === "public") return true
  if (!signedIn(p)) return false
  if (has(p, "portal:admin:viewGroups")) return true
  const org = has(p, "portal:user:viewOrgGroups")
  if (p.kind === "apiKey" && !org) return false
  if (access === "org" && org) return true
  return memberOf(p, t)
}

/** Running a group: its owner (a session) or the admin privilege. */
export const managesGroup = (p: Principal, t: Target, name: string, access?: "private" | "org") =>
  seesGroup(p, t, access) && (has(p, name) || (session(p) && t === "own"))

// ---------------------------------------------------------------- accounts

/** The role of the account a target names. */
export const accountRole = (p: Principal, t: Target): string =>
  t === "own"
    ? (p.roleId ?? "org_user")
    : t === "admin"
      ? "org_admin"
      : t === "private"
        ? "iAAAAAAAAAAAAAAA"
        : "org_user"

/** Handing out a role: org_admin only by default admins; another only when holding every privilege it grants. */
export const grantsRole = (p: Principal, roleId: string) =>
  p.fullAdmin ||
  (signedIn(p) && roleId !== "org_admin" && (rolePrivileges.get(roleId) ?? []).every((name) => has(p, name)))

/** Changing another account with an admin privilege: only accounts whose role the principal could grant. */
export const managesAccount = (p: Principal, t: Target, name: string) =>
  p.fullAdmin || (signedIn(p) && has(p, name) && grantsRole(p, accountRole(p, t)))

/** The principal acting on its own account as itself (a session; a key never changes its owner's account). */
export const self = (p: Principal, t: Target) => session(p) && t === "own"

export const seesProfile = (p: Principal, t: Target) =>
  signedIn(p) &&
  (t === "own" || has(p, "portal:admin:viewUsers") || (t !== "private" && has(p, "portal:user:viewOrgUsers")))

export const seesFullProfile = (p: Principal, t: Target) =>
  signedIn(p) && (t === "own" || has(p, "portal:admin:viewUsers"))
