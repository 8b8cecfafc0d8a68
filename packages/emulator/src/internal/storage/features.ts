/**
 * The `features` and `feature_layers` tables: the features of hosted feature services (per service item and layer,
 * attributes and geometry as JSON text) and each layer's objectId counter — and the `where` clauses of feature queries,
 * read by a small tokenizer into a {@link Where} tree and compiled here to parameterized SQL (never a regular
 * expression over the clause, never a value spliced into the SQL).
 */
import type { Database } from "./database.ts"

/** A row of `features`. */
export interface FeatureRow {
  readonly object_id: number
  /** A JSON object of the feature's attribute values by field name. */
  readonly attributes: string
  /** The geometry as JSON, or null. */
  readonly geometry: string | null
}

// ---------------------------------------------------------------- where clauses

/** A field a clause names, as the layer declares it. */
export interface FieldRef {
  readonly name: string
  /** The layer's objectId field: the `object_id` column, not an attribute. */
  readonly objectId: boolean
  /** A numeric field: numeric text literals compared with it are read as numbers. */
  readonly numeric: boolean
}

export type Operand = { readonly field: FieldRef } | { readonly value: string | number }
export type Comparison = "=" | "<>" | "<" | "<=" | ">" | ">="

/** A parsed clause: comparisons and null tests joined by AND. */
export type Where =
  | { readonly kind: "and"; readonly parts: ReadonlyArray<Where> }
  | { readonly kind: "compare"; readonly left: Operand; readonly op: Comparison; readonly right: Operand }
  | { readonly kind: "null"; readonly field: FieldRef; readonly negated: boolean }

/** Why a clause could not be read: the handler answers it with a 400 envelope. */
export class WhereError extends Error {}

type Token =
  | { readonly kind: "number"; readonly value: number }
  | { readonly kind: "text"; readonly value: string }
  | { readonly kind: "word"; readonly value: string }
  | { readonly kind: "op"; readonly value: string }

/** The most tokens a clause may have, and the deepest parentheses: far above real clauses, far below a stall. */
const maxTokens = 1_000
const maxDepth = 16

const isDigit = (char: string | undefined) => char !== undefined && char >= "0" && char <= "9"
const isWordStart = (char: string | undefined) => char !== undefined && /[A-Za-z_]/.test(char)
const isWordChar = (char: string | undefined) => char !== undefined && /[A-Za-z0-9_]/.test(char)

/** Splits a clause into tokens in one pass (each character is looked at once). */
const tokenize = (text: string): Array<Token> => {
  const tokens: Array<Token> = []
  let index = 0
  while (index < text.length) {
    if (tokens.length > maxTokens) throw new WhereError(`The clause has more than ${maxTokens} tokens.`)
    const char = text[index]
    if (char === " " || char === "\t" || char === "\n" || char === "\r") {
      index += 1
    } else if (char === "'") {
      let value = ""
      let from = index + 1
      for (;;) {
        const close = text.indexOf("'", from)
        if (close < 0) throw new WhereError("A text value is not closed with a quote.")
        value += text.slice(from, close)
        if (text[close + 1] !== "'") {
          index = close + 1
          break
        }
        value += "'"
        from = close + 2
      }
      tokens.push({ kind: "text", value })
    } else if (
      isDigit(char) ||
      ((char === "-" || char === ".") && (isDigit(text[index + 1]) || text[index + 1] === "."))
    ) {
      const start = index
      index += 1
      while (isDigit(text[index]) || text[index] === ".") index += 1
      if (text[index] === "e" || text[index] === "E") {
        index += text[index + 1] === "+" || text[index + 1] === "-" ? 2 : 1
        while (isDigit(text[index])) index += 1
      }
      const value = Number(text.slice(start, index))
      if (!Number.isFinite(value)) throw new WhereError(`'${text.slice(start, start + 20)}' is not a number.`)
      tokens.push({ kind: "number", value })
    } else if (isWordStart(char)) {
      const start = index
      while (isWordChar(text[index])) index += 1
      tokens.push({ kind: "word", value: text.slice(start, index) })
    } else {
      const two = text.slice(index, index + 2)
      const op = ["<=", ">=", "<>", "!="].includes(two) ? two : "=<>()".includes(char ?? "") ? (char ?? "") : undefined
      if (op === undefined) throw new WhereError(`Unexpected character '${char}' at position ${index}.`)
      tokens.push({ kind: "op", value: op === "!=" ? "<>" : op })
      index += op.length
    }
  }
  return tokens
}

const keywords = new Set(["AND", "OR", "NOT", "IS", "NULL", "LIKE", "IN", "BETWEEN"])
const noOr = "OR is not supported by the emulator: join comparisons with AND."
const comparisons = new Set(["=", "<>", "<", "<=", ">", ">="])

/**
 * Parses a `where` clause: `1=1`, comparisons of a field with a number or quoted text (`=`, `<>`, `!=`, `<`, `<=`,
 * `>`, `>=`), `<field> IS [NOT] NULL`, joined by AND, with parentheses. `resolve` names a field of the layer (any
 * case) or `undefined`. Anything else — OR, LIKE, IN, functions, an unknown field — is a {@link WhereError}.
 */
