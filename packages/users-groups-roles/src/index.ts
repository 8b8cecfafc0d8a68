/**
 * `@arcgis-portal/users-groups-roles`: the portal's users, groups and custom roles as Effect
 * services — the TypeScript counterpart of Python's `UserManager`/`User`, `GroupManager`/`Group`
 * and `RoleManager`/`Role` — and `updatePortal`, the typed endpoint of the organization's properties
 * (`portals/self/update`, Python's `GIS.update_properties`).
 *
 * @packageDocumentation
 */

export { UpdatePortalResult, updatePortal } from "./endpoints/portals/updatePortal.ts"
export * as GroupSchema from "./GroupSchema.ts"
export * as Groups from "./Groups.ts"
export * as RoleSchema from "./RoleSchema.ts"
export * as Roles from "./Roles.ts"
export * as UserSchema from "./UserSchema.ts"
export * as Users from "./Users.ts"
