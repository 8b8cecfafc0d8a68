/**
 * `POST <admin>/data/items<path>` — reads one data item (Python `DatastoreManager.get`).
 *
 * @see https://developers.arcgis.com/rest/enterprise-administration/server/dataitem
 */
import { Endpoint } from "@arcgis-portal/core"
import * as Schema from "effect/Schema"
import { DataItem, OperationStatus } from "../../DatastoreSchema.ts"
import { type AdminTarget, adminRequest, itemSuffix } from "../../internal/admin.ts"

export const dataItem = Endpoint.make({
  rest: "dataItem",
  docs: "https://developers.arcgis.com/rest/enterprise-administration/server/dataitem",
  method: "POST",
  idempotent: true,
  request: (input: { readonly server: AdminTarget; readonly path: string }) =>
    adminRequest(input.server, itemSuffix(input.path)),
  // A server that answers a missing item with a bare `status` (no `path`) is read as "not found".
  response: Schema.Union([DataItem, OperationStatus]),
})
