/**
 * Operations on one item — sharing, moving, updating, publishing, exporting, comments, ratings,
 * relationships, data and thumbnails — the TypeScript counterpart of Python's `arcgis.gis.Item`
 * methods (names in camelCase). Each takes the item (as returned by `Content.get` or `search`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/item.htm
 * @see arcgis.gis.Item
 * @module
 */
import type { Portal, PortalError, Transport } from "@arcgis-portal/core"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Stream from "effect/Stream"
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
import type {
  CopyFeatureLayerCollectionOptions,
  CreateTileServiceOptions,
  DownloadOptions,
  ExportOptions,
  GetDataOptions,
  GroupReference,
  ItemData,
  ItemReference,
  PublishOptions,
  ShareOptions,
  UpdateOptions,
} from "./ItemsOptions.ts"
import { captureContext } from "./internal/context.ts"
import type { Job, JobFailed, JobType } from "./Job.ts"
import { homepage, move, protect, proxies, reassignTo, status } from "./operations/basics.ts"
import { addComment, comments } from "./operations/comments.ts"
import { copyFeatureLayerCollection } from "./operations/copy.ts"
import { canDelete, deleteItem } from "./operations/delete.ts"
import {
  download,
  downloadMetadata,
  downloadThumbnail,
  getData,
  getThumbnail,
  getThumbnailLink,
  metadata,
} from "./operations/download.ts"
import { exportItem } from "./operations/export.ts"
import { groups, type ItemGroupsResult } from "./operations/item-groups.ts"
import { createTileService, publish } from "./operations/publish.ts"
import { deleteRating, rating, setRating } from "./operations/ratings.ts"
import {
  addRelationship,
  deleteRelationship,
  dependentTo,
  dependentUpon,
  relatedItems,
} from "./operations/relationships.ts"
import { share, unshare } from "./operations/share.ts"
import { update } from "./operations/update.ts"

export type { ItemGroup } from "./endpoints/items/itemGroups.ts"
export type {
  CopyFeatureLayerCollectionOptions,
  CreateTileServiceOptions,
  DownloadOptions,
  ExportOptions,
  GetDataOptions,
  GroupReference,
  ItemData,
  ItemReference,
  PublishOptions,
  ShareOptions,
  UpdateOptions,
} from "./ItemsOptions.ts"
export { isMissingInfoFile } from "./operations/download.ts"
export type { ItemGroupsResult } from "./operations/item-groups.ts"
export { fileTypes } from "./operations/publish.ts"

type Failure = PortalError.PortalFailure

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
   * The groups the item is shared with that the caller can see, by the caller's place in them: `admin`, `member`,
   * `other` (each empty when there are none). Each group is the portal's record as it came: its `id` and every other
   * field (decode it with `GroupSchema.Group` of `@arcgis-portal/users-groups-roles` for a typed group).
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/groups.htm
   * @see arcgis.gis.Item.shared_with
   */
  readonly groups: (item: string | { readonly id: string }) => Effect.Effect<ItemGroupsResult, Failure>
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

// The table: each method is one endpoint call, or an operation of src/operations/ (its orchestration, traced as
// `Effect.fn("<Service>.<method>")`), over the context captured once here.
/**
 * Builds the item operations from the `Transport` and `Portal` that `Portal.layer` provides, captured once:
 * its methods need nothing more.
 */
export const make: Effect.Effect<ItemsShape, never, Transport.Transport | Portal.Portal> = Effect.map(
  captureContext,
  (context) =>
    Items.of({
      addComment: addComment(context),
      comments: comments(context),
      addRelationship: addRelationship(context),
      deleteRelationship: deleteRelationship(context),
      relatedItems: relatedItems(context),
      dependentTo: dependentTo(context),
      dependentUpon: dependentUpon(context),
      copyFeatureLayerCollection: copyFeatureLayerCollection(context),
      createTileService: createTileService(context),
      delete: deleteItem(context),
      canDelete: canDelete(context),
      rating: rating(context),
      setRating: setRating(context),
      deleteRating: deleteRating(context),
      download: download(context),
      downloadMetadata: downloadMetadata(context),
      downloadThumbnail: downloadThumbnail(context),
      getThumbnail: getThumbnail(context),
      getThumbnailLink: getThumbnailLink(context),
      getData: getData(context),
      metadata: metadata(context),
      export: exportItem(context),
      groups: groups(context),
      homepage: homepage(context),
      move: move(context),
      protect: protect(context),
      proxies: proxies(context),
      publish: publish(context),
      reassignTo: reassignTo(context),
      share: share(context),
      unshare: unshare(context),
      status: status(context),
      update: update(context),
    }),
)

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
