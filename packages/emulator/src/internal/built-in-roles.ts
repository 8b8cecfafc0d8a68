/**
 * The portal's built-in roles (administrator, publisher, user) and its pre-built custom ones (viewer, data editor):
 * the privileges each grants. The seed creates them; the matrix test reads them as its oracle's roles.
 */
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

/** The built-in roles' keys: their ids, and the `role` of every account (custom roles report one of them). */
export const builtInRoleKeys: ReadonlySet<string> = new Set(["org_admin", "org_publisher", "org_user"])

/** The pre-built custom roles (Viewer, Data Editor): listed and read like custom roles, never changed or deleted. */
export const prebuiltRoleIds: ReadonlySet<string> = new Set(["iAAAAAAAAAAAAAAA", "iBBBBBBBBBBBBBBB"])

/** The Viewer role's id: its accounts are level 1 (`viewerUT`). */
export const viewerRoleId = "iAAAAAAAAAAAAAAA"

/** The base role a custom role reports (`org_admin`, `org_publisher` or `org_user`), from the privileges it grants. */
export const baseRoleOf = (privileges: ReadonlyArray<string>): string =>
  privileges.some((privilege) => privilege.startsWith("portal:admin:"))
    ? "org_admin"
    : privileges.some((privilege) => privilege.startsWith("portal:publisher:"))
      ? "org_publisher"
      : "org_user"
