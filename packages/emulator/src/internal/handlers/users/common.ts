/** What the account handlers share: the account a path names, who may change it, and the role a request names. */
import { canManageAccount, canViewProfile, has, isSelf, requireUser } from "../../authorization.ts"
import { baseRoleOf, builtInRoleKeys, viewerRoleId } from "../../built-in-roles.ts"
import type { Context } from "../../context.ts"
import { badRequest, forbidden, userNotFound } from "../../errors.ts"
import type { Database } from "../../storage/database.ts"
import { rolePrivilegesRow } from "../../storage/roles.ts"
import { findUser, type UserRow } from "../../storage/users.ts"

/** The account `community/users/<username>/...` names, if the caller may see its profile (else "does not exist"). */
export const targetUser = (context: Context, username: string): UserRow => {
  const user = findUser(context.db, username)
  if (user === undefined || !canViewProfile(context, user)) throw userNotFound()
  return user
}

/**
 * Changing an account: the user themself (signed in as themself — an API key never changes its owner's account), or
 * an administrator holding `privilege` whose reach covers the account (authorization.ts `canManageAccount`).
 */
export const selfOrAdmin = (context: Context, user: UserRow, privilege: string): UserRow => {
  const caller = requireUser(context)
  if (!isSelf(context, user) && !canManageAccount(context, user, privilege)) throw forbidden()
  return caller
}

/** Reading an account's own lists (notifications, invitations, tags): the user themself or `portal:admin:viewUsers`. */
export const selfOrViewer = (context: Context, user: UserRow): UserRow => {
  const caller = requireUser(context)
  if (!isSelf(context, user) && !has(context, "portal:admin:viewUsers")) throw forbidden()
  return caller
}

/** `role` as a request gives it (a built-in key, `org_viewer`, or a role id) → the stored role and role id. */
export const resolveRole = (db: Database, role: string | undefined): { role: string; roleId: string } => {
  const wanted = role === undefined || role === "" ? "org_user" : role === "org_viewer" ? viewerRoleId : role
  const row = rolePrivilegesRow(db, wanted)
  if (row === undefined) throw badRequest("Invalid role.", [`Role '${wanted.slice(0, 64)}' does not exist.`])
  return {
    role: builtInRoleKeys.has(row.id) ? row.id : baseRoleOf(JSON.parse(row.privileges) as Array<string>),
    roleId: row.id,
  }
}
