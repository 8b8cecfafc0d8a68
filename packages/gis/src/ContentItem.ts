/**
 * An item of the portal — Python's `arcgis.gis.Item` — as both entries share it. Its fields are read-only properties
 * (`item.title`, `item.id`; the whole JSON from `toJSON()`); Python properties that call the portal are methods
 * (`item.comments()`, `item.metadata()`). `@arcgis-portal/gis/content` gives these items (its `Item`); the main
 * entry's `Item` extends this class with `item.resources` and group names in `share`/`unshare`.
 *
 * The class is a table: each Python method is one call of the `Items` service, its arguments checked and mapped by
 * `internal/options/items.ts`; the options are declared in `ContentItemOptions.ts`.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/item.htm
 * @see arcgis.gis.Item
 */
import { type ItemSchema, Items } from "@arcgis-portal/content"
import * as Effect from "effect/Effect"
import type { GroupArgument, UserArgument } from "./Arguments.ts"
import type * as ItemOptions from "./ContentItemOptions.ts"
import type { AbortOptions } from "./Errors.ts"
import * as Args from "./internal/args.ts"
import { calls } from "./internal/calls.ts"
import { defined } from "./internal/inputs.ts"
import * as Call from "./internal/item-calls.ts"
import * as Options from "./internal/options/items.ts"
import { assignFields, cancel, run, type Session, sessionKey } from "./internal/session.ts"
import { groupIds, share, unshare } from "./internal/sharing.ts"

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
  readonly #calls: Call.ItemCalls

  /** @internal Items come from `gis.content` (`get`, `search`, `add`) and other listings. */
  constructor(session: Session, json: ItemSchema.Item) {
    this[sessionKey] = session
    this.#json = json
    this.#calls = calls(session, Items.Items, () => this.#json)
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

  #refresh(json: ItemSchema.Item): void {
    this.#json = json
    assignFields(this, json)
  }

  /** A new item of this item's own class (the main entry's `Item` makes `Item`s) on the same connection. */
  #wrap = (json: ItemSchema.Item): this => {
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
    return this.#calls.checked("Item.addComment", [["comment", comment, Args.string]], (items, item) =>
      items.addComment(item, comment),
    )
  }

  /**
   * Relates this item (origin) to `relItem` (destination).
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/add-relationship.htm
   * @see arcgis.gis.Item.add_relationship
   */
  addRelationship(options: ItemOptions.RelationshipOptions): Promise<boolean> {
    return this.#calls.checked("Item.addRelationship", Options.relationshipChecks(options), (items, item) =>
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
    return this.#calls.run((items, item) => items.comments(item))
  }

  /**
   * Copies this hosted feature layer collection (all or some layers and tables) into a new
   * service; resolves with the new item once the portal has created it.
   *
   * @see arcgis.gis.Item.copy_feature_layer_collection
   */
  copyFeatureLayerCollection(
    serviceName: string,
    options: ItemOptions.CopyFeatureLayerCollectionOptions = {},
  ): Promise<this> {
    return Call.copyFeatureLayerCollection(this.#calls, serviceName, options).then(this.#wrap)
  }

  /**
   * Publishes this hosted feature layer as a tile service; resolves with the new item.
   *
   * @see arcgis.gis.Item.create_tile_service
   */
  createTileService(options: ItemOptions.CreateTileServiceOptions): Promise<this> {
    return Call.createTileService(this.#calls, options).then(this.#wrap)
  }

  /**
   * Deletes the item. `dryRun: true` only asks whether it could be deleted.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/delete-item.htm
   * @see arcgis.gis.Item.delete
   */
  delete(options: ItemOptions.DeleteOptions = {}): Promise<boolean> {
    if (options.dryRun === true) return this.#calls.run((items, item) => items.canDelete(item)).then((r) => r.success)
    return this.#calls.run((items, item) => items.delete(item, Options.deleteItem(options)))
  }

  /**
   * Removes the caller's rating.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/delete-rating.htm
   * @see arcgis.gis.Item.delete_rating
   */
  deleteRating(): Promise<boolean> {
    return this.#calls.run((items, item) => items.deleteRating(item))
  }

  /**
   * Removes a relationship this item (origin) has with `relItem`.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/delete-relationship.htm
   * @see arcgis.gis.Item.delete_relationship
   */
  deleteRelationship(options: ItemOptions.RelationshipOptions): Promise<boolean> {
    return this.#calls.checked("Item.deleteRelationship", Options.relationshipChecks(options), (items, item) =>
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
    return this.#calls.run((items, item) => items.dependentTo(item))
  }

  /**
   * What this item depends on.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/dependencies.htm
   * @see arcgis.gis.Item.dependent_upon
   */
  dependentUpon(): Promise<ItemSchema.DependenciesResponse> {
    return this.#calls.run((items, item) => items.dependentUpon(item))
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
  download(options: ItemOptions.DownloadOptions = {}): Promise<string | undefined> {
    return Call.download(this.#calls, this.#json, options)
  }

  /**
   * (Node) Downloads the item's metadata XML to `saveFolder` as `metadata.xml`; resolves with the file's path, or
   * `undefined` when the item has no metadata (as `metadata()` does).
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/item-info-file.htm
   * @see arcgis.gis.Item.download_metadata
   */
  downloadMetadata(options: ItemOptions.SaveOptions = {}): Promise<string | undefined> {
    return Call.downloadMetadata(this.#calls, options)
  }

  /**
   * (Node) Downloads the item's thumbnail to `saveFolder`; resolves with the file's path, or
   * `undefined` when the item has no thumbnail.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/item-info-file.htm
   * @see arcgis.gis.Item.download_thumbnail
   */
  async downloadThumbnail(options: ItemOptions.SaveOptions = {}): Promise<string | undefined> {
    if (!this.thumbnail) return undefined
    return Call.downloadThumbnail(this.#calls, this.thumbnail, options)
  }

  /**
   * Exports this service item (`CSV`, `Shapefile`, `File Geodatabase`…). Resolves with the new
   * item, or with `wait: false` at once with the job: Python's dictionary (`exportItemId`, `jobId`…).
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/export-item.htm
   * @see arcgis.gis.Item.export
   */
  export(options: ItemOptions.ExportOptions & { readonly wait?: true | undefined }): Promise<this>
  export(options: ItemOptions.ExportOptions & { readonly wait: false }): Promise<ItemOptions.ExportJob>
  export(options: ItemOptions.ExportOptions): Promise<this | ItemOptions.ExportJob>
  export(options: ItemOptions.ExportOptions): Promise<this | ItemOptions.ExportJob> {
    if (options?.wait === false) return Call.exportJob(this.#calls, options)
    return Call.exported(this.#calls, options).then(this.#wrap)
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
  getData(options: ItemOptions.GetDataOptions = {}): Promise<unknown> {
    return Call.getData(this.#calls, options)
  }

  /**
   * The thumbnail's bytes, or `undefined` when the item has none.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/item-info-file.htm
   * @see arcgis.gis.Item.get_thumbnail
   */
  getThumbnail(): Promise<Uint8Array | undefined> {
    return this.#calls.run((items, item) => items.getThumbnail(item))
  }

  /**
   * The thumbnail's URL, or `undefined` when the item has none.
   *
   * @see arcgis.gis.Item.get_thumbnail_link
   */
  getThumbnailLink(): Promise<string | undefined> {
    return this.#calls.run((items, item) => Effect.sync(() => items.getThumbnailLink(item)))
  }

  /**
   * The item's metadata XML, or `undefined` when it has none.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/item-info-file.htm
   * @see arcgis.gis.Item.metadata
   */
  metadata(): Promise<string | undefined> {
    return this.#calls.run((items, item) => items.metadata(item))
  }

  /**
   * Moves the item to a folder (its name, `{ id }`, or `/` for the root).
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/move-item.htm
   * @see arcgis.gis.Item.move
   */
  async move(
    folder: string | { readonly id: string },
    options: ItemOptions.MoveOptions = {},
  ): Promise<ItemSchema.MoveResult> {
    const result = await Call.move(this.#calls, folder, options)
    this.#refresh({ ...this.#json, ownerFolder: result.folder ?? null })
    return result
  }

  /**
   * Turns delete protection on (default) or off; resolves with Python's `{ success }`.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/protect.htm
   * @see arcgis.gis.Item.protect
   */
  protect(options: { readonly enable?: boolean | undefined } = {}): Promise<ItemOptions.ProtectResult> {
    return Call.protect(this.#calls, options)
  }

  /**
   * The hosted proxies of a registered app item.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/proxies.htm
   * @see arcgis.gis.Item.proxies
   */
  proxies(): Promise<ReadonlyArray<{ readonly [key: string]: unknown }>> {
    return this.#calls.run((items, item) => items.proxies(item))
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
  publish(options: ItemOptions.PublishOptions = {}): Promise<this> {
    return Call.publish(this.#calls, options).then(this.#wrap)
  }

  /**
   * The caller's rating of the item, if any.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/item-rating.htm
   * @see arcgis.gis.Item.rating
   */
  rating(): Promise<number | undefined> {
    return this.#calls.run((items, item) => items.rating(item))
  }

  /**
   * Rates the item (1.0 to 5.0) — Python's `item.rating = value`.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/add-rating.htm
   * @see arcgis.gis.Item.rating
   */
  setRating(rating: number): Promise<boolean> {
    return this.#calls.checked("Item.setRating", [["rating", rating, Args.number]], (items, item) =>
      items.setRating(item, rating),
    )
  }

  /**
   * Gives the item to another user (org administrators).
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/reassign-item.htm
   * @see arcgis.gis.Item.reassign_to
   */
  reassignTo(targetOwner: UserArgument, options: ItemOptions.ReassignToOptions = {}): Promise<boolean> {
    return Call.reassignTo(this.#calls, targetOwner, options)
  }

  /**
   * The items related to this one (`forward`: this item is the origin).
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/related-items.htm
   * @see arcgis.gis.Item.related_items
   */
  relatedItems(relType: string, options: ItemOptions.RelatedItemsOptions = {}): Promise<ReadonlyArray<this>> {
    return Call.relatedItems(this.#calls, relType, options).then((related) => related.map(this.#wrap))
  }

  /**
   * Shares the item with everyone, the organization and/or groups — by id or as `Group`s here (the main entry's
   * `Item` also takes group names).
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/share-item-as-item-owner-.htm
   * @see arcgis.gis.Item.share
   */
  share(options: ItemOptions.ShareOptions = {}): Promise<ItemSchema.ShareResult> {
    return run(this[sessionKey], share(this.#json, options, groupIds), cancel("Item.share", options))
  }

  /**
   * The status of the item's upload, or of a job (`jobId`/`jobType` from publish, export…).
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/status.htm
   * @see arcgis.gis.Item.status
   */
  status(options: ItemOptions.StatusOptions = {}): Promise<ItemSchema.JobStatus> {
    return this.#calls.run((items, item) => items.status(item, defined(options)))
  }

  /**
   * Stops sharing the item with groups (by id or as `Group`s, as for {@link ContentItem.share}).
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/unshare-item-as-item-owner-.htm
   * @see arcgis.gis.Item.unshare
   */
  unshare(
    groups: string | ReadonlyArray<GroupArgument>,
    options: AbortOptions = {},
  ): Promise<ItemSchema.UnshareResult> {
    return run(this[sessionKey], unshare(this.#json, groups, groupIds), cancel("Item.unshare", options))
  }

  /**
   * Changes properties, data, thumbnail or metadata; the item's fields are refreshed. `signal` aborts the upload.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/update-item.htm
   * @see arcgis.gis.Item.update
   */
  async update(options: ItemOptions.UpdateOptions = {}): Promise<boolean> {
    this.#refresh(await Call.update(this.#calls, options))
    return true
  }
}
