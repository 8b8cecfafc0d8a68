/**
 * The item methods that are more than one call of the `Items` service, run on an item's `Calls` (its connection, the
 * service, its JSON as it is when the call starts): jobs waited for (`publish`, `export`,
 * `copyFeatureLayerCollection`, `createTileService`), downloads written to files, `getData`'s value, and the calls
 * whose argument checks take a few lines. Arguments are checked and mapped by `options/items.ts`.
 */
import { type ItemSchema, Items } from "@arcgis-portal/content"
import * as Effect from "effect/Effect"
import type { UserArgument } from "../Arguments.ts"
import type * as ItemOptions from "../ContentItemOptions.ts"
import type { ContentServices } from "../ContentLayer.ts"
import * as Args from "./args.ts"
import type { Calls } from "./calls.ts"
import { dataValue, fileNameOf, saveDownload } from "./downloads.ts"
import { ownerName } from "./options/content.ts"
import * as Options from "./options/items.ts"

/** How an item runs its methods: with the `Items` service and its JSON. */
export type ItemCalls = Calls<Items.ItemsShape, ItemSchema.Item, ContentServices>

/** `item.copyFeatureLayerCollection(serviceName, options)`: the job waited for; the new item's JSON. */
export const copyFeatureLayerCollection = (
  calls: ItemCalls,
  serviceName: string,
  options: ItemOptions.CopyFeatureLayerCollectionOptions,
): Promise<ItemSchema.Item> =>
  calls.checked(
    "Item.copyFeatureLayerCollection",
    [],
    (items, item) =>
      Effect.flatMap(
        items.copyFeatureLayerCollection(item, Options.copyFeatureLayerCollection(serviceName, options)),
        (job) => job.wait(),
      ),
    options,
  )

/** `item.createTileService(options)`: the job waited for; the new item's JSON. */
export const createTileService = (
  calls: ItemCalls,
  options: ItemOptions.CreateTileServiceOptions,
): Promise<ItemSchema.Item> =>
  calls.checked(
    "Item.createTileService",
    [],
    (items, item) =>
      Effect.flatMap(items.createTileService(item, Options.createTileService(options)), (job) => job.wait()),
    options,
  )

/** `item.publish(options)`: the job waited for as `wait` says; the service item's JSON. */
export const publish = (calls: ItemCalls, options: ItemOptions.PublishOptions): Promise<ItemSchema.Item> =>
  calls.checked(
    "Item.publish",
    [["options", options, Args.record]],
    (items, item) => {
      const { publish, wait } = Options.publish(options)
      return Effect.flatMap(items.publish(item, publish), (job) => job.wait(wait))
    },
    options,
  )

/** `item.export(options)`, checked, its request built: `use` decides whether to wait. */
const exporting = <A>(
  calls: ItemCalls,
  options: ItemOptions.ExportOptions,
  use: (items: Items.ItemsShape, item: ItemSchema.Item, request: Items.ExportOptions) => Effect.Effect<A, unknown>,
): Promise<A> =>
  calls.checked(
    "Item.export",
    Options.exportChecks(options),
    (items, item) => use(items, item, Options.exportRequest(options)),
    options,
  )

/** `item.export({ ..., wait: false })`: Python's dictionary of the job, at once. */
export const exportJob = (calls: ItemCalls, options: ItemOptions.ExportOptions): Promise<ItemOptions.ExportJob> =>
  exporting(calls, options, (items, item, request) =>
    Effect.map(items.export(item, request), (job) => ({
      exportItemId: job.itemId,
      serviceItemId: item.id,
      exportFormat: options.exportFormat,
      itemId: job.itemId,
      jobId: job.jobId,
      jobType: job.jobType,
      owner: job.owner,
    })),
  )

/** `item.export(options)`, waited for (`waitOptions`' `interval`): the new item's JSON. */
export const exported = (calls: ItemCalls, options: ItemOptions.ExportOptions): Promise<ItemSchema.Item> =>
  exporting(calls, options, (items, item, request) => {
    const waitOptions = Options.waitOptions(options.waitOptions)
    return items.export(item, { ...request, wait: true, ...(waitOptions === undefined ? {} : { waitOptions }) })
  })

/** `item.update(options)`: the item's JSON as it now is. */
export const update = (calls: ItemCalls, options: ItemOptions.UpdateOptions): Promise<ItemSchema.Item> =>
  calls.checked(
    "Item.update",
    [],
    (items, item) => Effect.flatMap(Options.update(calls.session, options), (changes) => items.update(item, changes)),
    options,
  )

