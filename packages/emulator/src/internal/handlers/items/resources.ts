/**
 * Item resources (digest §5): adding, updating and removing the files attached to an item on its owner's path, and
 * listing and reading them (`content/items/<id>/resources[/<path>]`). Files are written before their rows commit.
 */
import { rmSync } from "node:fs"
import { join } from "node:path"
import { canChangeItem, canViewItem, requireUser } from "../../authorization.ts"
import type { Context } from "../../context.ts"
import { badRequest, fileNotFound, forbidden, itemNotFound, RawBody } from "../../errors.ts"
import { contentTypeOf, itemDir, moveInto, openFile, removeDir, sizeOf, writeBytes } from "../../files.ts"
import { isHex32 } from "../../ids.ts"
import { transaction } from "../../storage/database.ts"
import { findItem, type ItemRow, setItemSize } from "../../storage/items.ts"
import {
  countResources,
  deleteAllResources,
  deleteResource,
  type ResourceSortColumn,
  resourceAccess,
  resourceExists,
  resourcePaths,
  resourcesOf,
  resourcesSize,
  saveResource,
} from "../../storage/resources.ts"
import { findUser } from "../../storage/users.ts"
import { safeRelativePath } from "../../zip.ts"
import { pageFields, paging } from "../paging.ts"
import { findVisibleItem } from "./lookup.ts"
import { checkClashes, clearWay, resourceMissing, resourcesDir, resourceTypes, stage } from "./resource-files.ts"

/** Recomputes the item's size: its data plus its resources. */
const updateSize = (context: Context, item: ItemRow) => {
  const resources = resourcesSize(context.db, item.id)
  setItemSize(context.db, item.id, sizeOf(join(itemDir(context.dataDir, item.id), "data")) + resources, Date.now())
}

/** The item an owner-path resource change names: one the caller may change, of a type that takes resources. */
const writable = (context: Context, match: RegExpExecArray) => {
  requireUser(context)
  const owner = findUser(context.db, match[1] ?? "")
  const id = match[3] ?? ""
  const item = isHex32(id) ? findItem(context.db, id) : undefined
  if (owner === undefined || item === undefined || item.owner !== owner.username || !canViewItem(context, item))
    throw itemNotFound()
  // Resources are part of the item: whoever may change it (owner rights, portal:admin:updateItems).
  if (!canChangeItem(context, item, "update")) throw forbidden()
  if (!resourceTypes.has(item.type))
    throw badRequest("Resources are not supported for this item type.", [`'${item.type}' items do not take resources.`])
  return item
}

/** Adds (`update` false) or replaces (`update` true) the resources a request carries. */
const saveResources = (context: Context, match: RegExpExecArray, update: boolean) => {
  const item = writable(context, match)
  const { db } = context
  const { staged, access } = stage(context, update)
  const existing = new Set(resourcePaths(db, item.id))
  for (const entry of staged) {
    if (update && !existing.has(entry.path)) throw resourceMissing()
    if (!update && existing.has(entry.path))
      throw badRequest("Resource already exists.", [`'${entry.path}' exists; use updateResources.`])
  }
  const count = countResources(db, item.id)
  if (!update && count + staged.length > 1000)
    throw badRequest("Too many resources.", ["An item has at most 1000 resources."])
  checkClashes(existing, staged)
  // Files first (each written atomically), then the rows in one transaction.
  const root = resourcesDir(context.dataDir, item.id)
  for (const entry of staged) {
    clearWay(root, entry.path)
    const to = join(root, entry.path)
    if (entry.from !== undefined) moveInto(entry.from, to)
    else writeBytes(to, entry.data ?? "")
  }
  transaction(db, () => {
    for (const entry of staged) saveResource(db, item.id, { path: entry.path, size: entry.size, access }, Date.now())
    updateSize(context, item)
  })
  return { success: true, itemId: item.id, owner: item.owner, folder: item.folder_id }
}

/** `POST content/users/<u>[/<folderId>]/items/<id>/addResources`: new files (a name taken is refused). */
export const addResources = (context: Context, match: RegExpExecArray) => saveResources(context, match, false)

/** `POST content/users/<u>[/<folderId>]/items/<id>/updateResources`: files the item has (a missing one is refused). */
export const updateResources = (context: Context, match: RegExpExecArray) => saveResources(context, match, true)

/** `POST content/users/<u>[/<folderId>]/items/<id>/removeResources`: `resource`, or every one with `deleteAll`. */
export const removeResources = (context: Context, match: RegExpExecArray) => {
  const item = writable(context, match)
  const { db } = context
  const deleteAll = (context.params.get("deleteAll") ?? "").toLowerCase() === "true"
  const resource = (context.params.get("resource") ?? "").replace(/^\/+/, "")
  if (!deleteAll) {
    if (!safeRelativePath(resource)) throw badRequest("Invalid resource path.")
    if (!resourceExists(db, item.id, resource)) throw resourceMissing()
  }
  transaction(db, () => {
    if (deleteAll) deleteAllResources(db, item.id)
    else deleteResource(db, item.id, resource)
    updateSize(context, item)
  })
  if (deleteAll) removeDir(resourcesDir(context.dataDir, item.id))
  else rmSync(join(resourcesDir(context.dataDir, item.id), resource), { force: true })
  return { success: true }
}

/** The column each `sortField` sorts by (a Map: the key comes from the request, `__proto__` included). */
const sortColumns = new Map<string, ResourceSortColumn>([
  ["size", "size"],
  ["created", "created"],
  ["resource", "path"],
])

/** The item whose resources are read, and whether the caller may see its private ones (whoever may change it). */
const readable = (context: Context, id: string) => {
  const item = findVisibleItem(context, id)
  const privileged = canChangeItem(context, item, "update")
  return { item, privileged }
}

/** `GET content/items/<id>/resources` (also on the owner path): a page of up to 1,000, private ones for editors. */
export const resources = (context: Context, match: RegExpExecArray) => {
  const { item, privileged } = readable(context, match[1] ?? "")
  const { start } = paging(context.params, 1000)
  const num = Math.min(1000, Number(context.params.get("num") ?? "1000") || 1000)
  const sortField = sortColumns.get((context.params.get("sortField") ?? "resource").toLowerCase()) ?? "path"
  const order = (context.params.get("sortOrder") ?? "asc").toLowerCase() === "desc" ? "DESC" : "ASC"
  const rows = resourcesOf(context.db, item.id, sortField, order).filter(
    (row) => privileged || row.access !== "private",
  )
  const page = rows.slice(start - 1, start - 1 + num)
  return {
    ...pageFields(start, page.length, rows.length),
    resources: page.map((row) => ({
      resource: row.path,
      created: row.created,
      size: row.size,
      ...(privileged ? { access: row.access } : {}),
    })),
  }
}

/** `GET content/items/<id>/resources/<path>`: the file (a private one for editors only). */
export const resource = (context: Context, match: RegExpExecArray) => {
  const { item, privileged } = readable(context, match[1] ?? "")
  const path = match[2] ?? ""
  if (!safeRelativePath(path)) throw resourceMissing()
  const access = resourceAccess(context.db, item.id, path)
  const file =
    access === undefined || (access === "private" && !privileged)
      ? undefined
      : openFile(join(resourcesDir(context.dataDir, item.id), path))
  if (file === undefined) throw fileNotFound()
  return new RawBody(file.stream, contentTypeOf(path), path.split("/").pop(), file.size)
}
