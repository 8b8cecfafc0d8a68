/**
 * The content of the portal — Python's `gis.content` (`ContentManager`): add, get and search
 * items, folders, services and CSV import.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/working-with-users-groups-and-items.htm
 * @see arcgis.gis.ContentManager
 */
import { Content, type ItemSchema } from "@arcgis-portal/content"
import { CommonSchema } from "@arcgis-portal/core"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import type { FileArgument, UserArgument } from "./Arguments.ts"
import type { ContentItem } from "./ContentItem.ts"
import type { Item } from "./Item.ts"
import * as Args from "./internal/args.ts"
import { blobOf, dataOf, defined } from "./internal/inputs.ts"
import { type Cancel, cancel, iterate, run, type Session, sessionKey } from "./internal/session.ts"

const ownerName = (owner: UserArgument | undefined) => (typeof owner === "object" ? owner.username : owner)

const owner = Args.optional(Args.stringOr("username"))

/**
 * Options of {@link ContentManager.add}.
 *
 * @see arcgis.gis.ContentManager.add
 */
export interface AddOptions extends Content.UploadOptions {
  /** A `Blob`/`File`/stream, `{ url }`/`{ text }`, a URL string, or (Node) a path on disk. */
  readonly data?: Content.ItemData | string | undefined
  readonly thumbnail?: FileArgument | undefined
  readonly metadata?: FileArgument | undefined
  readonly owner?: UserArgument | undefined
  readonly folder?: string | undefined
  /** Let the portal add the item in the background and wait for it. */
  readonly async?: boolean | undefined
  /**
   * Aborts the upload (or the wait for it): the call rejects with `AbortError`. A multipart upload stopped this way
   * leaves its item uncommitted; `resumeItemId` picks it up again.
   */
  readonly signal?: AbortSignal | undefined
}

/**
 * Options of {@link ContentManager.createService}; `createParams` replaces the others.
 *
 * @see arcgis.gis.ContentManager.create_service
 */
export interface CreateServiceOptions {
  readonly serviceDescription?: string | undefined
  readonly hasStaticData?: boolean | undefined
  readonly maxRecordCount?: number | undefined
  readonly supportedQueryFormats?: string | undefined
  readonly capabilities?: string | undefined
  readonly description?: string | undefined
  readonly copyrightText?: string | undefined
  readonly wkid?: number | undefined
  readonly createParams?: { readonly [key: string]: unknown } | undefined
  readonly serviceType?: "featureService" | "imageService" | undefined
  readonly owner?: UserArgument | undefined
  readonly folder?: string | undefined
  readonly itemProperties?: Content.ItemProperties | undefined
  /** Aborts the call (also the wait for the new service): it rejects with `AbortError`. */
  readonly signal?: AbortSignal | undefined
}

/**
 * Options of {@link ContentManager.search}.
 *
 * @see arcgis.gis.ContentManager.search
 */
export interface SearchOptions {
  readonly itemType?: string | undefined
  /** Default `avgRating`. */
  readonly sortField?: string | undefined
  /** Default `desc`. */
  readonly sortOrder?: "asc" | "desc" | undefined
  /** Default 10 for `search`; unlimited for `searchAll`. */
  readonly maxItems?: number | undefined
  readonly outsideOrg?: boolean | undefined
  /** Aborts the search (every page of it): the call rejects with `AbortError`. */
  readonly signal?: AbortSignal | undefined
}

/**
 * Options of {@link ContentManager.searchAll}.
 *
 * @see arcgis.gis.ContentManager.search
 */
export interface SearchAllOptions extends SearchOptions {
  /** Results per request (at most 100). Default 100. */
  readonly pageSize?: number | undefined
}

/**
 * Options of {@link ContentManager.importData}.
 *
 * @see arcgis.gis.ContentManager.import_data
 */
export interface ImportDataOptions {
  /** Column → address field, e.g. `{ Address: "Address" }`. */
  readonly addressFields?: { readonly [column: string]: string } | undefined
  /** Aborts the call: it rejects with `AbortError`. */
  readonly signal?: AbortSignal | undefined
}

/**
 * Options of {@link ContentManager.shareItems}: whom to share with, and how the requests go (100 items each, 4 in
 * flight).
 *
 * @see arcgis.gis.ContentManager.share_items
 */
