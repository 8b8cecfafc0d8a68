/**
 * The content of the portal — Python's `gis.content` (`ContentManager`): add, get and search
 * items, folders, services and CSV import.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/working-with-users-groups-and-items.htm
 * @see arcgis.gis.ContentManager
 */
import { Content, type ItemSchema } from "@arcgis-portal/content"
import { CommonSchema, type PortalError } from "@arcgis-portal/core"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import type { UserArgument } from "./Arguments.ts"
import type { ContentItem } from "./ContentItem.ts"
import type {
  AddOptions,
  CreateServiceOptions,
  DeleteItemsOptions,
  ImportDataOptions,
  SearchAllOptions,
  SearchOptions,
  ShareItemsOptions,
  UnshareItemsOptions,
} from "./ContentManagerOptions.ts"
import * as Args from "./internal/args.ts"
import * as Options from "./internal/options/content.ts"
import { type Cancel, cancel, iterate, run, type Session, sessionKey } from "./internal/session.ts"

/**
 * The content manager of `@arcgis-portal/gis/content` (its items are that entry's `Item`s; `I`); the main entry's
 * `gis.content` is this class with `cloneItems` (`FullContentManager.ts`).
 *
 * @see arcgis.gis.ContentManager
 */
export class ContentManager<I extends ContentItem = ContentItem> {
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

  #wrap = (json: ItemSchema.Item): I => this.#item(json)

  /** A bulk operation: `items` and `options` checked (and `checks`), then `use` with the service's options. */
  #bulk<O extends Options.BulkOptions, A>(
    operation: string,
    items: ReadonlyArray<Content.ItemIdReference>,
    options: O,
    checks: ReadonlyArray<Args.Check>,
    use: (content: Content.ContentShape, options: Options.Bulk<O>) => Effect.Effect<A, PortalError.PortalFailure>,
  ): Promise<A> {
    return this.#run(
      (content) => Effect.flatMap(Options.bulk(operation, items, options, ...checks), (bulk) => use(content, bulk)),
      cancel(operation, options),
    )
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
    const add = Options.add(this[sessionKey], itemProperties, options)
    return this.#run((content) => Effect.flatMap(add, content.add), cancel("ContentManager.add", options)).then(
      this.#wrap,
    )
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
      Effect.flatMap(Options.folder("ContentManager.createFolder", folder, options), (owner) =>
        content.createFolder(folder, owner),
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
    return this.#run(
      (content) =>
        Effect.flatMap(Effect.flatMap(Options.createService(name, options), content.createService), (job) =>
          job.wait(),
        ),
      cancel("ContentManager.createService", options),
    ).then(this.#wrap)
  }

  /**
   * Deletes a folder by name; `false` when there is no such folder.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/delete-folder.htm
   * @see arcgis.gis.ContentManager.delete_folder
   */
  deleteFolder(folder: string, options: { readonly owner?: UserArgument | undefined } = {}): Promise<boolean> {
    return this.#run((content) =>
      Effect.flatMap(Options.folder("ContentManager.deleteFolder", folder, options), (owner) =>
        content.deleteFolder(folder, owner),
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
      (content) => Effect.flatMap(Options.importData(df, options), content.importData),
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
    return this.#run(
      (content) =>
        Effect.flatMap(Options.search("ContentManager.search", query, options), (search) =>
          content.search(query, search),
        ),
      cancel("ContentManager.search", options),
    ).then((items) => items.map(this.#wrap))
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
    const pageSize: Args.Check = ["pageSize", options?.pageSize, Args.optional(Args.number)]
    const search = Options.search("ContentManager.searchAll", query, options, pageSize)
    const stream = Effect.flatMap(search, (checked) =>
      Effect.map(Content.Content, (content) => Stream.map(content.searchAll(query, checked), this.#wrap)),
    )
    return iterate(this[sessionKey], Stream.unwrap(stream), cancel("ContentManager.searchAll", options))
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
    const groups: Args.Check = ["groups", options?.groups, Args.optional(Options.ids)]
    return this.#bulk("ContentManager.shareItems", items, options, [groups], (content, share) =>
      content.shareItems(items, share),
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
    const groups: Args.Check = ["groups", options?.groups, Options.ids]
    return this.#bulk("ContentManager.unshareItems", items, options, [groups], (content, unshare) =>
      content.unshareItems(items, unshare),
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
    return this.#bulk("ContentManager.deleteItems", items, options, [], (content, bulk) =>
      content.deleteItems(items, bulk),
    )
  }
}
