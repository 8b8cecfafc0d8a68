/**
 * The facade's argument checker: plain-JavaScript callers can pass anything (a number for an id, `null` for
 * properties, a Symbol for a name), so every method that takes user input checks the JavaScript type of each
 * argument here and refuses a wrong one with `InvalidInput` before any request. Value rules (lengths, NUL
 * characters, id formats, `..` paths) are the feature packages' own checks, which Effect users get too.
 */
import { PortalError } from "@arcgis-portal/core"
import * as Effect from "effect/Effect"

/** What an argument must be: a test and the words for it in the error message. */
export interface Rule {
  readonly test: (value: unknown) => boolean
  readonly expected: string
}

const rule = (expected: string, test: (value: unknown) => boolean): Rule => ({ expected, test })

/** A plain object (not `null`, an array, a function or a Blob). */
const isRecord = (value: unknown): value is { readonly [key: string]: unknown } =>
  typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Blob)

export const string: Rule = rule("a string", (value) => typeof value === "string")

export const number: Rule = rule("a number", (value) => typeof value === "number" && !Number.isNaN(value))

export const boolean: Rule = rule("true or false", (value) => typeof value === "boolean")

export const record: Rule = rule("an object", isRecord)

export const blob: Rule = rule("a Blob or File", (value) => value instanceof Blob)

/** A string, or an object carrying the string under `key` (`{ id }` for a `Group`, `{ username }` for a `User`). */
export const stringOr = (key: string): Rule =>
  rule(`a string or an object with a string ${key}`, (value) => {
    if (typeof value === "string") return true
    return isRecord(value) && typeof value[key] === "string"
  })

/** An array whose every element passes `element`. */
export const list = (element: Rule): Rule =>
  rule(
    `an array of ${element.expected}`,
    (value) => Array.isArray(value) && value.every((entry) => element.test(entry)),
  )

/** Any of the rules. */
export const oneOf = (...rules: ReadonlyArray<Rule>): Rule =>
  rule(rules.map((entry) => entry.expected).join(" or "), (value) => rules.some((entry) => entry.test(value)))

/** `undefined`, or what `inner` accepts. */
export const optional = (inner: Rule): Rule =>
  rule(`${inner.expected} (or undefined)`, (value) => value === undefined || inner.test(value))

/** Item data: a Blob/File, a ReadableStream, `{ url }`, `{ text }`, or a string (URL or, in Node, a path). */
export const itemData: Rule = rule(
  "a Blob, a ReadableStream, { url }, { text } or a string",
  (value) =>
    typeof value === "string" ||
    value instanceof Blob ||
    (typeof ReadableStream !== "undefined" && value instanceof ReadableStream) ||
    (isRecord(value) &&
      (typeof value.url === "string" ||
        typeof value.text === "string" ||
        (typeof value.text === "object" && value.text !== null))),
)

/** A file argument: a Blob/File or (Node) a path. */
export const file: Rule = oneOf(blob, string)

/** One argument to check: its name in the error, its value and its rule. */
export type Check = readonly [field: string, value: unknown, rule: Rule]

const kind = (value: unknown): string => {
  if (value === null) return "null"
  if (Array.isArray(value)) return "an array"
  if (typeof value === "number" && Number.isNaN(value)) return "NaN"
  return typeof value
}

/**
 * Checks the arguments of one facade call: succeeds, or fails with `InvalidInput` naming the first argument of the
 * wrong type. Nothing is sent either way.
 */
export const check = (
  operation: string,
  ...checks: ReadonlyArray<Check>
): Effect.Effect<void, PortalError.InvalidInput> => {
  for (const [field, value, { test, expected }] of checks) {
    if (!test(value)) {
      return Effect.fail(
        new PortalError.InvalidInput({
          operation,
          field,
          message: `${field} must be ${expected}, not ${kind(value)}.`,
        }),
      )
    }
  }
  return Effect.void
}
