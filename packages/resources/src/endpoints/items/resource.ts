/**
 * `GET content/items/<id>/resources/<path>` — the bytes of one resource, streamed (Python
 * `ResourceManager.get`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/item-resources.htm
 */
import { Endpoint } from "@arcgis-portal/core"
import { resourcesPath } from "../../internal/paths.ts"

/** A download: answered with bytes rather than decoded JSON (a GET, so the transport retries it as a read). */
export const resource = Endpoint.makeBytes({
  rest: "resource",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/item-resources.htm",
  method: "GET",
  request: (input: { readonly id: string; readonly resource: string }) => ({
    path: resourcesPath(input.id, input.resource),
  }),
})
