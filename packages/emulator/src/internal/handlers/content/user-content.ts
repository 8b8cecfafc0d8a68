/** A user's content space, `content/users/<username>[/<folderId>]`: its listing and its folders. */
import { canUseContentSpace, requireUser } from "../../authorization.ts"
import type { Context } from "../../context.ts"
import { badRequest, forbidden, userNotFound } from "../../errors.ts"
import { removeItemFiles } from "../../files.ts"
import { hex32 } from "../../ids.ts"
import { renderItem } from "../../render.ts"
import { transaction } from "../../storage/database.ts"
import { deleteFolderRow, foldersOf, folderTitleTaken, insertFolder, renameFolder } from "../../storage/folders.ts"
import { deleteItemsInFolder, itemsInFolder, itemsInFolderToDelete } from "../../storage/items.ts"
import { orgIdOf } from "../../storage/portal.ts"
import { findUser } from "../../storage/users.ts"
import { pageFields, paging } from "../paging.ts"
import { limits } from "./item-params.ts"
import { ownerScope } from "./scope.ts"

/** `GET content/users/<u>[/<folderId>]`: a user's items (root or one folder) and folders; owner or admin only. */
export const userContent = (context: Context, match: RegExpExecArray) => {
  requireUser(context)
  const username = match[1] ?? ""
  const folderId = match[2]
  const owner = findUser(context.db, username)
  if (owner === undefined) throw userNotFound()
  if (!canUseContentSpace(context, owner, "read")) throw forbidden()
  const folders = foldersOf(context.db, owner.username)
  const folder = folderId === undefined ? undefined : folders.find((candidate) => candidate.id === folderId)
  if (folderId !== undefined && folder === undefined)
    throw badRequest("Folder does not exist or is inaccessible.", [], "CONT_0011")
  const { start, num } = paging(context.params)
  const { total, rows } = itemsInFolder(context.db, owner.username, folder?.id ?? null, { num, offset: start - 1 })
  const orgId = orgIdOf(context.db)
  return {
    username: owner.username,
    ...pageFields(start, rows.length, total),
    currentFolder: folder ?? null,
    items: rows.map((row) => renderItem(context.db, orgId, row)),
    folders: folder === undefined ? folders : [],
  }
}

/** `POST content/users/<username>/createFolder`: a folder `title`, unique (any case) among the owner's folders. */
export const createFolder = (context: Context, match: RegExpExecArray) => {
  const { owner } = ownerScope(context, match[1] ?? "", undefined, "create")
  const title = (context.params.get("title") ?? "").trim()
  if (title === "" || title.length > limits.folder || /[\\/"]/.test(title))
    throw badRequest("Unable to create folder.", ["Invalid folder title."])
  const id = hex32()
  transaction(context.db, () => {
    if (folderTitleTaken(context.db, owner.username, title))
      throw badRequest("Unable to create folder.", [`Folder title '${title}' not available.`])
    insertFolder(context.db, id, owner.username, title, Date.now())
  })
  return { success: true, folder: { username: owner.username, id, title } }
}

/** The folder `content/users/<username>/<folderId>/...` names; `action`: what the operation does to the owner's content. */
const folderOf = (context: Context, match: RegExpExecArray, action: "delete" | "update") => {
  const { owner, folder } = ownerScope(context, match[1] ?? "", match[2], action)
  if (folder === undefined) throw badRequest("Folder does not exist or is inaccessible.", [], "CONT_0011")
  return { owner, folder }
}

/** `POST content/users/<username>/<folderId>/delete`: the folder and its items (none delete-protected). */
export const deleteFolder = (context: Context, match: RegExpExecArray) => {
  // Deleting a folder deletes its items.
  const { owner, folder } = folderOf(context, match, "delete")
  const { db } = context
  const items = itemsInFolderToDelete(db, folder.id)
  if (items.some((item) => item.protected === 1))
    throw badRequest("Unable to delete folder.", ["The folder holds delete-protected items."])
  transaction(db, () => {
    deleteItemsInFolder(db, folder.id)
    deleteFolderRow(db, folder.id)
  })
  for (const item of items) removeItemFiles(context.dataDir, item.id)
  return { success: true, folder: { username: owner.username, id: folder.id, title: folder.title } }
}

/** `POST content/users/<username>/<folderId>/updateFolder`: renames it (`newTitle`, or `title`). */
export const updateFolder = (context: Context, match: RegExpExecArray) => {
  const { owner, folder } = folderOf(context, match, "update")
  const { db } = context
  const title = (context.params.get("newTitle") ?? context.params.get("title") ?? "").trim()
  if (title === "" || title.length > limits.folder)
    throw badRequest("Unable to update folder.", ["Invalid folder title."])
  transaction(db, () => {
    if (folderTitleTaken(db, owner.username, title, folder.id))
      throw badRequest("Unable to update folder.", [`Folder title '${title}' not available.`])
    renameFolder(db, folder.id, title)
  })
  return { success: true }
}
