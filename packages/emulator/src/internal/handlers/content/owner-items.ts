/**
 * One item on its owner's path, `content/users/<username>[/<folderId>]/items/<id>[/<operation>]`: the owner view,
 * update, delete (and `canDelete`), move, delete protection, reassignment, app proxies — and the answer to an
 * operation this path does not have.
 */
import { canChangeItem, has } from "../../authorization.ts"
import type { Context } from "../../context.ts"
import { badRequest, forbidden, notFoundPath } from "../../errors.ts"
import { partsDir, removeDir } from "../../files.ts"
import { hex32 } from "../../ids.ts"
import { forgetAssembly } from "../../part-assembly.ts"
import { accessOf } from "../../render.ts"
import { boolParam } from "../../request.ts"
import { transaction } from "../../storage/database.ts"
import { folderIdByTitle, insertFolder } from "../../storage/folders.ts"
import { isGroupMember } from "../../storage/groups.ts"
import {
  type ItemRow,
  moveItemToFolder,
  setItemOwner,
  setItemProtected,
  updateItemColumns,
} from "../../storage/items.ts"
import { sharesOf } from "../../storage/shares.ts"
import { findUser } from "../../storage/users.ts"
import { renderVisible, settle } from "../items/lookup.ts"
import { applyFiles, fileOf, stageFiles } from "./item-files.ts"
import { itemColumns, splitExtra } from "./item-params.ts"
import { deleteItemAndFiles, itemForOperation, ownedItem, resolveFolder } from "./scope.ts"

/** `GET content/users/<u>[/<folderId>]/items/<id>`: the owner's view, with the item's sharing (owner, viewItems). */
export const userItem = (context: Context, match: RegExpExecArray) => {
  const { item } = ownedItem(context, match[1] ?? "", match[2], match[3] ?? "")
  if (!canChangeItem(context, item, "read")) throw forbidden()
  const groups = sharesOf(context.db, item.id)
  const { commentsEnabled: _comments, ...rendered } = renderVisible(context, settle(context.db, item))
  return { item: rendered, sharing: { access: accessOf(context.db, item), groups } }
}

/**
 * `POST .../items/<id>/update`: the fields the request names (`clearEmptyFields` empties the empty ones), new data,
 * thumbnail or metadata; `multipart=true` starts a new multipart upload of its data.
 */
export const updateItem = async (context: Context, match: RegExpExecArray) => {
  const item = itemForOperation(context, match, true, (item) => canChangeItem(context, item, "update"))
  const { params, db } = context
  const columns = itemColumns(params)
  if (boolParam(params, "clearEmptyFields") === true) {
    for (const [name, value] of Object.entries(columns)) if (value === "") columns[name] = null
  }
  if (columns.title === null || columns.title === "") throw badRequest("Invalid request", ["'title' cannot be empty."])
  if (columns.type === null || columns.type === "") delete columns.type
  splitExtra(item, columns)
  if (boolParam(params, "multipart") === true) {
    const filename = params.get("filename")
    if (!filename) throw badRequest("Invalid request", ["'filename' is required when multipart is true."])
    forgetAssembly(partsDir(context.dataDir, item.id))
    removeDir(partsDir(context.dataDir, item.id))
    transaction(db, () =>
      updateItemColumns(db, item.id, { ...columns, name: filename, status: "partial", modified: Date.now() }),
    )
    return { success: true, id: item.id }
  }
  if (fileOf(params, "metadata")) {
    const keywords = new Set(JSON.parse(String(columns.type_keywords ?? item.type_keywords)) as Array<string>)
    keywords.add("Metadata")
    columns.type_keywords = JSON.stringify([...keywords])
  }
  const files = await stageFiles(context, item.id, columns)
  applyFiles(files)
  transaction(db, () => updateItemColumns(db, item.id, { ...columns, modified: Date.now() }))
  return { success: true, id: item.id }
}

/** `POST .../items/<id>/delete`: its owner or `portal:admin:deleteItems`; refused while delete-protected. */
export const deleteItem = (context: Context, match: RegExpExecArray) => {
  const item = itemForOperation(context, match, true, (item) => canChangeItem(context, item, "delete"))
  deleteItemAndFiles(context, item)
  return { success: true, itemId: item.id }
}

