/**
 * The operations on one item (`Items`) as module-level functions: each requires the services
 * `Portal.layer({ url, auth })` provides and captures them at the call, so a program bundles only the operations it
 * imports. The same operations as the `Items` service's methods, with the same checks, spans and errors; named as
 * the methods, except `delete` → `deleteItem` and `export` → `exportItem` (keywords), and `getThumbnailLink` and
 * `homepage`, which compute a URL, are effects here (the portal's URL comes from the context).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/item.htm
 * @see arcgis.gis.Item
 * @module
 */
import type { PortalError } from "@arcgis-portal/core"
import * as Effect from "effect/Effect"
import type { Item } from "../ItemSchema.ts"
import type { ItemsShape } from "../Items.ts"
import type { ExportOptions, ItemReference } from "../ItemsOptions.ts"
import { captureContext } from "../internal/context.ts"
import { lift, liftStream, liftValue, type Requirements, type Standalone } from "../internal/standalone.ts"
import type { Job, JobFailed } from "../Job.ts"
import {
  homepage as homepageOperation,
  move as moveOperation,
  protect as protectOperation,
  proxies as proxiesOperation,
  reassignTo as reassignToOperation,
  status as statusOperation,
} from "../operations/basics.ts"
import { addComment as addCommentOperation, comments as commentsOperation } from "../operations/comments.ts"
import { copyFeatureLayerCollection as copyFeatureLayerCollectionOperation } from "../operations/copy.ts"
import { canDelete as canDeleteOperation, deleteItem as deleteItemOperation } from "../operations/delete.ts"
import {
  downloadMetadata as downloadMetadataOperation,
  download as downloadOperation,
  downloadThumbnail as downloadThumbnailOperation,
  getData as getDataOperation,
  getThumbnailLink as getThumbnailLinkOperation,
  getThumbnail as getThumbnailOperation,
  metadata as metadataOperation,
} from "../operations/download.ts"
import { exportItem as exportItemOperation } from "../operations/export.ts"
import { groups as groupsOperation } from "../operations/item-groups.ts"
import { createTileService as createTileServiceOperation, publish as publishOperation } from "../operations/publish.ts"
import {
  deleteRating as deleteRatingOperation,
  rating as ratingOperation,
  setRating as setRatingOperation,
} from "../operations/ratings.ts"
import {
  addRelationship as addRelationshipOperation,
  deleteRelationship as deleteRelationshipOperation,
  dependentTo as dependentToOperation,
  dependentUpon as dependentUponOperation,
  relatedItems as relatedItemsOperation,
} from "../operations/relationships.ts"
import { share as shareOperation, unshare as unshareOperation } from "../operations/share.ts"
import { update as updateOperation } from "../operations/update.ts"

/**
 * Adds a comment; returns its id (`Items.addComment`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/add-comment.htm
 * @see arcgis.gis.Item.add_comment
 */
export const addComment: Standalone<ItemsShape["addComment"]> = /* @__PURE__ */ lift(addCommentOperation)

/**
 * The item's comments (`Items.comments`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/item-comments.htm
 * @see arcgis.gis.Item.comments
 */
export const comments: Standalone<ItemsShape["comments"]> = /* @__PURE__ */ lift(commentsOperation)

/**
 * Adds a relationship from this item (origin) to another (`Items.addRelationship`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/add-relationship.htm
 * @see arcgis.gis.Item.add_relationship
 */
export const addRelationship: Standalone<ItemsShape["addRelationship"]> = /* @__PURE__ */ lift(addRelationshipOperation)

/**
 * Removes a relationship this item (origin) has with another (`Items.deleteRelationship`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/delete-relationship.htm
 * @see arcgis.gis.Item.delete_relationship
 */
export const deleteRelationship: Standalone<ItemsShape["deleteRelationship"]> =
  /* @__PURE__ */ lift(deleteRelationshipOperation)

/**
 * The items related to this one by a relationship type, forward or backward (`Items.relatedItems`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/related-items.htm
 * @see arcgis.gis.Item.related_items
 */
export const relatedItems: Standalone<ItemsShape["relatedItems"]> = /* @__PURE__ */ lift(relatedItemsOperation)

/**
 * The items that depend on this one (`Items.dependentTo`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/dependents.htm
 * @see arcgis.gis.Item.dependent_to
 */
export const dependentTo: Standalone<ItemsShape["dependentTo"]> = /* @__PURE__ */ lift(dependentToOperation)

