/**
 * `Users.updateRole` (Python `User.update_role`): `portals/self/updateuserrole` with the role as the portal takes it.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/update-user-role.htm
 */
import * as Effect from "effect/Effect"
import { updateUserRole } from "../../endpoints/portals/updateUserRole.ts"
import type { ServiceContext } from "../../internal/context.ts"
import { checkUsername, idOf, type RoleReference } from "../../internal/references.ts"
import { type BuiltInRole, viewerRoleId } from "../../RoleSchema.ts"
import { succeeded } from "../../UserSchema.ts"
import type { UsersShape } from "../../Users.ts"

/** A role key as the portal takes it: `org_viewer` is the Viewer role's id, as in the Python module. */
export const roleKey = (role: BuiltInRole | RoleReference): string => {
  const key = idOf(role)
  return key === "org_viewer" ? viewerRoleId : key
}

/** `Users.updateRole`: `updateuserrole` with {@link roleKey} of the role. */
export const updateRole =
  (context: ServiceContext): UsersShape["updateRole"] =>
  (user, role) =>
    Effect.flatMap(checkUsername("Users.updateRole", user), (username) =>
      Effect.map(context.call(updateUserRole, "Users.updateRole", { user: username, role: roleKey(role) }), succeeded),
    )
