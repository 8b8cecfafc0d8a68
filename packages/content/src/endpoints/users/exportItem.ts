/**
 * `POST content/users/<owner>/export` — exports a hosted service to a new item in another format, as an asynchronous job (Python `arcgis.gis.Item.export`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/export-item.htm
 */
import { Endpoint, type PortalRequest } from "@arcgis-portal/core"
import { ExportResponse } from "../../ItemSchema.ts"
import { userPath } from "../../internal/paths.ts"

export const exportItem = Endpoint.make({
  rest: "export",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/export-item.htm",
  method: "POST",
  idempotent: false,
  request: (input: { readonly owner: string; readonly params: PortalRequest.Params }) => ({
    path: `${userPath(input.owner)}/export`,
    params: input.params,
  }),
  response: ExportResponse,
})
