/**
 * `GET content/items/<id>/dependencies` — what an item depends on (Python `arcgis.gis.Item.dependent_upon`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/dependencies.htm
 */
import { Endpoint } from "@arcgis-portal/core"
import { DependenciesResponse } from "../../ItemSchema.ts"
import { itemPath } from "../../internal/paths.ts"

export const dependencies = Endpoint.make({
  rest: "dependencies",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/dependencies.htm",
  method: "GET",
  idempotent: true,
  request: (input: { readonly id: string }) => ({ path: `${itemPath(input.id)}/dependencies` }),
  response: DependenciesResponse,
})
