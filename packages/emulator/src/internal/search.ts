/**
 * `search`: the portal's query syntax (digest §1.5) over the items the caller may see — field
 * terms, quoted phrases, ranges, `*` wildcards, AND/OR/NOT, `-` exclusion, parentheses — with
 * sorting and paging. The sorted matches of a search are cached until the next write (see
 * `resultCacheOf`), so each further page of it renders only its own items.
 */

import { itemVisibility } from "./authorization.ts"
import { type Context, paging, type Route } from "./context.ts"
import { type Database, dataVersion } from "./db.ts"
import { badRequest } from "./fault.ts"
import { accessOf, findItem, type ItemRow, orgIdOf, renderItem } from "./model.ts"
import { limitList } from "./request.ts"
import { makeResultCache, type ResultCache } from "./result-cache.ts"

type Node =
  | { readonly kind: "term"; readonly field: string | undefined; readonly value: string; readonly phrase: boolean }
  | { readonly kind: "range"; readonly field: string; readonly from: string; readonly to: string }
  | { readonly kind: "not"; readonly node: Node }
  | { readonly kind: "and" | "or"; readonly nodes: ReadonlyArray<Node> }
  | { readonly kind: "all" }

type Token =
  | { readonly type: "(" | ")" | "and" | "or" | "not" | "minus" | "plus" }
  | { readonly type: "term"; readonly node: Node }

const tokenize = (query: string): Array<Token> => {
  const tokens: Array<Token> = []
  let index = 0
  const length = query.length
  while (index < length) {
    const char = query[index] ?? ""
    if (/\s/.test(char)) {
      index += 1
      continue
    }
    if (char === "(" || char === ")") {
      tokens.push({ type: char })
      index += 1
      continue
    }
    if ((char === "-" || char === "+") && index + 1 < length && !/\s/.test(query[index + 1] ?? " ")) {
      tokens.push({ type: char === "-" ? "minus" : "plus" })
      index += 1
      continue
    }
    // field name?
    // `field:value` and `field: value` (Esri's client sends the latter) are the same term.
    const fieldMatch = /^([A-Za-z_][A-Za-z0-9_]*):\s*/.exec(query.slice(index))
    let field: string | undefined
    if (fieldMatch) {
      field = (fieldMatch[1] ?? "").toLowerCase()
      index += fieldMatch[0].length
    }
    const rest = query.slice(index)
    if (rest.startsWith('"')) {
      const end = rest.indexOf('"', 1)
      const value = end === -1 ? rest.slice(1) : rest.slice(1, end)
      index += end === -1 ? rest.length : end + 1
      tokens.push({ type: "term", node: { kind: "term", field, value, phrase: true } })
      continue
    }
    if (rest.startsWith("[") || rest.startsWith("{")) {
      const end = rest.search(/[\]}]/)
      const body = end === -1 ? rest.slice(1) : rest.slice(1, end)
      index += end === -1 ? rest.length : end + 1
      const parts = body.split(/\s+TO\s+/)
      if (field === undefined || parts.length !== 2)
        throw badRequest("Invalid query.", ["A range needs a field and 'TO'."])
      tokens.push({
        type: "term",
        node: { kind: "range", field, from: (parts[0] ?? "").trim(), to: (parts[1] ?? "").trim() },
      })
      continue
    }
    const word = /^[^\s()"]+/.exec(rest)?.[0] ?? ""
    index += Math.max(1, word.length)
    if (field === undefined && (word === "AND" || word === "&&")) tokens.push({ type: "and" })
    else if (field === undefined && (word === "OR" || word === "||")) tokens.push({ type: "or" })
    else if (field === undefined && word === "NOT") tokens.push({ type: "not" })
    else if (word !== "") tokens.push({ type: "term", node: { kind: "term", field, value: word, phrase: false } })
  }
  return tokens
}

