/**
 * `POST <admin>/data/validateDataItem` — checks that every server node reaches a data item's path
 * or database (Python `Datastore.validate`). Nothing is registered.
 *
 * @see https://developers.arcgis.com/rest/enterprise-administration/server/validatedataitem
 */
import { Endpoint } from "@arcgis-portal/core"
import { OperationStatus } from "../../DatastoreSchema.ts"
import { type AdminTarget, adminRequest, type ItemJson, secretJson } from "../../internal/admin.ts"

export const validateDataItem = Endpoint.make({
  rest: "validateDataItem",
  docs: "https://developers.arcgis.com/rest/enterprise-administration/server/validatedataitem",
  method: "POST",
  idempotent: true,
  request: (input: { readonly server: AdminTarget; readonly item: ItemJson }) => ({
    ...adminRequest(input.server, "validateDataItem"),
    params: { item: secretJson(input.item) },
  }),
  response: OperationStatus,
})
