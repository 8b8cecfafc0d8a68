/**
 * `GET content/items/<id>/groups` — the groups an item is shared with, as the caller sees them (Python
 * `arcgis.gis.Item.shared_with`). `Content.unshareItems` reads it to tell "already not shared" from "refused".
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/groups.htm
 */
import { CommonSchema, Endpoint } from "@arcgis-portal/core"
import * as Schema from "effect/Schema"
import { itemPath } from "../../internal/paths.ts"

const GroupList = Schema.optional(Schema.Array(CommonSchema.open({ id: Schema.String })))

export const ItemGroups = CommonSchema.open({ admin: GroupList, member: GroupList, other: GroupList })
export type ItemGroups = typeof ItemGroups.Type

export const itemGroups = Endpoint.make({
  rest: "groups",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/groups.htm",
  method: "GET",
  idempotent: true,
  request: (input: { readonly id: string }) => ({ path: `${itemPath(input.id)}/groups` }),
  response: ItemGroups,
})
