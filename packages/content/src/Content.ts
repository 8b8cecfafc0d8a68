/**
 * The content manager: creates, finds and searches items, manages folders, creates services and
 * imports CSV data — the TypeScript counterpart of Python's `gis.content`.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/working-with-users-groups-and-items.htm
 * @see arcgis.gis.ContentManager
 * @module
 */
import {
  CommonSchema,
  Paging,
  Portal,
  PortalError,
  type PortalRequest,
  PortalSelf,
  RetryPolicy,
  Transport,
} from "@arcgis-portal/core"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import { analyze } from "./endpoints/features/analyze.ts"
import { generate } from "./endpoints/features/generate.ts"
import { getItem } from "./endpoints/items/getItem.ts"
import { itemGroups } from "./endpoints/items/itemGroups.ts"
import { isServiceNameAvailable as isServiceNameAvailableEndpoint } from "./endpoints/portals/isServiceNameAvailable.ts"
import { search as searchEndpoint } from "./endpoints/search/search.ts"
import { addItem } from "./endpoints/users/addItem.ts"
import { createFolder as createFolderEndpoint } from "./endpoints/users/createFolder.ts"
import { createService as createServiceEndpoint } from "./endpoints/users/createService.ts"
import { deleteFolder as deleteFolderEndpoint } from "./endpoints/users/deleteFolder.ts"
import { deleteItems as deleteItemsEndpoint } from "./endpoints/users/deleteItems.ts"
import { moveItems as moveItemsEndpoint } from "./endpoints/users/moveItems.ts"
import { shareItems as shareItemsEndpoint } from "./endpoints/users/shareItems.ts"
import { unshareItems as unshareItemsEndpoint } from "./endpoints/users/unshareItems.ts"
import { updateItem } from "./endpoints/users/updateItem.ts"
import type { BulkItemResult, BulkResult, Folder, GenerateResponse, InlineError, Item } from "./ItemSchema.ts"
import { checkItemId, makeContext } from "./internal/context.ts"
import {
  isAlreadyExists,
  isAmbiguous,
  newItemId,
  reconciled,
  resending,
  saysNotFound,
  withHint,
} from "./internal/reconcile.ts"
import {
  type ItemData,
  type ItemProperties,
  infoFiles,
  planData,
  propertyParams,
  type UploadOptions,
  uploadMultipart,
} from "./internal/upload.ts"
import { checkFolder, checkFolderTitle, checkOwner, checkProperties, checkQuery } from "./internal/validate.ts"
import type { Job, JobFailed } from "./Job.ts"

export type { ItemData, ItemProperties, UploadOptions } from "./internal/upload.ts"

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

/** The most items one bulk request carries (the portal refuses more). */
export const bulkBatchSize = 100

/** A feature collection generated from CSV. */
export type FeatureCollection = GenerateResponse["featureCollection"]

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

const serviceTypes: Record<string, string> = {
  featureService: "Feature Service",
  imageService: "Image Service",
  mapService: "Map Service",
}

/**
 * Builds the content manager from the portal's Transport.
 *
 * @example
 * import { Content } from "@arcgis-portal/content"
 * import * as Effect from "effect/Effect"
 * const program = Effect.flatMap(Content.Content, (content) => content.search("parks"))
 */
