/**
 * `search`: the portal's query syntax (digest §1.5) over the items the caller may see — field
 * terms, quoted phrases, ranges, `*` wildcards, AND/OR/NOT, `-` exclusion, parentheses — with
 * sorting and paging.
 */

import { type Context, paging, type Route } from "./context.ts"
import { badRequest } from "./fault.ts"
import { accessOf, hasPrivilege, type ItemRow, orgIdOf, renderItem } from "./model.ts"

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

const wildcard = (value: string): RegExp =>
  new RegExp(
    `^${value
      .split("*")
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*")}$`,
    "i",
  )

export interface Searchable {
  readonly id: string
  readonly fields: Readonly<Record<string, ReadonlyArray<string>>>
  readonly numbers: Readonly<Record<string, number>>
  readonly caseSensitive?: ReadonlySet<string>
}

const matchesText = (
  values: ReadonlyArray<string>,
  value: string,
  phrase: boolean,
  exact: boolean,
  caseSensitive: boolean,
): boolean => {
  if (value === "*") return values.some((entry) => entry !== "")
  if (value.includes("*")) {
    const pattern = wildcard(value)
    return values.some((entry) => pattern.test(entry) || entry.split(/\s+/).some((word) => pattern.test(word)))
  }
  const needle = caseSensitive ? value : value.toLowerCase()
  return values.some((entry) => {
    const hay = caseSensitive ? entry : entry.toLowerCase()
    if (exact) return hay === needle
    if (phrase) return hay.includes(needle)
    return hay === needle || hay.split(/[^\p{L}\p{N}_]+/u).includes(needle) || hay.includes(needle)
  })
}

/** Evaluates a query on one record. `defaults` are the fields a bare term searches; `exact` fields compare whole values. */
export const evaluate = (
  node: Node,
  record: Searchable,
  defaults: ReadonlyArray<string>,
  exact: ReadonlySet<string>,
): boolean => {
  switch (node.kind) {
    case "all":
      return true
    case "not":
      return !evaluate(node.node, record, defaults, exact)
    case "and":
      return node.nodes.every((inner) => evaluate(inner, record, defaults, exact))
    case "or":
      return node.nodes.some((inner) => evaluate(inner, record, defaults, exact))
    case "range": {
      const value = record.numbers[node.field]
      if (value === undefined) return false
      const from = node.from === "*" ? Number.NEGATIVE_INFINITY : Number(node.from)
      const to = node.to === "*" ? Number.POSITIVE_INFINITY : Number(node.to)
      return value >= from && value <= to
    }
    case "term": {
      if (node.field === undefined) {
        return defaults.some((field) => matchesText(record.fields[field] ?? [], node.value, node.phrase, false, false))
      }
      const values = record.fields[node.field]
      if (values === undefined) return false
      return matchesText(
        values,
        node.value,
        node.phrase,
        exact.has(node.field),
        record.caseSensitive?.has(node.field) ?? false,
      )
    }
  }
}

