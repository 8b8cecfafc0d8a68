/**
 * The options and results of the item operations, exported from the `Items` namespace (`Items.ShareOptions`…).
 */
import type { PortalRequest } from "@arcgis-portal/core"
import type { ItemData as ItemDataInput, ItemProperties, UploadOptions } from "./ContentOptions.ts"
import type { WaitOptions } from "./Job.ts"

/**
 * What the item operations need to know about an item: an `Item` from `Content.get` or `search`
 * fits, and so does `{ id, owner }` for most operations.
 */
export interface ItemReference {
  readonly id: string
  readonly owner: string
  /** The folder id holding the item; owner-scoped URLs include it. */
  readonly ownerFolder?: string | null | undefined
  readonly access?: string | undefined
  readonly title?: string | undefined
  readonly type?: string | undefined
  readonly name?: string | null | undefined
  readonly url?: string | null | undefined
  readonly thumbnail?: string | null | undefined
  readonly tags?: ReadonlyArray<string> | undefined
}

/** A group as `share` and `unshare` take it: its id, or an object with an `id`. */
export type GroupReference = string | { readonly id: string }

/**
 * Options of {@link ItemsShape.share}.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/share-item-as-item-owner-.htm
 * @see arcgis.gis.Item.share
 */
export interface ShareOptions {
  /** Share with everyone (public). Sent only when given. */
  readonly everyone?: boolean | undefined
  /** Share with the organization. Sent only when given. */
  readonly org?: boolean | undefined
  readonly groups?: ReadonlyArray<GroupReference> | undefined
  /** Allow sharing to groups with shared update capabilities (`confirmItemControl`). */
  readonly allowMembersToEdit?: boolean | undefined
}

/**
 * Options of {@link ItemsShape.update}.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/update-item.htm
 * @see arcgis.gis.Item.update
 */
export interface UpdateOptions extends UploadOptions {
  /** Only the properties given change. */
  readonly properties?: ItemProperties | undefined
  readonly data?: ItemDataInput | undefined
  readonly thumbnail?: Blob | undefined
  readonly metadata?: Blob | undefined
}

/**
 * Options of {@link ItemsShape.publish}.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/publish-item.htm
 * @see arcgis.gis.Item.publish
 */
export interface PublishOptions {
  /** The publish parameters; for CSV, shapefile and file geodatabase items they are analyzed when absent. */
  readonly publishParameters?: { readonly [key: string]: unknown } | undefined
  /** Column → address field, e.g. `{ Address: "Address" }` (CSV). */
  readonly addressFields?: { readonly [column: string]: string } | undefined
  /** `Tiles` (a feature service to tiles), `VectorTiles`, `sceneService`. */
  readonly outputType?: string | undefined
  readonly overwrite?: boolean | undefined
  /** Derived from the item's type when absent (`CSV` → `csv`, `Service Definition` → `serviceDefinition`…). */
  readonly fileType?: string | undefined
  readonly buildInitialCache?: boolean | undefined
}

/**
 * Options of {@link ItemsShape.export}.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/export-item.htm
 * @see arcgis.gis.Item.export
 */
export interface ExportOptions {
  readonly title: string
  /** `Shapefile`, `CSV`, `File Geodatabase`, `Feature Collection`, `GeoJson`, `Scene Package`, `KML`, `Excel`. */
  readonly exportFormat: string
  /** `exportParameters` (layers, where clauses, target spatial reference). */
  readonly parameters?: { readonly [key: string]: unknown } | undefined
  /** `true`: wait for the export and return the new item; otherwise return the job. */
  readonly wait?: boolean | undefined
  /** How to wait when `wait` is `true`. */
  readonly waitOptions?: WaitOptions | undefined
}

/**
 * Options of {@link ItemsShape.copyFeatureLayerCollection}.
 *
 * @see arcgis.gis.Item.copy_feature_layer_collection
 */
export interface CopyFeatureLayerCollectionOptions {
  readonly serviceName: string
  /** Layer ids to copy. Default: all. */
  readonly layers?: ReadonlyArray<number> | undefined
  /** Table ids to copy. Default: all. */
  readonly tables?: ReadonlyArray<number> | undefined
  readonly folder?: string | undefined
  readonly description?: string | undefined
  readonly snippet?: string | undefined
  readonly owner?: string | undefined
}

/**
 * Options of {@link ItemsShape.createTileService}.
 *
 * @see arcgis.gis.Item.create_tile_service
 */
export interface CreateTileServiceOptions {
  readonly title: string
  readonly minScale: number
  readonly maxScale: number
  readonly cacheInfo?: { readonly [key: string]: unknown } | undefined
  readonly buildCache?: boolean | undefined
}

/**
 * An item's data as `getData` returns it: parsed JSON, text, bytes, or nothing.
 *
 * @see arcgis.gis.Item.get_data
 */
export type ItemData =
  | { readonly kind: "json"; readonly json: unknown }
  | { readonly kind: "text"; readonly text: string }
  | { readonly kind: "bytes"; readonly bytes: Uint8Array; readonly contentType: string | undefined }
  | { readonly kind: "empty" }

/**
 * Options of {@link ItemsShape.download}.
 *
 * @see arcgis.gis.Item.download
 */
export interface DownloadOptions {
  /**
   * Called as the data arrives, chunk by chunk, with the bytes received so far (`total`: the file's size when the
   * portal sends its `Content-Length`); the last call has every byte.
   */
  readonly onProgress?: ((progress: PortalRequest.ByteProgress) => void) | undefined
  /**
   * Start at this byte: the stream holds the data from `offset` on, to resume an interrupted download (`Range:
   * bytes=<offset>-`). A portal that does not serve ranges sends the whole; the first `offset` bytes are then skipped
   * here, so the stream is the same either way. Progress counts bytes of the whole file. An offset at the file's end
   * gives an empty stream. Default 0.
   */
  readonly offset?: number | undefined
}

/**
 * Options of {@link ItemsShape.getData}.
 *
 * @see arcgis.gis.Item.get_data
 */
export interface GetDataOptions extends DownloadOptions {
  /** Parse JSON data. Default `true` (as Python's `try_json`). */
  readonly tryJson?: boolean | undefined
}
