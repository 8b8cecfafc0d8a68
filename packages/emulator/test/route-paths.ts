/**
 * Concrete request paths derived from the emulator's route tables, for the fuzz test: each route's pattern is
 * expanded into every path it accepts (each alternative, with and without each optional part), and each variable
 * part of a path (a character class, `.+`, `\d+`) becomes a slot that a test fills with a valid value or with
 * hostile input.
 */
import type { Route } from "../src/internal/route.ts"

/** A variable part of a path: what the pattern accepts there, and the literal path just before it. */
export interface Slot {
  readonly kind: "slot"
  /** The pattern text of the part (`[0-9a-f]{32}`, `[^/]+`, `.+`, `[A-Za-z]+`…). */
  readonly pattern: string
  /** The path segment just before it (`items`, `users`…): what the slot names. */
  readonly after: string
}

export type Part = string | Slot

/** One path a route accepts: literal text and slots, plus the route it belongs to. */
export interface PathTemplate {
  readonly route: Route
  readonly parts: ReadonlyArray<Part>
}

type Node =
  | { readonly type: "literal"; readonly text: string }
  | { readonly type: "slot"; readonly pattern: string }
  | { readonly type: "sequence"; readonly items: ReadonlyArray<Node> }
  | { readonly type: "choice"; readonly options: ReadonlyArray<Node> }
  | { readonly type: "optional"; readonly node: Node }

/** Parses the subset of regular expressions the route tables use. */
const parse = (source: string): Node => {
  let index = 0
  const quantifier = (): string => {
    const char = source[index]
    if (char === "?" || char === "+" || char === "*") {
      index += 1
      return char
    }
    if (char === "{") {
      const end = source.indexOf("}", index)
      const text = source.slice(index, end + 1)
      index = end + 1
      return text
    }
    return ""
  }
  const sequence = (): Node => {
    const options: Array<Node> = []
    let items: Array<Node> = []
    while (index < source.length) {
      const char = source[index] ?? ""
      if (char === ")") break
      if (char === "|") {
        index += 1
        options.push({ type: "sequence", items })
        items = []
        continue
      }
      if (char === "^" || char === "$") {
        index += 1
        continue
      }
      let atom: Node
      let atomText: string
      if (char === "(") {
        index += source.startsWith("(?:", index) ? 3 : 1
        const start = index
        atom = sequence()
        atomText = source.slice(start, index)
        index += 1 // ")"
      } else if (char === "[") {
        const end = source.indexOf("]", index)
        atomText = source.slice(index, end + 1)
        atom = { type: "slot", pattern: atomText }
        index = end + 1
      } else if (char === "\\") {
        const next = source[index + 1] ?? ""
        index += 2
        atomText = `\\${next}`
        atom = next === "d" || next === "w" ? { type: "slot", pattern: atomText } : { type: "literal", text: next }
      } else if (char === ".") {
        index += 1
        atomText = "."
        atom = { type: "slot", pattern: "." }
      } else {
        index += 1
        atomText = char
        atom = { type: "literal", text: char }
      }
      const times = quantifier()
      if (times === "?") items.push({ type: "optional", node: atom })
      else if (times === "") items.push(atom)
      else if (atom.type === "slot") items.push({ type: "slot", pattern: `${atomText}${times}` })
      else if (atom.type === "literal") items.push({ type: "slot", pattern: `${atomText}${times}` })
      else throw new Error(`route-paths: unsupported quantifier on a group in ${source}`)
    }
    options.push({ type: "sequence", items })
    return options.length === 1 ? (options[0] as Node) : { type: "choice", options }
  }
  return sequence()
}

type Raw = ReadonlyArray<{ readonly literal: string } | { readonly pattern: string }>

const expand = (node: Node): Array<Raw> => {
  switch (node.type) {
    case "literal":
      return [[{ literal: node.text }]]
    case "slot":
      return [[{ pattern: node.pattern }]]
    case "optional":
      return [[], ...expand(node.node)]
    case "choice":
      return node.options.flatMap(expand)
    case "sequence": {
      let all: Array<Raw> = [[]]
      for (const item of node.items) {
        const next = expand(item)
        all = all.flatMap((head) => next.map((tail) => [...head, ...tail]))
      }
      return all
    }
  }
}

/** Every path `route` accepts, as literal text and slots (literal characters merged). */
export const templatesOf = (route: Route): Array<PathTemplate> =>
  expand(parse(route.pattern.source)).map((raw) => {
    const parts: Array<Part> = []
    for (const piece of raw) {
      if ("literal" in piece) {
        const last = parts[parts.length - 1]
        if (typeof last === "string") parts[parts.length - 1] = last + piece.literal
        else parts.push(piece.literal)
      } else {
        // Named by the literal segment before it (`items/<slot>`); a slot right after another one (`<user>/<slot>`)
        // is named after that one, with a `+`.
        const last = parts[parts.length - 1]
        const previousSlot = [...parts].reverse().find((part): part is Slot => typeof part !== "string")
        const segment = typeof last === "string" ? (last.replace(/\/$/, "").split("/").pop() ?? "") : ""
        const after = segment === "" && previousSlot !== undefined ? `${previousSlot.after}+` : segment
        parts.push({ kind: "slot", pattern: piece.pattern, after })
      }
    }
    return { route, parts }
  })

/** The path with each slot filled by `fill` (called with the slot and its position among the slots). */
export const render = (template: PathTemplate, fill: (slot: Slot, index: number) => string): string => {
  let slotIndex = 0
  return template.parts.map((part) => (typeof part === "string" ? part : fill(part, slotIndex++))).join("")
}

export const slotsOf = (template: PathTemplate): ReadonlyArray<Slot> =>
  template.parts.filter((part): part is Slot => typeof part !== "string")
