/**
 * `POST <admin>/data/config/update` — changes the data store configuration, e.g. `blockDataCopy`
 * (the setter of Python `DatastoreManager.config`).
 *
 * @see https://developers.arcgis.com/rest/enterprise-administration/server/datastoreconfig.htm (its Update
 * Datastore Configuration operation)
 * @see arcgis.gis.DatastoreManager.config
 */
import { Endpoint } from "@arcgis-portal/core"
import { OperationStatus } from "../../DatastoreSchema.ts"
import { type AdminTarget, adminRequest } from "../../internal/admin.ts"

export const updateDatastoreConfig = Endpoint.make({
  rest: "updateDatastoreConfig",
  docs: "https://developers.arcgis.com/rest/enterprise-administration/server/datastoreconfig.htm",
  method: "POST",
  idempotent: true,
  request: (input: { readonly server: AdminTarget; readonly config: { readonly [key: string]: unknown } }) => ({
    ...adminRequest(input.server, "config/update"),
    params: { datastoreConfig: input.config },
  }),
  response: OperationStatus,
})
