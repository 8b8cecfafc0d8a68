/**
 * `GET content/items/<id>/dependencies/listDependentsTo` — what depends on an item (Python
 * `arcgis.gis.Item.dependent_to`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/dependents.htm
 */
import { Endpoint } from "@arcgis-portal/core"
import { DependenciesResponse } from "../../ItemSchema.ts"
import { itemPath } from "../../internal/paths.ts"

export const listDependentsTo = Endpoint.make({
  rest: "listDependentsTo",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/dependents.htm",
  method: "GET",
  idempotent: true,
  request: (input: { readonly id: string }) => ({ path: `${itemPath(input.id)}/dependencies/listDependentsTo` }),
  response: DependenciesResponse,
})
