/**
 * Operations on one item — sharing, moving, updating, publishing, exporting, comments, ratings,
 * relationships, data and thumbnails — the TypeScript counterpart of Python's `arcgis.gis.Item`
 * methods (names in camelCase). Each takes the item (as returned by `Content.get` or `search`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/item.htm
 * @see arcgis.gis.Item
 * @module
 */
import { Paging, Portal, PortalError, type PortalRequest, PortalSelf, Transport } from "@arcgis-portal/core"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import { analyze } from "./endpoints/features/analyze.ts"
import { addComment as addCommentEndpoint } from "./endpoints/items/addComment.ts"
import { addRating } from "./endpoints/items/addRating.ts"
import { comments as commentsEndpoint } from "./endpoints/items/comments.ts"
import { deleteRating as deleteRatingEndpoint } from "./endpoints/items/deleteRating.ts"
import { dependencies } from "./endpoints/items/dependencies.ts"
import { itemData } from "./endpoints/items/itemData.ts"
import { infoPath, itemInfo } from "./endpoints/items/itemInfo.ts"
import { listDependentsTo } from "./endpoints/items/listDependentsTo.ts"
import { rating as ratingEndpoint } from "./endpoints/items/rating.ts"
import { relatedItems as relatedItemsEndpoint } from "./endpoints/items/relatedItems.ts"
import { shareItemAsGroupAdmin } from "./endpoints/items/shareItemAsGroupAdmin.ts"
import { unshareItemAsGroupAdmin } from "./endpoints/items/unshareItemAsGroupAdmin.ts"
import { addToDefinition } from "./endpoints/services/addToDefinition.ts"
import { serviceInfo } from "./endpoints/services/serviceInfo.ts"
import { addRelationship as addRelationshipEndpoint } from "./endpoints/users/addRelationship.ts"
import { canDelete as canDeleteEndpoint } from "./endpoints/users/canDelete.ts"
import { createService } from "./endpoints/users/createService.ts"
import { deleteItem } from "./endpoints/users/deleteItem.ts"
import { deleteRelationship as deleteRelationshipEndpoint } from "./endpoints/users/deleteRelationship.ts"
import { exportItem } from "./endpoints/users/exportItem.ts"
import { moveItem } from "./endpoints/users/moveItem.ts"
import { protect as protectEndpoint } from "./endpoints/users/protect.ts"
import { proxies as proxiesEndpoint } from "./endpoints/users/proxies.ts"
import { publishItem } from "./endpoints/users/publishItem.ts"
import { reassignItem } from "./endpoints/users/reassignItem.ts"
import { shareItem } from "./endpoints/users/shareItem.ts"
import { status as statusEndpoint } from "./endpoints/users/status.ts"
import { unprotect } from "./endpoints/users/unprotect.ts"
import { unshareItem } from "./endpoints/users/unshareItem.ts"
import { updateItem, updateItemMultipartStart } from "./endpoints/users/updateItem.ts"
import type {
  Comment,
  DependenciesResponse,
  Item,
  ItemOperationResult,
  JobStatus,
  MoveResult,
  ShareResult,
  UnshareResult,
} from "./ItemSchema.ts"
import { checkItemId, makeContext, type ServiceContext } from "./internal/context.ts"
import { reconciled, resending } from "./internal/reconcile.ts"
import {
  type ItemData as ItemDataInput,
  type ItemProperties,
  infoFiles,
  planData,
  propertyParams,
  type UploadOptions,
  uploadMultipart,
} from "./internal/upload.ts"
import {
  checkFolder,
  checkGroupIds,
  checkInfoPath,
  checkOwner,
  checkProperties,
  checkRating,
  checkText,
  limits,
} from "./internal/validate.ts"
import { type Job, JobFailed, type JobType, type WaitOptions } from "./Job.ts"

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

type Failure = PortalError.PortalFailure

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

