/** Finding the item a path names, only if the caller may see it, and rendering it without the emulator's bookkeeping. */
import { canViewItem } from "../../authorization.ts"
import type { Context } from "../../context.ts"
import { itemNotFound } from "../../errors.ts"
import { isHex32 } from "../../ids.ts"
import { renderItem } from "../../render.ts"
import type { Database } from "../../storage/database.ts"
import { completeItem, findItem, type ItemRow } from "../../storage/items.ts"
import { orgIdOf } from "../../storage/portal.ts"

/** The item with this id, if the caller may see it (else "does not exist or is inaccessible"). */
export const findVisibleItem = (context: Context, id: string): ItemRow => {
  const item = isHex32(id) ? findItem(context.db, id) : undefined
  if (item === undefined || !canViewItem(context, item)) throw itemNotFound()
  return item
}

/** Settles an async upload whose time has come: `completed`, its `_readyAt` gone. */
export const settle = (db: Database, item: ItemRow): ItemRow => {
  if (item.status !== "processing") return item
  const extra = JSON.parse(item.extra) as { _readyAt?: number }
  if (extra._readyAt !== undefined && extra._readyAt <= Date.now()) {
    delete extra._readyAt
    completeItem(db, item.id, JSON.stringify(extra))
    return { ...item, status: "completed", extra: JSON.stringify(extra) }
  }
  return item
}

/** {@link findVisibleItem}, settled. */
export const visibleItem = (context: Context, id: string): ItemRow => settle(context.db, findVisibleItem(context, id))

/** The item object, without the emulator's bookkeeping fields (`_readyAt`, `_statusMessage`). */
export const renderVisible = (context: Context, item: ItemRow) => {
  const rendered = renderItem(context.db, orgIdOf(context.db), item)
  const extra = rendered as Record<string, unknown>
  for (const key of Object.keys(extra)) if (key.startsWith("_")) delete extra[key]
  return rendered
}
