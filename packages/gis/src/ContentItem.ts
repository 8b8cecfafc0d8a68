/**
 * An item of the portal — Python's `arcgis.gis.Item` — as both entries share it. Its fields are read-only
 * properties (`item.title`, `item.id`; the whole JSON from `toJSON()`); Python properties that call the portal are
 * methods (`item.comments()`, `item.metadata()`). `@arcgis-portal/gis/content` gives these items (its `Item`); the
 * main entry's `Item` extends this class with `item.resources` and group names in `share`/`unshare`.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/item.htm
 * @see arcgis.gis.Item
 */
import { type Content, type ItemSchema, Items, type Job } from "@arcgis-portal/content"
import * as Effect from "effect/Effect"
import * as Schedule from "effect/Schedule"
import type { FileArgument, GroupArgument, UserArgument } from "./Arguments.ts"
import type { ContentServices } from "./ContentLayer.ts"
import * as Args from "./internal/args.ts"
import { fileNameOf, saveUnlessEmpty } from "./internal/downloads.ts"
import { blobOf, dataOf, defined, filesOf } from "./internal/inputs.ts"
import { assignFields, type Cancel, cancel, run, type Session, sessionKey } from "./internal/session.ts"
import { groupIds, type ShareOptions, share, unshare } from "./internal/sharing.ts"

export type { ShareOptions }

/**
 * Options of {@link ContentItem.update}.
 *
 * @see arcgis.gis.Item.update
 */
