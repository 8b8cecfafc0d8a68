/**
 * `Items.groups` (what Python's `Item.shared_with` reads): the groups an item is shared with that the caller can see,
 * by the caller's place in them — `admin`, `member`, `other` — each group as the portal sent it (its id, and every
 * other field kept).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/groups.htm
 */
import * as Effect from "effect/Effect"
import { type ItemGroup, itemGroups } from "../endpoints/items/itemGroups.ts"
import type { ItemsShape } from "../Items.ts"
import type { ContentContext } from "../internal/context.ts"
import { checkItemId } from "../internal/validate.ts"

/**
 * What {@link ItemsShape.groups} resolves with: the portal's three lists, each empty when the portal left it out.
 *
 * @see arcgis.gis.Item.shared_with
 */
export interface ItemGroupsResult {
  /** Groups the caller administers (owns or manages). */
  readonly admin: ReadonlyArray<ItemGroup>
  /** Groups the caller is a member of. */
  readonly member: ReadonlyArray<ItemGroup>
  /** Other groups the caller can see. */
  readonly other: ReadonlyArray<ItemGroup>
}

/** `Items.groups`: `groups` of the item (its id checked first). */
export const groups = (context: ContentContext): ItemsShape["groups"] =>
  Effect.fn("Items.groups")(function* (item: string | { readonly id: string }) {
    const id = yield* checkItemId("Items.groups", typeof item === "string" ? item : item?.id)
    const found = yield* context.call(itemGroups, "Items.groups", { id })
    const result: ItemGroupsResult = { admin: found.admin ?? [], member: found.member ?? [], other: found.other ?? [] }
    return result
  })
