/**
 * `POST content/users/<owner>/addRelationship` — relates two items (Python `arcgis.gis.Item.add_relationship`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/add-relationship.htm
 */
import { Endpoint } from "@arcgis-portal/core"
import { Success } from "../../ItemSchema.ts"
import { userPath } from "../../internal/paths.ts"

export const addRelationship = Endpoint.make({
  rest: "addRelationship",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/add-relationship.htm",
  method: "POST",
  idempotent: true,
  request: (input: {
    readonly owner: string
    readonly originItemId: string
    readonly destinationItemId: string
    readonly relationshipType: string
  }) => ({
    path: `${userPath(input.owner)}/addRelationship`,
    params: {
      originItemId: input.originItemId,
      destinationItemId: input.destinationItemId,
      relationshipType: input.relationshipType,
    },
  }),
  response: Success,
})
