/**
 * `POST content/users/<owner>/items/<id>/updateResources` — replaces a resource; the portal only
 * accepts multipart bodies here (Python `ResourceManager.update`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/update-resources
 */
import { Endpoint } from "@arcgis-portal/core"
import { ownerItemPath } from "../../internal/paths.ts"
import { ResourceOperationResult } from "../../ResourceSchema.ts"
import type { ResourceWrite } from "./addResources.ts"

export const updateResources = Endpoint.make({
  rest: "updateResources",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/update-resources",
  method: "POST",
  // Replacing a resource with the same content twice changes nothing.
  idempotent: true,
  request: (input: ResourceWrite) => ({
    path: `${ownerItemPath(input.owner, input.id)}/updateResources`,
    params: {
      resourcesPrefix: input.resourcesPrefix,
      fileName: input.fileName,
      text: input.text,
      access: input.access,
    },
    files: input.file === undefined ? undefined : { file: input.file },
    multipart: true,
  }),
  response: ResourceOperationResult,
})
