/**
 * The content manager: creates, finds and searches items, manages folders, creates services and
 * imports CSV data — the TypeScript counterpart of Python's `gis.content`.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/working-with-users-groups-and-items.htm
 * @see arcgis.gis.ContentManager
 * @module
 */
import type { Portal, PortalError, Transport } from "@arcgis-portal/core"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Stream from "effect/Stream"
import type {
  AddOptions,
  BulkItemOutcome,
  BulkOptions,
  CreateServiceOptions,
  FeatureCollection,
  ImportDataOptions,
  ItemIdReference,
  SearchAllOptions,
  SearchOptions,
  ShareItemsOptions,
  ShareItemsResult,
  UnshareItemsOptions,
  UnshareItemsResult,
} from "./ContentOptions.ts"
import type { Folder, Item } from "./ItemSchema.ts"
import { captureContext } from "./internal/context.ts"
import type { Job, JobFailed } from "./Job.ts"
import { add } from "./operations/add.ts"
import { get, isServiceNameAvailable } from "./operations/basics.ts"
import { deleteItems, moveItems, shareItems, unshareItems } from "./operations/bulk.ts"
import { createFolder, deleteFolder } from "./operations/folders.ts"
import { importData } from "./operations/import-data.ts"
import { search, searchAll } from "./operations/search.ts"
import { createService } from "./operations/services.ts"

export type {
  AddOptions,
  BulkFailure,
  BulkItemOutcome,
  BulkOptions,
  CreateServiceOptions,
  FeatureCollection,
  GroupIdReference,
  ImportDataOptions,
  ItemData,
  ItemIdReference,
  ItemProperties,
  SearchAllOptions,
  SearchOptions,
  ShareItemsOptions,
  ShareItemsResult,
  UnshareItemsOptions,
  UnshareItemsResult,
  UploadOptions,
} from "./ContentOptions.ts"
export { bulkBatchSize } from "./operations/bulk.ts"

