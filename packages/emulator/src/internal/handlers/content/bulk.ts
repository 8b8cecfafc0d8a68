/**
 * Bulk operations on a user's items (`content/users/<username>/shareItems|unshareItems|deleteItems|moveItems`): one
 * result per item in `items` (at most 100), failures reported inside `results`.
 */
import {
  type ContentAction,
  canChangeItem,
  canTouchSharing,
  canUseContentSpace,
  canViewItem,
} from "../../authorization.ts"
import type { Context } from "../../context.ts"
import { badRequest, Fault, forbidden } from "../../errors.ts"
import { isHex32 } from "../../ids.ts"
import { findItem, type ItemRow } from "../../storage/items.ts"
import { listParam } from "./item-params.ts"
import { moveToFolder } from "./owner-items.ts"
import { deleteItemAndFiles, ownerScope, resolveFolder } from "./scope.ts"
import { share, unshare } from "./sharing.ts"

/**
 * Runs `apply` on each item of `items` the caller may touch: `action` is what the operation does to the owner's
 * content (none for sharing, which the owner and the admin share privileges touch). `apply` answers the item's result.
 */
const eachItem = (
  context: Context,
  match: RegExpExecArray,
  action: ContentAction | undefined,
  apply: (item: ItemRow, id: string) => Record<string, unknown>,
) => {
  const { owner } = ownerScope(context, match[1] ?? "", undefined, undefined)
  // Another user's content: only with a privilege this operation could use (each item is checked below too).
  if (
    action === undefined
      ? !canTouchSharing(context, { owner: owner.username })
      : !canUseContentSpace(context, owner, action)
  )
    throw forbidden()
  const ids = listParam(context.params, "items") ?? []
  if (ids.length > 100) throw badRequest("Invalid request", ["At most 100 items per call."])
  const results: Array<Record<string, unknown>> = []
  for (const id of ids) {
    const item = isHex32(id) ? findItem(context.db, id) : undefined
    if (
      item === undefined ||
      item.owner !== owner.username ||
      !canViewItem(context, item) ||
      !(action === undefined ? canTouchSharing(context, item) : canChangeItem(context, item, action))
    ) {
      results.push({
        itemId: id,
        success: false,
        error: { code: 500, message: "Item does not exist or is inaccessible" },
      })
      continue
    }
    try {
      results.push(apply(item, id))
    } catch (error) {
      const fault = error instanceof Fault ? error : new Fault(500, "Unable to process the item.")
      results.push({ itemId: id, success: false, error: { code: fault.code, message: fault.message } })
    }
  }
  return { results }
}

/** `POST content/users/<username>/shareItems`: `everyone`, `org` and `groups`, as `share` takes them. */
export const shareItems = (context: Context, match: RegExpExecArray) =>
  eachItem(context, match, undefined, (item, id) => ({
    itemId: id,
    success: true,
    notSharedWith: share(context, item, false),
  }))

/** `POST content/users/<username>/unshareItems`: out of `groups`. */
export const unshareItems = (context: Context, match: RegExpExecArray) =>
  eachItem(context, match, undefined, (item, id) => ({
    itemId: id,
    success: true,
    notUnsharedFrom: unshare(context, item),
  }))

/** `POST content/users/<username>/deleteItems`: delete-protected items fail on their own. */
export const deleteItems = (context: Context, match: RegExpExecArray) =>
  eachItem(context, match, "delete", (item, id) => {
    deleteItemAndFiles(context, item)
    return { itemId: id, success: true }
  })

/** `POST content/users/<username>/moveItems`: to `folder`; an item already there fails. */
export const moveItems = (context: Context, match: RegExpExecArray) =>
  eachItem(context, match, "update", (item, id) => {
    const folder = resolveFolder(context.db, item.owner, context.params.get("folder"))
    if (folder === item.folder_id)
      return { itemId: id, success: false, error: { code: 500, message: "Item already exists in target folder" } }
    moveToFolder(context, item, folder ?? "/")
    return { itemId: id, success: true }
  })
