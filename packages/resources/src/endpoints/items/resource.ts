/**
 * `GET content/items/<id>/resources/<path>` — the bytes of one resource, streamed (Python
 * `ResourceManager.get`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/item-resources.htm
 */
import type { Endpoint } from "@arcgis-portal/core"
import { resourcesPath } from "../../internal/paths.ts"

/** A download: like an `Endpoint`, but answered with bytes rather than decoded JSON. */
export const resource = {
  rest: "resource",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/item-resources.htm",
  method: "GET",
  idempotent: true,
  request: (input: { readonly id: string; readonly resource: string }): Endpoint.RequestParts => ({
    path: resourcesPath(input.id, input.resource),
  }),
} as const