export const parseWhere = (text: string, resolve: (name: string) => FieldRef | undefined): Where | undefined => {
  const tokens = tokenize(text)
  if (tokens.length === 0) return undefined
  let position = 0
  const peek = () => tokens[position]
  const isKeyword = (token: Token | undefined, word: string) =>
    token?.kind === "word" && token.value.toUpperCase() === word
  const operand = (): Operand => {
    const token = tokens[position++]
    if (token === undefined) throw new WhereError("The clause ends too early.")
    if (token.kind === "number" || token.kind === "text") return { value: token.value }
    if (token.kind === "word" && !keywords.has(token.value.toUpperCase())) {
      const field = resolve(token.value)
      if (field === undefined) throw new WhereError(`'${token.value.slice(0, 64)}' is not a field of this layer.`)
      return { field }
    }
    throw new WhereError(
      `Unexpected '${String(token.value).slice(0, 20)}' (the emulator reads comparisons joined by AND).`,
    )
  }
  const term = (depth: number): Where => {
    if (peek()?.kind === "op" && peek()?.value === "(") {
      if (depth >= maxDepth) throw new WhereError("Parentheses are nested too deeply.")
      position += 1
      const inner = conjunction(depth + 1)
      if (!(peek()?.kind === "op" && peek()?.value === ")"))
        throw new WhereError(isKeyword(peek(), "OR") ? noOr : "A parenthesis is not closed.")
      position += 1
      return inner
    }
    const left = operand()
    if (isKeyword(peek(), "IS")) {
      position += 1
      const negated = isKeyword(peek(), "NOT")
      if (negated) position += 1
      if (!isKeyword(peek(), "NULL") || !("field" in left)) throw new WhereError("IS must be followed by [NOT] NULL.")
      position += 1
      return { kind: "null", field: left.field, negated }
    }
    const op = peek()
    if (op?.kind !== "op" || !comparisons.has(op.value))
      throw new WhereError(
        op?.kind === "word"
          ? `Unexpected '${op.value.slice(0, 20)}' (the emulator reads =, <>, <, <=, >, >= and IS [NOT] NULL).`
          : "A comparison operator is expected.",
      )
    position += 1
    return { kind: "compare", left, op: op.value as Comparison, right: operand() }
  }
  const conjunction = (depth: number): Where => {
    const parts = [term(depth)]
    while (isKeyword(peek(), "AND")) {
      position += 1
      parts.push(term(depth))
    }
    return parts.length === 1 ? (parts[0] as Where) : { kind: "and", parts }
  }
  const where = conjunction(0)
  const rest = peek()
  if (rest !== undefined)
    throw new WhereError(isKeyword(rest, "OR") ? noOr : `Unexpected '${String(rest.value).slice(0, 20)}'.`)
  return where
}

type SqlValue = string | number | null
const column = (field: FieldRef, args: Array<SqlValue>): string => {
  if (field.objectId) return "object_id"
  // Names are the handler's words (never a quote or a backslash): the path is `$."<name>"`, bound as an argument.
  args.push(`$."${field.name}"`)
  return "json_extract(attributes, ?)"
}

/** A literal as the field it is compared with reads it: numeric text as a number for a numeric field, and back. */
const literal = (value: string | number, field: FieldRef | undefined): string | number => {
  if (field === undefined) return value
  if (field.numeric && typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value)))
    return Number(value)
  if (!field.numeric && typeof value === "number") return String(value)
  return value
}

const holds = (left: string | number, op: Comparison, right: string | number): boolean => {
  if (typeof left !== typeof right) return op === "<>"
  switch (op) {
    case "=":
      return left === right
    case "<>":
      return left !== right
    case "<":
      return left < right
    case "<=":
      return left <= right
    case ">":
      return left > right
    case ">=":
      return left >= right
  }
}

/** The SQL of a parsed clause, with its arguments (field paths and values are always arguments). */
const compile = (where: Where, args: Array<SqlValue>): string => {
  if (where.kind === "and") return `(${where.parts.map((part) => compile(part, args)).join(" AND ")})`
  if (where.kind === "null") return `${column(where.field, args)} IS ${where.negated ? "NOT " : ""}NULL`
  const { left, op, right } = where
  if ("value" in left && "value" in right) return holds(left.value, op, right.value) ? "1" : "0"
  const side = (operand: Operand, other: Operand) => {
    if ("field" in operand) return column(operand.field, args)
    args.push(literal(operand.value, "field" in other ? other.field : undefined))
    return "?"
  }
  const sql = side(left, right)
  return `(${sql} ${op} ${side(right, left)})`
}

// ---------------------------------------------------------------- reading

/** Which features of a layer: a clause, a list of objectIds, or both. */
export interface FeatureFilter {
  readonly where?: Where | undefined
  readonly objectIds?: ReadonlyArray<number> | undefined
}

