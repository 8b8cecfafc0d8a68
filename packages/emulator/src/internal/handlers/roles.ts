/**
 * Custom roles (`portals/self/roles`, `portals/self/createRole`, `portals/self/roles/<id>[/...]`). Default
 * administrators create and change them (digest §8.1); built-in roles are not listed, pre-built ones not changed.
 */
import { canReadRole, has, isFullAdmin, requireFullAdmin, requireUser } from "../authorization.ts"
import { baseRoleOf, builtInRoleKeys, prebuiltRoleIds } from "../built-in-roles.ts"
import type { Context } from "../context.ts"
import { badRequest, forbidden } from "../errors.ts"
import { alnum } from "../ids.ts"
import { boolParam } from "../request.ts"
import { requirePost } from "../route.ts"
import { transaction } from "../storage/database.ts"
import {
  allRoles,
  deleteRoleRow,
  findRole,
  insertRole,
  type RoleRow,
  roleNameTaken,
  setRolePrivileges,
  updateRoleText,
} from "../storage/roles.ts"
import { countUsersWithRole, setBaseRoleOfHolders } from "../storage/users.ts"
import { pageOf } from "./paging.ts"

const renderRole = (role: RoleRow, privileges: boolean) => ({
  id: role.id,
  name: role.name,
  description: role.description,
  created: role.created,
  modified: role.modified,
  ...(privileges ? { privileges: JSON.parse(role.privileges) } : {}),
})

/** `GET portals/self/roles`: the custom roles (default administrators, and `portal:user:viewOrgUsers`). */
export const roles = (context: Context) => {
  requireUser(context)
  if (!isFullAdmin(context) && !has(context, "portal:user:viewOrgUsers")) throw forbidden()
  const rows = allRoles(context.db).filter((role) => !builtInRoleKeys.has(role.id))
  const { page, ...meta } = pageOf(context, rows)
  return {
    ...meta,
    roles: page.map((role) => renderRole(role, boolParam(context.params, "returnPrivileges") === true)),
  }
}

const validateRoleText = (name: string | undefined, description: string | undefined) => {
  if (name !== undefined && (name.trim() === "" || name.length > 128))
    throw badRequest("Invalid role name.", ["Role names have 1 to 128 characters."])
  if (description !== undefined && description.length > 250)
    throw badRequest("Invalid description.", ["Role descriptions have at most 250 characters."])
}

/** `POST portals/self/createRole`: a role without privileges (`setPrivileges` gives them). */
export const createRole = (context: Context) => {
  requireFullAdmin(context)
  const name = context.params.get("name")
  const description = context.params.get("description") ?? ""
  validateRoleText(name ?? "", description)
  const id = alnum(16)
  transaction(context.db, () => {
    if (roleNameTaken(context.db, name ?? ""))
      throw badRequest("Unable to create role.", [`A role named '${name}' already exists.`])
    insertRole(context.db, { id, name: (name ?? "").trim(), description }, Date.now(), Date.now())
  })
  return { success: true, id }
}

/** The custom role `portals/self/roles/<id>` names (a built-in one "does not exist"). */
const customRole = (context: Context, match: RegExpExecArray): RoleRow => {
  requireUser(context)
  const role = findRole(context.db, match[1] ?? "")
  if (role === undefined || builtInRoleKeys.has(role.id))
    throw badRequest("Role does not exist or is inaccessible.", [], "ORG_0035")
  return role
}

/** The role a change names: POST only, by a default administrator, never a pre-built role. */
const roleToChange = (context: Context, match: RegExpExecArray): RoleRow => {
  const role = customRole(context, match)
  requirePost(context)
  requireFullAdmin(context)
  if (prebuiltRoleIds.has(role.id))
    throw badRequest("Unable to change role.", ["Pre-built roles cannot be changed or deleted."])
  return role
}

/** `GET portals/self/roles/<id>`: default administrators read every role, others their own. */
export const role = (context: Context, match: RegExpExecArray) => {
  const role = customRole(context, match)
  if (!canReadRole(context, role.id)) throw forbidden()
  return renderRole(role, false)
}

/** `GET portals/self/roles/<id>/privileges`. */
export const rolePrivileges = (context: Context, match: RegExpExecArray) => {
  const role = customRole(context, match)
  if (!canReadRole(context, role.id)) throw forbidden()
  return { privileges: JSON.parse(role.privileges) }
}

/** `POST portals/self/roles/<id>/update`: its name and description. */
export const updateRole = (context: Context, match: RegExpExecArray) => {
  const role = roleToChange(context, match)
  const { db, params } = context
  const name = params.get("name")
  const description = params.get("description")
  validateRoleText(name, description)
  transaction(db, () => {
    if (name !== undefined && roleNameTaken(db, name, role.id))
      throw badRequest("Unable to update role.", [`A role named '${name}' already exists.`])
    updateRoleText(db, role.id, name?.trim() ?? null, description ?? null, Date.now())
  })
  return { success: true }
}

/** `POST portals/self/roles/<id>/setPrivileges`: replaces its privileges; its holders' base role follows. */
export const setPrivileges = (context: Context, match: RegExpExecArray) => {
  const role = roleToChange(context, match)
  const { db, params } = context
  let privileges: Array<string>
  try {
    const parsed = JSON.parse(params.get("privileges") ?? "") as { privileges?: unknown }
    if (
      !Array.isArray(parsed.privileges) ||
      parsed.privileges.some((entry) => typeof entry !== "string" || !/^[a-z]+:[a-z]+:[A-Za-z]+$/.test(entry))
    )
      throw new Error("bad")
    privileges = [...new Set(parsed.privileges as Array<string>)]
  } catch {
    throw badRequest("Invalid privileges.", ['\'privileges\' must be {"privileges": ["portal:user:createItem", ...]}.'])
  }
  transaction(db, () => {
    setRolePrivileges(db, role.id, privileges, Date.now())
    setBaseRoleOfHolders(db, role.id, baseRoleOf(privileges))
  })
  return { success: true }
}

/** `POST portals/self/roles/<id>/delete`: a role nobody holds. */
export const deleteRole = (context: Context, match: RegExpExecArray) => {
  const role = roleToChange(context, match)
  const assigned = countUsersWithRole(context.db, role.id)
  if (assigned > 0) throw badRequest("Unable to delete role.", [`${assigned} users still have this role.`])
  transaction(context.db, () => deleteRoleRow(context.db, role.id))
  return { success: true, roleId: role.id }
}
