/**
 * Sharing one item: with everyone, the org and groups (`share`/`unshare` on the owner path, and the group-admin
 * view `content/items/<id>/share`), and the sharing an item created from another inherits.
 */
import {
  canShareIntoGroup,
  canShareItemAt,
  canTouchSharing,
  canUnshareFromGroup,
  requireUser,
} from "../../authorization.ts"
import type { Context } from "../../context.ts"
import { forbidden } from "../../errors.ts"
import { isHex32 } from "../../ids.ts"
import { boolParam } from "../../request.ts"
import { transaction } from "../../storage/database.ts"
import { shareTarget } from "../../storage/groups.ts"
import { type ItemRow, setItemAccess } from "../../storage/items.ts"
import { addShare, isSharedWith, removeShare, shareTargetsOf } from "../../storage/shares.ts"
import { visibleItem } from "../items/lookup.ts"
import { listParam } from "./item-params.ts"
import { itemForOperation } from "./scope.ts"

/** How far an item is shared: 0 private or groups only, 1 org, 2 public. */
const levelOf = (access: string) => (access === "public" ? 2 : access === "org" ? 1 : 0)

/** Shares `item` as the caller (`everyone`, `org`, `groups`); returns the groups it could not be shared with. */
export const share = (context: Context, item: ItemRow, groupAdminView: boolean): Array<string> => {
  const { db, params } = context
  const everyone = boolParam(params, "everyone")
  const org = boolParam(params, "org")
  const groups = listParam(params, "groups") ?? []
  const before = levelOf(item.access)
  const isPublic = everyone ?? before === 2
  const isOrg = org ?? before >= 1
  const access = isPublic ? "public" : isOrg ? "org" : "private"
  const after = levelOf(access)
  // Raising sharing needs the privilege of the level reached; taking it back, that of the level left.
  if (
    (everyone !== undefined || org !== undefined) &&
    after !== before &&
    !canShareItemAt(context, item, Math.max(after, before) === 2 ? "public" : "org", after > before)
  )
    throw forbidden()
  const notShared: Array<string> = []
  transaction(db, () => {
    if ((everyone !== undefined || org !== undefined) && after !== before) {
      setItemAccess(db, item.id, access, Date.now())
    }
    const shared = { ...item, access: after === before ? item.access : access }
    for (const group of groups) {
      const row = isHex32(group) ? shareTarget(db, group) : undefined
      if (row === undefined || !canShareIntoGroup(context, shared, row, groupAdminView)) {
        notShared.push(group)
        continue
      }
      addShare(db, item.id, group)
    }
  })
  return notShared
}

/** Takes `item` out of `groups`; returns the groups it was not in, or could not be taken out of. */
export const unshare = (context: Context, item: ItemRow): Array<string> => {
  const { db, params } = context
  const groups = listParam(params, "groups") ?? []
  const notUnshared: Array<string> = []
  transaction(db, () => {
    for (const group of groups) {
      if (!isSharedWith(db, item.id, group) || !canUnshareFromGroup(context, item, group)) {
        notUnshared.push(group)
        continue
      }
      removeShare(db, item.id, group)
    }
  })
  return notUnshared
}

/**
 * `addItem` with `originItemId`: the new item takes the origin's sharing — only as far as the caller may share the
 * new item (org and public with the share privileges, groups the caller may share it into).
 */
export const inheritSharing = (context: Context, item: { owner: string; id: string }, origin: ItemRow) => {
  const { db } = context
  const level =
    origin.access === "public" && canShareItemAt(context, item, "public", true)
      ? "public"
      : (origin.access === "public" || origin.access === "org") && canShareItemAt(context, item, "org", true)
        ? "org"
        : "private"
  setItemAccess(db, item.id, level)
  for (const group of shareTargetsOf(db, origin.id)) {
    if (canShareIntoGroup(context, { owner: item.owner, access: level }, group, false)) addShare(db, item.id, group.id)
  }
}

/** `POST content/users/<u>[/<folderId>]/items/<id>/share`: the owner's, or the admin share privileges'. */
export const shareItem = (context: Context, match: RegExpExecArray) => {
  const item = itemForOperation(context, match, true, (item) => canTouchSharing(context, item))
  return { notSharedWith: share(context, item, false), itemId: item.id }
}

/** `POST content/users/<u>[/<folderId>]/items/<id>/unshare`. */
export const unshareItem = (context: Context, match: RegExpExecArray) => {
  const item = itemForOperation(context, match, true, (item) => canTouchSharing(context, item))
  return { notUnsharedFrom: unshare(context, item), itemId: item.id }
}

/** `POST content/items/<id>/share`: the group-admin view (a group's owner or managers share others' items into it). */
export const shareItemAsGroupAdmin = (context: Context, match: RegExpExecArray) => {
  requireUser(context)
  const item = visibleItem(context, match[1] ?? "")
  return { notSharedWith: share(context, item, true), itemId: item.id }
}

/** `POST content/items/<id>/unshare`: the group-admin view. */
export const unshareItemAsGroupAdmin = (context: Context, match: RegExpExecArray) => {
  requireUser(context)
  const item = visibleItem(context, match[1] ?? "")
  return { notUnsharedFrom: unshare(context, item), itemId: item.id }
}
