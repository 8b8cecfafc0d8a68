/**
 * `POST content/users/<owner>/items/<id>/removeResources` — removes one resource or, with
 * `deleteAll=true`, all of them (Python `ResourceManager.remove`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/remove-resources
 */
import { Endpoint } from "@arcgis-portal/core"
import { ownerItemPath } from "../../internal/paths.ts"
import { RemoveResult } from "../../ResourceSchema.ts"

export const removeResources = Endpoint.make({
  rest: "removeResources",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/remove-resources",
  method: "POST",
  idempotent: true,
  request: (input: {
    readonly owner: string
    readonly id: string
    readonly resource?: string | undefined
    readonly deleteAll?: boolean | undefined
  }) => ({
    path: `${ownerItemPath(input.owner, input.id)}/removeResources`,
    params: { resource: input.resource, deleteAll: input.deleteAll === true ? true : undefined },
  }),
  response: RemoveResult,
})
