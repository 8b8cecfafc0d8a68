/**
 * `POST <admin>/data/registerItem` — registers a data item (Python `DatastoreManager.add`,
 * `add_folder`, `add_database`, `add_bigdata`).
 *
 * @see https://developers.arcgis.com/rest/enterprise-administration/server/data.htm (its Register Item operation)
 * @see arcgis.gis.DatastoreManager.add
 */
import { Endpoint } from "@arcgis-portal/core"
import { RegisterResponse } from "../../DatastoreSchema.ts"
import { type AdminTarget, adminRequest, type ItemJson, secretJson } from "../../internal/admin.ts"

export const registerItem = Endpoint.make({
  rest: "registerItem",
  docs: "https://developers.arcgis.com/rest/enterprise-administration/server/data.htm",
  method: "POST",
  idempotent: false,
  request: (input: { readonly server: AdminTarget; readonly item: ItemJson }) => ({
    ...adminRequest(input.server, "registerItem"),
    params: { item: secretJson(input.item) },
  }),
  response: RegisterResponse,
})
