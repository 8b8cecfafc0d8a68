/**
 * `Content.createService` (Python `ContentManager.create_service`): the create parameters built from the options as
 * the Python module builds them, `createService`, and a job for the new service item. Also the portal's names of
 * the service types `isServiceNameAvailable` accepts.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/create-service.htm
 */
import type { PortalRequest } from "@arcgis-portal/core"
import * as Effect from "effect/Effect"
import type { ContentShape } from "../Content.ts"
import type { CreateServiceOptions } from "../ContentOptions.ts"
import { createService as createServiceEndpoint } from "../endpoints/users/createService.ts"
import type { ContentContext } from "../internal/context.ts"
import { propertyParams } from "../internal/upload.ts"

/** The portal's names of the service types also accepted in camelCase (`featureService` → `Feature Service`). */
const serviceTypes: Record<string, string> = {
  featureService: "Feature Service",
  imageService: "Image Service",
  mapService: "Map Service",
}

/** `Content.createService`: `createService` with the Python module's defaults; the job yields the service item. */
export const createService = (context: ContentContext): ContentShape["createService"] =>
  Effect.fn("Content.createService")(function* (options: CreateServiceOptions) {
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

/** The portal's name of a service type (`featureService` → `Feature Service`); other names as given. */
export const serviceTypeName = (type: string): string => serviceTypes[type] ?? type
