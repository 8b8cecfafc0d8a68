/**
 * `GET content/items/<id>/resources` — one page of an item's resources; clients ask for
 * `num=1000` (Python `ResourceManager.list`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/item-resources.htm
 */
import { Endpoint } from "@arcgis-portal/core"
import { resourcesPath } from "../../internal/paths.ts"
import { ResourcesPage } from "../../ResourceSchema.ts"

export const resources = Endpoint.make({
  rest: "resources",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/item-resources.htm",
  method: "GET",
  idempotent: true,
  request: (input: {
    readonly id: string
    readonly start: number
    readonly num: number
    readonly sortField?: string | undefined
    readonly sortOrder?: string | undefined
  }) => ({
    path: resourcesPath(input.id),
    params: { start: input.start, num: input.num, sortField: input.sortField, sortOrder: input.sortOrder },
  }),
  response: ResourcesPage,
})