/** The item operations. */
export interface ItemsShape {
  /**
   * Adds a comment; returns its id.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/add-comment.htm
   * @see arcgis.gis.Item.add_comment
   */
  readonly addComment: (item: ItemReference, comment: string) => Effect.Effect<string, Failure>
  /**
   * Every comment on the item.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/item-comments.htm
   * @see arcgis.gis.Item.comments
   */
  readonly comments: (item: ItemReference) => Effect.Effect<ReadonlyArray<Comment>, Failure>
  /**
   * Relates this item (origin) to another (destination).
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/add-relationship.htm
   * @see arcgis.gis.Item.add_relationship
   */
  readonly addRelationship: (
    item: ItemReference,
    relatedItem: string | { readonly id: string },
    relationshipType: string,
  ) => Effect.Effect<boolean, Failure>
  /**
   * Removes a relationship this item (origin) has with another.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/delete-relationship.htm
   * @see arcgis.gis.Item.delete_relationship
   */
  readonly deleteRelationship: (
    item: ItemReference,
    relatedItem: string | { readonly id: string },
    relationshipType: string,
  ) => Effect.Effect<boolean, Failure>
  /**
   * Items related to this one (`forward`: this item is the origin).
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/related-items.htm
   * @see arcgis.gis.Item.related_items
   */
  readonly relatedItems: (
    item: ItemReference,
    relationshipType: string,
    direction?: "forward" | "reverse",
  ) => Effect.Effect<ReadonlyArray<Item>, Failure>
  /**
   * Items, URLs… that depend on this item.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/dependents.htm
   * @see arcgis.gis.Item.dependent_to
   */
  readonly dependentTo: (item: ItemReference) => Effect.Effect<DependenciesResponse, Failure>
  /**
   * Items, URLs… this item depends on.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/dependencies.htm
   * @see arcgis.gis.Item.dependent_upon
   */
  readonly dependentUpon: (item: ItemReference) => Effect.Effect<DependenciesResponse, Failure>
  /**
   * Copies a hosted feature layer collection (all or some layers and tables) into a new service.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/create-service.htm
   * @see arcgis.gis.Item.copy_feature_layer_collection
   */
  readonly copyFeatureLayerCollection: (
    item: ItemReference,
    options: CopyFeatureLayerCollectionOptions,
  ) => Effect.Effect<Job, Failure>
  /**
   * Publishes a hosted feature layer as a tile service.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/publish-item.htm
   * @see arcgis.gis.Item.create_tile_service
   */
  readonly createTileService: (
    item: ItemReference,
    options: CreateTileServiceOptions,
  ) => Effect.Effect<Job, Failure | JobFailed>
  /**
   * Deletes the item.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/delete-item.htm
   * @see arcgis.gis.Item.delete
   */
  readonly delete: (
    item: ItemReference,
    options?: { readonly force?: boolean | undefined; readonly permanentDelete?: boolean | undefined },
  ) => Effect.Effect<boolean, Failure>
  /**
   * Whether the item can be deleted: `{ success: true }`, or `{ success: false, error }` with the
   * portal's reason (`CONT_0044` for delete protection). Not being allowed to ask (403) or an item
   * that is not visible still fail.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/can-delete-item.htm
   * @see arcgis.gis.Item.delete
   */
  readonly canDelete: (item: ItemReference) => Effect.Effect<ItemOperationResult, Failure>
  /**
   * The caller's rating of the item, if any.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/item-rating.htm
   * @see arcgis.gis.Item.rating
   */
  readonly rating: (item: ItemReference) => Effect.Effect<number | undefined, Failure>
  /**
   * Rates the item (1.0 to 5.0).
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/add-rating.htm
   * @see arcgis.gis.Item.rating
   */
  readonly setRating: (item: ItemReference, rating: number) => Effect.Effect<boolean, Failure>
  /**
   * Removes the caller's rating.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/delete-rating.htm
   * @see arcgis.gis.Item.delete_rating
   */
  readonly deleteRating: (item: ItemReference) => Effect.Effect<boolean, Failure>
  /**
   * The item's data as a byte stream (never held in memory whole); `onProgress` follows it as it is read.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/item-data.htm
   * @see arcgis.gis.Item.download
   * @example
   * import { Items } from "@arcgis-portal/content"
   * import * as Effect from "effect/Effect"
   * import * as Stream from "effect/Stream"
   * const data = (item: Items.ItemReference) =>
   *   Stream.unwrap(
   *     Effect.map(Items.Items, (items) =>
   *       items.download(item, { onProgress: ({ bytes, total }) => console.log(`${bytes} of ${total ?? "?"} bytes`) }),
   *     ),
   *   )
   */
  readonly download: (item: ItemReference, options?: DownloadOptions) => Stream.Stream<Uint8Array, Failure>
  /**
   * The item's metadata XML as a byte stream.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/item-info-file.htm
   * @see arcgis.gis.Item.download_metadata
   */
  readonly downloadMetadata: (item: ItemReference) => Stream.Stream<Uint8Array, Failure>
  /**
   * The item's thumbnail as a byte stream (fails with `InvalidInput` when it has none).
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/item-info-file.htm
   * @see arcgis.gis.Item.download_thumbnail
   */
  readonly downloadThumbnail: (item: ItemReference) => Stream.Stream<Uint8Array, Failure>
  /**
   * The thumbnail's bytes; `undefined` when the item has none.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/item-info-file.htm
   * @see arcgis.gis.Item.get_thumbnail
   */
  readonly getThumbnail: (item: ItemReference) => Effect.Effect<Uint8Array | undefined, Failure>
  /**
   * The thumbnail's URL; `undefined` when the item has none.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/item-info-file.htm
   * @see arcgis.gis.Item.get_thumbnail_link
   */
  readonly getThumbnailLink: (item: ItemReference) => string | undefined
  /**
   * The item's data: parsed JSON (unless `tryJson: false`), text, bytes for binary files, or empty. `onProgress`
   * follows the bytes as they arrive.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/item-data.htm
   * @see arcgis.gis.Item.get_data
   */
  readonly getData: (item: ItemReference, options?: GetDataOptions) => Effect.Effect<ItemData, Failure>
  /**
   * The item's metadata XML; `undefined` when it has none.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/item-info-file.htm
   * @see arcgis.gis.Item.metadata
   */
  readonly metadata: (item: ItemReference) => Effect.Effect<string | undefined, Failure>
  /**
   * Exports a hosted service to a new item: the job, or with `wait: true` the finished item.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/export-item.htm
   * @see arcgis.gis.Item.export
   */
  readonly export: {
    (item: ItemReference, options: ExportOptions & { readonly wait: true }): Effect.Effect<Item, Failure | JobFailed>
    (item: ItemReference, options: ExportOptions): Effect.Effect<Job, Failure>
  }
  /**
   * The item's page in the portal: `<portalUrl>/home/item.html?id=<id>`.
   *
   * @see arcgis.gis.Item.homepage
   */
  readonly homepage: (item: ItemReference) => string
  /**
   * Moves the item to a folder (name, `{ id }`, or `/` for the root).
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/move-item.htm
   * @see arcgis.gis.Item.move
   */
  readonly move: (item: ItemReference, folder: string | { readonly id: string }) => Effect.Effect<MoveResult, Failure>
  /**
   * Turns delete protection on (default) or off.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/protect.htm
   * @see arcgis.gis.Item.protect
   */
  readonly protect: (item: ItemReference, enable?: boolean) => Effect.Effect<boolean, Failure>
  /**
   * The hosted proxies of a registered app item.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/proxies.htm
   * @see arcgis.gis.Item.proxies
   */
  readonly proxies: (item: ItemReference) => Effect.Effect<ReadonlyArray<{ readonly [key: string]: unknown }>, Failure>
  /**
   * Publishes a hosted service from the item; `wait()` on the job returns the service item.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/publish-item.htm
   * @see arcgis.gis.Item.publish
   */
  readonly publish: (item: ItemReference, options?: PublishOptions) => Effect.Effect<Job, Failure | JobFailed>
  /**
   * Gives the item to another user (org administrators), optionally into one of their folders.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/reassign-item.htm
   * @see arcgis.gis.Item.reassign_to
   */
  readonly reassignTo: (
    item: ItemReference,
    targetOwner: string,
    targetFolder?: string | undefined,
  ) => Effect.Effect<boolean, Failure>
  /**
   * Shares the item with everyone, the organization and/or groups.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/share-item-as-item-owner-.htm
   * @see arcgis.gis.Item.share
   */
  readonly share: (item: ItemReference, options: ShareOptions) => Effect.Effect<ShareResult, Failure>
  /**
   * Stops sharing the item with groups.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/unshare-item-as-item-owner-.htm
   * @see arcgis.gis.Item.unshare
   */
  readonly unshare: (
    item: ItemReference,
    groups: ReadonlyArray<GroupReference>,
  ) => Effect.Effect<UnshareResult, Failure>
  /**
   * The status of the item's upload, or of a job (`jobId` and `jobType` from publish, export…).
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/status.htm
   * @see arcgis.gis.Item.status
   */
  readonly status: (
    item: ItemReference,
    options?: { readonly jobId?: string | undefined; readonly jobType?: JobType | undefined },
  ) => Effect.Effect<JobStatus, Failure>
  /**
   * Changes properties, data, thumbnail or metadata; returns the item as it now is. Large files use
   * the multipart flow, like `Content.add`.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/update-item.htm
   * @see arcgis.gis.Item.update
   */
  readonly update: (item: ItemReference, options: UpdateOptions) => Effect.Effect<Item, Failure | JobFailed>
}

