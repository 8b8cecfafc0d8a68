/**
 * What the group handlers share: the group a path names (only if the caller may see it), who runs it, the columns a
 * request sets, the group's thumbnail, and the notifications members get.
 */
import { join } from "node:path"
import { canManageGroup, canViewGroup, has, isFullAdmin, requireUser } from "../../authorization.ts"
import type { Context } from "../../context.ts"
import { badRequest, forbidden, groupNotFound } from "../../errors.ts"
import { hex32 } from "../../ids.ts"
import { boolParam, commaList, type Params } from "../../request.ts"
import { requirePost } from "../../route.ts"
import type { Database } from "../../storage/database.ts"
import { findGroup, type GroupRow } from "../../storage/groups.ts"
import { insertNotification } from "../../storage/inbox.ts"
import type { UserRow } from "../../storage/users.ts"
import { replaceThumbnail } from "../thumbnails.ts"

/** The group `community/groups/<id>` names, if the caller may see it (else "does not exist or is inaccessible"). */
export const visibleGroup = (context: Context, id: string): GroupRow => {
  const group = findGroup(context.db, id)
  if (group === undefined || !canViewGroup(context, group)) throw groupNotFound()
  return group
}

/** The group a POST-only group operation names: found first, then a GET is refused (405). */
export const groupToChange = (context: Context, match: RegExpExecArray): GroupRow => {
  const group = visibleGroup(context, match[1] ?? "")
  requirePost(context)
  return group
}

/** The caller, who must run `group`: its owner or a manager, or an administrator holding `privilege`. */
export const requireManager = (context: Context, group: GroupRow, privilege: string): UserRow => {
  const caller = requireUser(context)
  if (canManageGroup(context, group.id, privilege)) return caller
  throw forbidden()
}

/** A group's org or public access needs the user privilege to share groups that far (or the default admin role). */
export const checkGroupAccess = (context: Context, access: string | number | undefined) => {
  const needed =
    access === "public"
      ? "portal:user:shareGroupToPublic"
      : access === "org"
        ? "portal:user:shareGroupToOrg"
        : undefined
  if (needed !== undefined && !has(context, needed) && !isFullAdmin(context)) throw forbidden()
}

const groupSortFields = new Set(["title", "owner", "avgrating", "numviews", "created", "modified"])

/** The group columns a request sets (only those it names), checked: createGroup and update. */
export const groupColumns = (params: Params): Record<string, string | number> => {
  const columns: Record<string, string | number> = {}
  const text = (param: string, column: string, max: number) => {
    const value = params.get(param)
    if (value === undefined) return
    if (value.length > max) throw badRequest("Invalid request", [`'${param}' is too long.`])
    columns[column] = value
  }
  text("title", "title", 256)
  text("description", "description", 65_535)
  text("snippet", "snippet", 250)
  if (params.get("tags") !== undefined) columns.tags = JSON.stringify(commaList(params, "tags"))
  const access = params.get("access")
  if (access !== undefined) {
    const normalized = access === "account" ? "org" : access
    if (!["private", "org", "public"].includes(normalized))
      throw badRequest("Invalid access.", ["access must be private, org or public."])
    columns.access = normalized
  }
  const flag = (param: string, column: string) => {
    const value = boolParam(params, param)
    if (value !== undefined) columns[column] = value ? 1 : 0
  }
  flag("isInvitationOnly", "is_invitation_only")
  flag("isViewOnly", "is_view_only")
  flag("autoJoin", "auto_join")
  const sortField = params.get("sortField")
  if (sortField !== undefined) {
    if (!groupSortFields.has(sortField.toLowerCase())) throw badRequest("Invalid sortField.")
    columns.sort_field = sortField
  }
  const sortOrder = params.get("sortOrder")
  if (sortOrder !== undefined) {
    if (!["asc", "desc"].includes(sortOrder.toLowerCase())) throw badRequest("Invalid sortOrder.")
    columns.sort_order = sortOrder.toLowerCase()
  }
  return columns
}

/** Moves a request's `thumbnail` file into the group's folder, and sets the `thumbnail` column to its name. */
export const storeGroupThumbnail = (context: Context, groupId: string, columns: Record<string, string | number>) => {
  const thumbnail = context.params.files.find((file) => file.field.toLowerCase() === "thumbnail")
  if (thumbnail === undefined) return
  columns.thumbnail = replaceThumbnail(join(context.dataDir, "groups", groupId), thumbnail)
}

/** A notification to `username` about a group (`group_join`, `group_invite`, `group_application`…). */
export const notify = (db: Database, username: string, type: string, data: Record<string, unknown>) =>
  insertNotification(db, { id: hex32(), username, type, data: JSON.stringify(data) }, Date.now())
