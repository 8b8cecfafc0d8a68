/** Comments, ratings, relationships and dependencies of items (digest §4.10–4.11). */

import {
  canChangeItem,
  canDeleteComment,
  canViewItem,
  isFullAdmin,
  requireSession,
  requireUser,
} from "./authorization.ts"
import { type Context, paging, type Route } from "./context.ts"
import { transaction } from "./db.ts"
import { badRequest, Fault, forbidden, itemNotFound } from "./fault.ts"
import { hex32, isHex32 } from "./ids.ts"
import { findItem, findUser, type ItemRow, orgIdOf, renderItem } from "./model.ts"
import { limitList } from "./request.ts"

const visible = (context: Context, id: string): ItemRow => {
  const item = isHex32(id) ? findItem(context.db, id) : undefined
  if (item === undefined || !canViewItem(context, item)) throw itemNotFound()
  return item
}

const comments = (context: Context, match: RegExpExecArray) => {
  const item = visible(context, match[1] ?? "")
  const { start, num } = paging(context.params)
  const total = (
    context.db.prepare("SELECT COUNT(*) AS n FROM comments WHERE item_id = ?").get(item.id) as { n: number }
  ).n
  const rows = context.db
    .prepare("SELECT id, owner, created, comment FROM comments WHERE item_id = ? ORDER BY created, id LIMIT ? OFFSET ?")
    .all(item.id, num, start - 1)
  const end = start - 1 + rows.length
  return { total, start, num: rows.length, nextStart: end < total ? end + 1 : -1, comments: rows }
}

const comment = (context: Context, match: RegExpExecArray) => {
  const item = visible(context, match[1] ?? "")
  const row = context.db
    .prepare("SELECT id, owner, created, comment FROM comments WHERE item_id = ? AND id = ?")
    .get(item.id, match[2] ?? "") as { id: string; owner: string; created: number; comment: string } | undefined
  if (row === undefined) throw badRequest("Comment does not exist or is inaccessible.", [], "CONT_0053")
  if ((match[3] ?? "").toLowerCase() === "delete") {
    if (context.method !== "POST")
      throw new Fault(405, "Method not supported. Use POST for this operation.", undefined, [], 405)
    requireUser(context)
    if (!canDeleteComment(context, item, row.owner)) throw forbidden()
    transaction(context.db, () => context.db.prepare("DELETE FROM comments WHERE id = ?").run(row.id))
    return { success: true, commentId: row.id }
  }
  return { ...row, parentId: null, numReplies: 0, latestReply: -1 }
}

const addComment = (context: Context, match: RegExpExecArray) => {
  // No privilege covers comments and ratings, so an API key (which acts only through its privileges) cannot add them.
  const caller = requireSession(context)
  const item = visible(context, match[1] ?? "")
  if (item.comments_enabled === 0) throw badRequest("Comments are disabled for this item.", [], "CONT_0052")
  const text = context.params.get("comment") ?? ""
  if (text.trim() === "") throw badRequest("Invalid request", ["'comment' is required."])
  if (text.length > 8_192) throw badRequest("Invalid request", ["'comment' is too long."])
  const id = hex32()
  transaction(context.db, () =>
    context.db
      .prepare("INSERT INTO comments (id, item_id, owner, comment, created) VALUES (?, ?, ?, ?, ?)")
      .run(id, item.id, caller.username, text, Date.now()),
  )
  return { success: true, commentId: id }
}

const rating = (context: Context, match: RegExpExecArray) => {
  const caller = requireUser(context)
  const item = visible(context, match[1] ?? "")
  const row = context.db
    .prepare("SELECT rating, created FROM ratings WHERE item_id = ? AND username = ?")
    .get(item.id, caller.username) as { rating: number; created: number } | undefined
  return row ?? {}
}

const addRating = (context: Context, match: RegExpExecArray) => {
  const caller = requireSession(context)
  const item = visible(context, match[1] ?? "")
  if (item.owner === caller.username) throw badRequest("Unable to rate item.", ["You cannot rate your own item."])
  const value = Number(context.params.get("rating"))
  if (!Number.isFinite(value) || value < 1 || value > 5)
    throw badRequest("Invalid rating.", ["'rating' must be a number from 1.0 to 5.0."])
  transaction(context.db, () =>
    context.db
      .prepare(
        "INSERT INTO ratings (item_id, username, rating, created) VALUES (?, ?, ?, ?) ON CONFLICT(item_id, username) DO UPDATE SET rating = excluded.rating, created = excluded.created",
      )
      .run(item.id, caller.username, value, Date.now()),
  )
  return { success: true }
}

const deleteRating = (context: Context, match: RegExpExecArray) => {
  const caller = requireSession(context)
  const item = visible(context, match[1] ?? "")
  transaction(context.db, () =>
    context.db.prepare("DELETE FROM ratings WHERE item_id = ? AND username = ?").run(item.id, caller.username),
  )
  return { success: true }
}

const relationshipTypes = new Set([
  "APIKey2Item",
  "Area2CustomPackage",
  "Area2Package",
  "Item2Attachment",
  "Item2Report",
  "Listed2Provisioned",
  "Map2AppConfig",
  "Map2Area",
  "Map2FeatureCollection",
  "Map2Service",
  "MobileApp2Code",
  "Service2Data",
  "Service2Layer",
  "Service2Route",
  "Service2Service",
  "Service2Style",
  "Solution2Item",
  "Style2Style",
  "Survey2Data",
  "Survey2Service",
  "SurveyAddIn2Data",
  "Theme2Story",
  "TrackView2Map",
  "WebStyle2DesktopStyle",
  "WMA2Code",
  "WorkforceMap2FeatureService",
])