/** Parses a query; the default operator between terms is AND (like the Python module's queries expect). */
export const parse = (query: string): Node => {
  const tokens = tokenize(query)
  let position = 0
  const peek = () => tokens[position]
  const parseOr = (depth: number): Node => {
    const nodes = [parseAnd(depth)]
    while (peek()?.type === "or") {
      position += 1
      nodes.push(parseAnd(depth))
    }
    return nodes.length === 1 ? (nodes[0] as Node) : { kind: "or", nodes }
  }
  const parseAnd = (depth: number): Node => {
    const nodes: Array<Node> = []
    for (;;) {
      const token = peek()
      if (token === undefined || token.type === ")" || token.type === "or") break
      if (token.type === "and") {
        position += 1
        continue
      }
      nodes.push(parseUnary(depth))
    }
    if (nodes.length === 0) return { kind: "all" }
    return nodes.length === 1 ? (nodes[0] as Node) : { kind: "and", nodes }
  }
  const parseUnary = (depth: number): Node => {
    const token = peek()
    if (token?.type === "not" || token?.type === "minus") {
      position += 1
      return { kind: "not", node: parseUnary(depth) }
    }
    if (token?.type === "plus") {
      position += 1
      return parseUnary(depth)
    }
    return parsePrimary(depth)
  }
  const parsePrimary = (depth: number): Node => {
    const token = peek()
    if (token === undefined) return { kind: "all" }
    position += 1
    if (token.type === "(") {
      if (depth > 32) throw badRequest("Invalid query.", ["The query is nested too deeply."])
      const inner = parseOr(depth + 1)
      if (peek()?.type === ")") position += 1
      return inner
    }
    if (token.type === "term") return token.node
    return { kind: "all" }
  }
  const node = parseOr(0)
  return node
}

/**
 * A matcher for a `*` wildcard pattern (any run of characters, case ignored) that no pattern can make slow. A regular
 * expression (`a.*a.*a.*…b`) backtracks: each `.*` retries every split, so ten stars against a 250-character title
 * did not finish, and the emulator, its event loop taken, answered nothing again. Here the pieces between the stars are found left to right, each at its
 * earliest place after the previous one, and never tried again — the earliest place leaves the most room for the
 * rest, so a text has a match exactly when this finds one. Each piece is one `indexOf` from where the last ended:
 * linear in the text (times the piece length at worst), whatever the stars.
 */
export const wildcard = (pattern: string): ((text: string) => boolean) => {
  const pieces = pattern.toLowerCase().split("*")
  const first = pieces[0] ?? ""
  const last = pieces[pieces.length - 1] ?? ""
  const middle = pieces.slice(1, -1).filter((piece) => piece !== "")
  return (text) => {
    const hay = text.toLowerCase()
    if (pieces.length === 1) return hay === first
    if (hay.length < first.length + last.length || !hay.startsWith(first) || !hay.endsWith(last)) return false
    const end = hay.length - last.length
    let position = first.length
    for (const piece of middle) {
      const found = hay.indexOf(piece, position)
      if (found === -1 || found + piece.length > end) return false
      position = found + piece.length
    }
    return true
  }
}

export interface Searchable {
  readonly id: string
  readonly fields: Readonly<Record<string, ReadonlyArray<string>>>
  readonly numbers: Readonly<Record<string, number>>
  readonly caseSensitive?: ReadonlySet<string>
}

/**
 * A record as a query reads it, one field at a time: items compute a field only when the query asks
 * for it (tags and type keywords are JSON in their rows). A field the record does not have is
 * `undefined`, whatever its name (`constructor:x` is not a field of any record).
 */
interface Fields {
  readonly text: (field: string) => ReadonlyArray<string> | undefined
  readonly number: (field: string) => number | undefined
  readonly caseSensitive: (field: string) => boolean
}

const fieldsOf = (record: Searchable): Fields => ({
  text: (field) => (Object.hasOwn(record.fields, field) ? record.fields[field] : undefined),
  number: (field) => (Object.hasOwn(record.numbers, field) ? record.numbers[field] : undefined),
  caseSensitive: (field) => record.caseSensitive?.has(field) ?? false,
})

const matchesText = (
  values: ReadonlyArray<string>,
  value: string,
  phrase: boolean,
  exact: boolean,
  caseSensitive: boolean,
): boolean => {
  if (value === "*") return values.some((entry) => entry !== "")
  if (value.includes("*")) {
    const test = wildcard(value)
    return values.some((entry) => test(entry) || entry.split(/\s+/).some(test))
  }
  const needle = caseSensitive ? value : value.toLowerCase()
  return values.some((entry) => {
    const hay = caseSensitive ? entry : entry.toLowerCase()
    if (exact) return hay === needle
    if (phrase) return hay.includes(needle)
    return hay === needle || hay.split(/[^\p{L}\p{N}_]+/u).includes(needle) || hay.includes(needle)
  })
}

