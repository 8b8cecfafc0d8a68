/**
 * Item search: the fields of the item query syntax, the scan that finds the items a query matches among those the
 * caller may see (reading only the columns it needs), and the cache of sorted matches that lets each further page of
 * one search render only its own items.
 */
import { itemVisibility } from "../authorization.ts"
import type { Context } from "../context.ts"
import { accessOf } from "../render.ts"
import { makeResultCache, type ResultCache } from "../result-cache.ts"
import type { Database } from "../storage/database.ts"
import { type ItemRow, scanItems } from "../storage/items.ts"
import { orgIdOf } from "../storage/portal.ts"
import { allShares, sharesOf } from "../storage/shares.ts"
import { perItem } from "../storage/social.ts"
import { type Fields, fieldsRead, matches, type Node, parse } from "./query.ts"
import { sortName, sortRecords } from "./sort.ts"

/** What an item's record needs besides its row: the org, the access it reports, the groups it is shared with. */
interface ItemFacts {
  readonly orgId: string
  readonly access: string
  readonly groups: ReadonlyArray<string>
}

/** A field of the item query syntax: the column it reads (none: it comes from the facts), and its values. */
interface ItemField<A> {
  readonly column: keyof ItemRow | undefined
  readonly read: (item: ItemRow, facts: ItemFacts) => A
}

const categoriesOf = (item: ItemRow): Array<string> =>
  (JSON.parse(item.extra) as { categories?: Array<string> }).categories ?? []

// One table per kind of field, from which both the record and the columns a query needs are derived,
// so that the two cannot disagree.
const itemText = new Map<string, ItemField<ReadonlyArray<string>>>([
  ["id", { column: "id", read: (item) => [item.id] }],
  ["owner", { column: "owner", read: (item) => [item.owner] }],
  ["title", { column: "title", read: (item) => [item.title] }],
  ["type", { column: "type", read: (item) => [item.type] }],
  ["typekeywords", { column: "type_keywords", read: (item) => JSON.parse(item.type_keywords) as Array<string> }],
  ["tags", { column: "tags", read: (item) => JSON.parse(item.tags) as Array<string> }],
  ["snippet", { column: "snippet", read: (item) => [item.snippet ?? ""] }],
  ["description", { column: "description", read: (item) => [item.description ?? ""] }],
  ["accessinformation", { column: "access_information", read: (item) => [item.access_information ?? ""] }],
  ["spatialreference", { column: "spatial_reference", read: (item) => [item.spatial_reference ?? ""] }],
  ["culture", { column: "culture", read: (item) => [item.culture ?? ""] }],
  ["name", { column: "name", read: (item) => [item.name ?? ""] }],
  ["url", { column: "url", read: (item) => [item.url ?? ""] }],
  ["orgid", { column: undefined, read: (_, facts) => [facts.orgId] }],
  ["accountid", { column: undefined, read: (_, facts) => [facts.orgId] }],
  ["access", { column: "access", read: (_, facts) => [facts.access] }],
  ["group", { column: undefined, read: (_, facts) => facts.groups }],
  ["categories", { column: "extra", read: categoriesOf }],
])
const itemNumbers = new Map<string, ItemField<number>>([
  ["created", { column: "created", read: (item) => item.created }],
  ["modified", { column: "modified", read: (item) => item.modified }],
  ["uploaded", { column: "created", read: (item) => item.created }],
  ["numviews", { column: "num_views", read: (item) => item.num_views }],
  ["size", { column: "size", read: (item) => item.size }],
])

const itemFields = (item: ItemRow, facts: ItemFacts): Fields => ({
  text: (field) => itemText.get(field)?.read(item, facts),
  number: (field) => itemNumbers.get(field)?.read(item, facts),
  caseSensitive: (field) => field === "owner" || field === "id",
})

const itemDefaults = ["title", "tags", "snippet", "description", "type", "typekeywords"]
const itemExact = new Set([
  "id",
  "owner",
  "type",
  "orgid",
  "accountid",
  "access",
  "group",
  "typekeywords",
  "tags",
  "culture",
])

/** The column each item sort key reads (the rating and comment sorts count other tables instead). */
const sortColumns = new Map<string, keyof ItemRow>([
  ["title", "title"],
  ["created", "created"],
  ["uploaded", "created"],
  ["modified", "modified"],
  ["type", "type"],
  ["owner", "owner"],
  ["numviews", "num_views"],
])

const intersects = (extent: string, bbox: ReadonlyArray<number>): boolean => {
  const parsed = JSON.parse(extent) as Array<Array<number>>
  if (parsed.length !== 2) return false
  const [[xmin, ymin] = [], [xmax, ymax] = []] = parsed
  const [bxmin, bymin, bxmax, bymax] = bbox as [number, number, number, number]
  return (xmin ?? 0) <= bxmax && (xmax ?? 0) >= bxmin && (ymin ?? 0) <= bymax && (ymax ?? 0) >= bymin
}

