/**
 * Changing an account (`community/users/<username>/...`): update, delete, disable and enable, reset the password,
 * reassign its content, and change its role (`portals/self/updateUserRole`).
 */
import { join } from "node:path"
import {
  canGrantRole,
  canManageAccount,
  isFullAdmin,
  isSelf,
  requirePrivilege,
  requireUser,
} from "../../authorization.ts"
import { viewerRoleId } from "../../built-in-roles.ts"
import type { Context } from "../../context.ts"
import { badRequest, forbidden, userNotFound } from "../../errors.ts"
import { hashPassword, verifyPassword } from "../../ids.ts"
import { boolParam, commaList } from "../../request.ts"
import { type Database, transaction } from "../../storage/database.ts"
import { folderTitlesOf, folderTitleTaken, moveFolderTo } from "../../storage/folders.ts"
import { groupsOwnedBy, ownsGroups, removeFromAllGroups, setGroupOwner } from "../../storage/groups.ts"
import { ownsItems, reassignItemsOf } from "../../storage/items.ts"
import { deleteApiKeysOf, deleteTokensOf } from "../../storage/tokens.ts"
import {
  deleteUserRow,
  findUser,
  setUserDisabled,
  setUserPassword,
  setUserRole,
  type UserRow,
  updateUserColumns,
} from "../../storage/users.ts"
import { replaceThumbnail } from "../thumbnails.ts"
import { resolveRole, selfOrAdmin, targetUser } from "./common.ts"

/** `POST community/users/<username>/update`: profile fields, tags, access, email, password, thumbnail. */
export const updateUser = (context: Context, match: RegExpExecArray) => {
  const user = targetUser(context, match[1] ?? "")
  const { db, params } = context
  selfOrAdmin(context, user, "portal:admin:updateUsers")
  const columns: Record<string, string | null> = {}
  const clear = boolParam(params, "clearEmptyFields") === true
  const set = (param: string, column: string, max: number) => {
    const value = params.get(param)
    if (value === undefined) return
    if (value.length > max) throw badRequest("Invalid request", [`'${param}' is too long.`])
    columns[column] = value === "" && clear ? null : value
  }
  set("description", "description", 32_768)
  set("fullname", "full_name", 256)
  set("firstname", "first_name", 128)
  set("lastname", "last_name", 128)
  set("culture", "culture", 32)
  set("region", "region", 32)
  set("preferredView", "preferred_view", 16)
  const access = params.get("access")
  if (access !== undefined) {
    if (!["private", "org", "public"].includes(access))
      throw badRequest("Invalid access.", ["access must be private, org or public."])
    columns.access = access
  }
  const email = params.get("email")
  if (email !== undefined) {
    if (!email.includes("@")) throw badRequest("Invalid email.")
    columns.email = email
  }
  if (params.get("tags") !== undefined) columns.tags = JSON.stringify(commaList(params, "tags"))
  const password = params.get("password")
  if (password !== undefined) {
    // Another user's password: a default administrator only (it hands over the account).
    if (!isSelf(context, user) && !isFullAdmin(context)) throw forbidden()
    if (password.length < 8) throw badRequest("Invalid password.", ["Passwords have at least 8 characters."])
    columns.password_hash = hashPassword(password)
  }
  const thumbnail = params.files.find((file) => file.field.toLowerCase() === "thumbnail")
  if (thumbnail !== undefined) {
    if (thumbnail.size > 1_048_576) throw badRequest("Thumbnail too large.", ["User thumbnails are at most 1 MB."])
    columns.thumbnail = replaceThumbnail(join(context.dataDir, "users", user.username), thumbnail)
  }
  transaction(db, () => {
    if (Object.keys(columns).length > 0) updateUserColumns(db, user.username, columns, Date.now())
  })
  return { success: true, username: user.username }
}

/** Gives everything `from` owns to `to`: folders (renamed `<from>_<title>`, made unique), items and groups. */
const reassignContent = (db: Database, from: UserRow, to: UserRow) => {
  for (const folder of folderTitlesOf(db, from.username)) {
    let title = `${from.username}_${folder.title}`.slice(0, 250)
    while (folderTitleTaken(db, to.username, title)) title = `${title}_`.slice(-250)
    moveFolderTo(db, folder.id, to.username, title)
  }
  reassignItemsOf(db, from.username, to.username, Date.now())
  for (const groupId of groupsOwnedBy(db, from.username)) setGroupOwner(db, groupId, from.username, to.username)
}

/**
 * `POST community/users/<username>/delete`: an account that owns nothing (after `reassignTo`, when given), with its
 * memberships, tokens and API keys.
 */