export interface ShareItemsOptions extends Omit<Content.ShareItemsOptions, "owner"> {
  /** The user whose items they are. Default: the signed-in user. */
  readonly owner?: UserArgument | undefined
  /** Aborts the call: requests in flight are aborted, no further one is sent; it rejects with `AbortError`. */
  readonly signal?: AbortSignal | undefined
}

/**
 * Options of {@link ContentManager.unshareItems}.
 *
 * @see arcgis.gis.ContentManager.unshare_items
 */
export interface UnshareItemsOptions extends Omit<Content.UnshareItemsOptions, "owner"> {
  readonly owner?: UserArgument | undefined
  /** Aborts the call: requests in flight are aborted, no further one is sent; it rejects with `AbortError`. */
  readonly signal?: AbortSignal | undefined
}

/**
 * Options of {@link ContentManager.deleteItems}.
 *
 * @see arcgis.gis.ContentManager.delete_items
 */
export interface DeleteItemsOptions extends Omit<Content.BulkOptions, "owner"> {
  readonly owner?: UserArgument | undefined
  /** Aborts the call: requests in flight are aborted, no further one is sent; it rejects with `AbortError`. */
  readonly signal?: AbortSignal | undefined
}

/** Items as the bulk operations take them: ids, or objects with an `id` (`Item`s). */
const itemList = Args.list(Args.stringOr("id"))

/**
 * The content manager. Its items are the main entry's `Item`s, or `@arcgis-portal/gis/content`'s (`I`).
 *
 * @see arcgis.gis.ContentManager
 */
export class ContentManager<I extends ContentItem = Item> {
  /** @internal The connection this object belongs to: a symbol key, so not in `Object.keys` or JSON. */
  readonly [sessionKey]: Session
  readonly #item: (json: ItemSchema.Item) => I

  /** @internal Available as `gis.content`; `item` makes the connection's items. */
  constructor(session: Session, item: (json: ItemSchema.Item) => I) {
    this[sessionKey] = session
    this.#item = item
  }