/** Every column of `items`, in table order (so that the projection of a query is always the same SQL). */
const itemColumns: ReadonlyArray<keyof ItemRow> = [
  "id",
  "owner",
  "folder_id",
  "title",
  "type",
  "type_keywords",
  "description",
  "snippet",
  "tags",
  "thumbnail",
  "url",
  "extent",
  "spatial_reference",
  "access_information",
  "license_info",
  "culture",
  "properties",
  "name",
  "size",
  "access",
  "protected",
  "comments_enabled",
  "status",
  "num_views",
  "created",
  "modified",
  "extra",
]

/** What a search matches and sorts by. */
export interface SearchQuery {
  readonly tree: Node
  readonly bbox: ReadonlyArray<number> | undefined
  readonly categories: ReadonlyArray<string>
  readonly sortField: string | undefined
  readonly sortOrder: string | undefined
}

/**
 * The ids of every item `query` finds that the caller may see, in result order. A scan of every item:
 * only the columns the query reads are loaded, and a field is only computed when the query reads it.
 */
export const matchingIds = (context: Context, query: SearchQuery): Array<string> => {
  const { db } = context
  const { tree, bbox, categories } = query
  const orgId = orgIdOf(db)
  // Everything visibility needs, read once (not per item): shares here, the caller's groups and privileges in
  // the authorization module's predicate.
  const shares = allShares(db)
  const canSee = itemVisibility(context)
  const noShares: ReadonlyArray<string> = []
  const visible = (item: ItemRow) => canSee(item, shares.get(item.id) ?? noShares)
  const accessFor = (item: ItemRow) =>
    item.access === "public" || item.access === "org" ? item.access : shares.has(item.id) ? "shared" : "private"
  const sortKey = sortName(query.sortField)
  const needed = new Set<keyof ItemRow>(["id", "owner", "access", "created"])
  for (const field of fieldsRead(tree, itemDefaults, new Set())) {
    const column = itemText.get(field)?.column ?? itemNumbers.get(field)?.column
    if (column !== undefined) needed.add(column)
  }
  const sortColumn = sortColumns.get(sortKey)
  if (sortColumn !== undefined) needed.add(sortColumn)
  if (bbox !== undefined) needed.add("extent")
  if (categories.length > 0) needed.add("extra")
  // Rows hold only the columns above; the fields read from them are exactly the ones those columns serve.
  const rows = scanItems(
    db,
    itemColumns.filter((column) => needed.has(column)),
  )
  const noGroups: ReadonlyArray<string> = []
  const matched = rows.filter(
    (item) =>
      visible(item) &&
      matches(
        tree,
        itemFields(item, { orgId, access: accessFor(item), groups: shares.get(item.id) ?? noGroups }),
        itemDefaults,
        itemExact,
      ) &&
      (bbox === undefined || intersects(item.extent, bbox)) &&
      (categories.length === 0 || categoriesOf(item).some((category) => categories.includes(category.toLowerCase()))),
  )
  // Sort on what the rows hold (ratings and comments counted in one query each, only when sorting by them).
  const aggregate =
    sortKey === "avgrating"
      ? perItem(db, "averageRating")
      : sortKey === "numratings"
        ? perItem(db, "ratings")
        : sortKey === "numcomments"
          ? perItem(db, "comments")
          : undefined
  const keyed = matched.map((item) => ({
    id: item.id,
    title: item.title,
    created: item.created,
    modified: item.modified,
    type: item.type,
    owner: item.owner,
    numViews: item.num_views,
    avgRating: aggregate?.get(item.id) ?? 0,
    numRatings: aggregate?.get(item.id) ?? 0,
    numComments: aggregate?.get(item.id) ?? 0,
  }))
  return sortRecords(keyed, query.sortField, query.sortOrder).map((entry) => String(entry.id))
}

/**
 * Sorted matches by database: paging through one search (same query, caller and sort; any `start`/`num`)
 * scans the items once, then each page only renders its own items. Keyed by the data version, so any
 * write is seen by the next request.
 */
const resultCaches = new WeakMap<Database, ResultCache<ReadonlyArray<string>>>()
export const resultCacheOf = (db: Database): ResultCache<ReadonlyArray<string>> => {
  let cache = resultCaches.get(db)
  if (cache === undefined) {
    cache = makeResultCache<ReadonlyArray<string>>({
      maxEntries: 32,
      ttlMillis: 30_000,
      maxWeight: 1_000_000,
      weigh: (ids) => ids.length,
    })
    resultCaches.set(db, cache)
  }
  return cache
}

/** A matcher for the item query syntax, for listings that filter items with `q` (group content search). */
export const itemMatcher = (context: Context, q: string) => {
  const tree = parse(q)
  const orgId = orgIdOf(context.db)
  return (item: ItemRow): boolean => {
    const groups = sharesOf(context.db, item.id)
    return matches(
      tree,
      itemFields(item, { orgId, access: accessOf(context.db, item), groups }),
      itemDefaults,
      itemExact,
    )
  }
}
