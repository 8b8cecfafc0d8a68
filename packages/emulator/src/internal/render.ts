/** How stored rows are rendered as the portal's JSON objects: the user (§6.2), the group (§7.1) and the item (§4.1). */
import { builtInRoleKeys } from "./built-in-roles.ts"
import type { Database } from "./storage/database.ts"
import { countApplications, type GroupRow, groupsOfMember, memberTypeOf } from "./storage/groups.ts"
import type { ItemRow } from "./storage/items.ts"
import { orgIdOf } from "./storage/portal.ts"
import { privilegesOf } from "./storage/roles.ts"
import { isShared } from "./storage/shares.ts"
import { countComments, ratingSummary } from "./storage/social.ts"
import type { UserRow } from "./storage/users.ts"

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
  const groups = groupsOfMember(db, user.username)
  return {
    ...base,
    email: user.email,
    preferredView: user.preferred_view,
    role: user.role,
    // Built-in roles are keys without a role id; only custom (and pre-built custom) roles carry one (§6.2).
    ...(builtInRoleKeys.has(user.role_id) ? {} : { roleId: user.role_id }),
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

/** The group object (§7.1), with the membership of `username` (the caller; none when anonymous). */
export const renderGroup = (db: Database, group: GroupRow, username: string | undefined): Record<string, unknown> => {
  const membership = username === undefined ? "none" : (memberTypeOf(db, group.id, username) ?? "none")
  const applications = membership === "owner" || membership === "admin" ? countApplications(db, group.id) : 0
  return {
    ...(group.properties === null ? {} : (JSON.parse(group.properties) as Record<string, unknown>)),
    id: group.id,
    title: group.title,
    owner: group.owner,
    orgId: orgIdOf(db),
    description: group.description,
    snippet: group.snippet,
    tags: JSON.parse(group.tags),
    typeKeywords: [],
    phone: null,
    thumbnail: group.thumbnail,
    access: group.access,
    isInvitationOnly: group.is_invitation_only === 1,
    isViewOnly: group.is_view_only === 1,
    autoJoin: group.auto_join === 1,
    sortField: group.sort_field,
    sortOrder: group.sort_order,
    protected: group.protected === 1,
    isFav: false,
    isReadOnly: false,
    created: group.created,
    modified: group.modified,
    userMembership: { username: username ?? "", memberType: membership, applications },
  }
}

/** The item object (§4.1). */
export const renderItem = (db: Database, orgId: string, item: ItemRow): Record<string, unknown> => {
  const rating = ratingSummary(db, item.id)
  const comments = countComments(db, item.id)
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
    numComments: comments,
    numRatings: rating.n,
    avgRating: rating.avg ?? 0,
    numViews: item.num_views,
    ownerFolder: item.folder_id,
  }
}

/** The access the portal reports: the highest sharing level (`shared`: shared with groups only). */
export const accessOf = (db: Database, item: ItemRow): string => {
  if (item.access === "public" || item.access === "org") return item.access
  return isShared(db, item.id) ? "shared" : "private"
}
