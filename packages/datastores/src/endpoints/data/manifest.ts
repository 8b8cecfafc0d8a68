/**
 * `POST <admin>/data/items<path>/manifest` — a big data file share's manifest (Python
 * `Datastore.manifest` and `Datastore.datasets`).
 *
 * @see https://developers.arcgis.com/rest/services-reference/enterprise/big-data-catalog-service-manifest.htm
 */
import { Endpoint } from "@arcgis-portal/core"
import { Manifest } from "../../DatastoreSchema.ts"
import { type AdminTarget, adminRequest, itemSuffix } from "../../internal/admin.ts"

export const manifest = Endpoint.make({
  rest: "manifest",
  docs: "https://developers.arcgis.com/rest/services-reference/enterprise/big-data-catalog-service-manifest.htm",
  method: "POST",
  idempotent: true,
  request: (input: { readonly server: AdminTarget; readonly path: string }) =>
    adminRequest(input.server, `${itemSuffix(input.path)}/manifest`),
  response: Manifest,
})
