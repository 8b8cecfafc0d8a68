/** One item by id (`content/items/<id>`): the item, its data, its info files, and the groups it is shared with. */
import { canViewGroup } from "../../authorization.ts"
import type { Context } from "../../context.ts"
import { fileNotFound, RawBody } from "../../errors.ts"
import { contentTypeOf, dataPath, infoPath, openFile } from "../../files.ts"
import { memberTypeOf } from "../../storage/groups.ts"
import { countView } from "../../storage/items.ts"
import { groupsSharing } from "../../storage/shares.ts"
import { renderVisible, visibleItem } from "./lookup.ts"

/** `GET content/items/<id>`: the item (counting a view). */
export const getItem = (context: Context, match: RegExpExecArray) => {
  const item = visibleItem(context, match[1] ?? "")
  countView(context.db, item.id)
  return renderVisible(context, { ...item, num_views: item.num_views + 1 })
}

/** `GET content/items/<id>/data`: the item's data, streamed (nothing for an unfinished multipart upload). */
export const itemData = (context: Context, match: RegExpExecArray) => {
  const item = visibleItem(context, match[1] ?? "")
  const file = item.status === "partial" ? undefined : openFile(dataPath(context.dataDir, item.id))
  if (file === undefined) return new RawBody(new Uint8Array(), "application/octet-stream", undefined, 0)
  const type = item.name ? contentTypeOf(item.name) : "application/json"
  return new RawBody(file.stream, type, item.name ?? undefined, file.size, file.range)
}

/** `GET content/items/<id>/info/<path>`: a file of the item's info folder (its thumbnail, its metadata). */
export const itemInfo = (context: Context, match: RegExpExecArray) => {
  const item = visibleItem(context, match[1] ?? "")
  const relative = match[2] ?? ""
  if (relative.split("/").some((part) => part === ".." || part === "") || relative.includes("\0")) {
    throw fileNotFound()
  }
  const file = openFile(infoPath(context.dataDir, item.id, relative))
  if (file === undefined) throw fileNotFound()
  return new RawBody(file.stream, contentTypeOf(relative), relative.split("/").pop(), file.size)
}

/** `GET content/items/<id>/groups`: the groups it is shared with that the caller may see, by the caller's place. */
export const itemGroups = (context: Context, match: RegExpExecArray) => {
  const item = visibleItem(context, match[1] ?? "")
  const admin: Array<unknown> = []
  const member: Array<unknown> = []
  const other: Array<unknown> = []
  for (const group of groupsSharing(context.db, item.id)) {
    // Only groups the caller can see: an org group is no anonymous caller's business.
    if (!canViewGroup(context, group)) continue
    const role = context.user ? memberTypeOf(context.db, group.id, context.user.username) : undefined
    if (role === "owner" || role === "admin") admin.push(group)
    else if (role !== undefined) member.push(group)
    else other.push(group)
  }
  return { admin, member, other }
}