export interface UpdateOptions extends Content.UploadOptions {
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
 * Options of {@link ContentItem.download}.
 *
 * @see arcgis.gis.Item.download
 */
export interface DownloadOptions {
  /** The folder to write into. Default: the temporary directory. */
  readonly savePath?: string | undefined
  /**
   * Not in Python: called as the data arrives, chunk by chunk, with the bytes received so far (`total`: the size,
   * when the portal sends it); the last call has every byte.
   */
  readonly onProgress?: Items.DownloadOptions["onProgress"]
  /** Aborts the download: the call rejects with `AbortError`, and the partly written file is removed. */
  readonly signal?: AbortSignal | undefined
}

/**
 * Options of {@link ContentItem.downloadMetadata} and {@link ContentItem.downloadThumbnail}.
 *
 * @see arcgis.gis.Item.download_metadata
 */
export interface SaveOptions {
  /** The folder to write into. Default: the temporary directory. */
  readonly saveFolder?: string | undefined
  /** Aborts the download: the call rejects with `AbortError`. */
  readonly signal?: AbortSignal | undefined
}

/**
 * Options of {@link ContentItem.getData}.
 *
 * @see arcgis.gis.Item.get_data
 */
export interface GetDataOptions {
  /** Parse JSON data. Default `true`. */
  readonly tryJson?: boolean | undefined
  /** Not in Python: called as the data arrives (see {@link DownloadOptions.onProgress}). */
  readonly onProgress?: Items.DownloadOptions["onProgress"]
  /** Aborts the download: the call rejects with `AbortError`. */
  readonly signal?: AbortSignal | undefined
}

/**
 * How to wait for a job from a Promise: poll every `interval` milliseconds (default 2 000) and
 * hear about every status. (`schedule` takes an Effect Schedule, for Effect users.)
 */
export interface JobWaitOptions extends Job.WaitOptions {
  readonly interval?: number | undefined
}

const waitOptions = (options: JobWaitOptions | undefined): Job.WaitOptions | undefined => {
  if (options === undefined) return undefined
  const { interval, ...rest } = options
  return interval === undefined || rest.schedule !== undefined
    ? rest
    : { ...rest, schedule: Schedule.spaced(Math.max(0, interval)) }
}

/**
 * Options of {@link ContentItem.publish}.
 *
 * @see arcgis.gis.Item.publish
 */
export interface PublishOptions {
  readonly publishParameters?: { readonly [key: string]: unknown } | undefined
  readonly addressFields?: { readonly [column: string]: string } | undefined
  readonly outputType?: string | undefined
  readonly overwrite?: boolean | undefined
  readonly fileType?: string | undefined
  /** How to wait for the publish job (`{ interval, onProgress }`). */
  readonly wait?: JobWaitOptions | undefined
  /** Aborts the call (the publish request, or the wait for its job): it rejects with `AbortError`. */
  readonly signal?: AbortSignal | undefined
}

/**
 * Options of {@link ContentItem.export}.
 *
 * @see arcgis.gis.Item.export
 */
export interface ExportOptions {
  readonly title: string
  /** `Shapefile`, `CSV`, `File Geodatabase`, `Feature Collection`, `GeoJson`, `Scene Package`, `KML`. */
  readonly exportFormat: string
  readonly parameters?: { readonly [key: string]: unknown } | undefined
  /** Default `true`: wait and return the exported item; `false`: return the job at once. */
  readonly wait?: boolean | undefined
  /** While waiting: poll every `interval` milliseconds and hear about every status. */
  readonly waitOptions?: JobWaitOptions | undefined
  /** Aborts the call (the export request, or the wait for its job): it rejects with `AbortError`. */
  readonly signal?: AbortSignal | undefined
}

/**
 * Options of {@link ContentItem.copyFeatureLayerCollection}.
 *
 * @see arcgis.gis.Item.copy_feature_layer_collection
 */
export interface CopyFeatureLayerCollectionOptions {
  readonly layers?: ReadonlyArray<number> | string | undefined
  readonly tables?: ReadonlyArray<number> | string | undefined
  readonly folder?: string | undefined
  readonly description?: string | undefined
  readonly snippet?: string | undefined
  readonly owner?: UserArgument | undefined
  /** Aborts the call (also the wait for its job): it rejects with `AbortError`. */
  readonly signal?: AbortSignal | undefined
}

/**
 * Options of {@link ContentItem.createTileService}.
 *
 * @see arcgis.gis.Item.create_tile_service
 */
export interface CreateTileServiceOptions {
  readonly title: string
  readonly minScale: number
  readonly maxScale: number
  readonly cacheInfo?: { readonly [key: string]: unknown } | undefined
  readonly buildCache?: boolean | undefined
  /** Aborts the call (also the wait for its job): it rejects with `AbortError`. */
  readonly signal?: AbortSignal | undefined
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

const numbers = (value: ReadonlyArray<number> | string | undefined): ReadonlyArray<number> | undefined =>
  typeof value === "string"
    ? value
        .split(",")
        .map((entry) => Number(entry.trim()))
        .filter((entry) => Number.isInteger(entry))
    : value

const relationshipChecks = (options: {
  readonly relItem: string | { readonly id: string }
  readonly relType: string
}): ReadonlyArray<Args.Check> => [
  ["options", options, Args.record],
  ["relItem", options?.relItem, Args.stringOr("id")],
  ["relType", options?.relType, Args.string],
]

const ownerName = (owner: UserArgument | undefined) => (typeof owner === "object" ? owner.username : owner)

/**
 * An item (a unit of content) in the portal: every method of Python's `Item` but `resources`, with groups by id or
 * as `Group`s in `share`/`unshare`. What `@arcgis-portal/gis/content` gives as its `Item`; the main entry's `Item`
 * extends it.
 *
 * @see arcgis.gis.Item
 * @example
 * const item = await gis.content.get("0123456789abcdef0123456789abcdef")
 * if (item) await item.share({ org: true })
 */
export class ContentItem {
  declare readonly id: string
  declare readonly owner: string
  declare readonly title: string
  declare readonly type: string
  declare readonly url: ItemSchema.Item["url"]
  declare readonly name: ItemSchema.Item["name"]
  declare readonly access: ItemSchema.Item["access"]
  declare readonly tags: ItemSchema.Item["tags"]
  declare readonly typeKeywords: ItemSchema.Item["typeKeywords"]
  declare readonly snippet: ItemSchema.Item["snippet"]
  declare readonly description: ItemSchema.Item["description"]
  declare readonly thumbnail: ItemSchema.Item["thumbnail"]
  declare readonly ownerFolder: ItemSchema.Item["ownerFolder"]
  declare readonly created: ItemSchema.Item["created"]
  declare readonly modified: ItemSchema.Item["modified"]
  declare readonly size: ItemSchema.Item["size"]
  declare readonly protected: ItemSchema.Item["protected"]
  declare readonly numViews: ItemSchema.Item["numViews"]

