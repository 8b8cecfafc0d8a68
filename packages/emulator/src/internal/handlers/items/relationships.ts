/**
 * Relationships between items (digest §4.11): adding and deleting them on the owner path
 * (`content/users/<username>/addRelationship|deleteRelationship`), the related items, and the dependencies a Web Map
 * or an app's JSON gives (`content/items/<id>/relatedItems|dependencies[/listDependentsTo]`).
 */
import { canChangeItem, canViewItem, isFullAdmin, requireUser } from "../../authorization.ts"
import type { Context } from "../../context.ts"
import { badRequest, forbidden } from "../../errors.ts"
import { renderItem } from "../../render.ts"
import { limitList } from "../../request.ts"
import { transaction } from "../../storage/database.ts"
import { findItem } from "../../storage/items.ts"
import { orgIdOf } from "../../storage/portal.ts"
import {
  deleteRelationshipRow,
  destinationsOf,
  insertCreatedRelationship,
  originsOf,
  relatedItemRows,
  relationshipCreator,
} from "../../storage/relationships.ts"
import { findUser } from "../../storage/users.ts"
import { findVisibleItem } from "./lookup.ts"

/** The relationship types of the portal. */
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

/**
 * The relationship a change names (`originItemId`, `destinationItemId`, `relationshipType`), on the caller's own path
 * (a default administrator's on any); whoever may change the origin item may change its relationships.
 */
const relationshipOf = (context: Context, match: RegExpExecArray) => {
  const caller = requireUser(context)
  const owner = findUser(context.db, match[1] ?? "")
  if (owner === undefined || (owner.username !== caller.username && !isFullAdmin(context))) throw forbidden()
  const type = context.params.get("relationshipType") ?? context.params.get("relationshipTypes") ?? ""
  if (!relationshipTypes.has(type))
    throw badRequest("Invalid relationship type.", [`'${type.slice(0, 64)}' is not a relationship type.`])
  const origin = findVisibleItem(context, context.params.get("originItemId") ?? "")
  const destination = findVisibleItem(context, context.params.get("destinationItemId") ?? "")
  if (origin.id === destination.id) throw badRequest("Invalid request", ["An item cannot be related to itself."])
  // A relationship changes its origin item: whoever may change that item (owner rights, portal:admin:updateItems).
  if (!canChangeItem(context, origin, "update")) throw forbidden()
  return { caller, type, origin, destination }
}

/** `POST content/users/<username>/addRelationship` (adding one that exists changes nothing). */
export const addRelationship = (context: Context, match: RegExpExecArray) => {
  const { caller, type, origin, destination } = relationshipOf(context, match)
  transaction(context.db, () =>
    insertCreatedRelationship(
      context.db,
      { originId: origin.id, destinationId: destination.id, type },
      caller.username,
      Date.now(),
      true,
    ),
  )
  return { success: true }
}

/** `POST content/users/<username>/deleteRelationship`: its creator's, or a default administrator's. */
export const deleteRelationship = (context: Context, match: RegExpExecArray) => {
  const { caller, type, origin, destination } = relationshipOf(context, match)
  const existing = relationshipCreator(context.db, origin.id, destination.id, type)
  if (existing === undefined) throw badRequest("Relationship does not exist.", [], "CONT_0080")
  if (existing.creator !== null && existing.creator !== caller.username && !isFullAdmin(context)) throw forbidden()
  transaction(context.db, () => deleteRelationshipRow(context.db, origin.id, destination.id, type))
  return { success: true }
}

/** `GET content/items/<id>/relatedItems`: by `relationshipTypes`, `forward` (destinations) or `reverse` (origins). */
export const relatedItems = (context: Context, match: RegExpExecArray) => {
  const item = findVisibleItem(context, match[1] ?? "")
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
  const rows = relatedItemRows(context.db, item.id, types, direction)
  const orgId = orgIdOf(context.db)
  const related = rows.filter((row) => canViewItem(context, row)).map((row) => renderItem(context.db, orgId, row))
  return { total: related.length, relatedItems: related }
}

/** A dependency listing, in one page. */
const dependencyList = (list: ReadonlyArray<Record<string, string>>) => ({
  total: list.length,
  start: 1,
  num: list.length,
  nextStart: -1,
  list,
})

/** `GET content/items/<id>/dependencies`: the item's relationships and its URL. */
export const dependencies = (context: Context, match: RegExpExecArray) => {
  const item = findVisibleItem(context, match[1] ?? "")
  const list: Array<Record<string, string>> = []
  for (const id of destinationsOf(context.db, item.id)) list.push({ dependencyType: "id", id })
  if (item.url) list.push({ dependencyType: "url", url: item.url })
  return dependencyList(list)
}

/** `GET content/items/<id>/dependencies/listDependentsTo`: the items related to it that the caller may see. */
export const listDependentsTo = (context: Context, match: RegExpExecArray) => {
  const item = findVisibleItem(context, match[1] ?? "")
  const list: Array<Record<string, string>> = []
  for (const id of originsOf(context.db, item.id)) {
    const origin = findItem(context.db, id)
    if (origin !== undefined && canViewItem(context, origin)) list.push({ dependencyType: "id", id })
  }
  return dependencyList(list)
}
