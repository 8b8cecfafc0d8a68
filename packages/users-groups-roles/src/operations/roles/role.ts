/**
 * The operations on one custom role (Python `RoleManager.get_role`, `Role.name`/`description` setters,
 * `Role.privileges`, `Role.delete`): the role id checked before it reaches a URL path, then one
 * `portals/self/roles/<rid>[/…]` call.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/role
 * @see https://developers.arcgis.com/rest/users-groups-and-items/update-role
 * @see https://developers.arcgis.com/rest/users-groups-and-items/role-privileges.htm
 * @see https://developers.arcgis.com/rest/users-groups-and-items/set-role-privileges.htm
 * @see https://developers.arcgis.com/rest/users-groups-and-items/delete-role.htm
 */
import * as Effect from "effect/Effect"
import { deleteRole } from "../../endpoints/roles/deleteRole.ts"
import { role as roleEndpoint } from "../../endpoints/roles/role.ts"
import { rolePrivileges } from "../../endpoints/roles/rolePrivileges.ts"
import { setPrivileges as setPrivilegesEndpoint } from "../../endpoints/roles/setPrivileges.ts"
import { updateRole } from "../../endpoints/roles/updateRole.ts"
import { orUndefined, type ServiceContext } from "../../internal/context.ts"
import { checkRoleId } from "../../internal/references.ts"
import type { RolesShape } from "../../Roles.ts"

/** `Roles.getRole`: `portals/self/roles/<rid>`, `undefined` when the role does not exist or is not visible. */
export const getRole =
  (context: ServiceContext): RolesShape["getRole"] =>
  (roleId) =>
    Effect.flatMap(checkRoleId("Roles.getRole", roleId), (id) =>
      orUndefined(context.call(roleEndpoint, "Roles.getRole", { id })),
    )

/** `Roles.update`: `update` with the name and/or description given. */
export const update =
  (context: ServiceContext): RolesShape["update"] =>
  (role, options) =>
    Effect.flatMap(checkRoleId("Roles.update", role), (id) =>
      Effect.map(
        context.call(updateRole, "Roles.update", { id, name: options.name, description: options.description }),
        (result) => result.success,
      ),
    )

/** `Roles.privileges`: the role's privileges. */
export const privileges =
  (context: ServiceContext): RolesShape["privileges"] =>
  (role) =>
    Effect.flatMap(checkRoleId("Roles.privileges", role), (id) =>
      Effect.map(context.call(rolePrivileges, "Roles.privileges", { id }), (result) => result.privileges),
    )

/** `Roles.setPrivileges`: `setPrivileges`, replacing the role's privileges. */
export const setPrivileges =
  (context: ServiceContext): RolesShape["setPrivileges"] =>
  (role, privileges) =>
    Effect.flatMap(checkRoleId("Roles.setPrivileges", role), (id) =>
      Effect.map(
        context.call(setPrivilegesEndpoint, "Roles.setPrivileges", { id, privileges }),
        (result) => result.success,
      ),
    )

/** `Roles.delete`: `delete`. */
export const remove =
  (context: ServiceContext): RolesShape["delete"] =>
  (role) =>
    Effect.flatMap(checkRoleId("Roles.delete", role), (id) =>
      Effect.map(context.call(deleteRole, "Roles.delete", { id }), (result) => result.success),
    )