  /** @internal The connection this object belongs to: a symbol key, so not in `Object.keys` or JSON. */
  readonly [sessionKey]: Session
  #json: ItemSchema.Item

  /** @internal Items come from `gis.content` (`get`, `search`, `add`) and other listings. */
  constructor(session: Session, json: ItemSchema.Item) {
    this[sessionKey] = session
    this.#json = json
    assignFields(this, json)
  }

  /** The item's JSON as the portal sent it. */
  toJSON(): ItemSchema.Item {
    return this.#json
  }

  /**
   * The item's page in the portal.
   *
   * @see arcgis.gis.Item.homepage
   */
  get homepage(): string {
    return `${this[sessionKey].portalUrl}/home/item.html?id=${encodeURIComponent(this.id)}`
  }

  #run<A, E>(
    use: (items: Items.ItemsShape, item: ItemSchema.Item) => Effect.Effect<A, E, ContentServices>,
    how?: Cancel,
  ): Promise<A> {
    return run(
      this[sessionKey],
      Effect.flatMap(Items.Items, (items) => use(items, this.#json)),
      how,
    )
  }

  /** `#run` after checking the JavaScript types of the call's arguments (nothing is sent when one is wrong). */
  #checked<A, E>(
    operation: string,
    checks: ReadonlyArray<Args.Check>,
    use: (items: Items.ItemsShape, item: ItemSchema.Item) => Effect.Effect<A, E, ContentServices>,
    options?: unknown,
  ): Promise<A> {
    return this.#run(
      (items, item) => Effect.andThen(Args.check(operation, ...checks), () => use(items, item)),
      cancel(operation, options),
    )
  }

  #refresh(json: ItemSchema.Item): void {
    this.#json = json
    assignFields(this, json)
  }