/**
 * The items this one depends on (`Items.dependentUpon`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/dependencies.htm
 * @see arcgis.gis.Item.dependent_upon
 */
export const dependentUpon: Standalone<ItemsShape["dependentUpon"]> = /* @__PURE__ */ lift(dependentUponOperation)

/**
 * Copies a hosted feature layer collection into a new, empty service (`Items.copyFeatureLayerCollection`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/create-service.htm
 * @see arcgis.gis.Item.copy_feature_layer_collection
 */
export const copyFeatureLayerCollection: Standalone<ItemsShape["copyFeatureLayerCollection"]> = /* @__PURE__ */ lift(
  copyFeatureLayerCollectionOperation,
)

/**
 * Publishes a hosted tile service from a hosted feature service (`Items.createTileService`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/publish-item.htm
 * @see arcgis.gis.Item.create_tile_service
 */
export const createTileService: Standalone<ItemsShape["createTileService"]> =
  /* @__PURE__ */ lift(createTileServiceOperation)

/**
 * Deletes the item (`Items.delete`; `delete` is a keyword).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/delete-item.htm
 * @see arcgis.gis.Item.delete
 */
export const deleteItem: Standalone<ItemsShape["delete"]> = /* @__PURE__ */ lift(deleteItemOperation)

/**
 * Whether the item can be deleted, and the portal's reason when not (`Items.canDelete`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/can-delete-item.htm
 * @see arcgis.gis.Item.delete
 */
export const canDelete: Standalone<ItemsShape["canDelete"]> = /* @__PURE__ */ lift(canDeleteOperation)

/**
 * The caller's rating of the item; `undefined` when not rated (`Items.rating`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/item-rating.htm
 * @see arcgis.gis.Item.rating
 */
export const rating: Standalone<ItemsShape["rating"]> = /* @__PURE__ */ lift(ratingOperation)

/**
 * Rates the item, 1.0 to 5.0 (`Items.setRating`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/add-rating.htm
 * @see arcgis.gis.Item.rating
 */
export const setRating: Standalone<ItemsShape["setRating"]> = /* @__PURE__ */ lift(setRatingOperation)

/**
 * Removes the caller's rating of the item (`Items.deleteRating`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/delete-rating.htm
 * @see arcgis.gis.Item.delete_rating
 */
export const deleteRating: Standalone<ItemsShape["deleteRating"]> = /* @__PURE__ */ lift(deleteRatingOperation)

/**
 * The item's data as a byte stream, never held whole; from `offset` on to resume (`Items.download`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/item-data.htm
 * @see arcgis.gis.Item.download
 */
export const download: Standalone<ItemsShape["download"]> = /* @__PURE__ */ liftStream(downloadOperation)

/**
 * The item's metadata file as a byte stream (`Items.downloadMetadata`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/item-info-file.htm
 * @see arcgis.gis.Item.download_metadata
 */
export const downloadMetadata: Standalone<ItemsShape["downloadMetadata"]> =
  /* @__PURE__ */ liftStream(downloadMetadataOperation)

/**
 * The item's thumbnail as a byte stream (`Items.downloadThumbnail`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/item-info-file.htm
 * @see arcgis.gis.Item.download_thumbnail
 */
export const downloadThumbnail: Standalone<ItemsShape["downloadThumbnail"]> =
  /* @__PURE__ */ liftStream(downloadThumbnailOperation)

/**
 * The thumbnail's bytes; `undefined` when the item has none (`Items.getThumbnail`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/item-info-file.htm
 * @see arcgis.gis.Item.get_thumbnail
 */
export const getThumbnail: Standalone<ItemsShape["getThumbnail"]> = /* @__PURE__ */ lift(getThumbnailOperation)

/**
 * The thumbnail's URL; `undefined` when the item has none (`Items.getThumbnailLink`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/item-info-file.htm
 * @see arcgis.gis.Item.get_thumbnail_link
 */
export const getThumbnailLink: Standalone<ItemsShape["getThumbnailLink"]> =
  /* @__PURE__ */ liftValue(getThumbnailLinkOperation)

/**
 * The item's data read whole: JSON (unless `tryJson: false`), text, bytes, or empty (`Items.getData`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/item-data.htm
 * @see arcgis.gis.Item.get_data
 */
export const getData: Standalone<ItemsShape["getData"]> = /* @__PURE__ */ lift(getDataOperation)

