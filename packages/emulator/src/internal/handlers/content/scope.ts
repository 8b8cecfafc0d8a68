/**
 * The owner paths, `content/users/<username>[/<folderId>]/...`: the owner and folder a request addresses, the item
 * an owner path names, folders named by id or title, and deleting an item with its files.
 */
import {
  type ContentAction,
  canEnterItemsOf,
  canViewItem,
  requireContentSpace,
  requireUser,
} from "../../authorization.ts"
import type { Context } from "../../context.ts"
import { badRequest, forbidden, itemNotFound, userNotFound } from "../../errors.ts"
import { removeItemFiles } from "../../files.ts"
import { isHex32 } from "../../ids.ts"
import { requirePost } from "../../route.ts"
import { type Database, transaction } from "../../storage/database.ts"
import { findFolder, folderIdByIdOrTitle } from "../../storage/folders.ts"
import { deleteItemRow, findItem, type ItemRow } from "../../storage/items.ts"
import { findUser } from "../../storage/users.ts"

/**
 * `content/users/<u>[/<fid>]`: the owner and folder a request addresses. `action`: what the request does to that
 * user's content space, checked by the authorization module; without one, each item is checked on its own.
 */
export const ownerScope = (
  context: Context,
  username: string,
  folderId: string | undefined,
  action: ContentAction | undefined,
) => {
  const caller = requireUser(context)
  const owner = findUser(context.db, username)
  if (owner === undefined) throw userNotFound()
  if (action !== undefined) requireContentSpace(context, owner, action)
  let folder: { id: string; title: string } | undefined
  if (folderId !== undefined) {
    folder = findFolder(context.db, folderId, owner.username)
    if (folder === undefined) throw badRequest("Folder does not exist or is inaccessible.", [], "CONT_0011")
  }
  return { caller, owner, folder }
}

/**
 * The item an owner-scoped path addresses; it must belong to the path's user and be visible to the caller. What
 * the caller may do to it is each operation's own check.
 */
export const ownedItem = (context: Context, username: string, folderId: string | undefined, id: string) => {
  const scope = ownerScope(context, username, folderId, undefined)
  // Another user's content is no business of a caller without an admin content privilege.
  if (!canEnterItemsOf(context, scope.owner)) throw forbidden()
  const item = isHex32(id) ? findItem(context.db, id) : undefined
  if (item === undefined || item.owner !== scope.owner.username || !canViewItem(context, item)) throw itemNotFound()
  return { ...scope, item }
}

/**
 * The item an owner-path operation (`content/users/<u>[/<folderId>]/items/<id>/<operation>`) acts on. A POST-only
 * operation (`post`) refuses a GET first; then the item is found, and `allowed` — the authorization module's rule
 * for the operation — must hold.
 */
export const itemForOperation = (
  context: Context,
  match: RegExpExecArray,
  post: boolean,
  allowed: (item: ItemRow) => boolean,
): ItemRow => {
  if (post) requirePost(context)
  const { item } = ownedItem(context, match[1] ?? "", match[2], match[3] ?? "")
  if (!allowed(item)) throw forbidden()
  return item
}

/** `owner`'s folder named by id or title (`/` or nothing: the root, `null`). */
export const resolveFolder = (db: Database, owner: string, folder: string | undefined): string | null => {
  if (folder === undefined || folder === "" || folder === "/") return null
  const id = folderIdByIdOrTitle(db, owner, folder)
  if (id === undefined) throw badRequest("Folder does not exist or is inaccessible.", [], "CONT_0011")
  return id
}

/** Deletes an item (refused while delete-protected), then its files. */
export const deleteItemAndFiles = (context: Context, item: ItemRow) => {
  if (item.protected === 1) throw badRequest("Unable to delete item. Delete protection is turned on.", [], "CONT_0044")
  transaction(context.db, () => deleteItemRow(context.db, item.id))
  removeItemFiles(context.dataDir, item.id)
}
