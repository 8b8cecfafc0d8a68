/**
 * The options and results of an item's methods (`item.update`, `item.publish`, `item.download`…), as both entries'
 * items take them: Python's parameter names in camelCase. A field whose name the Effect face shares is the service's
 * own (`Items.UpdateOptions`, `Items.ExportOptions`…), not a copy; the fields only the facade has — Python's names
 * where the service's differ (`itemProperties` for `properties`), paths and `User`s where the service takes blobs and
 * names, a `signal` — are declared here, and `internal/options/items.ts` maps them onto the service's.
 *
 * @see arcgis.gis.Item
 */
import type { Content, Items, Job } from "@arcgis-portal/content"
import type { FileArgument, UserArgument } from "./Arguments.ts"
import type { AbortOptions } from "./Errors.ts"

export type { ShareOptions } from "./internal/sharing.ts"

/**
 * Options of `item.update`: the service's upload options, and Python's `item_properties`, `data`, `thumbnail` and
 * `metadata`.
 *
 * @see arcgis.gis.Item.update
 */
export interface UpdateOptions extends Omit<Items.UpdateOptions, "properties" | "data" | "thumbnail" | "metadata"> {
  /** Only the properties given change. */
  readonly itemProperties?: Content.ItemProperties | undefined
  /** A `Blob`/`File`/stream, `{ url }`/`{ text }`, a URL string, or (Node) a path on disk. */
  readonly data?: Content.ItemData | string | undefined
  readonly thumbnail?: FileArgument | undefined
  readonly metadata?: FileArgument | undefined
  /** Aborts the upload: the call rejects with `AbortError` (a multipart upload's parts stop being sent). */
  readonly signal?: AbortSignal | undefined
}

/**
 * Options of `item.download`.
 *
 * @see arcgis.gis.Item.download
 */
export interface DownloadOptions extends Pick<Items.DownloadOptions, "onProgress"> {
  /** The folder to write into. Default: the temporary directory. */
  readonly savePath?: string | undefined
  /** Aborts the download: the call rejects with `AbortError`, and the partly written file is removed. */
  readonly signal?: AbortSignal | undefined
}

/**
 * Options of `item.downloadMetadata` and `item.downloadThumbnail`.
 *
 * @see arcgis.gis.Item.download_metadata
 */
export interface SaveOptions extends AbortOptions {
  /** The folder to write into. Default: the temporary directory. */
  readonly saveFolder?: string | undefined
}

/**
 * Options of `item.getData`: Python's `try_json`, and (not in Python) `onProgress` as the data arrives.
 *
 * @see arcgis.gis.Item.get_data
 */
export interface GetDataOptions extends Pick<Items.GetDataOptions, "tryJson" | "onProgress">, AbortOptions {}

/**
 * How to wait for a job from a Promise: poll every `interval` milliseconds (default 2 000) and
 * hear about every status. (`schedule` takes an Effect Schedule, for Effect users.)
 */
export interface JobWaitOptions extends Job.WaitOptions {
  readonly interval?: number | undefined
}

/**
 * Options of `item.publish`: the service's publish options, how to wait for the job, and a `signal`.
 *
 * @see arcgis.gis.Item.publish
 */
export interface PublishOptions extends Items.PublishOptions {
  /** How to wait for the publish job (`{ interval, onProgress }`). */
  readonly wait?: JobWaitOptions | undefined
  /** Aborts the call (the publish request, or the wait for its job): it rejects with `AbortError`. */
  readonly signal?: AbortSignal | undefined
}

/**
 * Options of `item.export`: the service's export options, waiting by default.
 *
 * @see arcgis.gis.Item.export
 */
export interface ExportOptions extends Omit<Items.ExportOptions, "wait" | "waitOptions"> {
  /** Default `true`: wait and return the exported item; `false`: return the job at once. */
  readonly wait?: boolean | undefined
  /** While waiting: poll every `interval` milliseconds and hear about every status. */
  readonly waitOptions?: JobWaitOptions | undefined
  /** Aborts the call (the export request, or the wait for its job): it rejects with `AbortError`. */
  readonly signal?: AbortSignal | undefined
}