/**
 * The item operations service.
 *
 * @see arcgis.gis.Item
 */
export class Items extends Context.Service<Items, ItemsShape>()("@arcgis-portal/content/Items") {}

/**
 * The publish `fileType` of an item type, as the Python module derives it.
 *
 * @see arcgis.gis.Item.publish
 */
export const fileTypes: { readonly [itemType: string]: string } = {
  "Service Definition": "serviceDefinition",
  "Feature Collection": "featureCollection",
  CSV: "csv",
  Shapefile: "shapefile",
  "File Geodatabase": "fileGeodatabase",
  "Vector Tile Package": "vectortilepackage",
  "Scene Package": "scenePackage",
  "Tile Package": "tilePackage",
  "SQLite Geodatabase": "sqliteGeodatabase",
  GeoJson: "geojson",
  "Microsoft Excel": "excel",
  "Feature Service": "featureService",
}

const analyzedFileTypes = new Set(["csv", "shapefile", "fileGeodatabase", "excel", "geojson"])

const groupIds = (groups: ReadonlyArray<GroupReference> | undefined): string | undefined =>
  groups === undefined ? undefined : groups.map((group) => (typeof group === "string" ? group : group.id)).join(",")

const idOf = (value: string | { readonly id: string }): string => (typeof value === "string" ? value : value.id)

