/**
 * `POST <admin>/data/validateAllDataItems` — validates every registered data item (Python
 * `DatastoreManager.validate`).
 *
 * @see https://developers.arcgis.com/rest/enterprise-administration/server/data.htm (its Validate All Data Items
 * operation)
 * @see arcgis.gis.DatastoreManager.validate
 */
import { Endpoint } from "@arcgis-portal/core"
import { OperationStatus } from "../../DatastoreSchema.ts"
import { type AdminTarget, adminRequest } from "../../internal/admin.ts"

export const validateAllDataItems = Endpoint.make({
  rest: "validateAllDataItems",
  docs: "https://developers.arcgis.com/rest/enterprise-administration/server/data.htm",
  method: "POST",
  idempotent: true,
  request: (input: { readonly server: AdminTarget }) => adminRequest(input.server, "validateAllDataItems"),
  response: OperationStatus,
})
