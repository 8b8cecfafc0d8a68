/**
 * `POST portals/self/invite` — invites (creates) users in an ArcGIS Online org (Python
 * `arcgis.gis.UserManager.create` on Online). The invitation list may hold a password, so it
 * travels as one `Redacted` value: only ever in a POST body.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/invite-users.htm
 */
import { Endpoint } from "@arcgis-portal/core"
import type * as Redacted from "effect/Redacted"
import { InviteResult } from "../../UserSchema.ts"

export const inviteUsers = Endpoint.make({
  rest: "invite",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/invite-users.htm",
  method: "POST",
  idempotent: false,
  request: (input: {
    /** `{"invitations":[...]}` as JSON. */
    readonly invitationList: Redacted.Redacted<string>
    readonly subject?: string | undefined
    readonly html?: string | undefined
  }) => ({
    path: "portals/self/invite",
    params: { invitationList: input.invitationList, subject: input.subject, html: input.html },
  }),
  response: InviteResult,
})
