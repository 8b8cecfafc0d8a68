/**
 * `POST <admin>/data/items<path>/manifest/update` — replaces a big data file share's manifest,
 * sent as the multipart file `manifest` like Python does (the setter of `Datastore.manifest`).
 *
 * @see https://developers.arcgis.com/rest/services-reference/enterprise/big-data-catalog-service-manifest.htm
 */
import { Endpoint } from "@arcgis-portal/core"
import { OperationStatus } from "../../DatastoreSchema.ts"
import { type AdminTarget, adminRequest, itemSuffix } from "../../internal/admin.ts"

export const updateManifest = Endpoint.make({
  rest: "manifest/update",
  docs: "https://developers.arcgis.com/rest/services-reference/enterprise/big-data-catalog-service-manifest.htm",
  method: "POST",
  idempotent: true,
  request: (input: {
    readonly server: AdminTarget
    readonly path: string
    readonly manifest: { readonly [key: string]: unknown }
  }) => ({
    ...adminRequest(input.server, `${itemSuffix(input.path)}/manifest/update`),
    files: {
      manifest: {
        content: new Blob([JSON.stringify(input.manifest)], { type: "application/json" }),
        fileName: "manifest.json",
      },
    },
  }),
  response: OperationStatus,
})
