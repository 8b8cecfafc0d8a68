/**
 * The shapes of the roles API: custom roles, their privileges, and the results of role
 * operations. `Privilege` names the documented privilege strings and still accepts any other
 * (portals keep adding privileges).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/roles
 * @module
 */
import { CommonSchema } from "@arcgis-portal/core"
import * as Schema from "effect/Schema"
import { openString } from "./UserSchema.ts"

/**
 * The privilege strings documented for custom roles (Python `arcgis.gis.Role.privileges`), plus
 * newer ones seen on current portals.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/privileges-for-pre-defined-roles.htm
 * @see arcgis.gis.Role.privileges
 */
export const knownPrivileges = [
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
  // Administrative — newer
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
  // ArcGIS Marketplace (Online)
  "marketplace:admin:purchase",
  "marketplace:admin:startTrial",
  "marketplace:admin:manage",
  // Publisher
  "portal:publisher:publishFeatures",
  "portal:publisher:publishTiles",
  "portal:publisher:publishScenes",
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
  "portal:user:viewOrgUsers",
  "portal:user:reassignItems",
  // Premium content
  "premium:user:geocode",
  "premium:user:networkanalysis",
  "premium:user:geoenrichment",
  "premium:user:demographics",
  "premium:user:spatialanalysis",
  "premium:user:elevation",
  // Features
  "features:user:edit",
  "features:user:fullEdit",
  "features:user:manageVersions",
  // Open Data (Online)
  "opendata:user:openDataAdmin",
  "opendata:user:designateGroup",
] as const

/** A documented privilege string. */
export type KnownPrivilege = (typeof knownPrivileges)[number]

/**
 * A privilege: one of the documented strings, or any other the portal defines.
 *
 * @see arcgis.gis.Role.privileges
 */
export const Privilege = openString<KnownPrivilege>()
export type Privilege = typeof Privilege.Type

/**
 * A custom role. Built-in roles (`org_admin`, `org_publisher`, `org_user`) are keys, not role
 * objects; the Viewer (`iAAAAAAAAAAAAAAA`) and Data Editor (`iBBBBBBBBBBBBBBB`) roles are listed
 * like custom roles.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/role
 * @see arcgis.gis.Role
 */
export const Role = CommonSchema.open({
  id: CommonSchema.RoleId,
  name: Schema.String,
  description: CommonSchema.optionalNullable(Schema.String),
  created: Schema.optional(CommonSchema.EpochMillis),
  modified: Schema.optional(CommonSchema.EpochMillis),
  privileges: Schema.optional(Schema.Array(Privilege)),
})
export type Role = typeof Role.Type

/**
 * One page of `portals/self/roles`.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/roles
 */
export const RolesResponse = CommonSchema.open({
  total: Schema.optional(Schema.Number),
  start: Schema.optional(Schema.Number),
  num: Schema.optional(Schema.Number),
  nextStart: Schema.optional(Schema.Number),
  roles: Schema.Array(Role),
})
export type RolesResponse = typeof RolesResponse.Type

/**
 * The answer of `createRole`: the new role's id.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/create-role.htm
 */
export const CreateRoleResult = CommonSchema.open({ success: Schema.Boolean, id: CommonSchema.RoleId })
export type CreateRoleResult = typeof CreateRoleResult.Type

/**
 * The answer of `roles/<rid>/privileges`.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/role-privileges.htm
 */
export const PrivilegesResponse = CommonSchema.open({ privileges: Schema.Array(Privilege) })
export type PrivilegesResponse = typeof PrivilegesResponse.Type

/**
 * The answer of role operations (`update`, `setPrivileges`, `delete`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/delete-role.htm
 */
export const RoleOperationResult = CommonSchema.open({
  success: Schema.Boolean,
  roleId: Schema.optional(Schema.String),
})
export type RoleOperationResult = typeof RoleOperationResult.Type

/** The built-in role keys a user can be given besides custom role ids. */
export type BuiltInRole = "org_admin" | "org_publisher" | "org_user" | "org_viewer"

/** The Viewer role's id, which `org_viewer` stands for (as in the Python module). */
export const viewerRoleId = "iAAAAAAAAAAAAAAA"
