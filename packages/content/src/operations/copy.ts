/**
 * `Items.copyFeatureLayerCollection` (Python `Item.copy_feature_layer_collection`): the source service's definition
 * (`f=json`), `createService` with it, then `addToDefinition` with the layers and tables to copy.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/create-service.htm
 * @see https://developers.arcgis.com/rest/services-reference/online/add-to-definition-feature-service-.htm
 */
import * as Effect from "effect/Effect"
import { addToDefinition } from "../endpoints/services/addToDefinition.ts"
import { serviceInfo } from "../endpoints/services/serviceInfo.ts"
import { createService } from "../endpoints/users/createService.ts"
import type { ItemsShape } from "../Items.ts"
import type { CopyFeatureLayerCollectionOptions, ItemReference } from "../ItemsOptions.ts"
import type { ContentContext } from "../internal/context.ts"
import { refuse } from "../internal/validate.ts"

/** `Items.copyFeatureLayerCollection`: a new empty service like the source, then its layers and tables added. */
export const copyFeatureLayerCollection = (context: ContentContext): ItemsShape["copyFeatureLayerCollection"] =>
  Effect.fn("Items.copyFeatureLayerCollection")(function* (
    item: ItemReference,
    options: CopyFeatureLayerCollectionOptions,
  ) {
    const operation = "Items.copyFeatureLayerCollection"
    if (!item.url) return yield* refuse(operation, "item", "The item has no service URL to copy.")
    const sourceUrl = item.url.replace(/\/+$/, "")
    const owner = options.owner ?? (yield* context.me(operation))
    const folderId = yield* context.folderId(operation, owner, options.folder)
    const service = yield* context.call(serviceInfo, `${operation}.service`, { url: sourceUrl })
    const idsOf = (key: "layers" | "tables"): ReadonlyArray<number> => {
      const entries = service[key]
      return Array.isArray(entries)
        ? entries.flatMap((entry: unknown) => {
            const id = (entry as { id?: unknown }).id
            return typeof id === "number" ? [id] : []
          })
        : []
    }
    const pick = (key: string) => (service[key] === undefined ? {} : { [key]: service[key] })
    const createParameters = {
      ...pick("serviceDescription"),
      ...pick("hasStaticData"),
      ...pick("maxRecordCount"),
      ...pick("supportedQueryFormats"),
      ...pick("capabilities"),
      ...pick("copyrightText"),
      ...pick("spatialReference"),
      ...pick("initialExtent"),
      ...pick("allowGeometryUpdates"),
      ...pick("units"),
      ...pick("xssPreventionInfo"),
      description: options.description ?? service.description ?? "",
      name: options.serviceName,
    }
    const created = yield* context.call(createService, operation, {
      owner,
      folderId,
      params: {
        createParameters,
        outputType: "featureService",
        title: options.serviceName,
        description: options.description,
        snippet: options.snippet,
        tags: item.tags,
      },
    })
    const definitions = (ids: ReadonlyArray<number>) =>
      Effect.forEach(ids, (id) => context.call(serviceInfo, `${operation}.layer`, { url: `${sourceUrl}/${id}` }), {
        concurrency: 4,
      })
    const layers = yield* definitions(options.layers ?? idsOf("layers"))
    const tables = yield* definitions(options.tables ?? idsOf("tables"))
    const serviceUrl = created.serviceurl ?? created.encodedServiceURL
    if (serviceUrl !== undefined && layers.length + tables.length > 0) {
      yield* context.call(addToDefinition, `${operation}.addToDefinition`, {
        serviceUrl,
        definition: { layers, tables },
      })
    }
    return context.job({ operation, itemId: created.itemId, jobId: created.jobId, jobType: "createService", owner })
  })
