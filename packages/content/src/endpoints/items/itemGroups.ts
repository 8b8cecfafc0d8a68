/**
 * `GET content/items/<id>/groups` — the groups an item is shared with, as the caller sees them, by the caller's place
 * in them (`admin`, `member`, `other`). `Items.groups` returns them (Python `arcgis.gis.Item.shared_with` reads it);
 * `Content.unshareItems` reads it to tell "already not shared" from "refused".
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/groups.htm
 */
import { CommonSchema, Endpoint } from "@arcgis-portal/core"
import * as Schema from "effect/Schema"
import { itemPath } from "../../internal/paths.ts"

/**
 * One group of the answer: its id, and every other field the portal sent kept as it came (an open record). Content
 * does not depend on `@arcgis-portal/users-groups-roles`; its `GroupSchema.Group` decodes such a record whole.
 */
export const ItemGroup = CommonSchema.open({ id: Schema.String })
export type ItemGroup = typeof ItemGroup.Type

const GroupList = Schema.optional(Schema.Array(ItemGroup))

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
