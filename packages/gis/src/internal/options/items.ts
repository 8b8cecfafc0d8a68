/**
 * An item's methods' arguments as the `Items` service takes them: for each method, the checks of the JavaScript
 * shapes of its arguments (`Args.check` refuses the first wrong one with `InvalidInput`, before anything is sent)
 * and the mapping of Python's names (`itemProperties`, `permanent`, `interval`, comma-separated `layers`, an owner as
 * a `User`) onto the service's options, applied once the checks passed. With `content.ts` beside it, the one place
 * where the facade's vocabulary is translated.
 */
import type { Items, Job } from "@arcgis-portal/content"
import type { PortalError } from "@arcgis-portal/core"
import * as Effect from "effect/Effect"
import * as Schedule from "effect/Schedule"
import type { UserArgument } from "../../Arguments.ts"
import type {
  CopyFeatureLayerCollectionOptions,
  CreateTileServiceOptions,
  DeleteOptions,
  ExportOptions,
  GetDataOptions,
  JobWaitOptions,
  MoveOptions,
  PublishOptions,
  RelationshipOptions,
  UpdateOptions,
} from "../../ContentItemOptions.ts"
import * as Args from "../args.ts"
import { blobOf, dataOf, defined } from "../inputs.ts"
import type { Session } from "../session.ts"
import { ownerName } from "./content.ts"

/** The checks of `addRelationship` and `deleteRelationship`: the related item and the relationship's type. */
export const relationshipChecks = (options: RelationshipOptions): ReadonlyArray<Args.Check> => [
  ["options", options, Args.record],
  ["relItem", options?.relItem, Args.stringOr("id")],
  ["relType", options?.relType, Args.string],
]

/** `interval` (milliseconds between polls) as the service's `schedule`; an explicit `schedule` wins. */
export const waitOptions = (options: JobWaitOptions | undefined): Job.WaitOptions | undefined => {
  if (options === undefined) return undefined
  const { interval, ...rest } = options
  return interval === undefined || rest.schedule !== undefined
    ? rest
    : { ...rest, schedule: Schedule.spaced(Math.max(0, interval)) }
}

/** Layer or table ids: an array, or Python's comma-separated string. */
const numbers = (value: ReadonlyArray<number> | string | undefined): ReadonlyArray<number> | undefined =>
  typeof value === "string"
    ? value
        .split(",")
        .map((entry) => Number(entry.trim()))
        .filter((entry) => Number.isInteger(entry))
    : value

/** `item.update(options)`, checked: `itemProperties` as `properties`, paths read as files. */
export const update = (
  session: Session,
  options: UpdateOptions,
): Effect.Effect<Items.UpdateOptions, PortalError.InvalidInput> => {
  const operation = "Item.update"
  const {
    itemProperties,
    data,
    thumbnail,
    metadata,
    signal: _signal,
    ...upload
  } = Args.isRecord(options) ? options : {}
  return Effect.gen(function* () {
    yield* Args.check(
      operation,
      ["options", options, Args.record],
      ["itemProperties", itemProperties, Args.optional(Args.record)],
      ["data", data, Args.optional(Args.itemData)],
      ["thumbnail", thumbnail, Args.optional(Args.file)],
      ["metadata", metadata, Args.optional(Args.file)],
    )
    return defined({
      ...upload,
      properties: itemProperties,
      data: yield* dataOf(session, operation, data),
      thumbnail: yield* blobOf(session, operation, "thumbnail", thumbnail),
      metadata: yield* blobOf(session, operation, "metadata", metadata),
    })
  })
}

/** `item.publish(options)`: the service's options, and how to wait for the job (`wait`'s `interval`). */
export const publish = ({ wait, signal: _signal, ...publish }: PublishOptions) => ({
  publish: defined(publish),
  wait: waitOptions(wait),
})

/** The checks of `item.export(options)`. */
export const exportChecks = (options: ExportOptions): ReadonlyArray<Args.Check> => [
  ["options", options, Args.record],
  ["title", options?.title, Args.string],
  ["exportFormat", options?.exportFormat, Args.string],
  ["parameters", options?.parameters, Args.optional(Args.record)],
  ["wait", options?.wait, Args.optional(Args.boolean)],
]

/** `item.export(options)` as the service's request; whether and how to wait is the caller's. */
export const exportRequest = (options: ExportOptions): Items.ExportOptions =>
  defined({ title: options.title, exportFormat: options.exportFormat, parameters: options.parameters })

/** `item.copyFeatureLayerCollection(serviceName, options)`: comma-separated ids split, the owner by name. */
export const copyFeatureLayerCollection = (
  serviceName: string,
  options: CopyFeatureLayerCollectionOptions,
): Items.CopyFeatureLayerCollectionOptions =>
  defined({
    serviceName,
    layers: numbers(options.layers),
    tables: numbers(options.tables),
    folder: options.folder,
    description: options.description,
    snippet: options.snippet,
    owner: ownerName(options.owner),
  })

/** `item.createTileService(options)`: the service's options, without `signal`. */
export const createTileService = ({
  signal: _signal,
  ...tiles
}: CreateTileServiceOptions): Items.CreateTileServiceOptions => defined(tiles)

/** `item.delete(options)`: Python's `permanent` as `permanentDelete`. */
export const deleteItem = (options: DeleteOptions) =>
  defined({ force: options.force, permanentDelete: options.permanent })

/** `item.getData(options)`: `tryJson` and `onProgress`. */
export const getData = (options: GetDataOptions): Items.GetDataOptions =>
  defined({ tryJson: options.tryJson, onProgress: options.onProgress })

/** The checks of `item.move(folder, options)`. */
export const moveChecks = (folder: unknown, options: MoveOptions): ReadonlyArray<Args.Check> => [
  ["folder", folder, Args.stringOr("id")],
  ["options", options, Args.record],
  ["owner", options?.owner, Args.optional(Args.stringOr("username"))],
]

/** The item as `owner` (a username or a `User`) sees it: an item moved "as" its owner moves in their folders. */
export const asOwner = <I extends { readonly owner: string }>(item: I, owner: UserArgument | undefined): I => {
  const name = ownerName(owner)
  return name === undefined ? item : { ...item, owner: name }
}
