/**
 * `item.sharedWith()` — Python's `Item.shared_with`: whom an item is shared with, read now, as Python re-reads the
 * item for it. Everyone and the organization come from the item's `access` (`content/items/<id>`); the groups from
 * `content/items/<id>/groups`, which lists the groups the caller can see by the caller's place in them (`admin`,
 * `member`, `other`).
 *
 * The groups request is declared here with core's `Endpoint`: `@arcgis-portal/content` has the same endpoint
 * (`endpoints/items/itemGroups.ts`, for `Content.unshareItems`) but exports no operation for it, and its schema keeps
 * only the groups' ids. Once content's `Items` has one (returning the groups), this file should call it instead.
 */
import { Content, type ItemSchema } from "@arcgis-portal/content"
import { CommonSchema, Endpoint, type PortalError, type Transport } from "@arcgis-portal/core"
import { GroupSchema } from "@arcgis-portal/users-groups-roles"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"

const GroupList = Schema.optional(Schema.Array(GroupSchema.Group))

/**
 * `GET content/items/<id>/groups` — the groups an item is shared with that the caller can see (Python
 * `arcgis.gis.Item.shared_with`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/groups.htm
 */
export const itemGroups = Endpoint.make({
  rest: "groups",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/groups.htm",
  method: "GET",
  idempotent: true,
  request: (input: { readonly id: string }) => ({ path: `content/items/${encodeURIComponent(input.id)}/groups` }),
  response: CommonSchema.open({ admin: GroupList, member: GroupList, other: GroupList }),
})

/** Whom the item is shared with: the fields of Python's dictionary, the groups as the portal sent them. */
export interface SharedWith {
  readonly everyone: boolean
  readonly org: boolean
  readonly groups: ReadonlyArray<GroupSchema.Group>
}

/**
 * Reads the item and its groups at once. An item the caller cannot see fails with the groups request's
 * `PortalError` (`PortalError.isNotFound`: the portal's `CONT_0001`), as Python raises.
 */
export const sharedWith: (
  item: ItemSchema.Item,
) => Effect.Effect<SharedWith, PortalError.PortalFailure, Content.Content | Transport.Transport> = Effect.fn(
  "Item.sharedWith",
)(function* (item: ItemSchema.Item) {
  const content = yield* Content.Content
  const [groups, fresh] = yield* Effect.all(
    [Endpoint.call(itemGroups, "Item.sharedWith", { id: item.id }), content.get(item.id)],
    { concurrency: 2 },
  )
  // Deleted between the two requests: the access the item was read with.
  const access = (fresh ?? item).access
  // One entry per group, in the portal's order (the caller's own groups first), should a group be listed twice.
  const byId = new Map<string, GroupSchema.Group>()
  for (const group of [...(groups.admin ?? []), ...(groups.member ?? []), ...(groups.other ?? [])]) {
    if (!byId.has(group.id)) byId.set(group.id, group)
  }
  // Python: `public` is shared with the organization too.
  const result: SharedWith = {
    everyone: access === "public",
    org: access === "public" || access === "org",
    groups: [...byId.values()],
  }
  return result
})
