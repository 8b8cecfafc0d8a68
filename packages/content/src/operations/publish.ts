/**
 * `Items.publish` and `Items.createTileService` (Python `Item.publish`, `Item.create_tile_service`): the file type
 * and publish parameters derived as the Python module derives them (CSV, shapefile, file geodatabase… are analyzed
 * first), `publishItem`, and a job for the service item.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/publish-item.htm
 */
import * as Effect from "effect/Effect"
import { analyze } from "../endpoints/features/analyze.ts"
import { publishItem } from "../endpoints/users/publishItem.ts"
import type { ItemsShape } from "../Items.ts"
import type { CreateTileServiceOptions, ItemReference, PublishOptions } from "../ItemsOptions.ts"
import type { ContentContext } from "../internal/context.ts"
import { checkItemId, refuse } from "../internal/validate.ts"
import { type Job, JobFailed, type JobType } from "../Job.ts"

/**
 * The publish `fileType` of an item type, as the Python module derives it.
 *
 * @see arcgis.gis.Item.publish
 */
export const fileTypes: { readonly [itemType: string]: string } = {
  "Service Definition": "serviceDefinition",
  "Feature Collection": "featureCollection",
  CSV: "csv",
  Shapefile: "shapefile",
  "File Geodatabase": "fileGeodatabase",
  "Vector Tile Package": "vectortilepackage",
  "Scene Package": "scenePackage",
  "Tile Package": "tilePackage",
  "SQLite Geodatabase": "sqliteGeodatabase",
  GeoJson: "geojson",
  "Microsoft Excel": "excel",
  "Feature Service": "featureService",
}

const analyzedFileTypes = new Set(["csv", "shapefile", "fileGeodatabase", "excel", "geojson"])

/** A service name from a title: letters, digits and underscores only. */
const serviceNameOf = (title: string): string =>
  title.replace(/[^A-Za-z0-9_]/g, "_").replace(/^_+|_+$/g, "") || "service"

/** A job for the item the portal said the work produces; `JobFailed` when it named none. */
const withJob = (
  context: ContentContext,
  operation: string,
  spec: { itemId: string | undefined; jobId: string | undefined; jobType: JobType; owner: string },
): Effect.Effect<Job, JobFailed> =>
  spec.itemId
    ? Effect.succeed(context.job({ operation, ...spec, itemId: spec.itemId }))
    : Effect.fail(
        new JobFailed({
          operation,
          itemId: "",
          jobId: spec.jobId,
          jobType: spec.jobType,
          status: "failed",
          statusMessage: "The portal did not say which item the job produces.",
          message: `The ${spec.jobType} job did not start: the portal did not say which item it produces.`,
        }),
      )

/** `Items.publish`: `analyze` when the file type needs it and no parameters were given, then `publishItem`. */
export const publish = (context: ContentContext): ItemsShape["publish"] =>
  Effect.fn("Items.publish")(function* (item: ItemReference, options: PublishOptions = {}) {
    const operation = "Items.publish"
    yield* checkItemId(operation, item.id)
    const fileType = options.fileType ?? (item.type === undefined ? undefined : fileTypes[item.type])
    if (fileType === undefined) {
      return yield* refuse(
        operation,
        "fileType",
        `Cannot tell how to publish an item of type ${item.type ?? "unknown"}: pass fileType.`,
      )
    }
    let publishParameters: { readonly [key: string]: unknown } | undefined = options.publishParameters
    if (publishParameters === undefined) {
      const name = serviceNameOf(item.title ?? item.name ?? item.id)
      if (analyzedFileTypes.has(fileType)) {
        const analyzed = yield* context.call(analyze, `${operation}.analyze`, { itemid: item.id, filetype: fileType })
        publishParameters = {
          ...(analyzed.publishParameters ?? {}),
          name,
          ...(options.addressFields === undefined
            ? {}
            : { addressFields: options.addressFields, locationType: "address" }),
        }
      } else {
        publishParameters = { name, hasStaticData: true, maxRecordCount: 2000, layerInfo: { capabilities: "Query" } }
      }
    }
    const response = yield* context.call(publishItem, operation, {
      owner: item.owner,
      folderId: item.ownerFolder ?? undefined,
      params: {
        itemid: item.id,
        fileType,
        publishParameters,
        outputType: options.outputType,
        overwrite: options.overwrite,
        buildInitialCache: options.buildInitialCache,
      },
    })
    const service = response.services[0]
    if (service === undefined || service.error !== undefined) {
      const statusMessage = service?.error?.message ?? "The portal published no service."
      return yield* Effect.fail(
        new JobFailed({
          operation,
          itemId: item.id,
          jobId: service?.jobId,
          jobType: "publish",
          status: "failed",
          statusMessage,
          message: `Publishing item ${item.id} failed: ${statusMessage}`,
        }),
      )
    }
    return yield* withJob(context, operation, {
      itemId: service.serviceItemId,
      jobId: service.jobId,
      jobType: "publish",
      owner: item.owner,
    })
  })

/** `Items.createTileService`: `publish` of the feature service with `outputType: "Tiles"` and the scales. */
export const createTileService = (context: ContentContext): ItemsShape["createTileService"] => {
  const publishing = publish(context)
  return Effect.fn("Items.createTileService")(function* (item: ItemReference, options: CreateTileServiceOptions) {
    return yield* publishing(item, {
      fileType: "featureService",
      outputType: "Tiles",
      buildInitialCache: options.buildCache ?? false,
      publishParameters: {
        name: options.title,
        minScale: options.minScale,
        maxScale: options.maxScale,
        ...(options.cacheInfo === undefined ? {} : { cacheInfo: options.cacheInfo }),
      },
    })
  })
}