/** The ordering of a query: fields, each ascending or descending (objectId breaks ties). */
export type FeatureOrder = ReadonlyArray<{ readonly field: FieldRef; readonly descending: boolean }>

const filterSql = (itemId: string, layerId: number, filter: FeatureFilter) => {
  const args: Array<SqlValue> = [itemId, layerId]
  let sql = "item_id = ? AND layer_id = ?"
  if (filter.objectIds !== undefined) {
    sql += " AND object_id IN (SELECT value FROM json_each(?))"
    args.push(JSON.stringify(filter.objectIds))
  }
  if (filter.where !== undefined) sql += ` AND ${compile(filter.where, args)}`
  return { sql, args }
}

/** One page of a layer's features matching `filter`, in `order`. */
export const selectFeatures = (
  db: Database,
  itemId: string,
  layerId: number,
  filter: FeatureFilter,
  order: FeatureOrder,
  page: { readonly limit: number; readonly offset: number },
): Array<FeatureRow> => {
  const { sql, args } = filterSql(itemId, layerId, filter)
  const orderBy = [
    ...order.map(({ field, descending }) => `${column(field, args)} ${descending ? "DESC" : "ASC"}`),
    "object_id ASC",
  ]
  return db
    .prepare(
      `SELECT object_id, attributes, geometry FROM features WHERE ${sql} ORDER BY ${orderBy.join(", ")} LIMIT ? OFFSET ?`,
    )
    .all(...args, page.limit, page.offset) as unknown as Array<FeatureRow>
}

/** How many of a layer's features match `filter`. */
export const countFeatures = (db: Database, itemId: string, layerId: number, filter: FeatureFilter): number => {
  const { sql, args } = filterSql(itemId, layerId, filter)
  return (db.prepare(`SELECT COUNT(*) AS n FROM features WHERE ${sql}`).get(...args) as { n: number }).n
}

/** The objectIds of a layer's features matching `filter`, ascending. */
export const featureObjectIds = (
  db: Database,
  itemId: string,
  layerId: number,
  filter: FeatureFilter,
): Array<number> => {
  const { sql, args } = filterSql(itemId, layerId, filter)
  return (
    db.prepare(`SELECT object_id FROM features WHERE ${sql} ORDER BY object_id`).all(...args) as Array<{
      object_id: number
    }>
  ).map((row) => row.object_id)
}

export const findFeature = (db: Database, itemId: string, layerId: number, objectId: number): FeatureRow | undefined =>
  db
    .prepare(
      "SELECT object_id, attributes, geometry FROM features WHERE item_id = ? AND layer_id = ? AND object_id = ?",
    )
    .get(itemId, layerId, objectId) as FeatureRow | undefined

// ---------------------------------------------------------------- writing (inside the handler's transaction)

/** `count` new objectIds for a layer: the first of them (they follow each other); never one given out before. */
export const allocateObjectIds = (db: Database, itemId: string, layerId: number, count: number): number => {
  db.prepare(
    "INSERT INTO feature_layers (item_id, layer_id, next_object_id) VALUES (?, ?, 1) ON CONFLICT DO NOTHING",
  ).run(itemId, layerId)
  const { next } = db
    .prepare(
      "UPDATE feature_layers SET next_object_id = next_object_id + ? WHERE item_id = ? AND layer_id = ? RETURNING next_object_id - ? AS next",
    )
    .get(count, itemId, layerId, count) as { next: number }
  return next
}

export const insertFeature = (
  db: Database,
  itemId: string,
  layerId: number,
  feature: { readonly objectId: number; readonly attributes: string; readonly geometry: string | null },
): void => {
  db.prepare("INSERT INTO features (item_id, layer_id, object_id, attributes, geometry) VALUES (?, ?, ?, ?, ?)").run(
    itemId,
    layerId,
    feature.objectId,
    feature.attributes,
    feature.geometry,
  )
}

export const updateFeature = (
  db: Database,
  itemId: string,
  layerId: number,
  feature: { readonly objectId: number; readonly attributes: string; readonly geometry: string | null },
): void => {
  db.prepare(
    "UPDATE features SET attributes = ?, geometry = ? WHERE item_id = ? AND layer_id = ? AND object_id = ?",
  ).run(feature.attributes, feature.geometry, itemId, layerId, feature.objectId)
}

/** Deletes one feature; whether it was there. */
export const deleteFeature = (db: Database, itemId: string, layerId: number, objectId: number): boolean =>
  Number(
    db
      .prepare("DELETE FROM features WHERE item_id = ? AND layer_id = ? AND object_id = ?")
      .run(itemId, layerId, objectId).changes,
  ) > 0

/** Every feature of a service and its objectId counters (a service published again starts afresh). */
export const deleteServiceFeatures = (db: Database, itemId: string): void => {
  db.prepare("DELETE FROM features WHERE item_id = ?").run(itemId)
  db.prepare("DELETE FROM feature_layers WHERE item_id = ?").run(itemId)
}
