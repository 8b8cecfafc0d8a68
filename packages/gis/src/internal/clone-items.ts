/**
 * `gis.content.cloneItems(items, options)` — the Promise face of `Clone.clone` from `@arcgis-portal/content`
 * (Python `ContentManager.clone_items`, its parameter names in camelCase): `items` are the source connection's
 * `Item`s (they know their portal), or ids / `{ query }` / `{ folder }` / `{ group }` with `options.source` naming the
 * source connection; the target is the connection whose `content` is called. Each connection keeps its own session, so
 * each portal's credentials go only to that portal. Resolves with the plan and one outcome per item (Python returns
 * the created items; here every outcome, refused and failed ones included, is in the result).
 *
 * @see arcgis.gis.ContentManager.clone_items
 */
import { Clone } from "@arcgis-portal/content"
import { type Portal, PortalError, type Transport } from "@arcgis-portal/core"
import type { UserArgument } from "../Arguments.ts"
import type { ContentGIS } from "../ContentGIS.ts"
import type { ContentItem } from "../ContentItem.ts"
import * as Args from "./args.ts"
import { cancel, run, type Session, sessionKey } from "./session.ts"

/** A facade object that belongs to a connection: a `GIS`, a `ContentGIS`, an `Item`. */
interface Connected {
  readonly [sessionKey]: Session<Portal.Portal | Transport.Transport>
}

/** Items to clone: the source connection's items (or ids), or everything a query, folder or group holds. */
export type CloneItemsInput =
  | ReadonlyArray<ContentItem | string>
  | { readonly query: string }
  | { readonly folder: string; readonly owner?: string | undefined }
  | { readonly group: string }

/**
 * Options of `ContentManager.cloneItems`: Python's `clone_items` parameters in camelCase (`folder`, `owner`,
 * `copyData`, `searchExistingItems`, `itemMapping`, `groupMapping`, `preserveItemId`), and this SDK's `source`,
 * `createGroups`, `dryRun`, `concurrency`, `onProgress`, `signal`.
 *
 * @see arcgis.gis.ContentManager.clone_items
 */
export interface CloneItemsOptions
  extends Omit<Clone.CloneOptions, "source" | "owner" | "featurePageSize" | "multipartThreshold"> {
  /** The source connection (`GIS.connect(...)`); needed when `items` are not `Item`s. */
  readonly source?: ContentGIS | undefined
  /** The target user who owns the clones (a username or a `User`). Default: the signed-in user. */
  readonly owner?: UserArgument | undefined
  /** Aborts the clone: requests in flight are aborted, nothing more is sent; it rejects with `AbortError`. */
  readonly signal?: AbortSignal | undefined
}

const operation = "ContentManager.cloneItems"

const refuse = (field: string, message: string) =>
  Promise.reject(new PortalError.InvalidInput({ operation, field, message }))

const sessionOf = (value: unknown): Session<Portal.Portal | Transport.Transport> | undefined =>
  typeof value === "object" && value !== null && sessionKey in value ? (value as Connected)[sessionKey] : undefined

/**
 * Clones `items` from their connection (or `options.source`) into `target`'s portal.
 *
 * @example
 * // const staging = await GIS.connect({ url: "https://staging.example.com/portal", auth })
 * // const production = await GIS.connect({ url: "https://production.example.com/portal", auth: other })
 * // const app = await staging.content.get("0123456789abcdef0123456789abcdef")
 * // const plan = await production.content.cloneItems([app], { dryRun: true })
 * // const result = await production.content.cloneItems([app], { groupMapping: { [stagingGroup]: productionGroup } })
 */
export const cloneItems = async (
  target: Session<Portal.Portal | Transport.Transport>,
  items: CloneItemsInput,
  options: CloneItemsOptions = {},
): Promise<Clone.CloneResult> => {
  if (!Args.isRecord(options)) return refuse("options", "options must be an object.")
  const { source: sourceOption, owner, signal: _signal, ...rest } = options
  let source = sessionOf(sourceOption)
  if (sourceOption !== undefined && source === undefined)
    return refuse("source", "source must be a connection (a GIS).")
  let input: Clone.CloneItems
  if (Array.isArray(items)) {
    const list = items as ReadonlyArray<unknown>
    const ids: Array<string> = []
    for (const [index, entry] of list.entries()) {
      const own = sessionOf(entry)
      if (typeof entry === "string") ids.push(entry)
      else if (own !== undefined && typeof (entry as { readonly id?: unknown }).id === "string") {
        if (source !== undefined && own !== source)
          return refuse(`items[${index}]`, "Every item must come from the same connection (the source).")
        source = own
        ids.push((entry as { readonly id: string }).id)
      } else return refuse(`items[${index}]`, "An item is an Item of the source connection, or an item id.")
    }
    input = ids
  } else if (Args.isRecord(items)) {
    input = items as Clone.CloneItems
  } else {
    return refuse("items", "items must be an array of items or ids, or { query }, { folder } or { group }.")
  }
  if (source === undefined) return refuse("source", "Name the source connection: options.source, or pass its Items.")
  // The source connection's services, built once by its own runtime: its requests carry its own credentials.
  const services = await source.runtime.context()
  return run(
    target,
    Clone.clone(input, {
      ...rest,
      ...(owner === undefined ? {} : { owner: typeof owner === "string" ? owner : owner.username }),
      source: services,
    }),
    cancel(operation, options),
  )
}
