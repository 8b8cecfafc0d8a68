/**
 * `POST content/users/<owner>/items/<id>/addResources` — adds a file (or text) as a resource,
 * always multipart (Python `ResourceManager.add`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/add-resources
 */
import { Endpoint, type PortalRequest } from "@arcgis-portal/core"
import { ownerItemPath } from "../../internal/paths.ts"
import { ResourceOperationResult } from "../../ResourceSchema.ts"

export interface ResourceWrite {
  readonly owner: string
  readonly id: string
  readonly file?: PortalRequest.FilePart | undefined
  readonly resourcesPrefix?: string | undefined
  readonly fileName?: string | undefined
  readonly text?: string | undefined
  readonly access?: string | undefined
}

export const addResources = Endpoint.make({
  rest: "addResources",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/add-resources",
  method: "POST",
  idempotent: false,
  request: (input: ResourceWrite & { readonly archive?: boolean | undefined }) => ({
    path: `${ownerItemPath(input.owner, input.id)}/addResources`,
    params: {
      resourcesPrefix: input.resourcesPrefix,
      fileName: input.fileName,
      text: input.text,
      archive: input.archive === true ? true : undefined,
      access: input.access,
    },
    files: input.file === undefined ? undefined : { file: input.file },
    multipart: true,
  }),
  response: ResourceOperationResult,
})
