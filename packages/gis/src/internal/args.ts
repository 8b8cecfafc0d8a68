/**
 * The facade's argument checks, as Effect Schemas: plain-JavaScript callers can pass anything (a number for an id,
 * `null` for options, a Symbol for a name), so every method that takes user input checks the JavaScript shape of
 * each argument against a schema here and refuses a wrong one with `InvalidInput` before any request. Each schema
 * carries an `expected` annotation, the words the error message uses. Value rules (lengths, NUL characters, id
 * formats, `..` paths) are the feature packages' own checks, which Effect users get too.
 */
import { PortalError } from "@arcgis-portal/core"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as SchemaAST from "effect/SchemaAST"

/** What an argument must be: a schema of its JavaScript shape, annotated with the words for it. */
export type Rule = Schema.Top

// `annotate` rebuilds the same kind of schema; the cast only restores what the generic signature cannot see.
const named = <S extends Schema.Top>(schema: S, expected: string): S => schema.annotate({ expected }) as S

const isPlainObject = (value: unknown): value is { readonly [key: string]: unknown } =>
  typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Blob)

/** Whether `value` is a plain object (not `null`, an array, a function or a Blob); no narrowing of its type. */
export const isRecord = (value: unknown): boolean => isPlainObject(value)

export const string = named(Schema.String, "a string")

/** A number that is not NaN (ranges are the feature packages' checks). */
export const number = named(
  Schema.declare((value): value is number => typeof value === "number" && !Number.isNaN(value)),
  "a number",
)

export const boolean = named(Schema.Boolean, "true or false")

export const record = named(Schema.declare(isPlainObject), "an object")

export const blob = named(Schema.instanceOf(Blob), "a Blob or File")

/** A function: a callback such as `onProgress`. */
export const callback = named(
  Schema.declare((value): value is (...parameters: never) => unknown => typeof value === "function"),
  "a function",
)

/** A secret: a string, or an Effect `Redacted` (which keeps it out of logs and errors). */
export const secret = named(
  Schema.declare((value): value is unknown => typeof value === "string" || Redacted.isRedacted(value)),
  "a string or a Redacted string",
)

/** A string, or an object carrying the string under `key` (`{ id }` for a `Group`, `{ username }` for a `User`). */
export const stringOr = (key: string) =>
  named(
    Schema.Union([Schema.String, Schema.Struct({ [key]: Schema.String })]),
    `a string or an object with a string ${key}`,
  )

/** An array whose every element is what `element` accepts. */
export const list = <S extends Rule>(element: S) => named(Schema.Array(element), `an array of ${expectedOf(element)}`)

/** Any of the rules. */
export const oneOf = <const Members extends ReadonlyArray<Rule>>(...members: Members) =>
  named(Schema.Union(members), members.map(expectedOf).join(" or "))

/** `undefined`, or what `inner` accepts. */
export const optional = <S extends Rule>(inner: S) =>
  named(Schema.UndefinedOr(inner), `${expectedOf(inner)} (or undefined)`)

/** Item data: a Blob/File, a ReadableStream, `{ url }`, `{ text }`, or a string (URL or, in Node, a path). */
export const itemData = named(
  Schema.declare(
    (value): value is unknown =>
      typeof value === "string" ||
      value instanceof Blob ||
      (typeof ReadableStream !== "undefined" && value instanceof ReadableStream) ||
      (isPlainObject(value) &&
        (typeof value.url === "string" ||
          typeof value.text === "string" ||
          (typeof value.text === "object" && value.text !== null))),
  ),
  "a Blob, a ReadableStream, { url }, { text } or a string",
)

/** A file argument: a Blob/File or (Node) a path. */
export const file = oneOf(blob, string)

/** A group as `share`/`unshare` take it: an id or title, or a `Group` (`{ id }`). */
export const groups = oneOf(string, list(stringOr("id")))

/** One argument to check: its name in the error, its value and its rule. */
export type Check = readonly [field: string, value: unknown, rule: Rule]

function expectedOf(rule: Rule): string {
  const expected = SchemaAST.resolve(rule.ast)?.expected
  return typeof expected === "string" ? expected : "valid"
}

const kind = (value: unknown): string => {
  if (value === null) return "null"
  if (Array.isArray(value)) return "an array"
  if (typeof value === "number" && Number.isNaN(value)) return "NaN"
  return typeof value
}

/** Whether `value` has the shape `rule` describes. */
export const is =
  (rule: Rule) =>
  (value: unknown): boolean =>
    Schema.is(rule)(value)

/**
 * Checks the arguments of one facade call: succeeds, or fails with `InvalidInput` naming the first argument of the
 * wrong shape. Nothing is sent either way.
 */
export const check = (
  operation: string,
  ...checks: ReadonlyArray<Check>
): Effect.Effect<void, PortalError.InvalidInput> => {
  for (const [field, value, rule] of checks) {
    if (!is(rule)(value)) {
      return Effect.fail(
        new PortalError.InvalidInput({
          operation,
          field,
          message: `${field} must be ${expectedOf(rule)}, not ${kind(value)}.`,
        }),
      )
    }
  }
  return Effect.void
}
