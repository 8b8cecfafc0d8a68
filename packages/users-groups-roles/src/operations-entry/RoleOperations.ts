/**
 * The role operations (`Roles`) as module-level functions: each requires the services `Portal.layer({ url, auth })`
 * provides and captures them at the call, so a program bundles only the operations it imports. The same operations as
 * the `Roles` service's methods, with the same checks and errors; named with "role" joined to the method's name
 * (`create` → `createRole`, `privileges` → `rolePrivileges`, `all` → `allRoles`; see the entry's page for the
 * whole scheme).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/roles
 * @see arcgis.gis.RoleManager
 * @see arcgis.gis.Role
 * @module
 */
import { lift, liftStream, type Standalone } from "../internal/standalone.ts"
import { all, allStream, create, exists } from "../operations/roles/list.ts"
import { getRole as getRoleOperation, privileges, remove, setPrivileges, update } from "../operations/roles/role.ts"
import type { RolesShape } from "../Roles.ts"

/**
 * The org's custom roles, at most `maxRoles` (default 1000) (`Roles.all`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/roles
 * @see arcgis.gis.RoleManager.all
 */
export const allRoles: Standalone<RolesShape["all"]> = /* @__PURE__ */ lift(all)

/**
 * The org's custom roles, as a stream fetched page by page (`Roles.allStream`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/roles
 * @see arcgis.gis.RoleManager.all
 */
export const allRolesStream: Standalone<RolesShape["allStream"]> = /* @__PURE__ */ liftStream(allStream)

/**
 * Creates a custom role (`createRole`, then `setPrivileges` when privileges are given) and returns it; the existing
 * role when one has that name already, like the Python module (`Roles.create`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/create-role.htm
 * @see arcgis.gis.RoleManager.create
 * @example
 * import { createRole } from "@arcgis-portal/users-groups-roles/operations"
 * const role = createRole({ name: "Editors", description: "Edit features", privileges: ["features:user:edit"] })
 */
export const createRole: Standalone<RolesShape["create"]> = /* @__PURE__ */ lift(create)

/**
 * Whether a role with this name exists, compared case-insensitively over all roles (`Roles.exists`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/roles
 * @see arcgis.gis.RoleManager.exists
 */
export const roleExists: Standalone<RolesShape["exists"]> = /* @__PURE__ */ lift(exists)

/**
 * A role by id; `undefined` when it does not exist or the caller may not see it (`Roles.getRole`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/role
 * @see arcgis.gis.RoleManager.get_role
 */
export const getRole: Standalone<RolesShape["getRole"]> = /* @__PURE__ */ lift(getRoleOperation)

/**
 * Renames or re-describes a role (`Roles.update`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/update-role
 * @see arcgis.gis.Role.name
 * @see arcgis.gis.Role.description
 */
export const updateRole: Standalone<RolesShape["update"]> = /* @__PURE__ */ lift(update)

/**
 * A role's privileges (`Roles.privileges`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/role-privileges.htm
 * @see arcgis.gis.Role.privileges
 */
export const rolePrivileges: Standalone<RolesShape["privileges"]> = /* @__PURE__ */ lift(privileges)

/**
 * Replaces a role's privileges (`Roles.setPrivileges`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/set-role-privileges.htm
 * @see arcgis.gis.Role.privileges
 */
export const setRolePrivileges: Standalone<RolesShape["setPrivileges"]> = /* @__PURE__ */ lift(setPrivileges)

/**
 * Deletes a role (`Roles.delete`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/delete-role.htm
 * @see arcgis.gis.Role.delete
 */
export const deleteRole: Standalone<RolesShape["delete"]> = /* @__PURE__ */ lift(remove)