const relationship = (context: Context, match: RegExpExecArray) => {
  const caller = requireUser(context)
  const owner = findUser(context.db, match[1] ?? "")
  if (owner === undefined || (owner.username !== caller.username && !isFullAdmin(context))) throw forbidden()
  const type = context.params.get("relationshipType") ?? context.params.get("relationshipTypes") ?? ""
  if (!relationshipTypes.has(type))
    throw badRequest("Invalid relationship type.", [`'${type.slice(0, 64)}' is not a relationship type.`])
  const origin = visible(context, context.params.get("originItemId") ?? "")
  const destination = visible(context, context.params.get("destinationItemId") ?? "")
  if (origin.id === destination.id) throw badRequest("Invalid request", ["An item cannot be related to itself."])
  // A relationship changes its origin item: whoever may change that item (owner rights, portal:admin:updateItems).
  if (!canChangeItem(context, origin, "update")) throw forbidden()
  if ((match[2] ?? "").toLowerCase() === "addrelationship") {
    transaction(context.db, () =>
      context.db
        .prepare(
          "INSERT OR IGNORE INTO relationships (origin_id, destination_id, type, created, creator) VALUES (?, ?, ?, ?, ?)",
        )
        .run(origin.id, destination.id, type, Date.now(), caller.username),
    )
    return { success: true }
  }
  const existing = context.db
    .prepare("SELECT creator FROM relationships WHERE origin_id = ? AND destination_id = ? AND type = ?")
    .get(origin.id, destination.id, type) as { creator: string | null } | undefined
  if (existing === undefined) throw badRequest("Relationship does not exist.", [], "CONT_0080")
  if (existing.creator !== null && existing.creator !== caller.username && !isFullAdmin(context)) throw forbidden()
  transaction(context.db, () =>
    context.db
      .prepare("DELETE FROM relationships WHERE origin_id = ? AND destination_id = ? AND type = ?")
      .run(origin.id, destination.id, type),
  )
  return { success: true }
}

const relatedItems = (context: Context, match: RegExpExecArray) => {
  const item = visible(context, match[1] ?? "")
  // One SQL variable per type: a bounded list of distinct types (SQLite refuses more than 32,766 variables).
  const types = limitList("relationshipTypes", [
    ...new Set(
      (context.params.get("relationshipTypes") ?? context.params.get("relationshipType") ?? "")
        .split(",")
        .map((type) => type.trim())
        .filter((type) => type !== ""),
    ),
  ])
  if (types.length === 0) throw badRequest("Invalid request", ["'relationshipTypes' is required."])
  const direction = (context.params.get("direction") ?? "forward").toLowerCase()
  if (direction !== "forward" && direction !== "reverse")
    throw badRequest("Invalid request", ["'direction' must be forward or reverse."])
  const [self, other] = direction === "forward" ? ["origin_id", "destination_id"] : ["destination_id", "origin_id"]
  const rows = context.db
    .prepare(
      `SELECT i.* FROM relationships r JOIN items i ON i.id = r.${other} WHERE r.${self} = ? AND r.type IN (${types.map(() => "?").join(",")}) ORDER BY r.created`,
    )
    .all(item.id, ...types) as unknown as Array<ItemRow>
  const orgId = orgIdOf(context.db)
  const related = rows.filter((row) => canViewItem(context, row)).map((row) => renderItem(context.db, orgId, row))
  return { total: related.length, relatedItems: related }
}

/** Dependencies: relationships plus ids and URLs a Web Map or app's JSON refers to. */
const dependencies = (context: Context, match: RegExpExecArray) => {
  const item = visible(context, match[1] ?? "")
  const dependents = (match[2] ?? "") !== ""
  const list: Array<Record<string, string>> = []
  if (!dependents) {
    const rows = context.db
      .prepare("SELECT destination_id FROM relationships WHERE origin_id = ?")
      .all(item.id) as Array<{ destination_id: string }>
    for (const row of rows) list.push({ dependencyType: "id", id: row.destination_id })
    if (item.url) list.push({ dependencyType: "url", url: item.url })
  } else {
    const rows = context.db
      .prepare("SELECT origin_id FROM relationships WHERE destination_id = ?")
      .all(item.id) as Array<{ origin_id: string }>
    for (const row of rows) {
      const origin = findItem(context.db, row.origin_id)
      if (origin !== undefined && canViewItem(context, origin)) list.push({ dependencyType: "id", id: row.origin_id })
    }
  }
  return { total: list.length, start: 1, num: list.length, nextStart: -1, list }
}

export const socialRoutes: ReadonlyArray<Route> = [
  { pattern: /^content\/items\/([^/]+)\/comments$/i, kind: "read", handle: comments },
  { pattern: /^content\/items\/([^/]+)\/comments\/([0-9a-f]{32})(?:\/(delete))?$/i, kind: "read", handle: comment },
  { pattern: /^content\/items\/([^/]+)\/addComment$/i, kind: "write", handle: addComment },
  { pattern: /^content\/items\/([^/]+)\/rating$/i, kind: "read", handle: rating },
  { pattern: /^content\/items\/([^/]+)\/addRating$/i, kind: "write", handle: addRating },
  { pattern: /^content\/items\/([^/]+)\/deleteRating$/i, kind: "write", handle: deleteRating },
  { pattern: /^content\/users\/([^/]+)\/(addRelationship|deleteRelationship)$/i, kind: "write", handle: relationship },
  { pattern: /^content\/items\/([^/]+)\/relatedItems$/i, kind: "read", handle: relatedItems },
  { pattern: /^content\/items\/([^/]+)\/dependencies(\/listDependentsTo)?$/i, kind: "read", handle: dependencies },
]
