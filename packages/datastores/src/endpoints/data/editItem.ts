/**
 * `POST <admin>/data/items<path>/edit` — replaces a data item's connection information (Python
 * `Datastore.update`).
 *
 * @see https://developers.arcgis.com/rest/enterprise-administration/server/editdataitem.htm
 */
import { Endpoint } from "@arcgis-portal/core"
import { OperationStatus } from "../../DatastoreSchema.ts"
import { type AdminTarget, adminRequest, type ItemJson, itemSuffix, secretJson } from "../../internal/admin.ts"

export const editItem = Endpoint.make({
  rest: "edit",
  docs: "https://developers.arcgis.com/rest/enterprise-administration/server/editdataitem.htm",
  method: "POST",
  idempotent: true,
  request: (input: { readonly server: AdminTarget; readonly path: string; readonly item: ItemJson }) => ({
    ...adminRequest(input.server, `${itemSuffix(input.path)}/edit`),
    params: { item: secretJson(input.item) },
  }),
  response: OperationStatus,
})
