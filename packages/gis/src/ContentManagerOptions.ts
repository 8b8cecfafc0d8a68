/**
 * The options of `gis.content`'s methods (`add`, `search`, `createService`, the bulk operations…): Python's parameter
 * names in camelCase. A field whose name the Effect face shares is the `Content` service's own
 * (`Content.AddOptions`, `Content.SearchOptions`…), not a copy; the fields only the facade has — Python's names where
 * the service's differ (`createParams` for `createParameters`, `itemProperties` for `properties`), paths and `User`s
 * where the service takes blobs and names, a `signal` — are declared here, and `internal/options/content.ts` maps
 * them onto the service's.
 *
 * @see arcgis.gis.ContentManager
 */
import type { Content } from "@arcgis-portal/content"
import type { FileArgument, UserArgument } from "./Arguments.ts"
import type { AbortOptions } from "./Errors.ts"

/**
 * Options of `gis.content.add` (the item's properties are its first argument): the service's upload options and
 * Python's `data`, `thumbnail`, `metadata`, `owner` and `folder`.
 *
 * @see arcgis.gis.ContentManager.add
 */
export interface AddOptions
  extends Omit<Content.AddOptions, "properties" | "data" | "thumbnail" | "metadata" | "owner"> {
  /** A `Blob`/`File`/stream, `{ url }`/`{ text }`, a URL string, or (Node) a path on disk. */
  readonly data?: Content.ItemData | string | undefined
  readonly thumbnail?: FileArgument | undefined
  readonly metadata?: FileArgument | undefined
  /** The user who will own the item: a username or a `User`. Default: the signed-in user. */
  readonly owner?: UserArgument | undefined
  /**
   * Aborts the upload (or the wait for it): the call rejects with `AbortError`. A multipart upload stopped this way
   * leaves its item uncommitted; `resumeItemId` picks it up again.
   */
  readonly signal?: AbortSignal | undefined
}

/**
 * Options of `gis.content.createService` (the service's name is its first argument); `createParams` replaces the
 * others.
 *
 * @see arcgis.gis.ContentManager.create_service
 */
export interface CreateServiceOptions
  extends Omit<Content.CreateServiceOptions, "name" | "createParameters" | "properties" | "owner"> {
  /** Python's `create_params`: the whole `createParameters`, replacing the fields above. */
  readonly createParams?: { readonly [key: string]: unknown } | undefined
  /** Python's `item_properties`: the new item's properties. */
  readonly itemProperties?: Content.ItemProperties | undefined
  /** The user who will own the service: a username or a `User`. */
  readonly owner?: UserArgument | undefined
  /** Aborts the call (also the wait for the new service): it rejects with `AbortError`. */
  readonly signal?: AbortSignal | undefined
}

/**
 * Options of `gis.content.search`: Python's `item_type`, `sort_field`, `sort_order`, `max_items` and `outside_org`.
 *
 * @see arcgis.gis.ContentManager.search
 */
export interface SearchOptions extends Omit<Content.SearchOptions, "bbox"> {
  /** Aborts the search (every page of it): the call rejects with `AbortError`. */
  readonly signal?: AbortSignal | undefined
}

/**
 * Options of `gis.content.searchAll`: `search`'s, and results per request.
 *
 * @see arcgis.gis.ContentManager.search
 */
export interface SearchAllOptions extends SearchOptions, Pick<Content.SearchAllOptions, "pageSize"> {}

/**
 * Options of `gis.content.importData` (the CSV text is its first argument, Python's `df`).
 *
 * @see arcgis.gis.ContentManager.import_data
 */
export interface ImportDataOptions extends Pick<Content.ImportDataOptions, "addressFields">, AbortOptions {}

/**
 * Options of the bulk operations: the owner also as a `User`, and a `signal`.
 *
 * @see arcgis.gis.ContentManager.share_items
 */
interface BulkOptions {
  /** The user whose items they are: a username or a `User`. Default: the signed-in user. */
  readonly owner?: UserArgument | undefined
  /** Aborts the call: requests in flight are aborted, no further one is sent; it rejects with `AbortError`. */
  readonly signal?: AbortSignal | undefined
}

/**
 * Options of `gis.content.shareItems`: whom to share with, and how the requests go (100 items each, 4 in flight).
 *
 * @see arcgis.gis.ContentManager.share_items
 */
export interface ShareItemsOptions extends Omit<Content.ShareItemsOptions, "owner">, BulkOptions {}

/**
 * Options of `gis.content.unshareItems`.
 *
 * @see arcgis.gis.ContentManager.unshare_items
 */
export interface UnshareItemsOptions extends Omit<Content.UnshareItemsOptions, "owner">, BulkOptions {}

/**
 * Options of `gis.content.deleteItems`.
 *
 * @see arcgis.gis.ContentManager.delete_items
 */
export interface DeleteItemsOptions extends Omit<Content.BulkOptions, "owner">, BulkOptions {}
