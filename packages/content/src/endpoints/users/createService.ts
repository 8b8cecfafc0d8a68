/**
 * `POST content/users/<owner>[/<folder>]/createService` — creates an empty hosted service and its item (Python `arcgis.gis.ContentManager.create_service`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/create-service.htm
 */
import { Endpoint, type PortalRequest } from "@arcgis-portal/core"
import { CreateServiceResponse } from "../../ItemSchema.ts"
import { userPath } from "../../internal/paths.ts"

export const createService = Endpoint.make({
  rest: "createService",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/create-service.htm",
  method: "POST",
  idempotent: false,
  request: (input: {
    readonly owner: string
    readonly params: PortalRequest.Params
    readonly folderId?: string | undefined
  }) => ({
    path: `${userPath(input.owner, input.folderId)}/createService`,
    params: input.params,
  }),
  response: CreateServiceResponse,
})
