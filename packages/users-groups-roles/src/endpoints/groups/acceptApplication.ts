/**
 * `POST community/groups/<gid>/applications/<u>/accept` — accepts a request to join a group (Python
 * `arcgis.gis.Group.applications`, then `accept()` on an application).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/accept-group-application.htm
 */
import { Endpoint } from "@arcgis-portal/core"
import { ApplicationResult } from "../../GroupSchema.ts"
import { segment } from "../../internal/references.ts"

export const acceptApplication = Endpoint.make({
  rest: "accept",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/accept-group-application.htm",
  method: "POST",
  idempotent: false,
  request: (input: { readonly id: string; readonly username: string }) => ({
    path: `community/groups/${input.id}/applications/${segment(input.username)}/accept`,
  }),
  response: ApplicationResult,
})
