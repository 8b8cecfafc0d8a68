/**
 * `POST <admin>/data/validateAllDataItems` — validates every registered data item (Python
 * `DatastoreManager.validate`).
 *
 * @see https://resources.arcgis.com/en/help/server-admin-api/validateAllItems.html
 */
import { Endpoint } from "@arcgis-portal/core"
import { OperationStatus } from "../../DatastoreSchema.ts"
import { type AdminTarget, adminRequest } from "../../internal/admin.ts"

export const validateAllDataItems = Endpoint.make({
  rest: "validateAllDataItems",
  docs: "https://resources.arcgis.com/en/help/server-admin-api/validateAllItems.html",
  method: "POST",
  idempotent: true,
  request: (input: { readonly server: AdminTarget }) => adminRequest(input.server, "validateAllDataItems"),
  response: OperationStatus,
})