/** The content manager's operations. */
export interface ContentShape {
  /**
   * Creates an item from properties and optional data, thumbnail and metadata. Files larger than
   * `multipartThreshold` are uploaded in parts (see {@link UploadOptions}).
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/add-item.htm
   * @see arcgis.gis.ContentManager.add
   */
  readonly add: (options: AddOptions) => Effect.Effect<Item, PortalError.PortalFailure | JobFailed>
  /**
   * Creates a folder; returns the existing one when the owner already has a folder of that name.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/create-folder.htm
   * @see arcgis.gis.ContentManager.create_folder
   */
  readonly createFolder: (
    name: string,
    options?: { readonly owner?: string | undefined },
  ) => Effect.Effect<Folder, PortalError.PortalFailure>
  /**
   * Deletes a folder by name; `false` when the owner has no such folder.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/delete-folder.htm
   * @see arcgis.gis.ContentManager.delete_folder
   */
  readonly deleteFolder: (
    name: string,
    options?: { readonly owner?: string | undefined },
  ) => Effect.Effect<boolean, PortalError.PortalFailure>
  /**
   * Creates an empty hosted service; `wait()` on the job returns its item.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/create-service.htm
   * @see arcgis.gis.ContentManager.create_service
   */
  readonly createService: (options: CreateServiceOptions) => Effect.Effect<Job, PortalError.PortalFailure>
  /**
   * Reads an item; `undefined` when it does not exist or the caller may not see it.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/item.htm
   * @see arcgis.gis.ContentManager.get
   */
  readonly get: (id: string) => Effect.Effect<Item | undefined, PortalError.PortalFailure>
  /**
   * Turns CSV text into an in-memory feature collection (`analyze`, then `generate`).
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/generate.htm
   * @see arcgis.gis.ContentManager.import_data
   */
  readonly importData: (options: ImportDataOptions) => Effect.Effect<FeatureCollection, PortalError.PortalFailure>
  /**
   * Whether a service name is still free in the organization.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/check-service-name.htm
   * @see arcgis.gis.ContentManager.is_service_name_available
   */
  readonly isServiceNameAvailable: (
    name: string,
    type: "featureService" | "imageService" | "mapService" | "Feature Service" | "Image Service" | "Map Service",
  ) => Effect.Effect<boolean, PortalError.PortalFailure>
  /**
   * Shares many items at once with everyone, the organization and/or groups. One result per item,
   * in the order given; an item the portal could not share is a result with `success: false`, not
   * a failure of the effect. More than 100 items are sent in requests of 100.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/share-items.htm
   * @see arcgis.gis.ContentManager.share_items
   */
  readonly shareItems: (
    items: ReadonlyArray<ItemIdReference>,
    options: ShareItemsOptions,
  ) => Effect.Effect<ReadonlyArray<ShareItemsResult>, PortalError.PortalFailure>
  /**
   * Stops sharing many items with groups. One result per item, in the order given.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/unshare-items.htm
   * @see arcgis.gis.ContentManager.unshare_items
   */
  readonly unshareItems: (
    items: ReadonlyArray<ItemIdReference>,
    options: UnshareItemsOptions,
  ) => Effect.Effect<ReadonlyArray<UnshareItemsResult>, PortalError.PortalFailure>
  /**
   * Moves many items of one owner to a folder (name matched case-insensitively, `{ id }`, or `/`
   * for the root). One result per item, in the order given.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/move-items.htm
   * @see arcgis.gis.Item.move
   */
  readonly moveItems: (
    items: ReadonlyArray<ItemIdReference>,
    folder: string | { readonly id: string },
    options?: BulkOptions,
  ) => Effect.Effect<ReadonlyArray<BulkItemOutcome>, PortalError.PortalFailure>
  /**
   * Deletes many items of one owner. One result per item, in the order given; a protected or
   * missing item is a result with `success: false`.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/delete-items.htm
   * @see arcgis.gis.ContentManager.delete_items
   */
  readonly deleteItems: (
    items: ReadonlyArray<ItemIdReference>,
    options?: BulkOptions,
  ) => Effect.Effect<ReadonlyArray<BulkItemOutcome>, PortalError.PortalFailure>
  /**
   * Searches items (at most `maxItems`, default 10), within the organization unless `outsideOrg`.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/search.htm
   * @see arcgis.gis.ContentManager.search
   */
  readonly search: (
    query: string,
    options?: SearchOptions,
  ) => Effect.Effect<ReadonlyArray<Item>, PortalError.PortalFailure>
  /**
   * Every search result as a stream, fetched page by page (or `concurrency` pages at once).
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/search.htm
   * @see arcgis.gis.ContentManager.search
   */
  readonly searchAll: (query: string, options?: SearchAllOptions) => Stream.Stream<Item, PortalError.PortalFailure>
}

/**
 * The content manager service.
 *
 * @see arcgis.gis.ContentManager
 */
export class Content extends Context.Service<Content, ContentShape>()("@arcgis-portal/content/Content") {}

// The table: each method is one endpoint call, or an operation of src/operations/ (its orchestration, traced as
// `Effect.fn("<Service>.<method>")`), over the context captured once here.
/**
 * Builds the content manager from the `Transport` and `Portal` that `Portal.layer` provides, captured once:
 * its methods need nothing more.
 *
 * @example
 * import { Content } from "@arcgis-portal/content"
 * import * as Effect from "effect/Effect"
 * const program = Effect.flatMap(Content.Content, (content) => content.search("parks"))
 */
export const make: Effect.Effect<ContentShape, never, Transport.Transport | Portal.Portal> = Effect.map(
  captureContext,
  (context) =>
    Content.of({
      add: add(context),
      shareItems: shareItems(context),
      unshareItems: unshareItems(context),
      moveItems: moveItems(context),
      deleteItems: deleteItems(context),
      createFolder: createFolder(context),
      deleteFolder: deleteFolder(context),
      createService: createService(context),
      get: get(context),
      importData: importData(context),
      isServiceNameAvailable: isServiceNameAvailable(context),
      search: search(context),
      searchAll: searchAll(context),
    }),
)

/**
 * The content manager, for any program that provides `Portal.layer({ url, auth })`.
 *
 * @example
 * import { Content } from "@arcgis-portal/content"
 * import { Portal } from "@arcgis-portal/core"
 * import * as Layer from "effect/Layer"
 * const ContentLive = Content.layer.pipe(Layer.provide(Portal.layer({ url: "https://host/portal" })))
 */
export const layer: Layer.Layer<Content, never, Transport.Transport | Portal.Portal> = Layer.effect(Content, make)