const matches = (node: Node, record: Fields, defaults: ReadonlyArray<string>, exact: ReadonlySet<string>): boolean => {
  switch (node.kind) {
    case "all":
      return true
    case "not":
      return !matches(node.node, record, defaults, exact)
    case "and":
      return node.nodes.every((inner) => matches(inner, record, defaults, exact))
    case "or":
      return node.nodes.some((inner) => matches(inner, record, defaults, exact))
    case "range": {
      const value = record.number(node.field)
      if (value === undefined) return false
      const from = node.from === "*" ? Number.NEGATIVE_INFINITY : Number(node.from)
      const to = node.to === "*" ? Number.POSITIVE_INFINITY : Number(node.to)
      return value >= from && value <= to
    }
    case "term": {
      if (node.field === undefined) {
        return defaults.some((field) => matchesText(record.text(field) ?? [], node.value, node.phrase, false, false))
      }
      const values = record.text(node.field)
      if (values === undefined) return false
      return matchesText(values, node.value, node.phrase, exact.has(node.field), record.caseSensitive(node.field))
    }
  }
}

/** Evaluates a query on one record. `defaults` are the fields a bare term searches; `exact` fields compare whole values. */
export const evaluate = (
  node: Node,
  record: Searchable,
  defaults: ReadonlyArray<string>,
  exact: ReadonlySet<string>,
): boolean => matches(node, fieldsOf(record), defaults, exact)

/** The fields a query reads (a bare term reads every default field). */
const fieldsRead = (node: Node, defaults: ReadonlyArray<string>, into: Set<string>): Set<string> => {
  switch (node.kind) {
    case "all":
      break
    case "not":
      fieldsRead(node.node, defaults, into)
      break
    case "and":
    case "or":
      for (const inner of node.nodes) fieldsRead(inner, defaults, into)
      break
    case "range":
      into.add(node.field)
      break
    case "term":
      if (node.field === undefined) for (const field of defaults) into.add(field)
      else into.add(node.field)
  }
  return into
}

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

const sortable: Record<string, (item: Record<string, unknown>) => string | number> = {
  title: (item) => String(item.title ?? "").toLowerCase(),
  created: (item) => Number(item.created ?? 0),
  uploaded: (item) => Number(item.created ?? 0),
  modified: (item) => Number(item.modified ?? 0),
  type: (item) => String(item.type ?? "").toLowerCase(),
  owner: (item) => String(item.owner ?? ""),
  avgrating: (item) => Number(item.avgRating ?? 0),
  numratings: (item) => Number(item.numRatings ?? 0),
  numcomments: (item) => Number(item.numComments ?? 0),
  numviews: (item) => Number(item.numViews ?? 0),
  username: (record) => String(record.username ?? "").toLowerCase(),
  fullname: (record) => String(record.fullName ?? "").toLowerCase(),
}

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

/** The sort key `sortField` names (first field of a comma list), if it names one. */
const sortName = (sortField: string | undefined): string => (sortField ?? "").split(",")[0]?.trim().toLowerCase() ?? ""
const sortKeyOf = (sortField: string | undefined) => {
  const name = sortName(sortField)
  return Object.hasOwn(sortable, name) ? sortable[name] : undefined
}

const intersects = (extent: string, bbox: ReadonlyArray<number>): boolean => {
  const parsed = JSON.parse(extent) as Array<Array<number>>
  if (parsed.length !== 2) return false
  const [[xmin, ymin] = [], [xmax, ymax] = []] = parsed
  const [bxmin, bymin, bxmax, bymax] = bbox as [number, number, number, number]
  return (xmin ?? 0) <= bxmax && (xmax ?? 0) >= bxmin && (ymin ?? 0) <= bymax && (ymax ?? 0) >= bymin
}

