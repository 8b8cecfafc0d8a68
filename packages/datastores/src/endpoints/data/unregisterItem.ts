/**
 * `POST <admin>/data/unregisterItem` — unregisters a data item, with `force=true` as the server
 * requires since 10.4 (Python `Datastore.delete`).
 *
 * @see https://developers.arcgis.com/rest/enterprise-administration/server/unregisterdataitem.htm
 */
import { Endpoint } from "@arcgis-portal/core"
import { OperationStatus } from "../../DatastoreSchema.ts"
import { type AdminTarget, adminRequest } from "../../internal/admin.ts"

export const unregisterItem = Endpoint.make({
  rest: "unregisterItem",
  docs: "https://developers.arcgis.com/rest/enterprise-administration/server/unregisterdataitem.htm",
  method: "POST",
  idempotent: false,
  request: (input: { readonly server: AdminTarget; readonly path: string }) => ({
    ...adminRequest(input.server, "unregisterItem"),
    params: { itempath: input.path, force: true },
  }),
  response: OperationStatus,
})
