/**
 * `POST community/createGroup` — a new group owned by the caller (Python `arcgis.gis.GroupManager.create`), for
 * `Clone.clone`'s `createGroups`. Not idempotent; the portal refuses a second group of the same title and owner.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/create-group.htm
 */
import { CommonSchema, Endpoint, type PortalRequest } from "@arcgis-portal/core"
import * as Schema from "effect/Schema"
import { GroupSummary } from "./group.ts"

export const createGroup = Endpoint.make({
  rest: "createGroup",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/create-group.htm",
  method: "POST",
  idempotent: false,
  request: (input: { readonly params: PortalRequest.Params }) => ({
    path: "community/createGroup",
    params: input.params,
  }),
  response: CommonSchema.open({ success: Schema.Boolean, group: GroupSummary }),
})
