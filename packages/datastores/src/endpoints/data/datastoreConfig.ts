/**
 * `POST <admin>/data/config` — the data store configuration (Python `DatastoreManager.config`).
 *
 * @see https://developers.arcgis.com/rest/enterprise-administration/server/datastoreconfig.htm
 */
import { Endpoint } from "@arcgis-portal/core"
import { DatastoreConfig } from "../../DatastoreSchema.ts"
import { type AdminTarget, adminRequest } from "../../internal/admin.ts"

export const datastoreConfig = Endpoint.make({
  rest: "config",
  docs: "https://developers.arcgis.com/rest/enterprise-administration/server/datastoreconfig.htm",
  method: "POST",
  idempotent: true,
  request: (input: { readonly server: AdminTarget }) => adminRequest(input.server, "config"),
  response: DatastoreConfig,
})
