/**
 * `POST content/users/<owner>/items/<id>/addResources` — adds one file as a resource of an item, always multipart
 * (Python `arcgis.gis.ResourceManager.add`), as `Clone.clone` copies an item's resources. Not idempotent: the
 * portal refuses a resource that exists, so the clone lists the target's resources first.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/add-resources
 */
import { CommonSchema, Endpoint, type PortalRequest } from "@arcgis-portal/core"
import * as Schema from "effect/Schema"
import { type ItemRef, ownerRootItemPath } from "../../internal/paths.ts"

/** The answer of `addResources`: `{ success, itemId, owner, folder }`. */
export const AddResourcesResult = CommonSchema.open({ success: Schema.Boolean })
export type AddResourcesResult = typeof AddResourcesResult.Type

export const addResources = Endpoint.make({
  rest: "addResources",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/add-resources",
  method: "POST",
  idempotent: false,
  request: (input: {
    readonly item: ItemRef
    readonly file: PortalRequest.FilePart
    /** The folder part of the resource's path (`images` of `images/logo.png`). */
    readonly resourcesPrefix?: string | undefined
    readonly fileName: string
  }) => ({
    path: `${ownerRootItemPath(input.item)}/addResources`,
    params: { resourcesPrefix: input.resourcesPrefix, fileName: input.fileName },
    files: { file: input.file },
    multipart: true,
  }),
  response: AddResourcesResult,
})
