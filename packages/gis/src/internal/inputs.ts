/** Conversions of the facade's Python-style arguments into what the Effect services take. */
import type { Content } from "@arcgis-portal/content"
import { PortalError, type PortalRequest } from "@arcgis-portal/core"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import type { FileArgument, UserArgument } from "../Arguments.ts"
import * as Args from "./args.ts"
import type { Session } from "./session.ts"

/** A secret as the caller gave it, wrapped so it never shows in an error, a span or a log. */
export const secret = (value: string | Redacted.Redacted<string>): Redacted.Redacted<string> =>
  Redacted.isRedacted(value) ? value : Redacted.make(value)

export const refuse = (operation: string, field: string, message: string) =>
  new PortalError.InvalidInput({ operation, field, message })

const nodeHint = 'import { GIS } from "@arcgis-portal/gis/node"'

/** The file system of a Node connection, or `InvalidInput` explaining how to get one. */
export const filesOf = (session: Session, operation: string, field: string) =>
  session.files === undefined
    ? Effect.fail(
        refuse(
          operation,
          field,
          `A file path needs the Node entry (${nodeHint}); in a browser pass a Blob or File instead.`,
        ),
      )
    : Effect.succeed(session.files)

/** A file argument as a Blob, reading a path through the Node file system. */
export const blobOf = (
  session: Session,
  operation: string,
  field: string,
  file: FileArgument | undefined,
): Effect.Effect<Blob | undefined, PortalError.InvalidInput> => {
  if (file === undefined || typeof file !== "string") return Effect.succeed(file)
  return Effect.flatMap(filesOf(session, operation, field), (files) => files.read(file))
}

/** Item data: a URL string becomes `{ url }` (URL-based items), any other string a path on disk. */
export const dataOf = (
  session: Session,
  operation: string,
  data: Content.ItemData | string | undefined,
): Effect.Effect<Content.ItemData | undefined, PortalError.InvalidInput> => {
  if (typeof data !== "string") return Effect.succeed(data)
  if (/^https?:\/\//i.test(data)) return Effect.succeed({ url: data })
  return blobOf(session, operation, "data", data)
}

/** Python's lists of names or ids: a list, or one comma-separated string (split, trimmed, empty entries dropped). */
export const listOf = <A>(value: string | ReadonlyArray<A>): ReadonlyArray<A | string> =>
  typeof value === "string"
    ? value
        .split(",")
        .map((entry) => entry.trim())
        .filter((entry) => entry !== "")
    : value

/** Options whose `thumbnail` may be a path (Node): the thumbnail read as a Blob, `undefined` values dropped. */
export const withThumbnail = <O extends { readonly thumbnail?: FileArgument | undefined }>(
  session: Session,
  operation: string,
  options: O,
) =>
  Effect.map(blobOf(session, operation, "thumbnail", options.thumbnail), (thumbnail) =>
    defined({ ...options, thumbnail }),
  )

/** Python accepts user lists as a list or a comma-separated string. */
export const userList = (users: string | ReadonlyArray<UserArgument>): ReadonlyArray<UserArgument> => listOf(users)

/** `A` without `undefined` values: what {@link defined} returns. */
export type Defined<A> = { [K in keyof A]: Exclude<A[K], undefined> }

/** Drops keys whose value is `undefined` (`exactOptionalPropertyTypes`). */
export const defined = <A extends object>(value: A): Defined<A> =>
  Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as never

/**
 * Python's `search(query=None, ...)` arguments: the query positionally, then the options (`search("owner:me",
 * { maxUsers })`, as every Python script passes it), or one options object carrying `query` (`search({ query })`).
 * Their JavaScript types are checked; the result is one options object.
 */
export const searchArguments = <O extends object>(
  operation: string,
  query: string | (O & { readonly query?: string | undefined }) | undefined,
  options: O | undefined,
): Effect.Effect<O & { readonly query?: string | undefined }, PortalError.InvalidInput> => {
  if (query === undefined || typeof query === "string") {
    return Effect.as(
      Args.check(
        operation,
        ["query", query, Args.optional(Args.string)],
        ["options", options, Args.optional(Args.record)],
      ),
      { ...options, ...(query === undefined ? {} : { query }) } as O & { readonly query?: string | undefined },
    )
  }
  return Effect.as(
    Args.check(
      operation,
      ["query", query, Args.oneOf(Args.string, Args.record)],
      ["query", query?.query, Args.optional(Args.string)],
      ["options", options, Args.optional(Args.record)],
    ),
    { ...query, ...options },
  )
}

/** The options of a `search(query, options)` / `search(options)` call, wherever the caller put them (for `signal`). */
export const searchOptionsOf = (query: unknown, options: unknown): unknown =>
  typeof query === "object" && query !== null ? { ...query, ...(typeof options === "object" ? options : {}) } : options

/** Any object (arrays, dates and `Redacted` values included): the request encoding tells them apart. */
const isObject = (value: unknown): value is { readonly [key: string]: unknown } =>
  typeof value === "object" && value !== null

/** One value of a Python dictionary as a request parameter; functions and symbols, which JSON has not, are not sent. */
const paramValue = (value: unknown): PortalRequest.ParamValue =>
  isObject(value) || typeof value === "string" || typeof value === "number" || typeof value === "boolean"
    ? value
    : undefined

/**
 * A Python dictionary (`gis.updateProperties(propertiesDict)`) as request parameters, each value encoded as every
 * request's are (objects and arrays as JSON). A `bigint`, which JSON cannot hold, is refused with `InvalidInput`
 * naming it, before anything is sent.
 */
export const paramsOf = (
  operation: string,
  field: string,
  dictionary: { readonly [key: string]: unknown },
): Effect.Effect<PortalRequest.Params, PortalError.InvalidInput> => {
  const entries = Object.entries(dictionary)
  const big = entries.find(([, value]) => typeof value === "bigint")
  if (big !== undefined) {
    return Effect.fail(
      refuse(operation, field, `${field}.${big[0]} is a bigint, which JSON cannot hold: pass a string.`),
    )
  }
  // `fromEntries` defines each key, `__proto__` too, as the dictionary had it.
  return Effect.succeed(Object.fromEntries(entries.map(([name, value]) => [name, paramValue(value)])))
}
