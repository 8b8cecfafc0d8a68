/** Built-in roles and how stored rows are rendered as the portal's JSON objects. */
import type { Database } from "./db.ts"

const userPrivileges = [
  "portal:user:createGroup",
  "portal:user:createItem",
  "portal:user:joinGroup",
  "portal:user:joinNonOrgGroup",
  "portal:user:shareGroupToOrg",
  "portal:user:shareGroupToPublic",
  "portal:user:shareToGroup",
  "portal:user:shareToOrg",
  "portal:user:shareToPublic",
  "portal:user:viewOrgGroups",
  "portal:user:viewOrgItems",
  "portal:user:viewOrgUsers",
  "features:user:edit",
]
const publisherPrivileges = [
  ...userPrivileges,
  "portal:publisher:publishFeatures",
  "portal:publisher:publishTiles",
  "portal:publisher:publishScenes",
  "portal:publisher:bulkPublishFromDataStores",
  "portal:publisher:registerDataStores",
]
const adminPrivileges = [
  ...publisherPrivileges,
  "portal:admin:assignToGroups",
  "portal:admin:changeUserRoles",
  "portal:admin:createUpdateCapableGroup",
  "portal:admin:deleteGroups",
  "portal:admin:deleteItems",
  "portal:admin:deleteUsers",
  "portal:admin:disableUsers",
  "portal:admin:inviteUsers",
  "portal:admin:manageEnterpriseGroups",
  "portal:admin:manageLicenses",
  "portal:admin:manageRoles",
  "portal:admin:manageSecurity",
  "portal:admin:manageServers",
  "portal:admin:manageUtilityServices",
  "portal:admin:manageWebhooks",
  "portal:admin:reassignGroups",
  "portal:admin:reassignItems",
  "portal:admin:reassignUsers",
  "portal:admin:shareToGroup",
  "portal:admin:shareToOrg",
  "portal:admin:shareToPublic",
  "portal:admin:updateGroups",
  "portal:admin:updateItems",
  "portal:admin:updateMemberCategorySchema",
  "portal:admin:updateUsers",
  "portal:admin:viewGroups",
  "portal:admin:viewItems",
  "portal:admin:viewUsers",
]
const viewerPrivileges = [
  "portal:user:joinGroup",
  "portal:user:viewOrgGroups",
  "portal:user:viewOrgItems",
  "portal:user:viewOrgUsers",
]

/** The built-in roles: key (as users.role), role id, name, privileges. */
export const builtInRoles = [
  { key: "org_admin", id: "org_admin", name: "Administrator", privileges: adminPrivileges },
  { key: "org_publisher", id: "org_publisher", name: "Publisher", privileges: publisherPrivileges },
  { key: "org_user", id: "org_user", name: "User", privileges: userPrivileges },
  { key: "org_user", id: "iAAAAAAAAAAAAAAA", name: "Viewer", privileges: viewerPrivileges },
  {
    key: "org_user",
    id: "iBBBBBBBBBBBBBBB",
    name: "Data Editor",
    privileges: [...viewerPrivileges, "features:user:edit"],
  },
] as const

export interface UserRow {
  username: string
  id: string
  password_hash: string
  first_name: string
  last_name: string
  full_name: string
  email: string
  description: string | null
  tags: string
  culture: string | null
  region: string | null
  thumbnail: string | null
  preferred_view: string | null
  role: string
  role_id: string
  level: string
  user_type: string
  provider: string
  idp_username: string | null
  access: "private" | "org" | "public"
  disabled: number
  created: number
  modified: number
  last_login: number
}

export const privilegesOf = (db: Database, roleId: string): Array<string> => {
  const row = db.prepare("SELECT privileges FROM roles WHERE id = ?").get(roleId) as { privileges: string } | undefined
  return row ? (JSON.parse(row.privileges) as Array<string>) : []
}

export const findUser = (db: Database, username: string): UserRow | undefined =>
  db.prepare("SELECT * FROM users WHERE username = ?").get(username) as UserRow | undefined

/**
 * The user object (§6.2). `full` for the user themself and administrators; others see the public
 * profile (no email, privileges or groups). `privileges`: the effective ones when the caller is this user
 * (an API key reports its own, narrower set); by default the role's.
 */