/**
 * Options of `item.copyFeatureLayerCollection` (the service name is its first argument): layers and tables also as a
 * comma-separated string, the owner also as a `User`.
 *
 * @see arcgis.gis.Item.copy_feature_layer_collection
 */
export interface CopyFeatureLayerCollectionOptions
  extends Omit<Items.CopyFeatureLayerCollectionOptions, "serviceName" | "layers" | "tables" | "owner"> {
  /** Layer ids to copy, as numbers or one comma-separated string. Default: all. */
  readonly layers?: ReadonlyArray<number> | string | undefined
  /** Table ids to copy, as numbers or one comma-separated string. Default: all. */
  readonly tables?: ReadonlyArray<number> | string | undefined
  /** The user who will own the copy: a username or a `User`. */
  readonly owner?: UserArgument | undefined
  /** Aborts the call (also the wait for its job): it rejects with `AbortError`. */
  readonly signal?: AbortSignal | undefined
}

/**
 * Options of `item.createTileService`: the service's, and a `signal`.
 *
 * @see arcgis.gis.Item.create_tile_service
 */
export interface CreateTileServiceOptions extends Items.CreateTileServiceOptions {
  /** Aborts the call (also the wait for its job): it rejects with `AbortError`. */
  readonly signal?: AbortSignal | undefined
}

/**
 * Options of `item.delete`: Python's `force`, `permanent` and `dry_run`.
 *
 * @see arcgis.gis.Item.delete
 */
export interface DeleteOptions {
  readonly force?: boolean | undefined
  /** Delete at once instead of moving the item to the recycle bin (where the portal has one). */
  readonly permanent?: boolean | undefined
  /** Only ask whether the item could be deleted. */
  readonly dryRun?: boolean | undefined
}

/**
 * A relationship of `item.addRelationship` and `item.deleteRelationship`: the other item (its id or the `Item`) and
 * the relationship's type (`Map2Service`, `Survey2Data`…).
 *
 * @see arcgis.gis.Item.add_relationship
 */
export interface RelationshipOptions {
  readonly relItem: string | { readonly id: string }
  readonly relType: string
}

/**
 * Options of `item.move` (the folder is its first argument): whose folder, as a username or a `User`.
 *
 * @see arcgis.gis.Item.move
 */
export interface MoveOptions {
  readonly owner?: UserArgument | undefined
}

/**
 * Options of `item.reassignTo` (the new owner is its first argument): a folder of the new owner.
 *
 * @see arcgis.gis.Item.reassign_to
 */
export interface ReassignToOptions {
  readonly targetFolder?: string | undefined
}

/**
 * Options of `item.relatedItems` (the relationship type is its first argument): `forward` (this item is the origin,
 * the default) or `reverse`.
 *
 * @see arcgis.gis.Item.related_items
 */
export interface RelatedItemsOptions {
  readonly direction?: "forward" | "reverse" | undefined
}

/**
 * Options of `item.status`: the job to ask about (`jobId` and `jobType` from publish, export…); without them, the
 * item's upload.
 *
 * @see arcgis.gis.Item.status
 */
export interface StatusOptions {
  readonly jobId?: string | undefined
  readonly jobType?: Job.JobType | undefined
}

/** A job the portal runs in the background. */
export interface JobInfo {
  readonly itemId: string
  readonly jobId: string | undefined
  readonly jobType: Job.JobType
  readonly owner: string
}

/**
 * What `export` with `wait: false` resolves with: Python's dictionary (`res["exportItemId"]`, `res["jobId"]`),
 * plus the job's own fields. Poll it with `item.status({ jobId, jobType: "export" })` on the export item.
 *
 * @see arcgis.gis.Item.export
 */
export interface ExportJob extends JobInfo {
  /** The new item the export fills (the same as `itemId`). */
  readonly exportItemId: string
  /** The service item being exported. */
  readonly serviceItemId: string
  readonly exportFormat: string
}

/**
 * What `protect` resolves with: Python's `{"success": ...}`.
 *
 * @see arcgis.gis.Item.protect
 */
export interface ProtectResult {
  readonly success: boolean
}