  /** A new item of this item's own class (the main entry's `Item` makes `Item`s) on the same connection. */
  #wrap(json: ItemSchema.Item): this {
    const Class = this.constructor as new (session: Session, json: ItemSchema.Item) => this
    return new Class(this[sessionKey], json)
  }

  /**
   * Adds a comment; returns its id.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/add-comment.htm
   * @see arcgis.gis.Item.add_comment
   */
  addComment(comment: string): Promise<string> {
    return this.#checked("Item.addComment", [["comment", comment, Args.string]], (items, item) =>
      items.addComment(item, comment),
    )
  }

  /**
   * Relates this item (origin) to `relItem` (destination).
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/add-relationship.htm
   * @see arcgis.gis.Item.add_relationship
   */
  addRelationship(options: {
    readonly relItem: string | { readonly id: string }
    readonly relType: string
  }): Promise<boolean> {
    return this.#checked("Item.addRelationship", relationshipChecks(options), (items, item) =>
      items.addRelationship(item, options.relItem, options.relType),
    )
  }

  /**
   * The comments on the item.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/item-comments.htm
   * @see arcgis.gis.Item.comments
   */
  comments(): Promise<ReadonlyArray<ItemSchema.Comment>> {
    return this.#run((items, item) => items.comments(item))
  }

  /**
   * Copies this hosted feature layer collection (all or some layers and tables) into a new
   * service; resolves with the new item once the portal has created it.
   *
   * @see arcgis.gis.Item.copy_feature_layer_collection
   */
  copyFeatureLayerCollection(serviceName: string, options: CopyFeatureLayerCollectionOptions = {}): Promise<this> {
    return this.#checked(
      "Item.copyFeatureLayerCollection",
      [],
      (items, item) =>
        Effect.flatMap(
          items.copyFeatureLayerCollection(
            item,
            defined({
              serviceName,
              layers: numbers(options.layers),
              tables: numbers(options.tables),
              folder: options.folder,
              description: options.description,
              snippet: options.snippet,
              owner: ownerName(options.owner),
            }),
          ),
          (job) => job.wait(),
        ),
      options,
    ).then((json) => this.#wrap(json))
  }

  /**
   * Publishes this hosted feature layer as a tile service; resolves with the new item.
   *
   * @see arcgis.gis.Item.create_tile_service
   */
  createTileService(options: CreateTileServiceOptions): Promise<this> {
    const { signal: _signal, ...tiles } = options
    return this.#checked(
      "Item.createTileService",
      [],
      (items, item) => Effect.flatMap(items.createTileService(item, defined(tiles)), (job) => job.wait()),
      options,
    ).then((json) => this.#wrap(json))
  }

  /**
   * Deletes the item. `dryRun: true` only asks whether it could be deleted.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/delete-item.htm
   * @see arcgis.gis.Item.delete
   */
  delete(
    options: {
      readonly force?: boolean | undefined
      readonly permanent?: boolean | undefined
      readonly dryRun?: boolean | undefined
    } = {},
  ): Promise<boolean> {
    if (options.dryRun === true) return this.#run((items, item) => items.canDelete(item)).then((r) => r.success)
    return this.#run((items, item) =>
      items.delete(item, defined({ force: options.force, permanentDelete: options.permanent })),
    )
  }

  /**
   * Removes the caller's rating.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/delete-rating.htm
   * @see arcgis.gis.Item.delete_rating
   */
  deleteRating(): Promise<boolean> {
    return this.#run((items, item) => items.deleteRating(item))
  }

  /**
   * Removes a relationship this item (origin) has with `relItem`.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/delete-relationship.htm
   * @see arcgis.gis.Item.delete_relationship
   */
  deleteRelationship(options: {
    readonly relItem: string | { readonly id: string }
    readonly relType: string
  }): Promise<boolean> {
    return this.#checked("Item.deleteRelationship", relationshipChecks(options), (items, item) =>
      items.deleteRelationship(item, options.relItem, options.relType),
    )
  }

  /**
   * What depends on this item.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/dependents.htm
   * @see arcgis.gis.Item.dependent_to
   */
  dependentTo(): Promise<ItemSchema.DependenciesResponse> {
    return this.#run((items, item) => items.dependentTo(item))
  }

  /**
   * What this item depends on.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/dependencies.htm
   * @see arcgis.gis.Item.dependent_upon
   */
  dependentUpon(): Promise<ItemSchema.DependenciesResponse> {
    return this.#run((items, item) => items.dependentUpon(item))
  }

  #save(
    operation: string,
    field: "savePath" | "saveFolder",
    options: { readonly signal?: AbortSignal | undefined } | undefined,
    folder: string | undefined,
    name: string,
    download: (items: Items.ItemsShape, item: ItemSchema.Item) => ReturnType<Items.ItemsShape["download"]>,
    missing?: (error: Parameters<typeof Items.isMissingInfoFile>[0]) => boolean,
    checks: ReadonlyArray<Args.Check> = [],
  ): Promise<string | undefined> {
    const session = this[sessionKey]
    return this.#checked(
      operation,
      [[field, folder, Args.optional(Args.string)], ...checks],
      (items, item) =>
        Effect.flatMap(filesOf(session, operation, field), (files) =>
          saveUnlessEmpty(files, download(items, item), folder, name, missing),
        ),
      options,
    )
  }

  /**
   * (Node) Downloads the item's data to `savePath` (default: the temporary directory), in a file named after the
   * item's `name` or else its title (as Python); resolves with the file's path, or `undefined` when the item has no
   * data. `onProgress` (not in Python) is called as the bytes arrive; `signal` aborts the download. In browsers use
   * {@link ContentItem.getData}.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/item-data.htm
   * @see arcgis.gis.Item.download
   * @example
   * const path = await item.download({ savePath: "./out", onProgress: ({ bytes, total }) => console.log(bytes, total) })
   */
  download(options: DownloadOptions = {}): Promise<string | undefined> {
    const onProgress = options?.onProgress
    return this.#save(
      "Item.download",
      "savePath",
      options,
      options?.savePath,
      fileNameOf([this.name, this.title], this.id),
      (items, item) => items.download(item, { onProgress }),
      undefined,
      [["onProgress", onProgress, Args.optional(Args.callback)]],
    )
  }

  /**
   * (Node) Downloads the item's metadata XML to `saveFolder` as `metadata.xml`; resolves with the file's path, or
   * `undefined` when the item has no metadata (as `metadata()` does).
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/item-info-file.htm
   * @see arcgis.gis.Item.download_metadata
   */
  downloadMetadata(options: SaveOptions = {}): Promise<string | undefined> {
    return this.#save(
      "Item.downloadMetadata",
      "saveFolder",
      options,
      options?.saveFolder,
      "metadata.xml",
      (items, item) => items.downloadMetadata(item),
      Items.isMissingInfoFile,
    )
  }

  /**
   * (Node) Downloads the item's thumbnail to `saveFolder`; resolves with the file's path, or
   * `undefined` when the item has no thumbnail.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/item-info-file.htm
   * @see arcgis.gis.Item.download_thumbnail
   */
  async downloadThumbnail(options: SaveOptions = {}): Promise<string | undefined> {
    if (!this.thumbnail) return undefined
    return this.#save(
      "Item.downloadThumbnail",
      "saveFolder",
      options,
      options?.saveFolder,
      fileNameOf([this.thumbnail.split("/").pop()], "thumbnail.png"),
      (items, item) => items.downloadThumbnail(item),
    )
  }

  /**
   * Exports this service item (`CSV`, `Shapefile`, `File Geodatabase`…). Resolves with the new
   * item, or with `wait: false` at once with the job: Python's dictionary (`exportItemId`, `jobId`…).
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/export-item.htm
   * @see arcgis.gis.Item.export
   */
  export(options: ExportOptions & { readonly wait?: true | undefined }): Promise<this>
  export(options: ExportOptions & { readonly wait: false }): Promise<ExportJob>
  export(options: ExportOptions): Promise<this | ExportJob>
  export(options: ExportOptions): Promise<this | ExportJob> {
    const operation = "Item.export"
    const checks: ReadonlyArray<Args.Check> = [
      ["options", options, Args.record],
      ["title", options?.title, Args.string],
      ["exportFormat", options?.exportFormat, Args.string],
      ["parameters", options?.parameters, Args.optional(Args.record)],
      ["wait", options?.wait, Args.optional(Args.boolean)],
    ]
    const request = () =>
      defined({ title: options.title, exportFormat: options.exportFormat, parameters: options.parameters })
    if (options?.wait === false) {
      return this.#checked(
        operation,
        checks,
        (items, item) =>
          Effect.map(
            items.export(item, request()),
            (job): ExportJob => ({
              exportItemId: job.itemId,
              serviceItemId: item.id,
              exportFormat: options.exportFormat,
              itemId: job.itemId,
              jobId: job.jobId,
              jobType: job.jobType,
              owner: job.owner,
            }),
          ),
        options,
      )
    }
    return this.#checked(
      operation,
      checks,
      (items, item) => {
        const how = waitOptions(options.waitOptions)
        return items.export(item, { ...request(), wait: true, ...(how === undefined ? {} : { waitOptions: how }) })
      },
      options,
    ).then((json) => this.#wrap(json))
  }

  /**
   * The item's data: parsed JSON (unless `tryJson: false`), text, bytes for binary files, or
   * `undefined` when it has none. `onProgress` (not in Python) is called as the bytes arrive; `signal` aborts the
   * download.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/item-data.htm
   * @see arcgis.gis.Item.get_data
   * @example
   * const controller = new AbortController()
   * const data = await item.getData({ signal: controller.signal })
   */
  getData(options: GetDataOptions = {}): Promise<unknown> {
    const checks: ReadonlyArray<Args.Check> = [["onProgress", options?.onProgress, Args.optional(Args.callback)]]
    return this.#checked(
      "Item.getData",
      checks,
      (items, item) =>
        Effect.map(
          items.getData(item, defined({ tryJson: options.tryJson, onProgress: options.onProgress })),
          (data) => {
            switch (data.kind) {
              case "json":
                return data.json
              case "text":
                return data.text
              case "bytes":
                return data.bytes
              case "empty":
                return undefined
            }
          },
        ),
      options,
    )
  }

  /**
   * The thumbnail's bytes, or `undefined` when the item has none.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/item-info-file.htm
   * @see arcgis.gis.Item.get_thumbnail
   */
  getThumbnail(): Promise<Uint8Array | undefined> {
    return this.#run((items, item) => items.getThumbnail(item))
  }

  /**
   * The thumbnail's URL, or `undefined` when the item has none.
   *
   * @see arcgis.gis.Item.get_thumbnail_link
   */
  getThumbnailLink(): Promise<string | undefined> {
    return this.#run((items, item) => Effect.sync(() => items.getThumbnailLink(item)))
  }

  /**
   * The item's metadata XML, or `undefined` when it has none.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/item-info-file.htm
   * @see arcgis.gis.Item.metadata
   */
  metadata(): Promise<string | undefined> {
    return this.#run((items, item) => items.metadata(item))
  }

  /**
   * Moves the item to a folder (its name, `{ id }`, or `/` for the root).
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/move-item.htm
   * @see arcgis.gis.Item.move
   */
  async move(
    folder: string | { readonly id: string },
    options: { readonly owner?: UserArgument | undefined } = {},
  ): Promise<ItemSchema.MoveResult> {
    const result = await this.#checked(
      "Item.move",
      [
        ["folder", folder, Args.stringOr("id")],
        ["options", options, Args.record],
        ["owner", options?.owner, Args.optional(Args.stringOr("username"))],
      ],
      (items, item) => {
        const owner = ownerName(options.owner)
        return items.move(owner === undefined ? item : { ...item, owner }, folder)
      },
    )
    this.#refresh({ ...this.#json, ownerFolder: result.folder ?? null })
    return result
  }

  /**
   * Turns delete protection on (default) or off; resolves with Python's `{ success }`.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/protect.htm
   * @see arcgis.gis.Item.protect
   */
  protect(options: { readonly enable?: boolean | undefined } = {}): Promise<ProtectResult> {
    return this.#checked(
      "Item.protect",
      [
        ["options", options, Args.record],
        ["enable", options?.enable, Args.optional(Args.boolean)],
      ],
      (items, item) => Effect.map(items.protect(item, options.enable ?? true), (success) => ({ success })),
    )
  }

  /**
   * The hosted proxies of a registered app item.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/proxies.htm
   * @see arcgis.gis.Item.proxies
   */
  proxies(): Promise<ReadonlyArray<{ readonly [key: string]: unknown }>> {
    return this.#run((items, item) => items.proxies(item))
  }

  /**
   * Publishes a hosted service from this item; resolves with the service item once the job ends. `signal` aborts
   * the request or the wait for the job (the portal's job itself goes on).
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/publish-item.htm
   * @see arcgis.gis.Item.publish
   * @example
   * const service = await csv.publish({ wait: { interval: 1_000 }, signal: AbortSignal.timeout(600_000) })
   */
  publish(options: PublishOptions = {}): Promise<this> {
    const { wait, signal: _signal, ...publish } = Args.isRecord(options) ? options : {}
    return this.#checked(
      "Item.publish",
      [["options", options, Args.record]],
      (items, item) => Effect.flatMap(items.publish(item, defined(publish)), (job) => job.wait(waitOptions(wait))),
      options,
    ).then((json) => this.#wrap(json))
  }

  /**
   * The caller's rating of the item, if any.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/item-rating.htm
   * @see arcgis.gis.Item.rating
   */
  rating(): Promise<number | undefined> {
    return this.#run((items, item) => items.rating(item))
  }

  /**
   * Rates the item (1.0 to 5.0) — Python's `item.rating = value`.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/add-rating.htm
   * @see arcgis.gis.Item.rating
   */
  setRating(rating: number): Promise<boolean> {
    return this.#checked("Item.setRating", [["rating", rating, Args.number]], (items, item) =>
      items.setRating(item, rating),
    )
  }

  /**
   * Gives the item to another user (org administrators).
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/reassign-item.htm
   * @see arcgis.gis.Item.reassign_to
   */
  reassignTo(
    targetOwner: UserArgument,
    options: { readonly targetFolder?: string | undefined } = {},
  ): Promise<boolean> {
    return this.#checked(
      "Item.reassignTo",
      [
        ["targetOwner", targetOwner, Args.stringOr("username")],
        ["options", options, Args.record],
        ["targetFolder", options?.targetFolder, Args.optional(Args.string)],
      ],
      (items, item) => items.reassignTo(item, ownerName(targetOwner) ?? "", options.targetFolder),
    )
  }

  /**
   * The items related to this one (`forward`: this item is the origin).
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/related-items.htm
   * @see arcgis.gis.Item.related_items
   */
  relatedItems(
    relType: string,
    options: { readonly direction?: "forward" | "reverse" | undefined } = {},
  ): Promise<ReadonlyArray<this>> {
    return this.#checked(
      "Item.relatedItems",
      [
        ["relType", relType, Args.string],
        ["options", options, Args.record],
        ["direction", options?.direction, Args.optional(Args.string)],
      ],
      (items, item) => items.relatedItems(item, relType, options.direction ?? "forward"),
    ).then((related) => related.map((json) => this.#wrap(json)))
  }

  /**
   * Shares the item with everyone, the organization and/or groups — by id or as `Group`s here (the main entry's
   * `Item` also takes group names).
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/share-item-as-item-owner-.htm
   * @see arcgis.gis.Item.share
   */
  share(options: ShareOptions = {}): Promise<ItemSchema.ShareResult> {
    return run(this[sessionKey], share(this.#json, options, groupIds), cancel("Item.share", options))
  }

  /**
   * The status of the item's upload, or of a job (`jobId`/`jobType` from publish, export…).
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/status.htm
   * @see arcgis.gis.Item.status
   */
  status(
    options: { readonly jobId?: string | undefined; readonly jobType?: Job.JobType | undefined } = {},
  ): Promise<ItemSchema.JobStatus> {
    return this.#run((items, item) => items.status(item, defined(options)))
  }

  /**
   * Stops sharing the item with groups (by id or as `Group`s, as for {@link ContentItem.share}).
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/unshare-item-as-item-owner-.htm
   * @see arcgis.gis.Item.unshare
   */
  unshare(
    groups: string | ReadonlyArray<GroupArgument>,
    options: { readonly signal?: AbortSignal | undefined } = {},
  ): Promise<ItemSchema.UnshareResult> {
    return run(this[sessionKey], unshare(this.#json, groups, groupIds), cancel("Item.unshare", options))
  }

  /**
   * Changes properties, data, thumbnail or metadata; the item's fields are refreshed. `signal` aborts the upload.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/update-item.htm
   * @see arcgis.gis.Item.update
   */
  async update(options: UpdateOptions = {}): Promise<boolean> {
    const session = this[sessionKey]
    const {
      itemProperties,
      data,
      thumbnail,
      metadata,
      signal: _signal,
      ...upload
    } = Args.isRecord(options) ? options : {}
    const operation = "Item.update"
    const updated = await this.#run(
      (items, item) =>
        Effect.gen(function* () {
          yield* Args.check(
            operation,
            ["options", options, Args.record],
            ["itemProperties", itemProperties, Args.optional(Args.record)],
            ["data", data, Args.optional(Args.itemData)],
            ["thumbnail", thumbnail, Args.optional(Args.file)],
            ["metadata", metadata, Args.optional(Args.file)],
          )
          return yield* items.update(
            item,
            defined({
              ...upload,
              properties: itemProperties,
              data: yield* dataOf(session, operation, data),
              thumbnail: yield* blobOf(session, operation, "thumbnail", thumbnail),
              metadata: yield* blobOf(session, operation, "metadata", metadata),
            }),
          )
        }),
      cancel(operation, options),
    )
    this.#refresh(updated)
    return true
  }
}