const refuse = (operation: string, field: string, message: string) =>
  new PortalError.InvalidInput({ operation, field, message })

/** A service name from a title: letters, digits and underscores only. */
const serviceNameOf = (title: string): string =>
  title.replace(/[^A-Za-z0-9_]/g, "_").replace(/^_+|_+$/g, "") || "service"

const textTypes = /json|text|xml|javascript|csv/i

/** Builds the item operations from the portal's Transport. */
export const make: Effect.Effect<ItemsShape, never, Transport.Transport | Portal.Portal> = Effect.gen(function* () {
  const transport = yield* Transport.Transport
  const context: ServiceContext = makeContext(transport, yield* Portal.Portal, yield* PortalSelf.shared(transport))

  const checked = <A, E>(operation: string, item: ItemReference, run: () => Effect.Effect<A, E>) =>
    Effect.flatMap(Effect.andThen(checkItemId(operation, item.id), checkOwner(operation, item.owner)), run)

  const addComment: ItemsShape["addComment"] = (item, comment) =>
    checked("Items.addComment", item, () =>
      Effect.flatMap(checkText("Items.addComment", "comment", comment, limits.comment), () =>
        Effect.map(
          context.call(addCommentEndpoint, "Items.addComment", { id: item.id, comment }),
          (result) => result.commentId,
        ),
      ),
    )

  const comments: ItemsShape["comments"] = (item) =>
    checked("Items.comments", item, () =>
      Effect.map(
        Stream.runCollect(
          Paging.stream((start, num) =>
            Effect.map(context.call(commentsEndpoint, "Items.comments", { id: item.id, start, num }), (page) =>
              Paging.page(page, page.comments),
            ),
          ),
        ),
        (all) => Array.from(all),
      ),
    )

  const relationship =
    (endpoint: typeof addRelationshipEndpoint, operation: string) =>
    (item: ItemReference, relatedItem: string | { readonly id: string }, relationshipType: string) =>
      Effect.gen(function* () {
        const owner = yield* context.me(operation)
        const result = yield* context.call(endpoint, operation, {
          owner,
          originItemId: item.id,
          destinationItemId: idOf(relatedItem),
          relationshipType,
        })
        return result.success
      })

  const relatedItems: ItemsShape["relatedItems"] = (item, relationshipType, direction = "forward") =>
    checked("Items.relatedItems", item, () =>
      Effect.map(
        context.call(relatedItemsEndpoint, "Items.relatedItems", { id: item.id, relationshipType, direction }),
        (result) => result.relatedItems,
      ),
    )

  const withJob = (
    operation: string,
    spec: { itemId: string | undefined; jobId: string | undefined; jobType: JobType; owner: string },
  ): Effect.Effect<Job, JobFailed> =>
    spec.itemId
      ? Effect.succeed(context.job({ operation, ...spec, itemId: spec.itemId }))
      : Effect.fail(
          new JobFailed({
            operation,
            itemId: "",
            jobId: spec.jobId,
            jobType: spec.jobType,
            status: "failed",
            statusMessage: "The portal did not say which item the job produces.",
            message: `The ${spec.jobType} job did not start: the portal did not say which item it produces.`,
          }),
        )

  const publish: ItemsShape["publish"] = (item, options = {}) =>
    Effect.gen(function* () {
      const operation = "Items.publish"
      yield* checkItemId(operation, item.id)
      const fileType = options.fileType ?? (item.type === undefined ? undefined : fileTypes[item.type])
      if (fileType === undefined) {
        return yield* Effect.fail(
          refuse(
            operation,
            "fileType",
            `Cannot tell how to publish an item of type ${item.type ?? "unknown"}: pass fileType.`,
          ),
        )
      }
      let publishParameters: { readonly [key: string]: unknown } | undefined = options.publishParameters
      if (publishParameters === undefined) {
        const name = serviceNameOf(item.title ?? item.name ?? item.id)
        if (analyzedFileTypes.has(fileType)) {
          const analyzed = yield* context.call(analyze, `${operation}.analyze`, { itemid: item.id, filetype: fileType })
          publishParameters = {
            ...(analyzed.publishParameters ?? {}),
            name,
            ...(options.addressFields === undefined
              ? {}
              : { addressFields: options.addressFields, locationType: "address" }),
          }
        } else {
          publishParameters = { name, hasStaticData: true, maxRecordCount: 2000, layerInfo: { capabilities: "Query" } }
        }
      }
      const response = yield* context.call(publishItem, operation, {
        owner: item.owner,
        folderId: item.ownerFolder ?? undefined,
        params: {
          itemid: item.id,
          fileType,
          publishParameters,
          outputType: options.outputType,
          overwrite: options.overwrite,
          buildInitialCache: options.buildInitialCache,
        },
      })
      const service = response.services[0]
      if (service === undefined || service.error !== undefined) {
        const statusMessage = service?.error?.message ?? "The portal published no service."
        return yield* Effect.fail(
          new JobFailed({
            operation,
            itemId: item.id,
            jobId: service?.jobId,
            jobType: "publish",
            status: "failed",
            statusMessage,
            message: `Publishing item ${item.id} failed: ${statusMessage}`,
          }),
        )
      }
      return yield* withJob(operation, {
        itemId: service.serviceItemId,
        jobId: service.jobId,
        jobType: "publish",
        owner: item.owner,
      })
    })

  const exportImpl = (item: ItemReference, options: ExportOptions) =>
    Effect.gen(function* () {
      const operation = "Items.export"
      yield* checkItemId(operation, item.id)
      const owner = yield* context.me(operation)
      const response = yield* context.call(exportItem, operation, {
        owner,
        params: {
          itemId: item.id,
          exportFormat: options.exportFormat,
          title: options.title,
          exportParameters: options.parameters,
        },
      })
      return context.job({ operation, itemId: response.exportItemId, jobId: response.jobId, jobType: "export", owner })
    })

  const exportItemMethod = ((item: ItemReference, options: ExportOptions) =>
    options.wait === true
      ? Effect.flatMap(exportImpl(item, options), (job) => job.wait(options.waitOptions))
      : exportImpl(item, options)) as ItemsShape["export"]

  const copyFeatureLayerCollection: ItemsShape["copyFeatureLayerCollection"] = (item, options) =>
    Effect.gen(function* () {
      const operation = "Items.copyFeatureLayerCollection"
      if (!item.url) return yield* Effect.fail(refuse(operation, "item", "The item has no service URL to copy."))
      const sourceUrl = item.url.replace(/\/+$/, "")
      const owner = options.owner ?? (yield* context.me(operation))
      const folderId = yield* context.folderId(operation, owner, options.folder)
      const service = yield* context.call(serviceInfo, `${operation}.service`, { url: sourceUrl })
      const idsOf = (key: "layers" | "tables"): ReadonlyArray<number> => {
        const entries = service[key]
        return Array.isArray(entries)
          ? entries.flatMap((entry: unknown) => {
              const id = (entry as { id?: unknown }).id
              return typeof id === "number" ? [id] : []
            })
          : []
      }
      const pick = (key: string) => (service[key] === undefined ? {} : { [key]: service[key] })
      const createParameters = {
        ...pick("serviceDescription"),
        ...pick("hasStaticData"),
        ...pick("maxRecordCount"),
        ...pick("supportedQueryFormats"),
        ...pick("capabilities"),
        ...pick("copyrightText"),
        ...pick("spatialReference"),
        ...pick("initialExtent"),
        ...pick("allowGeometryUpdates"),
        ...pick("units"),
        ...pick("xssPreventionInfo"),
        description: options.description ?? service.description ?? "",
        name: options.serviceName,
      }
      const created = yield* context.call(createService, operation, {
        owner,
        folderId,
        params: {
          createParameters,
          outputType: "featureService",
          title: options.serviceName,
          description: options.description,
          snippet: options.snippet,
          tags: item.tags,
        },
      })
      const definitions = (ids: ReadonlyArray<number>) =>
        Effect.forEach(ids, (id) => context.call(serviceInfo, `${operation}.layer`, { url: `${sourceUrl}/${id}` }), {
          concurrency: 4,
        })
      const layers = yield* definitions(options.layers ?? idsOf("layers"))
      const tables = yield* definitions(options.tables ?? idsOf("tables"))
      const serviceUrl = created.serviceurl ?? created.encodedServiceURL
      if (serviceUrl !== undefined && layers.length + tables.length > 0) {
        yield* context.call(addToDefinition, `${operation}.addToDefinition`, {
          serviceUrl,
          definition: { layers, tables },
        })
      }
      return context.job({ operation, itemId: created.itemId, jobId: created.jobId, jobType: "createService", owner })
    })

  const createTileService: ItemsShape["createTileService"] = (item, options) =>
    publish(item, {
      fileType: "featureService",
      outputType: "Tiles",
      buildInitialCache: options.buildCache ?? false,
      publishParameters: {
        name: options.title,
        minScale: options.minScale,
        maxScale: options.maxScale,
        ...(options.cacheInfo === undefined ? {} : { cacheInfo: options.cacheInfo }),
      },
    })

  const download: ItemsShape["download"] = (item, options = {}) =>
    Stream.unwrap(
      Effect.map(
        Effect.flatMap(checkItemId("Items.download", item.id), () =>
          context.bytes(itemData, "Items.download", { id: item.id }, { onDownloadProgress: options.onProgress }),
        ),
        (response) => response.stream,
      ),
    )

  const metadataFile = "metadata/metadata.xml"

  const downloadMetadata: ItemsShape["downloadMetadata"] = (item) =>
    Stream.unwrap(
      Effect.map(
        Effect.flatMap(checkItemId("Items.downloadMetadata", item.id), () =>
          context.bytes(itemInfo, "Items.downloadMetadata", { id: item.id, file: metadataFile }),
        ),
        (response) => response.stream,
      ),
    )

  const downloadThumbnail: ItemsShape["downloadThumbnail"] = (item) =>
    Stream.unwrap(
      Effect.gen(function* () {
        const operation = "Items.downloadThumbnail"
        yield* checkItemId(operation, item.id)
        if (!item.thumbnail) return yield* Effect.fail(refuse(operation, "thumbnail", "The item has no thumbnail."))
        const file = yield* checkInfoPath(operation, item.thumbnail)
        return (yield* context.bytes(itemInfo, operation, { id: item.id, file })).stream
      }),
    )

  const getThumbnail: ItemsShape["getThumbnail"] = (item) =>
    item.thumbnail
      ? Transport.collectBytes(downloadThumbnail(item))
      : Effect.flatMap(checkItemId("Items.getThumbnail", item.id), () => Effect.succeed(undefined))

  const getThumbnailLink: ItemsShape["getThumbnailLink"] = (item) =>
    item.thumbnail ? context.transport.url(infoPath(item.id, item.thumbnail)) : undefined

  const getData: ItemsShape["getData"] = (item, options = {}) =>
    Effect.gen(function* () {
      const operation = "Items.getData"
      yield* checkItemId(operation, item.id)
      const response = yield* context.bytes(
        itemData,
        operation,
        { id: item.id },
        { onDownloadProgress: options.onProgress },
      )
      const bytes = yield* Transport.collectBytes(response.stream)
      if (bytes.byteLength === 0) return { kind: "empty" } as const
      const contentType = response.contentType
      const looksTextual = contentType === undefined ? isUtf8Text(bytes) : textTypes.test(contentType)
      if (!looksTextual) return { kind: "bytes", bytes, contentType } as const
      const text = new TextDecoder().decode(bytes)
      if (options.tryJson !== false) {
        try {
          return { kind: "json", json: JSON.parse(text) as unknown } as const
        } catch {
          // Not JSON: return the text.
        }
      }
      return { kind: "text", text } as const
    })

  const metadata: ItemsShape["metadata"] = (item) =>
    Effect.catch(
      Effect.map(Transport.collectBytes(downloadMetadata(item)), (bytes) =>
        bytes.byteLength === 0 ? undefined : new TextDecoder().decode(bytes),
      ),
      (error: Failure) => (isMissingInfoFile(error) ? Effect.succeed(undefined) : Effect.fail(error)),
    )

  const move: ItemsShape["move"] = (item, folder) =>
    Effect.gen(function* () {
      const operation = "Items.move"
      yield* checkItemId(operation, item.id)
      yield* checkOwner(operation, item.owner)
      yield* checkFolder(operation, folder)
      const folderId = yield* context.folderId(operation, item.owner, folder)
      return yield* context.call(moveItem, operation, { item, folder: folderId ?? "/" })
    })

  const protect: ItemsShape["protect"] = (item, enable = true) =>
    checked("Items.protect", item, () =>
      Effect.map(
        context.call(enable ? protectEndpoint : unprotect, "Items.protect", { item }),
        (result) => result.success,
      ),
    )

  const share: ItemsShape["share"] = (item, options) =>
    checked("Items.share", item, () => checkGroupIds("Items.share", options.groups)).pipe(
      Effect.flatMap(() => {
        const groups = groupIds(options.groups)
        const confirmItemControl = options.allowMembersToEdit === true ? true : undefined
        // Like the Python module: a public item shared with groups only goes through the group-admin
        // view, which does not need the caller to own it.
        if (item.access === "public" && options.everyone === undefined && options.org === undefined) {
          return context.call(shareItemAsGroupAdmin, "Items.share", {
            id: item.id,
            params: { groups: groups ?? "", confirmItemControl },
          })
        }
        return context.call(shareItem, "Items.share", {
          item,
          params: { everyone: options.everyone, org: options.org, groups: groups ?? "", confirmItemControl },
        })
      }),
    )

  const unshare: ItemsShape["unshare"] = (item, groups) =>
    checked("Items.unshare", item, () => checkGroupIds("Items.unshare", groups)).pipe(
      Effect.flatMap(() => {
        const params: PortalRequest.Params = { groups: groupIds(groups) ?? "" }
        return item.access === "public"
          ? context.call(unshareItemAsGroupAdmin, "Items.unshare", { id: item.id, params })
          : context.call(unshareItem, "Items.unshare", { item, params })
      }),
    )

  const update: ItemsShape["update"] = (item, options) =>
    Effect.gen(function* () {
      const operation = "Items.update"
      yield* checkItemId(operation, item.id)
      yield* checkOwner(operation, item.owner)
      yield* checkProperties(operation, options.properties)
      const properties = propertyParams(options.properties)
      const plan = planData(options.data, options)
      const files = infoFiles(options)
      if (plan.kind === "inline") {
        yield* context.call(updateItem, operation, {
          item,
          params: { ...properties, ...plan.params },
          files: { ...plan.files, ...files },
        })
        return yield* context.item(`${operation}.item`, item.id)
      }
      const resuming = options.resumeItemId !== undefined
      if (!resuming) {
        yield* context.call(updateItemMultipartStart, operation, {
          item,
          params: { multipart: true, filename: plan.source.name },
        })
      }
      yield* uploadMultipart(context, operation, item, plan.source, properties, options, resuming)
      if (Object.keys(files).length > 0) {
        yield* context.call(updateItem, `${operation}.thumbnail`, { item, params: {}, files })
      }
      return yield* context.item(`${operation}.item`, item.id)
    }).pipe(Effect.withSpan("Items.update"))

  return Items.of({
    addComment,
    comments,
    addRelationship: relationship(addRelationshipEndpoint, "Items.addRelationship"),
    deleteRelationship: relationship(deleteRelationshipEndpoint, "Items.deleteRelationship"),
    relatedItems,
    dependentTo: (item) =>
      checked("Items.dependentTo", item, () => context.call(listDependentsTo, "Items.dependentTo", { id: item.id })),
    dependentUpon: (item) =>
      checked("Items.dependentUpon", item, () => context.call(dependencies, "Items.dependentUpon", { id: item.id })),
    copyFeatureLayerCollection,
    createTileService,
    delete: (item, options = {}) =>
      checked("Items.delete", item, () =>
        // Re-sent here after an ambiguous failure (not by core), so that "does not exist" on the re-send can
        // be read as what it is: the first attempt deleted the item.
        resending(context.portal.retry, (resend) => {
          const once = Effect.map(
            context.call(deleteItem, "Items.delete", { item, ...options }),
            (result) => result.success,
          )
          return resend
            ? Effect.catchIf(once, PortalError.isNotFound, () =>
                Effect.as(reconciled("Items.delete", "delete.gone", item.id), true),
              )
            : once
        }),
      ),
    canDelete: (item) =>
      checked("Items.canDelete", item, () =>
        Effect.catch(context.call(canDeleteEndpoint, "Items.canDelete", { item }), (error: Failure) =>
          // The portal answers "cannot delete" as `{ itemId, success: false, error }`, which the transport
          // reads as an error envelope: give it back as the answer it is. Other failures stay failures.
          error._tag === "PortalError" && error.reason === "InvalidRequest" && !PortalError.isNotFound(error)
            ? Effect.succeed<ItemOperationResult>({
                itemId: item.id,
                success: false,
                error: {
                  code: error.code,
                  ...(error.messageCode === undefined ? {} : { messageCode: error.messageCode }),
                  message: error.message,
                  details: error.details,
                },
              })
            : Effect.fail(error),
        ),
      ),
    rating: (item) =>
      checked("Items.rating", item, () =>
        Effect.map(context.call(ratingEndpoint, "Items.rating", { id: item.id }), (result) => result.rating),
      ),
    setRating: (item, value) =>
      checked("Items.setRating", item, () =>
        Effect.flatMap(checkRating("Items.setRating", value), (rating) =>
          Effect.map(context.call(addRating, "Items.setRating", { id: item.id, rating }), (result) => result.success),
        ),
      ),
    deleteRating: (item) =>
      checked("Items.deleteRating", item, () =>
        Effect.map(
          context.call(deleteRatingEndpoint, "Items.deleteRating", { id: item.id }),
          (result) => result.success,
        ),
      ),
    download,
    downloadMetadata,
    downloadThumbnail,
    getThumbnail,
    getThumbnailLink,
    getData,
    metadata,
    export: exportItemMethod,
    homepage: (item) => `${context.portal.portalUrl}/home/item.html?id=${encodeURIComponent(item.id)}`,
    move,
    protect,
    proxies: (item) =>
      checked("Items.proxies", item, () =>
        Effect.map(context.call(proxiesEndpoint, "Items.proxies", { item }), (result) => result.appProxies),
      ),
    publish,
    reassignTo: (item, targetOwner, targetFolder) =>
      checked("Items.reassignTo", item, () =>
        Effect.andThen(
          Effect.andThen(
            checkOwner("Items.reassignTo", targetOwner),
            checkFolder("Items.reassignTo", targetFolder, "targetFolder"),
          ),
          Effect.map(
            context.call(reassignItem, "Items.reassignTo", {
              item,
              targetUsername: targetOwner,
              targetFolderName: targetFolder ?? "/",
            }),
            (result) => result.success,
          ),
        ),
      ),
    share,
    unshare,
    status: (item, options = {}) =>
      checked("Items.status", item, () =>
        context.call(statusEndpoint, "Items.status", {
          item,
          jobId: options.jobId,
          jobType: options.jobType === "upload" ? undefined : options.jobType,
        }),
      ),
    update,
  })
})

