/**
 * `POST <admin>/data/findItems` — searches registered data items (Python `DatastoreManager.search`).
 *
 * @see https://developers.arcgis.com/rest/enterprise-administration/server/finddataitems.htm
 */
import { Endpoint } from "@arcgis-portal/core"
import { FindItemsResponse } from "../../DatastoreSchema.ts"
import { type AdminTarget, adminRequest } from "../../internal/admin.ts"

export const findItems = Endpoint.make({
  rest: "findItems",
  docs: "https://developers.arcgis.com/rest/enterprise-administration/server/finddataitems.htm",
  method: "POST",
  idempotent: true,
  request: (input: {
    readonly server: AdminTarget
    readonly parentPath?: string | undefined
    readonly ancestorPath?: string | undefined
    readonly types?: ReadonlyArray<string> | undefined
    readonly id?: string | undefined
  }) => ({
    ...adminRequest(input.server, "findItems"),
    params: { parentPath: input.parentPath, ancestorPath: input.ancestorPath, types: input.types, id: input.id },
  }),
  response: FindItemsResponse,
})
