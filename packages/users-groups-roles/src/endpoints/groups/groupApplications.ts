/**
 * `GET community/groups/<gid>/applications` — pending requests to join a group (Python
 * `arcgis.gis.Group.applications`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/group-applications.htm
 */
import { Endpoint } from "@arcgis-portal/core"
import { ApplicationsResponse } from "../../GroupSchema.ts"

export const groupApplications = Endpoint.make({
  rest: "groupApplications",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/group-applications.htm",
  method: "GET",
  idempotent: true,
  request: (input: { readonly id: string }) => ({ path: `community/groups/${input.id}/applications` }),
  response: ApplicationsResponse,
})