/** Sorts rendered records by `sortField`/`sortOrder` (first field of a comma list), ties by id. */
export const sortRecords = (
  records: Array<Record<string, unknown>>,
  sortField: string | undefined,
  sortOrder: string | undefined,
) => {
  const key = sortKeyOf(sortField)
  const direction = (sortOrder ?? "asc").toLowerCase() === "desc" ? -1 : 1
  if (key === undefined) return records
  // Each record's key is computed once, not at each of the n·log n comparisons.
  const keyed = records.map((record) => ({ key: key(record), id: String(record.id), record }))
  keyed.sort((a, b) => {
    if (a.key < b.key) return -direction
    if (a.key > b.key) return direction
    return a.id < b.id ? -1 : 1
  })
  keyed.forEach((entry, index) => {
    records[index] = entry.record
  })
  return records
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

interface SearchQuery {
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
const matchingIds = (context: Context, query: SearchQuery): Array<string> => {
  const { db } = context
  const { tree, bbox, categories } = query
  const orgId = orgIdOf(db)
  // Everything visibility needs, read once (not per item): shares here, the caller's groups and privileges in
  // the authorization module's predicate.
  const shares = new Map<string, Array<string>>()
  for (const row of db.prepare("SELECT item_id, group_id FROM item_shares").all() as Array<{
    item_id: string
    group_id: string
  }>) {
    const list = shares.get(row.item_id)
    if (list === undefined) shares.set(row.item_id, [row.group_id])
    else list.push(row.group_id)
  }
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
  const columns = itemColumns.filter((column) => needed.has(column)).join(", ")
  // Rows hold only the columns above; the fields read from them are exactly the ones those columns serve.
  const rows = db
    .prepare(`SELECT ${columns} FROM items WHERE status <> 'partial' ORDER BY created, id`)
    .all() as unknown as Array<ItemRow>
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
  const counts = (sql: string) =>
    new Map((db.prepare(sql).all() as Array<{ id: string; value: number }>).map((row) => [row.id, row.value]))
  const aggregate =
    sortKey === "avgrating"
      ? counts("SELECT item_id AS id, AVG(rating) AS value FROM ratings GROUP BY item_id")
      : sortKey === "numratings"
        ? counts("SELECT item_id AS id, COUNT(*) AS value FROM ratings GROUP BY item_id")
        : sortKey === "numcomments"
          ? counts("SELECT item_id AS id, COUNT(*) AS value FROM comments GROUP BY item_id")
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
const resultCacheOf = (db: Database): ResultCache<ReadonlyArray<string>> => {
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

const search = (context: Context) => {
  const { params, db } = context
  const q = params.get("q") ?? ""
  const bboxRaw = params.get("bbox")
  if (q.trim() === "" && !bboxRaw && !params.get("categories"))
    throw badRequest("Invalid request", ["'q', 'bbox' or 'categories' is required."])
  if (q.length > 16_384) throw badRequest("Invalid query.", ["The query is too long."])
  const bbox = bboxRaw ? bboxRaw.split(",").map(Number) : undefined
  if (bbox !== undefined && (bbox.length !== 4 || bbox.some((value) => !Number.isFinite(value)))) {
    throw badRequest("Invalid request", ["'bbox' must be xmin,ymin,xmax,ymax."])
  }
  const tree = parse(q)
  const categories = limitList(
    "categories",
    (params.get("categories") ?? "")
      .split(",")
      .map((entry) => entry.trim().toLowerCase())
      .filter((entry) => entry !== ""),
  )
  const sortField = params.get("sortField")
  const sortOrder = params.get("sortOrder")
  const sortKey = sortName(sortField)
  const descending = (sortOrder ?? "asc").toLowerCase() === "desc"
  // Everything the matches depend on, normalized; visibility depends on who asks.
  const key = JSON.stringify([
    q,
    bbox ?? null,
    categories,
    sortKeyOf(sortField) === undefined ? null : [sortKey, descending],
    context.caller.identity,
  ])
  const ids = resultCacheOf(db).get(key, dataVersion(db), () =>
    matchingIds(context, { tree, bbox, categories, sortField, sortOrder }),
  )
  const { start, num } = paging(params)
  const orgId = orgIdOf(db)
  const page = ids.slice(start - 1, start - 1 + num).map((id) => {
    const item = findItem(db, id)
    // Cannot happen: the ids were computed at the data version the database is still at.
    if (item === undefined) throw new Error(`search: item ${id} of a cached result is gone`)
    return renderItem(db, orgId, item)
  })
  const end = start - 1 + page.length
  return {
    query: q,
    total: ids.length,
    start,
    num: page.length,
    nextStart: end < ids.length ? end + 1 : -1,
    results: page,
  }
}

/** A matcher for the item query syntax, for listings that filter items with `q` (group content search). */
export const itemMatcher = (context: Context, q: string) => {
  const tree = parse(q)
  const orgId = orgIdOf(context.db)
  return (item: ItemRow): boolean => {
    const groups = (
      context.db.prepare("SELECT group_id FROM item_shares WHERE item_id = ?").all(item.id) as Array<{
        group_id: string
      }>
    ).map((row) => row.group_id)
    return matches(
      tree,
      itemFields(item, { orgId, access: accessOf(context.db, item), groups }),
      itemDefaults,
      itemExact,
    )
  }
}

export const searchRoutes: ReadonlyArray<Route> = [{ pattern: /^search$/i, kind: "read", handle: search }]
