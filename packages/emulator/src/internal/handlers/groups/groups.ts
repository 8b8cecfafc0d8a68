/**
 * Groups themselves (`community/groups`, `community/createGroup`, `community/groups/<id>[/...]`): search, create,
 * read, update, delete, delete protection, reassignment and the thumbnail.
 */
import { join } from "node:path"
import { canOwnGroup, canViewGroup, isFullAdmin, requirePrivilege, requireUser } from "../../authorization.ts"
import type { Context } from "../../context.ts"
import { badRequest, forbidden } from "../../errors.ts"
import { removeDir } from "../../files.ts"
import { hex32 } from "../../ids.ts"
import { renderGroup } from "../../render.ts"
import { evaluate, parse } from "../../search/query.ts"
import { sortRecords } from "../../search/sort.ts"
import { transaction } from "../../storage/database.ts"
import {
  addOwner,
  allGroups,
  deleteGroupRow,
  findGroup,
  type GroupRow,
  groupTitleTaken,
  insertGroup,
  setGroupOwner,
  setGroupProtected,
  updateGroupColumns,
} from "../../storage/groups.ts"
import { orgIdOf } from "../../storage/portal.ts"
import { findUser } from "../../storage/users.ts"
import { pageOf } from "../paging.ts"
import { thumbnailFile } from "../thumbnails.ts"
import {
  checkGroupAccess,
  groupColumns,
  groupToChange,
  requireManager,
  storeGroupThumbnail,
  visibleGroup,
} from "./common.ts"

/** `GET community/groups`: a group search over the groups the caller may see. */
export const groupSearch = (context: Context) => {
  const q = context.params.get("q") ?? ""
  const tree = parse(q)
  const orgId = orgIdOf(context.db)
  const rows = allGroups(context.db).filter((group) => canViewGroup(context, group))
  const matched = rows.filter((group) =>
    evaluate(
      tree,
      {
        id: group.id,
        fields: {
          id: [group.id],
          title: [group.title],
          owner: [group.owner],
          description: [group.description ?? ""],
          snippet: [group.snippet ?? ""],
          tags: JSON.parse(group.tags) as Array<string>,
          access: [group.access],
          orgid: [orgId],
          accountid: [orgId],
          typekeywords: [],
        },
        numbers: { created: group.created, modified: group.modified },
        caseSensitive: new Set(["owner", "id"]),
      },
      ["id", "title", "description", "snippet", "tags", "owner"],
      new Set(["id", "owner", "access", "orgid", "accountid", "tags"]),
    ),
  )
  const rendered = sortRecords(
    matched.map((group) => renderGroup(context.db, group, context.user?.username)),
    context.params.get("sortField"),
    context.params.get("sortOrder"),
  )
  const { page, ...meta } = pageOf(context, rendered)
  return { query: q, ...meta, results: page }
}

/** Stores a new group and makes its creator the owner member; refused when the owner has a group of that title. */
const insertNewGroup = (
  context: Context,
  owner: string,
  id: string,
  title: string,
  time: number,
  columns: Record<string, string | number>,
) =>
  transaction(context.db, () => {
    if (groupTitleTaken(context.db, owner, title)) {
      throw badRequest("Unable to create group.", [`You already have a group named '${title}'.`])
    }
    insertGroup(context.db, { id, owner, access: "private", created: time, modified: time, ...columns, title })
    addOwner(context.db, id, owner, time)
  })

/** `POST community/createGroup`. */
export const createGroup = (context: Context) => {
  const caller = requirePrivilege(context, "portal:user:createGroup")
  const columns = groupColumns(context.params)
  const title = String(columns.title ?? "").trim()
  if (title === "") throw badRequest("Invalid request", ["'title' is required."])
  checkGroupAccess(context, columns.access)
  const id = hex32()
  storeGroupThumbnail(context, id, columns)
  const time = Date.now()
  try {
    insertNewGroup(context, caller.username, id, title, time, columns)
  } catch (error) {
    // The thumbnail already moved into the group's folder: leave no orphan behind a failed insert.
    removeDir(join(context.dataDir, "groups", id))
    throw error
  }
  return {
    success: true,
    group: renderGroup(context.db, findGroup(context.db, id) as GroupRow, context.user?.username),
  }
}

/** `GET community/groups/<id>`. */
export const group = (context: Context, match: RegExpExecArray) =>
  renderGroup(context.db, visibleGroup(context, match[1] ?? ""), context.user?.username)

/** `POST community/groups/<id>/update`: owners, managers, or `portal:admin:updateGroups`. */
export const updateGroup = (context: Context, match: RegExpExecArray) => {
  const group = groupToChange(context, match)
  requireManager(context, group, "portal:admin:updateGroups")
  const columns = groupColumns(context.params)
  if (columns.title !== undefined && String(columns.title).trim() === "")
    throw badRequest("Invalid request", ["'title' cannot be empty."])
  if (columns.access !== group.access) checkGroupAccess(context, columns.access)
  storeGroupThumbnail(context, group.id, columns)
  transaction(context.db, () => {
    if (Object.keys(columns).length > 0) updateGroupColumns(context.db, group.id, columns, Date.now())
  })
  return { success: true, groupId: group.id }
}

/** `POST community/groups/<id>/delete`: its owner or `portal:admin:deleteGroups`; never a delete-protected group. */
export const deleteGroup = (context: Context, match: RegExpExecArray) => {
  const group = groupToChange(context, match)
  requireUser(context)
  if (!canOwnGroup(context, group, "portal:admin:deleteGroups")) throw forbidden()
  if (group.protected === 1) throw badRequest("Unable to delete group.", ["The group is delete-protected."], "COM_0039")
  transaction(context.db, () => deleteGroupRow(context.db, group.id))
  removeDir(join(context.dataDir, "groups", group.id))
  return { success: true, groupId: group.id }
}

/** Turns a group's delete protection on or off: its owner or a default administrator. */
const setProtected = (context: Context, match: RegExpExecArray, protect: boolean) => {
  const group = groupToChange(context, match)
  requireUser(context)
  if (!canOwnGroup(context, group) && !isFullAdmin(context)) throw forbidden()
  transaction(context.db, () => setGroupProtected(context.db, group.id, protect))
  return { success: true }
}

/** `POST community/groups/<id>/protect`. */
export const protectGroup = (context: Context, match: RegExpExecArray) => setProtected(context, match, true)

/** `POST community/groups/<id>/unprotect`. */
export const unprotectGroup = (context: Context, match: RegExpExecArray) => setProtected(context, match, false)

/** `POST community/groups/<id>/reassign`: to `targetUsername` (`portal:admin:reassignGroups`). */
export const reassignGroup = (context: Context, match: RegExpExecArray) => {
  const group = groupToChange(context, match)
  requirePrivilege(context, "portal:admin:reassignGroups")
  const to = findUser(context.db, context.params.get("targetUsername") ?? "")
  if (to === undefined) throw badRequest("Unable to reassign group.", ["The target user does not exist."])
  transaction(context.db, () => setGroupOwner(context.db, group.id, group.owner, to.username))
  return { success: true, groupId: group.id }
}

/** `GET community/groups/<id>/info/<file>`: the group's thumbnail. */
export const groupThumbnail = (context: Context, match: RegExpExecArray) => {
  const group = visibleGroup(context, match[1] ?? "")
  return thumbnailFile(join(context.dataDir, "groups", group.id), group.thumbnail, match[2] ?? "")
}
