/**
 * `GET content/users/<owner>/.../items/<id>/proxies` — the hosted proxies of a registered app (Python `arcgis.gis.Item.proxies`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/proxies.htm
 */
import { Endpoint } from "@arcgis-portal/core"
import { ProxiesResponse } from "../../ItemSchema.ts"
import { type ItemRef, ownerRootItemPath } from "../../internal/paths.ts"

export const proxies = Endpoint.make({
  rest: "proxies",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/proxies.htm",
  method: "GET",
  idempotent: true,
  request: (input: { readonly item: ItemRef }) => ({
    path: `${ownerRootItemPath(input.item)}/proxies`,
  }),
  response: ProxiesResponse,
})