/** `POST .../items/<id>/canDelete`: whether `delete` would succeed (delete protection), without deleting. */
export const canDelete = (context: Context, match: RegExpExecArray) => {
  const item = itemForOperation(context, match, true, (item) => canChangeItem(context, item, "delete"))
  if (item.protected === 1) {
    return {
      itemId: item.id,
      success: false,
      error: {
        code: 400,
        messageCode: "CONT_0044",
        message: "Unable to delete item. Delete protection is turned on.",
        offendingItems: [],
      },
    }
  }
  return { itemId: item.id, success: true }
}

/** Moves an item to its owner's folder `target` (by id or title; `/`: the root). */
export const moveToFolder = (context: Context, item: ItemRow, target: string | undefined) => {
  const folder = resolveFolder(context.db, item.owner, target)
  transaction(context.db, () => moveItemToFolder(context.db, item.id, folder, Date.now()))
  return { success: true, itemId: item.id, owner: item.owner, folder: folder ?? "" }
}

/** `POST .../items/<id>/move`: to `folder`. */
export const moveItem = (context: Context, match: RegExpExecArray) => {
  const item = itemForOperation(context, match, true, (item) => canChangeItem(context, item, "update"))
  return moveToFolder(context, item, context.params.get("folder"))
}

/** Turns an item's delete protection on or off: whoever may change it. */
const setProtected = (context: Context, match: RegExpExecArray, protect: boolean) => {
  const item = itemForOperation(context, match, true, (item) => canChangeItem(context, item, "update"))
  transaction(context.db, () => setItemProtected(context.db, item.id, protect))
  return { success: true }
}

/** `POST .../items/<id>/protect`. */
export const protect = (context: Context, match: RegExpExecArray) => setProtected(context, match, true)

/** `POST .../items/<id>/unprotect`. */
export const unprotect = (context: Context, match: RegExpExecArray) => setProtected(context, match, false)

/**
 * `POST .../items/<id>/reassign` (`portal:admin:reassignItems`): to `targetUsername`, into their folder
 * `targetFolderName` (made when missing); an item shared with groups only needs the new owner in each of them.
 */
export const reassignItem = (context: Context, match: RegExpExecArray) => {
  const item = itemForOperation(context, match, true, () => has(context, "portal:admin:reassignItems"))
  const { db, params } = context
  const target = findUser(db, params.get("targetUsername") ?? "")
  if (target === undefined) throw badRequest("Unable to reassign item.", ["The target user does not exist."])
  const folderName = params.get("targetFolderName") ?? params.get("targetFoldername") ?? "/"
  const groups = sharesOf(db, item.id)
  if (
    item.access !== "org" &&
    item.access !== "public" &&
    groups.some((group) => !isGroupMember(db, group, target.username))
  ) {
    throw badRequest("Unable to reassign item.", [
      "The target user is not a member of every group the item is shared with.",
    ])
  }
  transaction(db, () => {
    let folderId: string | null = null
    if (folderName !== "/" && folderName !== "") {
      const existing = folderIdByTitle(db, target.username, folderName)
      folderId = existing ?? hex32()
      if (existing === undefined) insertFolder(db, folderId, target.username, folderName, Date.now())
    }
    setItemOwner(db, item.id, target.username, folderId, Date.now())
  })
  return { success: true, itemId: item.id }
}

/** `GET .../items/<id>/proxies`: the item's app proxies (the emulator has none). */
export const proxies = (context: Context, match: RegExpExecArray) => {
  itemForOperation(context, match, false, (item) => canChangeItem(context, item, "read"))
  return { appProxies: [] }
}

/**
 * Any other `.../items/<id>/<word>`: a 404, after the checks every owner-path operation makes — a GET refused, the
 * item found, the caller allowed to change it — as when one handler served them all.
 */
export const unknownItemOperation = (context: Context, match: RegExpExecArray) => {
  itemForOperation(context, match, true, (item) => canChangeItem(context, item, "update"))
  throw notFoundPath()
}
