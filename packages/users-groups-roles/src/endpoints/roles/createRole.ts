/**
 * `POST portals/self/createRole` — creates a custom role without privileges (Python
 * `arcgis.gis.RoleManager.create`, which then sets its privileges).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/create-role.htm
 */
import { Endpoint } from "@arcgis-portal/core"
import { CreateRoleResult } from "../../RoleSchema.ts"

export const createRole = Endpoint.make({
  rest: "createRole",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/create-role.htm",
  method: "POST",
  idempotent: false,
  request: (input: { readonly name: string; readonly description: string }) => ({
    path: "portals/self/createRole",
    params: { name: input.name, description: input.description },
  }),
  response: CreateRoleResult,
})