const itemRecord = (
  context: Context,
  item: ItemRow,
  orgId: string,
  groups: ReadonlyArray<string>,
  access = accessOf(context.db, item),
): Searchable => ({
  id: item.id,
  fields: {
    id: [item.id],
    owner: [item.owner],
    title: [item.title],
    type: [item.type],
    typekeywords: JSON.parse(item.type_keywords) as Array<string>,
    tags: JSON.parse(item.tags) as Array<string>,
    snippet: [item.snippet ?? ""],
    description: [item.description ?? ""],
    accessinformation: [item.access_information ?? ""],
    spatialreference: [item.spatial_reference ?? ""],
    culture: [item.culture ?? ""],
    name: [item.name ?? ""],
    url: [item.url ?? ""],
    orgid: [orgId],
    accountid: [orgId],
    access: [access],
    group: groups,
    categories: ((JSON.parse(item.extra) as { categories?: Array<string> }).categories ?? []) as Array<string>,
  },
  numbers: {
    created: item.created,
    modified: item.modified,
    uploaded: item.created,
    numviews: item.num_views,
    size: item.size,
  },
  caseSensitive: new Set(["owner", "id"]),
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
  const key = sortable[(sortField ?? "").split(",")[0]?.trim().toLowerCase() ?? ""]
  const direction = (sortOrder ?? "asc").toLowerCase() === "desc" ? -1 : 1
  if (key === undefined) return records
  return records.sort((a, b) => {
    const left = key(a)
    const right = key(b)
    if (left < right) return -direction
    if (left > right) return direction
    return String(a.id) < String(b.id) ? -1 : 1
  })
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
  const orgId = orgIdOf(db)
  const categories = (params.get("categories") ?? "")
    .split(",")
    .map((entry) => entry.trim().toLowerCase())
    .filter((entry) => entry !== "")
  // Everything visibility needs, read once (not per item): shares, the caller's groups, their privilege.
  const shares = new Map<string, Array<string>>()
  for (const row of db.prepare("SELECT item_id, group_id FROM item_shares").all() as Array<{
    item_id: string
    group_id: string
  }>) {
    const list = shares.get(row.item_id)
    if (list === undefined) shares.set(row.item_id, [row.group_id])
    else list.push(row.group_id)
  }
  const user = context.user
  const memberOf = new Set(
    user === undefined
      ? []
      : (
          db.prepare("SELECT group_id FROM group_members WHERE username = ?").all(user.username) as Array<{
            group_id: string
          }>
        ).map((row) => row.group_id),
  )
  const seesAll = user !== undefined && hasPrivilege(db, user, "portal:admin:viewItems")
  const visible = (item: ItemRow) =>
    item.access === "public" ||
    (user !== undefined &&
      (seesAll ||
        user.username === item.owner ||
        item.access === "org" ||
        (shares.get(item.id) ?? []).some((group) => memberOf.has(group))))
  const accessFor = (item: ItemRow) =>
    item.access === "public" || item.access === "org" ? item.access : shares.has(item.id) ? "shared" : "private"
  const rows = db
    .prepare("SELECT * FROM items WHERE status <> 'partial' ORDER BY created, id")
    .all() as unknown as Array<ItemRow>
  const matched = rows.filter(
    (item) =>
      visible(item) &&
      evaluate(
        tree,
        itemRecord(context, item, orgId, shares.get(item.id) ?? [], accessFor(item)),
        itemDefaults,
        itemExact,
      ) &&
      (bbox === undefined || intersects(item.extent, bbox)) &&
      (categories.length === 0 ||
        ((JSON.parse(item.extra) as { categories?: Array<string> }).categories ?? []).some((category) =>
          categories.includes(category.toLowerCase()),
        )),
  )
  // Sort on what the rows hold (ratings and comments counted in one query each, only when sorting by
  // them), then render only the page.
  const sortField = (params.get("sortField") ?? "").split(",")[0]?.trim().toLowerCase() ?? ""
  const counts = (sql: string) =>
    new Map((db.prepare(sql).all() as Array<{ id: string; value: number }>).map((row) => [row.id, row.value]))
  const aggregate =
    sortField === "avgrating"
      ? counts("SELECT item_id AS id, AVG(rating) AS value FROM ratings GROUP BY item_id")
      : sortField === "numratings"
        ? counts("SELECT item_id AS id, COUNT(*) AS value FROM ratings GROUP BY item_id")
        : sortField === "numcomments"
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
    row: item,
  }))
  const sorted = sortRecords(keyed, params.get("sortField"), params.get("sortOrder")) as typeof keyed
  const { start, num } = paging(params)
  const page = sorted.slice(start - 1, start - 1 + num).map((entry) => renderItem(db, orgId, entry.row))
  const end = start - 1 + page.length
  return {
    query: q,
    total: sorted.length,
    start,
    num: page.length,
    nextStart: end < sorted.length ? end + 1 : -1,
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
    return evaluate(tree, itemRecord(context, item, orgId, groups), itemDefaults, itemExact)
  }
}

export const searchRoutes: ReadonlyArray<Route> = [{ pattern: /^search$/i, kind: "read", handle: search }]