  #run<A, E>(use: (content: Content.ContentShape) => Effect.Effect<A, E>, how?: Cancel): Promise<A> {
    return run(this[sessionKey], Effect.flatMap(Content.Content, use), how)
  }

  #wrap(json: ItemSchema.Item): I {
    return this.#item(json)
  }

  /**
   * Creates an item from properties and optional data, thumbnail and metadata (large files go up
   * in parts).
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/add-item.htm
   * @see arcgis.gis.ContentManager.add
   * @example
   * const csv = await gis.content.add({ title: "Parks", type: "CSV", tags: ["parks"] }, { data: new File([text], "parks.csv") })
   */
  add(itemProperties: Content.ItemProperties, options: AddOptions = {}): Promise<I> {
    const session = this[sessionKey]
    const operation = "ContentManager.add"
    const {
      data,
      thumbnail,
      metadata,
      owner: addOwner,
      signal: _signal,
      ...rest
    } = Args.isRecord(options) ? options : {}
    return this.#run(
      (content) =>
        Effect.gen(function* () {
          yield* Args.check(
            operation,
            ["itemProperties", itemProperties, Args.record],
            ["options", options, Args.record],
            ["data", data, Args.optional(Args.itemData)],
            ["thumbnail", thumbnail, Args.optional(Args.file)],
            ["metadata", metadata, Args.optional(Args.file)],
            ["owner", addOwner, owner],
            ["folder", rest.folder, Args.optional(Args.string)],
          )
          return yield* content.add(
            defined({
              ...rest,
              properties: itemProperties,
              owner: ownerName(addOwner),
              data: yield* dataOf(session, operation, data),
              thumbnail: yield* blobOf(session, operation, "thumbnail", thumbnail),
              metadata: yield* blobOf(session, operation, "metadata", metadata),
            }),
          )
        }),
      cancel(operation, options),
    ).then((json) => this.#wrap(json))
  }

  /**
   * Creates a folder (or returns the existing one of that name).
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/create-folder.htm
   * @see arcgis.gis.ContentManager.create_folder
   */
  createFolder(
    folder: string,
    options: { readonly owner?: UserArgument | undefined } = {},
  ): Promise<ItemSchema.Folder> {
    return this.#run((content) =>
      Effect.andThen(
        Args.check(
          "ContentManager.createFolder",
          ["folder", folder, Args.string],
          ["options", options, Args.record],
          ["owner", options?.owner, owner],
        ),
        () => content.createFolder(folder, defined({ owner: ownerName(options.owner) })),
      ),
    )
  }

  /**
   * Creates an empty hosted service; resolves with its item once the portal has created it.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/create-service.htm
   * @see arcgis.gis.ContentManager.create_service
   */
  createService(name: string, options: CreateServiceOptions = {}): Promise<I> {
    const {
      createParams,
      itemProperties,
      owner: serviceOwner,
      signal: _signal,
      ...rest
    } = Args.isRecord(options) ? options : {}
    return this.#run(
      (content) =>
        Effect.flatMap(
          Effect.andThen(
            Args.check(
              "ContentManager.createService",
              ["name", name, Args.string],
              ["options", options, Args.record],
              ["createParams", createParams, Args.optional(Args.record)],
              ["itemProperties", itemProperties, Args.optional(Args.record)],
              ["owner", serviceOwner, owner],
              ["folder", rest.folder, Args.optional(Args.string)],
            ),
            () =>
              content.createService(
                defined({
                  ...rest,
                  name,
                  createParameters: createParams,
                  properties: itemProperties,
                  owner: ownerName(serviceOwner),
                }),
              ),
          ),
          (job) => job.wait(),
        ),
      cancel("ContentManager.createService", options),
    ).then((json) => this.#wrap(json))
  }

  /**
   * Deletes a folder by name; `false` when there is no such folder.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/delete-folder.htm
   * @see arcgis.gis.ContentManager.delete_folder
   */
  deleteFolder(folder: string, options: { readonly owner?: UserArgument | undefined } = {}): Promise<boolean> {
    return this.#run((content) =>
      Effect.andThen(
        Args.check(
          "ContentManager.deleteFolder",
          ["folder", folder, Args.string],
          ["options", options, Args.record],
          ["owner", options?.owner, owner],
        ),
        () => content.deleteFolder(folder, defined({ owner: ownerName(options.owner) })),
      ),
    )
  }

  /**
   * An item, or `undefined` when it does not exist or is not visible to the caller — also for a string that cannot
   * be an item id (Python gets `None` from the portal for it; nothing is sent here).
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/item.htm
   * @see arcgis.gis.ContentManager.get
   */
  get(itemid: string): Promise<I | undefined> {
    return this.#run((content) =>
      Effect.andThen(Args.check("ContentManager.get", ["itemid", itemid, Args.string]), () =>
        CommonSchema.isItemId(itemid) ? content.get(itemid) : Effect.succeed(undefined),
      ),
    ).then((json) => (json === undefined ? undefined : this.#wrap(json)))
  }

  /**
   * CSV text (with an address or coordinate columns) as an in-memory feature collection.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/generate.htm
   * @see arcgis.gis.ContentManager.import_data
   */
  importData(df: string, options: ImportDataOptions = {}): Promise<Content.FeatureCollection> {
    return this.#run(
      (content) =>
        Effect.andThen(
          Args.check(
            "ContentManager.importData",
            ["df", df, Args.string],
            ["options", options, Args.record],
            ["addressFields", options?.addressFields, Args.optional(Args.record)],
          ),
          () => content.importData(defined({ csv: df, addressFields: options.addressFields })),
        ),
      cancel("ContentManager.importData", options),
    )
  }

  /**
   * Whether a service name is still free in the organization.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/check-service-name.htm
   * @see arcgis.gis.ContentManager.is_service_name_available
   */
  isServiceNameAvailable(options: {
    readonly serviceName: string
    readonly serviceType: "featureService" | "imageService" | "mapService"
  }): Promise<boolean> {
    return this.#run((content) =>
      Effect.andThen(
        Args.check(
          "ContentManager.isServiceNameAvailable",
          ["options", options, Args.record],
          ["serviceName", options?.serviceName, Args.string],
          ["serviceType", options?.serviceType, Args.string],
        ),
        () => content.isServiceNameAvailable(options.serviceName, options.serviceType),
      ),
    )
  }

  /**
   * Searches items (at most `maxItems`, default 10), in the caller's organization unless
   * `outsideOrg`.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/search.htm
   * @see arcgis.gis.ContentManager.search
   */
  search(query: string, options: SearchOptions = {}): Promise<ReadonlyArray<I>> {
    const { signal: _signal, ...search } = Args.isRecord(options) ? options : {}
    return this.#run(
      (content) =>
        Effect.andThen(
          Args.check("ContentManager.search", ["query", query, Args.string], ["options", options, Args.record]),
          () => content.search(query, defined(search)),
        ),
      cancel("ContentManager.search", options),
    ).then((items) => items.map((json) => this.#wrap(json)))
  }

  /**
   * Every search result, fetched page by page (`pageSize`, default 100) as the loop asks for them. Aborting
   * `signal` aborts the page in flight, asks for no further page, and makes the loop throw `AbortError`.
   *
   * @see arcgis.gis.ContentManager.search
   * @example
   * const controller = new AbortController()
   * for await (const item of gis.content.searchAll('type:"Web Map"', { signal: controller.signal })) {
   *   if (item.title === "Parks") controller.abort()
   * }
   */
  searchAll(query: string, options: SearchAllOptions = {}): AsyncIterable<I> {
    const { signal: _signal, ...search } = Args.isRecord(options) ? options : {}
    return iterate(
      this[sessionKey],
      Stream.unwrap(
        Effect.andThen(
          Args.check(
            "ContentManager.searchAll",
            ["query", query, Args.string],
            ["options", options, Args.record],
            ["pageSize", search.pageSize, Args.optional(Args.number)],
          ),
          Effect.map(Content.Content, (content) =>
            Stream.map(content.searchAll(query, defined(search)), (json) => this.#wrap(json)),
          ),
        ),
      ),
      cancel("ContentManager.searchAll", options),
    )
  }

  /**
   * Shares many items at once (100 per request): with everyone, the organization and/or groups (ids or `Group`s).
   * One result per item, in the order given — an item the portal did not share is a result with `success: false`,
   * not a rejection.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/share-items.htm
   * @see arcgis.gis.ContentManager.share_items
   * @example
   * const results = await gis.content.shareItems(items, { groups: [group], signal: AbortSignal.timeout(60_000) })
   */
  shareItems(
    items: ReadonlyArray<Content.ItemIdReference>,
    options: ShareItemsOptions = {},
  ): Promise<ReadonlyArray<Content.ShareItemsResult>> {
    const operation = "ContentManager.shareItems"
    const { signal: _signal, owner: itemsOwner, ...share } = Args.isRecord(options) ? options : {}
    return this.#run(
      (content) =>
        Effect.andThen(
          Args.check(
            operation,
            ["items", items, itemList],
            ["options", options, Args.record],
            ["owner", itemsOwner, owner],
            ["groups", share.groups, Args.optional(Args.list(Args.stringOr("id")))],
          ),
          () => content.shareItems(items, defined({ ...share, owner: ownerName(itemsOwner) })),
        ),
      cancel(operation, options),
    )
  }

  /**
   * Stops sharing many items with groups (ids or `Group`s), 100 items per request. One result per item, in the
   * order given.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/unshare-items.htm
   * @see arcgis.gis.ContentManager.unshare_items
   */
  unshareItems(
    items: ReadonlyArray<Content.ItemIdReference>,
    options: UnshareItemsOptions,
  ): Promise<ReadonlyArray<Content.UnshareItemsResult>> {
    const operation = "ContentManager.unshareItems"
    const { signal: _signal, owner: itemsOwner, ...unshare } = Args.isRecord(options) ? options : { groups: [] }
    return this.#run(
      (content) =>
        Effect.andThen(
          Args.check(
            operation,
            ["items", items, itemList],
            ["options", options, Args.record],
            ["owner", itemsOwner, owner],
            ["groups", unshare.groups, Args.list(Args.stringOr("id"))],
          ),
          () => content.unshareItems(items, defined({ ...unshare, owner: ownerName(itemsOwner) })),
        ),
      cancel(operation, options),
    )
  }

  /**
   * Deletes many items of one owner, 100 per request. One result per item, in the order given: a protected or
   * missing item is a result with `success: false`. (Python's `delete_items` answers one `True`/`False` for all.)
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/delete-items.htm
   * @see arcgis.gis.ContentManager.delete_items
   */
  deleteItems(
    items: ReadonlyArray<Content.ItemIdReference>,
    options: DeleteItemsOptions = {},
  ): Promise<ReadonlyArray<Content.BulkItemOutcome>> {
    const operation = "ContentManager.deleteItems"
    const { signal: _signal, owner: itemsOwner, ...bulk } = Args.isRecord(options) ? options : {}
    return this.#run(
      (content) =>
        Effect.andThen(
          Args.check(
            operation,
            ["items", items, itemList],
            ["options", options, Args.record],
            ["owner", itemsOwner, owner],
          ),
          () => content.deleteItems(items, defined({ ...bulk, owner: ownerName(itemsOwner) })),
        ),
      cancel(operation, options),
    )
  }
}
