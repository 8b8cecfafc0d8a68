/**
 * The options and results of the content manager's operations, exported from the `Content` namespace
 * (`Content.AddOptions`…).
 */
import type { PortalRequest, Upload } from "@arcgis-portal/core"
import type { GenerateResponse, InlineError } from "./ItemSchema.ts"
import type { WaitOptions } from "./Job.ts"

/**
 * An item's data: a file (`Blob`/`File`), a stream of bytes, a URL for URL-based items, or text
 * (a string, or an object sent as JSON) for text-based items such as web maps.
 */
export type ItemData =
  | Blob
  | ReadableStream<Uint8Array>
  | { readonly url: string }
  | { readonly text: string | { readonly [key: string]: unknown } | ReadonlyArray<unknown> }

/**
 * The properties of an item, as `addItem` and `update` take them. Arrays (`tags`, `typeKeywords`)
 * are sent comma-joined, objects as JSON; unknown keys are passed through.
 */
export interface ItemProperties {
  readonly title?: string | undefined
  readonly type?: string | undefined
  readonly typeKeywords?: string | ReadonlyArray<string> | undefined
  readonly tags?: string | ReadonlyArray<string> | undefined
  readonly snippet?: string | undefined
  readonly description?: string | undefined
  readonly url?: string | undefined
  readonly text?: string | undefined
  /** `[[xmin, ymin], [xmax, ymax]]`, `[xmin, ymin, xmax, ymax]` or `"xmin,ymin,xmax,ymax"` (WGS84). */
  readonly extent?: string | ReadonlyArray<number> | ReadonlyArray<ReadonlyArray<number>> | undefined
  readonly spatialReference?: string | undefined
  readonly accessInformation?: string | undefined
  readonly licenseInfo?: string | undefined
  readonly culture?: string | undefined
  readonly access?: string | undefined
  readonly commentsEnabled?: boolean | undefined
  readonly categories?: ReadonlyArray<string> | undefined
  readonly properties?: { readonly [key: string]: unknown } | undefined
  readonly [name: string]: PortalRequest.ParamValue
}

/** How large files are sent. */
export interface UploadOptions {
  /** Files larger than this many bytes use the multipart flow. Default 10 MiB. */
  readonly multipartThreshold?: number | undefined
  /** Bytes per part. Default 8 MiB (the portal wants at least 5 MB for all but the last part). */
  readonly partSize?: number | undefined
  /**
   * Parts in flight at once. Default: measured — 2 at first, doubled (up to 8) while the upload's throughput keeps
   * rising by 10 % or more, so a connection-limited network gets more parts and a saturated one no more than helps.
   */
  readonly concurrency?: number | undefined
  /**
   * Called as a multipart upload's bytes are sent — within each part, chunk by chunk, and as parts complete — with
   * the bytes sent so far (never decreasing; the last call has them all). Where the platform cannot stream a request
   * body (most browsers), a part counts when it has been sent.
   */
  readonly onProgress?: ((progress: Upload.Progress) => void) | undefined
  /** The file name the portal stores (default: the File's name, else `upload.bin`). */
  readonly fileName?: string | undefined
  /** Resume the multipart upload of this (uncommitted) item: parts it already holds are skipped. */
  readonly resumeItemId?: string | undefined
  /**
   * How to wait for the portal to assemble a multipart upload. By default the status is read at once,
   * then after 200 ms and 1.5 times longer each time, up to every 2 s.
   */
  readonly wait?: WaitOptions | undefined
}

/**
 * Options of {@link ContentShape.add}.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/add-item.htm
 * @see arcgis.gis.ContentManager.add
 */
export interface AddOptions extends UploadOptions {
  /** The item's properties (`title` and `type` are required by the portal). */
  readonly properties: ItemProperties
  /** The item's data: a file, a byte stream, `{ url }` or `{ text }`. */
  readonly data?: ItemData | undefined
  readonly thumbnail?: Blob | undefined
  /** Metadata XML, stored as `metadata.xml`. */
  readonly metadata?: Blob | undefined
  /** The user who will own the item. Default: the signed-in user. */
  readonly owner?: string | undefined
  /** A folder name of the owner (matched case-insensitively) or `/` for the root. */
  readonly folder?: string | undefined
  /**
   * Let the portal add the item asynchronously (`async=true`, for large `{ url }` data): `add` then
   * polls the item's `status` (see `wait`) until the portal reports it completed.
   */
  readonly async?: boolean | undefined
}

/**
 * Options of {@link ContentShape.createService}. `createParameters`, when given, replaces the
 * parameters built from the other fields, as in the Python module.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/create-service.htm
 * @see arcgis.gis.ContentManager.create_service
 */
