/**
 * The portal's query syntax (digest §1.5), as `search` and the user and group searches read it: field terms, quoted
 * phrases, ranges, `*` wildcards, AND/OR/NOT, `-` exclusion, parentheses — parsed into a tree with guards against
 * deep nesting, and evaluated on one record at a time. Wildcards are matched piece by piece, never backtracking: no
 * query can stall the emulator.
 */
import { badRequest } from "../errors.ts"

/** A parsed query. */
export type Node =
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
export interface Fields {
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

export const matches = (
  node: Node,
  record: Fields,
  defaults: ReadonlyArray<string>,
  exact: ReadonlySet<string>,
): boolean => {
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
export const fieldsRead = (node: Node, defaults: ReadonlyArray<string>, into: Set<string>): Set<string> => {
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
