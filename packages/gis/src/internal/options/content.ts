/**
 * `gis.content`'s arguments as the `Content` service takes them: each function checks the JavaScript shapes of one
 * method's arguments (an `InvalidInput` naming the first wrong one, before anything is sent), then maps Python's
 * names (`itemProperties`, `createParams`, `df`, an owner as a `User`, paths) onto the service's options. With
 * `items.ts` beside it, the one place where the facade's vocabulary is translated.
 */
import type { Content } from "@arcgis-portal/content"
import type { PortalError } from "@arcgis-portal/core"
import * as Effect from "effect/Effect"
import type { UserArgument } from "../../Arguments.ts"
import type {
  AddOptions,
  CreateServiceOptions,
  ImportDataOptions,
  SearchAllOptions,
  SearchOptions,
} from "../../ContentManagerOptions.ts"
import * as Args from "../args.ts"
import { blobOf, type Defined, dataOf, defined } from "../inputs.ts"
import type { Session } from "../session.ts"

type Checked<A> = Effect.Effect<A, PortalError.InvalidInput>

/** A user as the portal takes it: the username, also of a `User`. */
export const ownerName = (owner: UserArgument | undefined): string | undefined =>
  typeof owner === "object" ? owner.username : owner

const owner = Args.optional(Args.stringOr("username"))

/** Items (and groups) as the bulk operations take them: ids, or objects with an `id` (`Item`s, `Group`s). */
export const ids = Args.list(Args.stringOr("id"))

/** `gis.content.add(itemProperties, options)`: the properties as `properties`, paths read as files. */
export const add = (
  session: Session,
  itemProperties: Content.ItemProperties,
  options: AddOptions,
): Checked<Content.AddOptions> => {
  const operation = "ContentManager.add"
  const { data, thumbnail, metadata, owner: addOwner, signal: _signal, ...rest } = Args.isRecord(options) ? options : {}
  return Effect.gen(function* () {
    yield* Args.check(
      operation,
      ["itemProperties", itemProperties, Args.record],
      ["options", options, Args.record],
      ["data", data, Args.optional(Args.itemData)],
      ["thumbnail", thumbnail, Args.optional(Args.file)],
      ["metadata", metadata, Args.optional(Args.file)],
      ["owner", addOwner, owner],
      ["folder", rest.folder, Args.optional(Args.string)],
    )
    return defined({
      ...rest,
      properties: itemProperties,
      owner: ownerName(addOwner),
      data: yield* dataOf(session, operation, data),
      thumbnail: yield* blobOf(session, operation, "thumbnail", thumbnail),
      metadata: yield* blobOf(session, operation, "metadata", metadata),
    })
  })
}

/** `gis.content.createFolder`/`deleteFolder(folder, { owner })`: the owner by name. */
export const folder = (
  operation: string,
  folder: string,
  options: { readonly owner?: UserArgument | undefined },
): Checked<{ readonly owner?: string }> =>
  Effect.map(
    Args.check(
      operation,
      ["folder", folder, Args.string],
      ["options", options, Args.record],
      ["owner", options?.owner, owner],
    ),
    () => defined({ owner: ownerName(options.owner) }),
  )

/** `gis.content.createService(name, options)`: `createParams` as `createParameters`, `itemProperties` as `properties`. */
export const createService = (name: string, options: CreateServiceOptions): Checked<Content.CreateServiceOptions> => {
  const {
    createParams,
    itemProperties,
    owner: serviceOwner,
    signal: _signal,
    ...rest
  } = Args.isRecord(options) ? options : {}
  return Effect.map(
    Args.check(
      "ContentManager.createService",
      ["name", name, Args.string],
      ["options", options, Args.record],
      ["createParams", createParams, Args.optional(Args.record)],
      ["itemProperties", itemProperties, Args.optional(Args.record)],
      ["owner", serviceOwner, owner],
      ["folder", rest.folder, Args.optional(Args.string)],
    ),
    () =>
      defined({
        ...rest,
        name,
        createParameters: createParams,
        properties: itemProperties,
        owner: ownerName(serviceOwner),
      }),
  )
}

/** `gis.content.importData(df, options)`: Python's `df` (CSV text) as `csv`. */
export const importData = (df: string, options: ImportDataOptions): Checked<Content.ImportDataOptions> =>
  Effect.map(
    Args.check(
      "ContentManager.importData",
      ["df", df, Args.string],
      ["options", options, Args.record],
      ["addressFields", options?.addressFields, Args.optional(Args.record)],
    ),
    () => defined({ csv: df, addressFields: options.addressFields }),
  )

/** `gis.content.search`/`searchAll(query, options)`: the service's options, without `signal`. */
export const search = (
  operation: string,
  query: string,
  options: SearchOptions | SearchAllOptions,
  ...checks: ReadonlyArray<Args.Check>
): Checked<Content.SearchAllOptions> => {
  const { signal: _signal, ...search } = Args.isRecord(options) ? options : {}
  return Effect.as(
    Args.check(operation, ["query", query, Args.string], ["options", options, Args.record], ...checks),
    defined(search),
  )
}

/** What the bulk operations' options have in common: the owner, also as a `User`, and a `signal`. */
export interface BulkOptions {
  readonly owner?: UserArgument | undefined
  readonly signal?: AbortSignal | undefined
}

/** A bulk operation's options as the service takes them: the owner by name, without `signal`. */
export type Bulk<O extends BulkOptions> = Defined<Omit<O, "owner" | "signal"> & { readonly owner: string | undefined }>

/**
 * The bulk operations' options (`shareItems`, `unshareItems`, `deleteItems`): `items`, the owner and any further
 * `checks` checked, the owner by name, without `signal`.
 */
export const bulk = <O extends BulkOptions>(
  operation: string,
  items: ReadonlyArray<Content.ItemIdReference>,
  options: O,
  ...checks: ReadonlyArray<Args.Check>
): Checked<Bulk<O>> =>
  Effect.map(
    Args.check(
      operation,
      ["items", items, ids],
      ["options", options, Args.record],
      ["owner", options?.owner, owner],
      ...checks,
    ),
    () => {
      const { signal: _signal, owner: itemsOwner, ...rest } = options
      return defined({ ...rest, owner: ownerName(itemsOwner) })
    },
  )