export const deleteUser = (context: Context, match: RegExpExecArray) => {
  const user = targetUser(context, match[1] ?? "")
  const { db, params } = context
  selfOrAdmin(context, user, "portal:admin:deleteUsers")
  const reassignTo = params.get("reassignTo")
  transaction(db, () => {
    if (reassignTo) {
      const to = findUser(db, reassignTo)
      if (to === undefined || to.username === user.username)
        throw badRequest("Invalid request", ["reassignTo must be another existing user."])
      reassignContent(db, user, to)
    }
    if (ownsItems(db, user.username) || ownsGroups(db, user.username))
      throw badRequest(
        "Unable to delete user.",
        ["The user owns items or groups. Reassign or delete them first."],
        "COM_0083",
      )
    removeFromAllGroups(db, user.username)
    deleteTokensOf(db, user.username)
    deleteApiKeysOf(db, user.username)
    deleteUserRow(db, user.username)
  })
  return { success: true, username: user.username }
}

/** Disables or enables an account: never one's own, never one above the caller's reach. */
const setDisabled = (context: Context, match: RegExpExecArray, disabled: boolean) => {
  const user = targetUser(context, match[1] ?? "")
  const caller = requirePrivilege(context, "portal:admin:disableUsers")
  if (caller.username === user.username) throw badRequest("Unable to disable user.", ["You cannot disable yourself."])
  if (!canManageAccount(context, user, "portal:admin:disableUsers")) throw forbidden()
  transaction(context.db, () => setUserDisabled(context.db, user.username, disabled, Date.now()))
  return { success: true, username: user.username }
}

/** `POST community/users/<username>/disable`. */
export const disableUser = (context: Context, match: RegExpExecArray) => setDisabled(context, match, true)

/** `POST community/users/<username>/enable`. */
export const enableUser = (context: Context, match: RegExpExecArray) => setDisabled(context, match, false)

/** `POST community/users/<username>/reset`: a new password (one's own, knowing the current one) or security question. */
export const resetUser = (context: Context, match: RegExpExecArray) => {
  const user = targetUser(context, match[1] ?? "")
  const { params } = context
  // One's own password (knowing it), or a default administrator's reset: anyone else would take the account over.
  requireUser(context)
  if (!isSelf(context, user) && !isFullAdmin(context)) throw forbidden()
  const newPassword = params.get("newPassword")
  // The new values are checked first: the current password is only worked out (a deliberately slow hash) for
  // a request that could succeed.
  if (newPassword !== undefined && newPassword.length < 8)
    throw badRequest("Invalid password.", ["Passwords have at least 8 characters."])
  const question = params.get("newSecurityQuestionIdx")
  if (question !== undefined && !/^\d{1,2}$/.test(question))
    throw badRequest("Invalid request", ["'newSecurityQuestionIdx' must be an integer."])
  if (isSelf(context, user)) {
    const current = params.get("password") ?? ""
    if (!verifyPassword(current, user.password_hash))
      throw badRequest("Unable to reset password.", ["The current password is not correct."])
  }
  if (newPassword !== undefined)
    transaction(context.db, () => setUserPassword(context.db, user.username, hashPassword(newPassword), Date.now()))
  return { success: true }
}

/** `POST community/users/<username>/reassign`: all of an account's content to `targetUsername`. */
export const reassignUser = (context: Context, match: RegExpExecArray) => {
  const user = targetUser(context, match[1] ?? "")
  const { db, params } = context
  requirePrivilege(context, "portal:admin:reassignUsers")
  if (!canManageAccount(context, user, "portal:admin:reassignUsers")) throw forbidden()
  const to = findUser(db, params.get("targetUsername") ?? "")
  if (to === undefined || to.username === user.username)
    throw badRequest("Invalid request", ["targetUsername must be another existing user."])
  transaction(db, () => reassignContent(db, user, to))
  return { success: true }
}

/** `POST portals/self/updateUserRole`: gives `user` the role `role` (never above the caller's own). */
export const updateUserRole = (context: Context) => {
  const caller = requirePrivilege(context, "portal:admin:changeUserRoles")
  const user = findUser(context.db, context.params.get("user") ?? "")
  if (user === undefined) throw userNotFound()
  const { role, roleId } = resolveRole(context.db, context.params.get("role"))
  // Neither the account nor the role it gets may be above the caller's own (an org administrator's: default admins only).
  if (!canManageAccount(context, user, "portal:admin:changeUserRoles") || !canGrantRole(context, roleId))
    throw forbidden()
  if (user.username === caller.username && roleId !== "org_admin")
    throw badRequest("Unable to update role.", ["You cannot change your own role."])
  transaction(context.db, () =>
    setUserRole(context.db, user.username, { role, roleId, level: roleId === viewerRoleId ? "1" : "2" }, Date.now()),
  )
  return { success: true, username: user.username }
}