export const make: Effect.Effect<ContentShape, never, Transport.Transport | Portal.Portal> = Effect.gen(function* () {
  const transport = yield* Transport.Transport
  const context = makeContext(transport, yield* Portal.Portal, yield* PortalSelf.shared(transport))
  const policy = context.portal.retry

  /**
   * Sends `addItem` so that one call never creates two items.
   *
   * On a portal that takes a client-chosen id (ArcGIS Enterprise: `portals/self` says `isPortal: true`) the id
   * is generated here and sent as `itemIdToCreate`. After an ambiguous failure (the request reached the portal:
   * timeout, dropped connection, 5xx) the item is looked up by that id: present and ours (owner and title) →
   * the add succeeded; absent → the same request is sent again, which is safe because the portal cannot create
   * that id twice ("already exists" → look it up again).
   *
   * Elsewhere (ArcGIS Online) an ambiguous failure is never retried: it is returned as the same typed
   * `TransportError` with a hint to look for the item before adding it again.
   */
  const createItem = (
    operation: string,
    input: {
      readonly owner: string
      readonly folderId: string | undefined
      readonly params: PortalRequest.Params
      readonly files?: Readonly<Record<string, PortalRequest.FilePart>> | undefined
      readonly title: string | undefined
    },
  ): Effect.Effect<
    { readonly id?: string | undefined; readonly itemId?: string | undefined; readonly status?: string | undefined },
    PortalError.PortalFailure
  > =>
    Effect.gen(function* () {
      const request = { owner: input.owner, folderId: input.folderId, params: input.params, files: input.files }
      if ((yield* context.self(operation)).isPortal !== true) {
        return yield* Effect.mapError(context.call(addItem, operation, request), (error) =>
          withHint(
            error,
            "The portal may have created the item anyway; it takes no client-chosen id, so the SDK did not send it again. Look for the item (for example by title) before adding it again.",
          ),
        )
      }
      const id = newItemId()
      const withId = { ...request, params: { ...input.params, itemIdToCreate: id } }
      const lookup = Effect.flatMap(
        PortalError.orUndefined(context.call(getItem, `${operation}.reconcile`, { id })),
        (found) =>
          found === undefined ||
          (found.owner === input.owner && (input.title === undefined || found.title === input.title))
            ? Effect.succeed(found)
            : Effect.fail(
                new PortalError.PortalError({
                  code: 409,
                  messageCode: undefined,
                  message: `An item with the id chosen for this add (${id}) exists but is not the one being added.`,
                  details: [],
                  reason: "InvalidRequest",
                  operation,
                  request: { method: "GET", path: `content/items/${id}` },
                  retryAfter: undefined,
                }),
              ),
      )
      const attempt = (
        n: number,
      ): Effect.Effect<
        { readonly id?: string | undefined; readonly status?: string | undefined },
        PortalError.PortalFailure
      > =>
        Effect.catch(context.call(addItem, operation, withId), (error: PortalError.PortalFailure) => {
          const exists = isAlreadyExists(error)
          if (!exists && !isAmbiguous(error)) return Effect.fail(error)
          return Effect.gen(function* () {
            const found = yield* lookup
            if (found !== undefined) {
              yield* reconciled(operation, "add.found", id)
              return { id, ...(typeof found.status === "string" ? { status: found.status } : {}) }
            }
            if (exists || n >= policy.times) return yield* Effect.fail(error)
            yield* reconciled(operation, "add.resent", id)
            yield* Effect.sleep(yield* RetryPolicy.delayFor(policy, error, n))
            return yield* attempt(n + 1)
          })
        })
      return yield* attempt(0)
    })

  const add: ContentShape["add"] = (options) =>
    Effect.gen(function* () {
      const operation = "Content.add"
      yield* checkProperties(operation, options.properties)
      if (options.owner !== undefined) yield* checkOwner(operation, options.owner)
      yield* checkFolder(operation, options.folder)
      const owner = options.owner ?? (yield* context.me(operation))
      const properties = propertyParams(options.properties)
      const plan = planData(options.data, options)
      const files = infoFiles(options)
      if (plan.kind === "inline") {
        const folderId = yield* context.folderId(operation, owner, options.folder)
        const created = yield* createItem(operation, {
          owner,
          folderId,
          params: { ...properties, ...plan.params, ...(options.async === true ? { async: true } : {}) },
          files: { ...plan.files, ...files },
          title: options.properties.title,
        })
        const id = created.id ?? created.itemId ?? ""
        if (options.async === true && created.status !== "completed") {
          // The portal adds the item in the background: its own status says when it is done.
          return yield* context
            .job({ operation, itemId: id, jobId: undefined, jobType: "upload", owner })
            .wait(options.wait)
        }
        return yield* context.item(`${operation}.item`, id)
      }
      let id: string
      if (options.resumeItemId !== undefined) {
        id = yield* checkItemId(operation, options.resumeItemId)
      } else {
        const folderId = yield* context.folderId(operation, owner, options.folder)
        // Never sent twice blindly: reconciled through the item id where the portal takes one (see createItem).
        const started = yield* createItem(operation, {
          owner,
          folderId,
          params: { ...properties, multipart: true, filename: plan.source.name },
          title: options.properties.title ?? plan.source.name,
        })
        id = started.id ?? started.itemId ?? ""
      }
      const item = { id, owner }
      yield* uploadMultipart(
        context,
        operation,
        item,
        plan.source,
        properties,
        options,
        options.resumeItemId !== undefined,
      )
      if (Object.keys(files).length > 0) {
        const created = yield* context.item(`${operation}.item`, id)
        yield* context.call(updateItem, `${operation}.thumbnail`, { item: created, params: {}, files })
      }
      return yield* context.item(`${operation}.item`, id)
    }).pipe(Effect.withSpan("Content.add"))

  const createFolder: ContentShape["createFolder"] = (name, options = {}) =>
    Effect.gen(function* () {
      const operation = "Content.createFolder"
      yield* checkFolderTitle(operation, name)
      if (options.owner !== undefined) yield* checkOwner(operation, options.owner)
      const owner = options.owner ?? (yield* context.me(operation))
      const existing = (yield* context.folders(operation, owner)).find(
        (folder) => folder.title.toLowerCase() === name.trim().toLowerCase(),
      )
      if (existing) return existing
      const created = yield* context.call(createFolderEndpoint, operation, { owner, title: name })
      if (created.folder) return created.folder
      const listed = (yield* context.folders(operation, owner)).find(
        (folder) => folder.title.toLowerCase() === name.trim().toLowerCase(),
      )
      return listed ?? { id: "", title: name, username: owner }
    })

  const deleteFolder: ContentShape["deleteFolder"] = (name, options = {}) =>
    Effect.gen(function* () {
      const operation = "Content.deleteFolder"
      yield* checkFolderTitle(operation, name)
      if (options.owner !== undefined) yield* checkOwner(operation, options.owner)
      const owner = options.owner ?? (yield* context.me(operation))
      const folder = (yield* context.folders(operation, owner)).find(
        (entry) => entry.title.toLowerCase() === name.trim().toLowerCase(),
      )
      if (folder === undefined) return false
      const result = yield* context.call(deleteFolderEndpoint, operation, { owner, folderId: folder.id })
      return result.success
    })

  const createService: ContentShape["createService"] = (options) =>
    Effect.gen(function* () {
      const operation = "Content.createService"
      const owner = options.owner ?? (yield* context.me(operation))
      const folderId = yield* context.folderId(operation, owner, options.folder)
      const serviceType = options.serviceType ?? "featureService"
      const createParameters = options.createParameters ?? {
        name: options.name,
        serviceDescription: options.serviceDescription ?? "",
        hasStaticData: options.hasStaticData ?? false,
        maxRecordCount: options.maxRecordCount ?? 1000,
        supportedQueryFormats: options.supportedQueryFormats ?? "JSON",
        capabilities:
          options.capabilities ?? (serviceType === "imageService" ? "Image,Catalog,Metadata,Download,Pixels" : "Query"),
        description: options.description ?? "",
        copyrightText: options.copyrightText ?? "",
        spatialReference: { wkid: options.wkid ?? 102100 },
        allowGeometryUpdates: true,
        units: "esriMeters",
      }
      const params: PortalRequest.Params = {
        ...propertyParams(options.properties),
        createParameters,
        outputType: serviceType,
      }
      const created = yield* context.call(createServiceEndpoint, operation, { owner, folderId, params })
      return context.job({
        operation,
        itemId: created.itemId,
        jobId: created.jobId,
        jobType: "createService",
        owner,
      })
    })

  const get: ContentShape["get"] = (id) =>
    Effect.catch(context.item("Content.get", id), (error: PortalError.PortalFailure) =>
      PortalError.isNotFound(error) ? Effect.succeed(undefined) : Effect.fail(error),
    )

  const importData: ContentShape["importData"] = (options) =>
    Effect.gen(function* () {
      const operation = "Content.importData"
      const [header = ""] = options.csv.split(/\r?\n/, 1)
      if (header.trim() === "" || !options.csv.includes("\n")) {
        return yield* Effect.fail(
          new PortalError.InvalidInput({
            operation,
            field: "csv",
            message: "The CSV needs a header row and at least one row of data.",
          }),
        )
      }
      const analyzed = yield* context.call(analyze, `${operation}.analyze`, {
        text: options.csv,
        filetype: "csv",
        analyzeParameters: options.analyzeParameters,
      })
      const publishParameters: Record<string, unknown> = { ...(analyzed.publishParameters ?? {}) }
      if (options.addressFields !== undefined) {
        publishParameters.addressFields = options.addressFields
        publishParameters.locationType = "address"
      }
      const generated = yield* context.call(generate, `${operation}.generate`, {
        text: options.csv,
        filetype: "csv",
        publishParameters,
      })
      return generated.featureCollection
    })

  const isServiceNameAvailable: ContentShape["isServiceNameAvailable"] = (name, type) =>
    Effect.map(
      context.call(isServiceNameAvailableEndpoint, "Content.isServiceNameAvailable", {
        name,
        type: serviceTypes[type] ?? type,
      }),
      (result) => result.available,
    )

  const searchAll: ContentShape["searchAll"] = (query, options = {}) =>
    Stream.unwrap(
      Effect.gen(function* () {
        const operation = "Content.search"
        let q = (yield* checkQuery(operation, query)).trim()
        if (options.itemType !== undefined) {
          const type = `type:"${options.itemType.replaceAll('"', "")}"`
          q = q === "" ? type : `(${q}) AND ${type}`
        }
        if (options.outsideOrg !== true) {
          const orgId = (yield* context.self(operation)).id
          if (orgId) q = `${q} accountid:${orgId}`
        }
        return Paging.stream(
          (start, num) =>
            Effect.map(
              context.call(searchEndpoint, operation, {
                q,
                start,
                num,
                sortField: options.sortField ?? "avgRating",
                sortOrder: options.sortOrder ?? "desc",
                bbox: options.bbox,
              }),
              (response) => Paging.page(response, response.results),
            ),
          {
            pageSize: Math.min(100, options.pageSize ?? 100),
            maxItems: options.maxItems,
            concurrency: options.concurrency,
          },
        )
      }),
    )

  const search: ContentShape["search"] = (query, options = {}) =>
    Effect.map(Stream.runCollect(searchAll(query, { ...options, maxItems: options.maxItems ?? 10 })), (items) =>
      Array.from(items),
    )

  /** Item ids from ids or items; InvalidInput (nothing sent) when one is malformed. */
  const bulkIds = (operation: string, items: ReadonlyArray<ItemIdReference>) => {
    const ids = items.map((entry) => (typeof entry === "string" ? entry : entry.id))
    const bad = ids.findIndex((id) => !CommonSchema.isItemId(id))
    return bad === -1
      ? Effect.succeed(ids)
      : Effect.fail(
          new PortalError.InvalidInput({
            operation,
            field: "items",
            message: `items[${bad}] is not an item id (32 lowercase hexadecimal characters).`,
          }),
        )
  }

  /**
   * Sends a bulk operation in requests of at most 100 distinct ids (`concurrency` at once) and
   * returns one result per input, in input order. Per-item failures stay data.
   */
  const bulk = <R>(
    operation: string,
    endpoint: typeof shareItemsEndpoint,
    items: ReadonlyArray<ItemIdReference>,
    options: BulkOptions,
    params: (owner: string) => Effect.Effect<PortalRequest.Params, PortalError.PortalFailure>,
    success: (entry: BulkItemResult) => R,
    reading: {
      /** How every answer is read (e.g. "already in the target folder" is done). */
      readonly normalize?: ((entry: BulkItemResult) => BulkItemResult) | undefined
      /**
       * When given, a batch that fails ambiguously is re-sent here (not by core), and what the re-send says is
       * read with this: an item the first attempt already handled is reported as done.
       */
      readonly reconcile?:
        | ((
            entries: ReadonlyArray<BulkItemResult>,
          ) => Effect.Effect<ReadonlyArray<BulkItemResult>, PortalError.PortalFailure>)
        | undefined
    } = {},
  ): Effect.Effect<ReadonlyArray<R | BulkFailure>, PortalError.PortalFailure> =>
    Effect.gen(function* () {
      const ids = yield* bulkIds(operation, items)
      if (options.owner !== undefined) yield* checkOwner(operation, options.owner)
      if (ids.length === 0) return []
      const owner = options.owner ?? (yield* context.me(operation))
      const shared = yield* params(owner)
      const unique = [...new Set(ids)]
      const batches: Array<ReadonlyArray<string>> = []
      for (let start = 0; start < unique.length; start += bulkBatchSize) {
        batches.push(unique.slice(start, start + bulkBatchSize))
      }
      const reconcile = reading.reconcile
      const sendBatch = (batch: ReadonlyArray<string>): Effect.Effect<BulkResult, PortalError.PortalFailure> => {
        const input = { owner, params: { ...shared, items: batch.join(",") } }
        if (reconcile === undefined) return context.call(endpoint, operation, input)
        const once = { ...endpoint, idempotent: false }
        return resending(policy, (resend) =>
          resend
            ? Effect.gen(function* () {
                const response = yield* context.call(once, operation, input)
                yield* reconciled(operation, "bulk.resent", undefined)
                return { ...response, results: yield* reconcile(response.results) }
              })
            : context.call(once, operation, input),
        )
      }
      const responses: ReadonlyArray<BulkResult> = yield* Effect.forEach(batches, sendBatch, {
        concurrency: Math.max(1, Math.floor(options.concurrency ?? 4)),
      })
      const byId = new Map<string, BulkItemResult>()
      for (const response of responses) {
        for (const raw of response.results) {
          const entry = reading.normalize === undefined ? raw : reading.normalize(raw)
          if (!byId.has(entry.itemId)) byId.set(entry.itemId, entry)
        }
      }
      return ids.map((id): R | BulkFailure => {
        const entry = byId.get(id)
        if (entry === undefined) {
          return { itemId: id, success: false, error: { message: "The portal did not report on this item." } }
        }
        if (entry.success) return success(entry)
        return {
          ...entry,
          itemId: id,
          success: false,
          error: entry.error ?? { message: "The portal reported a failure without a message." },
        }
      })
    }).pipe(Effect.withSpan(operation, { attributes: { "bulk.items": items.length } }))

  const groupList = (groups: ReadonlyArray<GroupIdReference> | undefined): string =>
    (groups ?? []).map((group) => (typeof group === "string" ? group : group.id)).join(",")

  const shareItems: ContentShape["shareItems"] = (items, options) =>
    bulk(
      "Content.shareItems",
      shareItemsEndpoint,
      items,
      options,
      () =>
        Effect.succeed({
          everyone: options.everyone,
          org: options.org,
          groups: groupList(options.groups),
          confirmItemControl: options.allowMembersToEdit === true ? true : undefined,
        }),
      (entry) => ({ ...entry, itemId: entry.itemId, success: true as const, notSharedWith: entry.notSharedWith ?? [] }),
    )

  const unshareItems: ContentShape["unshareItems"] = (items, options) =>
    options.groups.length === 0
      ? Effect.fail(
          new PortalError.InvalidInput({
            operation: "Content.unshareItems",
            field: "groups",
            message: "Name at least one group to unshare the items from.",
          }),
        )
      : bulk(
          "Content.unshareItems",
          unshareItemsEndpoint,
          items,
          options,
          () => Effect.succeed({ groups: groupList(options.groups) }),
          (entry) => ({
            ...entry,
            itemId: entry.itemId,
            success: true as const,
            notUnsharedFrom: entry.notUnsharedFrom ?? [],
          }),
          {
            // A re-send reports the groups the first attempt already left as "not unshared from": the item is in
            // the requested state for those, so they are dropped after checking where it is still shared.
            reconcile: (entries) =>
              Effect.forEach(
                entries,
                (entry) =>
                  entry.success && (entry.notUnsharedFrom?.length ?? 0) > 0 && CommonSchema.isItemId(entry.itemId)
                    ? Effect.map(
                        context.call(itemGroups, "Content.unshareItems.reconcile", { id: entry.itemId }),
                        (groups) => {
                          const still = new Set(
                            [...(groups.admin ?? []), ...(groups.member ?? []), ...(groups.other ?? [])].map(
                              (group) => group.id,
                            ),
                          )
                          return {
                            ...entry,
                            notUnsharedFrom: (entry.notUnsharedFrom ?? []).filter((group) => still.has(group)),
                          }
                        },
                      )
                    : Effect.succeed(entry),
                { concurrency: 4 },
              ),
          },
        )

  const moveItems: ContentShape["moveItems"] = (items, folder, options = {}) =>
    bulk(
      "Content.moveItems",
      moveItemsEndpoint,
      items,
      options,
      (owner) =>
        Effect.map(context.folderId("Content.moveItems", owner, folder), (folderId) => ({ folder: folderId ?? "/" })),
      (entry) => ({ ...entry, itemId: entry.itemId, success: true as const }),
      {
        // An item already in the target folder is in the requested state: done (also what a retry of a move
        // that went through hears).
        normalize: (entry) =>
          !entry.success && /already (exists )?in (the )?target folder/i.test(entry.error?.message ?? "")
            ? { itemId: entry.itemId, success: true }
            : entry,
      },
    )

  const deleteItems: ContentShape["deleteItems"] = (items, options = {}) =>
    bulk(
      "Content.deleteItems",
      deleteItemsEndpoint,
      items,
      options,
      () => Effect.succeed({}),
      (entry) => ({ ...entry, itemId: entry.itemId, success: true as const }),
      {
        // After an ambiguous attempt, "does not exist" means that attempt deleted the item.
        reconcile: (entries) =>
          Effect.succeed(
            entries.map((entry) =>
              !entry.success && saysNotFound(entry.error?.message) ? { itemId: entry.itemId, success: true } : entry,
            ),
          ),
      },
    )

  return Content.of({
    add,
    shareItems,
    unshareItems,
    moveItems,
    deleteItems,
    createFolder,
    deleteFolder,
    createService,
    get,
    importData,
    isServiceNameAvailable,
    search,
    searchAll,
  })
})

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