export interface CreateServiceOptions {
  readonly name: string
  readonly serviceDescription?: string | undefined
  readonly hasStaticData?: boolean | undefined
  readonly maxRecordCount?: number | undefined
  readonly supportedQueryFormats?: string | undefined
  readonly capabilities?: string | undefined
  readonly description?: string | undefined
  readonly copyrightText?: string | undefined
  readonly wkid?: number | undefined
  readonly createParameters?: { readonly [key: string]: unknown } | undefined
  /** Default `featureService`. */
  readonly serviceType?: "featureService" | "imageService" | undefined
  readonly owner?: string | undefined
  readonly folder?: string | undefined
  readonly properties?: ItemProperties | undefined
}

/**
 * Options of {@link ContentShape.search}.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/search.htm
 * @see arcgis.gis.ContentManager.search
 */
export interface SearchOptions {
  /** Only items of this type (`Web Map`, `Feature Service`…). */
  readonly itemType?: string | undefined
  /** Default `avgRating`. */
  readonly sortField?: string | undefined
  /** Default `desc`. */
  readonly sortOrder?: "asc" | "desc" | undefined
  /** Default 10 for `search`; unlimited for `searchAll`. */
  readonly maxItems?: number | undefined
  /** Also return items of other organizations. Default `false`: ` accountid:<orgId>` is appended. */
  readonly outsideOrg?: boolean | undefined
  /** `xmin,ymin,xmax,ymax` in WGS84. */
  readonly bbox?: string | undefined
}

/** Options of {@link ContentShape.searchAll}. */
export interface SearchAllOptions extends SearchOptions {
  /** Results per request (at most 100). Default 100. */
  readonly pageSize?: number | undefined
  /** Pages fetched in parallel once the total is known. Default 1. */
  readonly concurrency?: number | undefined
}

/**
 * Options of {@link ContentShape.importData}.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/generate.htm
 * @see arcgis.gis.ContentManager.import_data
 */
export interface ImportDataOptions {
  /** The CSV text (a header row, then one row per feature). */
  readonly csv: string
  /** Column → address field, e.g. `{ Address: "Address", City: "City" }`. */
  readonly addressFields?: { readonly [column: string]: string } | undefined
  readonly analyzeParameters?: { readonly [key: string]: unknown } | undefined
}

/** An item as the bulk operations take it: its id, or an object with an `id` (an `Item`). */
export type ItemIdReference = string | { readonly id: string }

/** A group as `shareItems`/`unshareItems` take it: its id, or an object with an `id`. */
export type GroupIdReference = string | { readonly id: string }

/** What the portal said about one item of a bulk operation that failed for that item. */
export interface BulkFailure {
  readonly itemId: string
  readonly success: false
  /** The portal's `error` (`code`, `messageCode`, `message`). */
  readonly error: InlineError
}

/** One item of `shareItems`: shared (possibly not with every group), or failed. */
export type ShareItemsResult =
  | { readonly itemId: string; readonly success: true; readonly notSharedWith: ReadonlyArray<string> }
  | BulkFailure

/** One item of `unshareItems`: unshared (possibly not from every group), or failed. */
export type UnshareItemsResult =
  | { readonly itemId: string; readonly success: true; readonly notUnsharedFrom: ReadonlyArray<string> }
  | BulkFailure

/** One item of `moveItems` or `deleteItems`. */
export type BulkItemOutcome = { readonly itemId: string; readonly success: true } | BulkFailure

/** How the bulk operations send large inputs. */
export interface BulkOptions {
  /**
   * The user whose content the request addresses (`content/users/<owner>/...`). Default: the
   * signed-in user. Items that user does not own come back as per-item failures.
   */
  readonly owner?: string | undefined
  /** Requests of 100 items in flight at once when there are more than 100 items. Default 4. */
  readonly concurrency?: number | undefined
}

/**
 * Options of {@link ContentShape.shareItems}.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/share-items.htm
 * @see arcgis.gis.ContentManager.share_items
 */
export interface ShareItemsOptions extends BulkOptions {
  /** Share with everyone (public). Sent only when given. */
  readonly everyone?: boolean | undefined
  /** Share with the organization. Sent only when given. */
  readonly org?: boolean | undefined
  readonly groups?: ReadonlyArray<GroupIdReference> | undefined
  /** Allow sharing to groups with shared update capabilities (`confirmItemControl`). */
  readonly allowMembersToEdit?: boolean | undefined
}

/**
 * Options of {@link ContentShape.unshareItems}.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/unshare-items.htm
 * @see arcgis.gis.ContentManager.unshare_items
 */
export interface UnshareItemsOptions extends BulkOptions {
  readonly groups: ReadonlyArray<GroupIdReference>
}

/** A feature collection generated from CSV. */
export type FeatureCollection = GenerateResponse["featureCollection"]