/**
 * The metadata XML as text; `undefined` when the item has none (`Items.metadata`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/item-info-file.htm
 * @see arcgis.gis.Item.metadata
 */
export const metadata: Standalone<ItemsShape["metadata"]> = /* @__PURE__ */ lift(metadataOperation)

/**
 * Exports a hosted service to a new item: the job, or with `wait: true` the finished item (`Items.export`; `export`
 * is a keyword).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/export-item.htm
 * @see arcgis.gis.Item.export
 */
export const exportItem: {
  (
    item: ItemReference,
    options: ExportOptions & { readonly wait: true },
  ): Effect.Effect<Item, PortalError.PortalFailure | JobFailed, Requirements>
  (item: ItemReference, options: ExportOptions): Effect.Effect<Job, PortalError.PortalFailure, Requirements>
} = ((item: ItemReference, options: ExportOptions) =>
  Effect.flatMap(captureContext, (context) => exportItemOperation(context)(item, options))) as typeof exportItem

/**
 * The groups the item is shared with that the caller can see, by the caller's place in them (`Items.groups`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/groups.htm
 * @see arcgis.gis.Item.shared_with
 */
export const groups: Standalone<ItemsShape["groups"]> = /* @__PURE__ */ lift(groupsOperation)

/**
 * The item's page in the portal, `<portalUrl>/home/item.html?id=<id>` (`Items.homepage`).
 *
 * @see arcgis.gis.Item.homepage
 */
export const homepage: Standalone<ItemsShape["homepage"]> = /* @__PURE__ */ liftValue(homepageOperation)

/**
 * Moves the item to a folder of its owner, by name or id; `/` is the root (`Items.move`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/move-item.htm
 * @see arcgis.gis.Item.move
 */
export const move: Standalone<ItemsShape["move"]> = /* @__PURE__ */ lift(moveOperation)

/**
 * Turns delete protection on, or off with `enable: false` (`Items.protect`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/protect.htm
 * @see arcgis.gis.Item.protect
 */
export const protect: Standalone<ItemsShape["protect"]> = /* @__PURE__ */ lift(protectOperation)

/**
 * The item's app proxies (`Items.proxies`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/proxies.htm
 * @see arcgis.gis.Item.proxies
 */
export const proxies: Standalone<ItemsShape["proxies"]> = /* @__PURE__ */ lift(proxiesOperation)

/**
 * Publishes a hosted service from the item (a CSV, a shapefile, a file geodatabase…); returns the job (`Items.publish`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/publish-item.htm
 * @see arcgis.gis.Item.publish
 */
export const publish: Standalone<ItemsShape["publish"]> = /* @__PURE__ */ lift(publishOperation)

/**
 * Gives the item to another user, into one of their folders or the root (`Items.reassignTo`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/reassign-item.htm
 * @see arcgis.gis.Item.reassign_to
 */
export const reassignTo: Standalone<ItemsShape["reassignTo"]> = /* @__PURE__ */ lift(reassignToOperation)

/**
 * Shares the item with everyone, the organization and/or groups (`Items.share`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/share-item-as-item-owner-.htm
 * @see arcgis.gis.Item.share
 * @example
 * import { get, share } from "@arcgis-portal/content/operations"
 * import * as Effect from "effect/Effect"
 * const published = Effect.flatMap(get("0123456789abcdef0123456789abcdef"), (item) =>
 *   item === undefined ? Effect.succeed(undefined) : share(item, { everyone: true }),
 * )
 */
export const share: Standalone<ItemsShape["share"]> = /* @__PURE__ */ lift(shareOperation)

/**
 * Stops sharing the item with groups (`Items.unshare`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/unshare-item-as-item-owner-.htm
 * @see arcgis.gis.Item.unshare
 */
export const unshare: Standalone<ItemsShape["unshare"]> = /* @__PURE__ */ lift(unshareOperation)

/**
 * The status of the item's upload, or of a publish or export job (`Items.status`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/status.htm
 * @see arcgis.gis.Item.status
 */
export const status: Standalone<ItemsShape["status"]> = /* @__PURE__ */ lift(statusOperation)

/**
 * Updates the item's properties and optionally its data, thumbnail and metadata (`Items.update`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/update-item.htm
 * @see arcgis.gis.Item.update
 */
export const update: Standalone<ItemsShape["update"]> = /* @__PURE__ */ lift(updateOperation)
