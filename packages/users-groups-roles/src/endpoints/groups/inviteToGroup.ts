/**
 * `POST community/groups/<gid>/invite` — invites users to a group as members or managers (Python
 * `arcgis.gis.Group.invite_users`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/invite-to-group.htm
 */
import { Endpoint } from "@arcgis-portal/core"
import { GroupOperationResult } from "../../GroupSchema.ts"

export const inviteToGroup = Endpoint.make({
  rest: "invite",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/invite-to-group.htm",
  method: "POST",
  idempotent: false,
  request: (input: {
    readonly id: string
    readonly users: ReadonlyArray<string>
    readonly role: string
    readonly expiration: number
  }) => ({
    path: `community/groups/${input.id}/invite`,
    params: { users: input.users, role: input.role, expiration: input.expiration },
  }),
  response: GroupOperationResult,
})
