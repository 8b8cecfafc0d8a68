/**
 * `GET community/groups/<id>` — a group (Python `arcgis.gis.GroupManager.get`). With `groupSearch` and `createGroup`
 * beside it, the few group operations `Clone.clone` needs to re-apply sharing in another portal — declared in
 * content so that it does not depend on `users-groups-roles` (which has the full group API, `Groups`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/group.htm
 */
import { CommonSchema, Endpoint } from "@arcgis-portal/core"
import * as Schema from "effect/Schema"

/** What the clone reads of a group (every other field is kept as the portal sent it). */
export const GroupSummary = CommonSchema.open({
  id: Schema.String,
  title: Schema.String,
  owner: Schema.optional(Schema.String),
  description: CommonSchema.optionalNullable(Schema.String),
  snippet: CommonSchema.optionalNullable(Schema.String),
  tags: Schema.optional(Schema.Array(Schema.String)),
  access: Schema.optional(Schema.String),
  isInvitationOnly: Schema.optional(Schema.Boolean),
  isViewOnly: Schema.optional(Schema.Boolean),
})
export type GroupSummary = typeof GroupSummary.Type

/** `GET community/groups/<id>` — a group (Python `arcgis.gis.GroupManager.get`). */
export const group = Endpoint.make({
  rest: "group",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/group.htm",
  method: "GET",
  idempotent: true,
  request: (input: { readonly id: string }) => ({ path: `community/groups/${encodeURIComponent(input.id)}` }),
  response: GroupSummary,
})
