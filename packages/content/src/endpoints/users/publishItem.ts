/**
 * `POST content/users/<owner>[/<folder>]/publish` — publishes a hosted service from an item; the service is built by an asynchronous job (Python `arcgis.gis.Item.publish`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/publish-item.htm
 */
import { Endpoint, type PortalRequest } from "@arcgis-portal/core"
import { PublishResponse } from "../../ItemSchema.ts"
import { userPath } from "../../internal/paths.ts"

export const publishItem = Endpoint.make({
  rest: "publish",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/publish-item.htm",
  method: "POST",
  idempotent: false,
  request: (input: {
    readonly owner: string
    readonly params: PortalRequest.Params
    readonly folderId?: string | undefined
  }) => ({
    path: `${userPath(input.owner, input.folderId)}/publish`,
    params: input.params,
  }),
  response: PublishResponse,
})
