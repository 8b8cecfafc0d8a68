/**
 * `POST content/users/<owner>/deleteRelationship` — removes a relationship between two items (Python `arcgis.gis.Item.delete_relationship`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/delete-relationship.htm
 */
import { Endpoint } from "@arcgis-portal/core"
import { Success } from "../../ItemSchema.ts"
import { userPath } from "../../internal/paths.ts"

export const deleteRelationship = Endpoint.make({
  rest: "deleteRelationship",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/delete-relationship.htm",
  method: "POST",
  idempotent: true,
  request: (input: {
    readonly owner: string
    readonly originItemId: string
    readonly destinationItemId: string
    readonly relationshipType: string
  }) => ({
    path: `${userPath(input.owner)}/deleteRelationship`,
    params: {
      originItemId: input.originItemId,
      destinationItemId: input.destinationItemId,
      relationshipType: input.relationshipType,
    },
  }),
  response: Success,
})