export const renderUser = (
  db: Database,
  orgId: string,
  user: UserRow,
  full: boolean,
  privileges?: Iterable<string>,
): Record<string, unknown> => {
  const base: Record<string, unknown> = {
    username: user.username,
    id: user.id,
    fullName: user.full_name,
    firstName: user.first_name,
    lastName: user.last_name,
    description: user.description,
    tags: JSON.parse(user.tags),
    culture: user.culture,
    region: user.region,
    thumbnail: user.thumbnail,
    orgId,
    access: user.access,
    created: user.created,
    modified: user.modified,
    provider: user.provider,
  }
  if (!full) return base
  const groups = db
    .prepare(
      "SELECT g.id, g.title, g.owner, g.access FROM groups g JOIN group_members m ON m.group_id = g.id WHERE m.username = ? ORDER BY g.title",
    )
    .all(user.username)
  return {
    ...base,
    email: user.email,
    preferredView: user.preferred_view,
    role: user.role,
    // Built-in roles are keys without a role id; only custom (and pre-built custom) roles carry one (§6.2).
    ...(["org_admin", "org_publisher", "org_user"].includes(user.role_id) ? {} : { roleId: user.role_id }),
    privileges: privileges === undefined ? privilegesOf(db, user.role_id) : [...privileges],
    level: user.level,
    userType: user.user_type,
    idpUsername: user.idp_username,
    disabled: user.disabled === 1,
    lastLogin: user.last_login,
    mfaEnabled: false,
    storageUsage: 0,
    storageQuota: 2199023255552,
    groups,
    units: "metric",
  }
}

export interface ItemRow {
  id: string
  owner: string
  folder_id: string | null
  title: string
  type: string
  type_keywords: string
  description: string | null
  snippet: string | null
  tags: string
  thumbnail: string | null
  url: string | null
  extent: string
  spatial_reference: string | null
  access_information: string | null
  license_info: string | null
  culture: string | null
  properties: string | null
  name: string | null
  size: number
  access: string
  protected: number
  comments_enabled: number
  status: string
  num_views: number
  created: number
  modified: number
  extra: string
}

/** The item object (§4.1). */
export const renderItem = (db: Database, orgId: string, item: ItemRow): Record<string, unknown> => {
  const rating = db.prepare("SELECT COUNT(*) AS n, AVG(rating) AS avg FROM ratings WHERE item_id = ?").get(item.id) as {
    n: number
    avg: number | null
  }
  const comments = db.prepare("SELECT COUNT(*) AS n FROM comments WHERE item_id = ?").get(item.id) as { n: number }
  return {
    // Extra fields the item was given, without the emulator's own bookkeeping (`_readyAt`…).
    ...Object.fromEntries(
      Object.entries(JSON.parse(item.extra) as Record<string, unknown>).filter(([key]) => !key.startsWith("_")),
    ),
    id: item.id,
    owner: item.owner,
    orgId,
    created: item.created,
    modified: item.modified,
    guid: null,
    name: item.name,
    title: item.title,
    type: item.type,
    typeKeywords: JSON.parse(item.type_keywords),
    description: item.description,
    tags: JSON.parse(item.tags),
    snippet: item.snippet,
    thumbnail: item.thumbnail,
    documentation: null,
    extent: JSON.parse(item.extent),
    categories: [],
    spatialReference: item.spatial_reference,
    accessInformation: item.access_information,
    licenseInfo: item.license_info,
    culture: item.culture,
    properties: item.properties === null ? null : JSON.parse(item.properties),
    url: item.url,
    access: accessOf(db, item),
    size: item.size,
    protected: item.protected === 1,
    commentsEnabled: item.comments_enabled === 1,
    numComments: comments.n,
    numRatings: rating.n,
    avgRating: rating.avg ?? 0,
    numViews: item.num_views,
    ownerFolder: item.folder_id,
  }
}

export const orgIdOf = (db: Database): string =>
  (db.prepare("SELECT org_id FROM portal WHERE id = 1").get() as { org_id: string }).org_id

export const findItem = (db: Database, id: string): ItemRow | undefined =>
  db.prepare("SELECT * FROM items WHERE id = ?").get(id) as ItemRow | undefined

export const isGroupMember = (db: Database, groupId: string, username: string): boolean =>
  db.prepare("SELECT 1 FROM group_members WHERE group_id = ? AND username = ?").get(groupId, username) !== undefined

/** The access the portal reports: the highest sharing level. */
export const accessOf = (db: Database, item: ItemRow): string => {
  if (item.access === "public" || item.access === "org") return item.access
  const shared = db.prepare("SELECT 1 FROM item_shares WHERE item_id = ? LIMIT 1").get(item.id) !== undefined
  return shared ? "shared" : "private"
}
