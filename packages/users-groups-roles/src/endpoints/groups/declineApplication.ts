/**
 * `POST community/groups/<gid>/applications/<u>/decline` — declines a request to join a group (Python
 * `arcgis.gis.Group.applications`, then `decline()` on an application).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/decline-group-application.htm
 */
import { Endpoint } from "@arcgis-portal/core"
import { ApplicationResult } from "../../GroupSchema.ts"
import { segment } from "../../internal/references.ts"

export const declineApplication = Endpoint.make({
  rest: "decline",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/decline-group-application.htm",
  method: "POST",
  idempotent: false,
  request: (input: { readonly id: string; readonly username: string }) => ({
    path: `community/groups/${input.id}/applications/${segment(input.username)}/decline`,
  }),
  response: ApplicationResult,
})