/** `item.getData(options)`: the data as Python's value. */
export const getData = (calls: ItemCalls, options: ItemOptions.GetDataOptions): Promise<unknown> =>
  calls.checked(
    "Item.getData",
    [["onProgress", options?.onProgress, Args.optional(Args.callback)]],
    (items, item) => Effect.map(items.getData(item, Options.getData(options)), dataValue),
    options,
  )

/** `item.move(folder, options)`: moved as the owner given, if any. */
export const move = (
  calls: ItemCalls,
  folder: string | { readonly id: string },
  options: ItemOptions.MoveOptions,
): Promise<ItemSchema.MoveResult> =>
  calls.checked("Item.move", Options.moveChecks(folder, options), (items, item) =>
    items.move(Options.asOwner(item, options.owner), folder),
  )

/** `item.protect(options)`: Python's `{ success }`. */
export const protect = (
  calls: ItemCalls,
  options: { readonly enable?: boolean | undefined },
): Promise<ItemOptions.ProtectResult> =>
  calls.checked(
    "Item.protect",
    [
      ["options", options, Args.record],
      ["enable", options?.enable, Args.optional(Args.boolean)],
    ],
    (items, item) => Effect.map(items.protect(item, options.enable ?? true), (success) => ({ success })),
  )

/** `item.reassignTo(targetOwner, options)`. */
export const reassignTo = (
  calls: ItemCalls,
  targetOwner: UserArgument,
  options: ItemOptions.ReassignToOptions,
): Promise<boolean> =>
  calls.checked(
    "Item.reassignTo",
    [
      ["targetOwner", targetOwner, Args.stringOr("username")],
      ["options", options, Args.record],
      ["targetFolder", options?.targetFolder, Args.optional(Args.string)],
    ],
    (items, item) => items.reassignTo(item, ownerName(targetOwner) ?? "", options.targetFolder),
  )

/** `item.relatedItems(relType, options)`: the related items' JSON. */
export const relatedItems = (
  calls: ItemCalls,
  relType: string,
  options: ItemOptions.RelatedItemsOptions,
): Promise<ReadonlyArray<ItemSchema.Item>> =>
  calls.checked(
    "Item.relatedItems",
    [
      ["relType", relType, Args.string],
      ["options", options, Args.record],
      ["direction", options?.direction, Args.optional(Args.string)],
    ],
    (items, item) => items.relatedItems(item, relType, options.direction ?? "forward"),
  )

/** A download of the item written to a file (Node): the path, or `undefined` when there is nothing to write. */
const save = (
  calls: ItemCalls,
  operation: string,
  field: "savePath" | "saveFolder",
  options: { readonly signal?: AbortSignal | undefined } | undefined,
  folder: string | undefined,
  name: string,
  download: (items: Items.ItemsShape, item: ItemSchema.Item) => ReturnType<Items.ItemsShape["download"]>,
  missing?: (error: Parameters<typeof Items.isMissingInfoFile>[0]) => boolean,
  checks: ReadonlyArray<Args.Check> = [],
): Promise<string | undefined> =>
  calls.checked(
    operation,
    [[field, folder, Args.optional(Args.string)], ...checks],
    (items, item) => saveDownload(calls.session, operation, field, download(items, item), folder, name, missing),
    options,
  )

/** `item.download(options)`: the data, in a file named after the item's `name` or title. */
export const download = (calls: ItemCalls, json: ItemSchema.Item, options: ItemOptions.DownloadOptions) => {
  const onProgress = options?.onProgress
  return save(
    calls,
    "Item.download",
    "savePath",
    options,
    options?.savePath,
    fileNameOf([json.name, json.title], json.id),
    (items, item) => items.download(item, { onProgress }),
    undefined,
    [["onProgress", onProgress, Args.optional(Args.callback)]],
  )
}

/** `item.downloadMetadata(options)`: `metadata.xml`; `undefined` when the item has none. */
export const downloadMetadata = (calls: ItemCalls, options: ItemOptions.SaveOptions) =>
  save(
    calls,
    "Item.downloadMetadata",
    "saveFolder",
    options,
    options?.saveFolder,
    "metadata.xml",
    (items, item) => items.downloadMetadata(item),
    Items.isMissingInfoFile,
  )

/** `item.downloadThumbnail(options)` of an item with a thumbnail, in a file of the thumbnail's name. */
export const downloadThumbnail = (calls: ItemCalls, thumbnail: string, options: ItemOptions.SaveOptions) =>
  save(
    calls,
    "Item.downloadThumbnail",
    "saveFolder",
    options,
    options?.saveFolder,
    fileNameOf([thumbnail.split("/").pop()], "thumbnail.png"),
    (items, item) => items.downloadThumbnail(item),
  )
