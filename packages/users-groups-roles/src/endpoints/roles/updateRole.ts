/**
 * `POST portals/self/roles/<rid>/update` — renames or re-describes a custom role (Python
 * `arcgis.gis.Role.name = ...` and `arcgis.gis.Role.description = ...`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/update-role
 */
import { Endpoint } from "@arcgis-portal/core"
import { segment } from "../../internal/references.ts"
import { RoleOperationResult } from "../../RoleSchema.ts"

export const updateRole = Endpoint.make({
  rest: "update",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/update-role",
  method: "POST",
  idempotent: true,
  request: (input: {
    readonly id: string
    readonly name?: string | undefined
    readonly description?: string | undefined
  }) => ({
    path: `portals/self/roles/${segment(input.id)}/update`,
    params: { name: input.name, description: input.description },
  }),
  response: RoleOperationResult,
})