/**
 * Whether a failed info-file download (`downloadMetadata`) means the item simply has no such file: the portal
 * answers a missing metadata file with HTTP 400/404/500 or a not-found envelope. `metadata` reads it as
 * `undefined`, as Python's `Item.metadata` and `Item.download_metadata` return `None`.
 *
 * @see arcgis.gis.Item.download_metadata
 */
export const isMissingInfoFile = (error: PortalError.PortalFailure): boolean =>
  PortalError.isNotFound(error) ||
  (error._tag === "PortalError" && (error.code === 400 || error.code === 500)) ||
  (error._tag === "TransportError" && error.reason === "HttpStatus")

/** `true` when bytes decode as UTF-8 without a NUL (used when the portal sent no content type). */
const isUtf8Text = (bytes: Uint8Array): boolean => {
  if (bytes.includes(0)) return false
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes)
    return true
  } catch {
    return false
  }
}

/**
 * The item operations, for any program that provides `Portal.layer({ url, auth })`.
 *
 * @example
 * import { Items } from "@arcgis-portal/content"
 * import { Portal } from "@arcgis-portal/core"
 * import * as Layer from "effect/Layer"
 * const ItemsLive = Items.layer.pipe(Layer.provide(Portal.layer({ url: "https://host/portal" })))
 */
export const layer: Layer.Layer<Items, never, Transport.Transport | Portal.Portal> = Layer.effect(Items, make)
