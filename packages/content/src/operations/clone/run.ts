/**
 * What every part of a clone shares: the two portals (each its own context, so each portal's credentials go only
 * through its own Transport), the target owner and folder, the options with their defaults, the mappings the steps
 * fill in as they go, and the small helpers they all use — the source keyword and the in-progress marker every clone
 * carries, paged searches, progress reporting.
 */
import { Paging, type PortalError } from "@arcgis-portal/core"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { search } from "../../endpoints/search/search.ts"
import { userContent } from "../../endpoints/users/userContent.ts"
import type { Item } from "../../ItemSchema.ts"
import type { ContentContext } from "../../internal/context.ts"
import type { CloneOptions, CloneProgress } from "./model.ts"
import type { Rewrites } from "./references.ts"

/** The span and error name of every request a clone sends. */
export const operation = "Clone.clone"

/**
 * The type keyword that ties a clone to its source item, as the Python API writes it: a re-run finds every clone by
 * it (it is sent in the same request that creates the item, so no crash can leave a clone without it).
 */
export const sourceKeyword = (sourceId: string): string => `source-${sourceId}`

/**
 * The type keyword of a clone not finished yet: set when the item is created, removed by the last write of its step.
 * A re-run finishes (`update`) the clones that still carry it and skips the others.
 */
export const inProgressKeyword = "clone-in-progress"

const sourceKeywordPattern = /^source-([0-9a-f]{32})$/

/** The source ids a target item's type keywords name. */
export const sourcesOf = (item: Item): ReadonlyArray<string> =>
  (item.typeKeywords ?? []).flatMap((keyword) => {
    const match = sourceKeywordPattern.exec(keyword)
    return match?.[1] === undefined ? [] : [match[1]]
  })

/** The type keywords of a source item, fit for its clone: its own, without another clone's source and marker. */
export const cloneKeywords = (item: Item, sourceId: string): ReadonlyArray<string> => [
  ...(item.typeKeywords ?? []).filter(
    (keyword) => !sourceKeywordPattern.test(keyword) && keyword !== inProgressKeyword,
  ),
  sourceKeyword(sourceId),
  inProgressKeyword,
]

/** A phrase of the query syntax (`"…"`, inner quotes dropped). */
export const phrase = (value: string): string => `"${value.replaceAll('"', "").replaceAll("\\", "")}"`

/** Options with their defaults applied. */
export interface Settings {
  readonly copyData: boolean
  readonly searchExistingItems: boolean
  readonly createGroups: boolean
  readonly preserveItemId: boolean
  readonly relatedItems: boolean
  readonly dryRun: boolean
  readonly concurrency: number
  readonly featurePageSize: number
  readonly multipartThreshold: number
  readonly itemMapping: Readonly<Record<string, string>>
  readonly groupMapping: Readonly<Record<string, string>>
  /** Whether the source items' groups must be read (a mapping or `createGroups` may share them). */
  readonly readsGroups: boolean
}

/** {@link Settings} from the caller's options. */
export const settingsOf = (options: CloneOptions): Settings => {
  const groupMapping = options.groupMapping ?? {}
  const createGroups = options.createGroups === true
  return {
    copyData: options.copyData !== false,
    searchExistingItems: options.searchExistingItems === true,
    createGroups,
    preserveItemId: options.preserveItemId === true,
    relatedItems: options.relatedItems !== false,
    dryRun: options.dryRun === true,
    concurrency: Math.max(1, Math.floor(options.concurrency ?? 4)),
    featurePageSize: Math.max(1, Math.floor(options.featurePageSize ?? 1000)),
    multipartThreshold: options.multipartThreshold ?? 10 * 1024 * 1024,
    itemMapping: options.itemMapping ?? {},
    groupMapping,
    readsGroups: createGroups || Object.keys(groupMapping).length > 0,
  }
}

/** One clone in progress. */
export interface CloneRun {
  readonly source: ContentContext
  readonly target: ContentContext
  /** The target user who owns the clones. */
  readonly owner: string
  /** The target folder's id (`undefined`: the root). */
  readonly folderId: string | undefined
  readonly settings: Settings
  /** Whether the target takes a client-chosen id (`itemIdToCreate`; ArcGIS Enterprise). */
  readonly targetIsPortal: boolean
  /** Source item id → target item id, filled in as items are found and cloned. */
  readonly ids: Map<string, string>
  /** Source service URL → target service URL, filled in as hosted services are cloned or found. */
  readonly urls: Map<string, string>
  /** Source item id → target item id of the clones this run created (reported when a later write fails). */
  readonly created: Map<string, string>
  /** Tells the caller's `onProgress` (nothing without one). */
  readonly notify: (event: CloneProgress) => void
}

/** The rewrites known so far. */
export const rewritesOf = (run: CloneRun): Rewrites => ({ ids: run.ids, urls: run.urls })

/** Reports a progress event, as an effect. */
export const report = (run: CloneRun, event: CloneProgress): Effect.Effect<void> => Effect.sync(() => run.notify(event))

/** Every item a query finds in a portal (no org filter added), page by page. */
export const searchAll = (
  context: ContentContext,
  name: string,
  q: string,
): Effect.Effect<ReadonlyArray<Item>, PortalError.PortalFailure> =>
  Effect.map(
    Stream.runCollect(
      Paging.stream(
        (start, num) =>
          Effect.map(
            context.call(search, name, { q, start, num, sortField: "created", sortOrder: "asc" }),
            (response) => Paging.page(response, response.results),
          ),
        { pageSize: 100 },
      ),
    ),
    (items): ReadonlyArray<Item> => Array.from(items),
  )

/** Every item of `owner`'s folder (`undefined`: the root folder), page by page through `content/users/<owner>`. */
export const folderItems = (
  context: ContentContext,
  name: string,
  owner: string,
  folderId: string | undefined,
): Effect.Effect<ReadonlyArray<Item>, PortalError.PortalFailure> =>
  Effect.map(
    Stream.runCollect(
      Paging.stream(
        (start, num) =>
          Effect.map(context.call(userContent, name, { owner, folderId, start, num }), (page) =>
            Paging.page(page, page.items ?? []),
          ),
        { pageSize: 100 },
      ),
    ),
    (items): ReadonlyArray<Item> => Array.from(items),
  )

/** The source service URL of an item, without a trailing slash. */
export const serviceUrlOf = (item: { readonly url?: string | null | undefined }): string | undefined =>
  item.url ? item.url.replace(/\/+$/, "") : undefined

/** Bytes read whole as a Blob of the type the portal gave. */
export const blobOf = (bytes: Uint8Array, type: string | undefined): Blob =>
  new Blob([bytes as Uint8Array<ArrayBuffer>], { type: type ?? "" })
