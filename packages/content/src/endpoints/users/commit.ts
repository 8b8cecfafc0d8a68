/**
 * `POST content/users/<owner>/.../items/<id>/commit` — completes a multipart upload; the portal then assembles the file asynchronously (Python `arcgis.gis.ContentManager.add (multipart)`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/commit.htm
 */
import { Endpoint, type PortalRequest } from "@arcgis-portal/core"
import { ItemOperationResult } from "../../ItemSchema.ts"
import { type ItemRef, ownerRootItemPath } from "../../internal/paths.ts"

export const commit = Endpoint.make({
  rest: "commit",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/commit.htm",
  method: "POST",
  idempotent: false,
  request: (input: { readonly item: ItemRef; readonly params: PortalRequest.Params }) => ({
    path: `${ownerRootItemPath(input.item)}/commit`,
    params: input.params,
  }),
  response: ItemOperationResult,
})
