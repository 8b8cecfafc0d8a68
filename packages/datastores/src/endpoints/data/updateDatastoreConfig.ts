/**
 * `POST <admin>/data/config/update` — changes the data store configuration, e.g. `blockDataCopy`
 * (the setter of Python `DatastoreManager.config`).
 *
 * @see https://resources.arcgis.com/en/help/server-admin-api/updateDatastoreConfig.html
 */
import { Endpoint } from "@arcgis-portal/core"
import { OperationStatus } from "../../DatastoreSchema.ts"
import { type AdminTarget, adminRequest } from "../../internal/admin.ts"

export const updateDatastoreConfig = Endpoint.make({
  rest: "updateDatastoreConfig",
  docs: "https://resources.arcgis.com/en/help/server-admin-api/updateDatastoreConfig.html",
  method: "POST",
  idempotent: true,
  request: (input: { readonly server: AdminTarget; readonly config: { readonly [key: string]: unknown } }) => ({
    ...adminRequest(input.server, "config/update"),
    params: { datastoreConfig: input.config },
  }),
  response: OperationStatus,
})
