/**
 * The content manager: creates, finds and searches items, manages folders, creates services and
 * imports CSV data — the TypeScript counterpart of Python's `gis.content`.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/working-with-users-groups-and-items.htm
 * @see arcgis.gis.ContentManager
 */
import { Paging, Portal, PortalError, type PortalRequest, Transport } from "@arcgis-portal/core"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import { analyze } from "./endpoints/features/analyze.ts"
import { generate } from "./endpoints/features/generate.ts"
import { isServiceNameAvailable as isServiceNameAvailableEndpoint } from "./endpoints/portals/isServiceNameAvailable.ts"
import { search as searchEndpoint } from "./endpoints/search/search.ts"
import { addItem } from "./endpoints/users/addItem.ts"
import { createFolder as createFolderEndpoint } from "./endpoints/users/createFolder.ts"
import { createService as createServiceEndpoint } from "./endpoints/users/createService.ts"
import { deleteFolder as deleteFolderEndpoint } from "./endpoints/users/deleteFolder.ts"
import { updateItem } from "./endpoints/users/updateItem.ts"
import type { Folder, GenerateResponse, Item } from "./ItemSchema.ts"
import { checkItemId, makeContext } from "./internal/context.ts"
import {
  type ItemData,
  type ItemProperties,
  infoFiles,
  planData,
  propertyParams,
  type UploadOptions,
  uploadMultipart,
} from "./internal/upload.ts"
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
  const context = makeContext(yield* Transport.Transport, yield* Portal.Portal)

  const add: ContentShape["add"] = (options) =>
    Effect.gen(function* () {
      const operation = "Content.add"
      const owner = options.owner ?? (yield* context.me(operation))
      const properties = propertyParams(options.properties)
      const plan = planData(options.data, options)
      const files = infoFiles(options)
      if (plan.kind === "inline") {
        const folderId = yield* context.folderId(operation, owner, options.folder)
        const created = yield* context.call(addItem, operation, {
          owner,
          folderId,
          params: { ...properties, ...plan.params },
          files: { ...plan.files, ...files },
        })
        return yield* context.item(`${operation}.item`, created.id ?? created.itemId ?? "")
      }
      let id: string
      if (options.resumeItemId !== undefined) {
        id = yield* checkItemId(operation, options.resumeItemId)
      } else {
        const folderId = yield* context.folderId(operation, owner, options.folder)
        // Sent once and never retried by this package: a second addItem would create a second item.
        const started = yield* context.call(addItem, operation, {
          owner,
          folderId,
          params: { ...properties, multipart: true, filename: plan.source.name },
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
        let q = query.trim()
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

  return Content.of({
    add,
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
