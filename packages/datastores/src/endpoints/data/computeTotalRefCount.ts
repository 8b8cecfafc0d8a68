/**
 * `POST <admin>/data/computeTotalRefCount` — how many services reference a data item (Python
 * `Datastore.ref_count`).
 *
 * @see https://developers.arcgis.com/rest/enterprise-administration/server/computerefcount
 */
import { Endpoint } from "@arcgis-portal/core"
import { RefCountResponse } from "../../DatastoreSchema.ts"
import { type AdminTarget, adminRequest } from "../../internal/admin.ts"

export const computeTotalRefCount = Endpoint.make({
  rest: "computeTotalRefCount",
  docs: "https://developers.arcgis.com/rest/enterprise-administration/server/computerefcount",
  method: "POST",
  idempotent: true,
  request: (input: { readonly server: AdminTarget; readonly path: string }) => ({
    ...adminRequest(input.server, "computeTotalRefCount"),
    params: { itemPath: input.path },
  }),
  response: RefCountResponse,
})
