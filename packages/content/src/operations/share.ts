/**
 * `Items.share` and `Items.unshare` (Python `Item.share`, `Item.unshare`): the owner's `share`/`unshare`, or — like
 * the Python module — the group-admin view (`content/items/<id>/share`) for a public item shared with groups only,
 * which does not need the caller to own it.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/share-item-as-item-owner-.htm
 * @see https://developers.arcgis.com/rest/users-groups-and-items/share-item-as-group-admin.htm
 */
import type { PortalRequest } from "@arcgis-portal/core"
import * as Effect from "effect/Effect"
import { shareItemAsGroupAdmin } from "../endpoints/items/shareItemAsGroupAdmin.ts"
import { unshareItemAsGroupAdmin } from "../endpoints/items/unshareItemAsGroupAdmin.ts"
import { shareItem } from "../endpoints/users/shareItem.ts"
import { unshareItem } from "../endpoints/users/unshareItem.ts"
import type { ItemsShape } from "../Items.ts"
import type { GroupReference, ItemReference, ShareOptions } from "../ItemsOptions.ts"
import type { ContentContext } from "../internal/context.ts"
import { checked, checkGroupIds } from "../internal/validate.ts"

const groupIds = (groups: ReadonlyArray<GroupReference> | undefined): string | undefined =>
  groups === undefined ? undefined : groups.map((group) => (typeof group === "string" ? group : group.id)).join(",")

/** `Items.share`: `shareItemAsGroupAdmin` for a public item shared with groups only, `share` otherwise. */
export const share = (context: ContentContext): ItemsShape["share"] =>
  Effect.fn("Items.share")(function* (item: ItemReference, options: ShareOptions) {
    yield* checked("Items.share", item, () => checkGroupIds("Items.share", options.groups))
    const groups = groupIds(options.groups)
    const confirmItemControl = options.allowMembersToEdit === true ? true : undefined
    // Like the Python module: a public item shared with groups only goes through the group-admin
    // view, which does not need the caller to own it.
    if (item.access === "public" && options.everyone === undefined && options.org === undefined) {
      return yield* context.call(shareItemAsGroupAdmin, "Items.share", {
        id: item.id,
        params: { groups: groups ?? "", confirmItemControl },
      })
    }
    return yield* context.call(shareItem, "Items.share", {
      item,
      params: { everyone: options.everyone, org: options.org, groups: groups ?? "", confirmItemControl },
    })
  })

/** `Items.unshare`: `unshareItemAsGroupAdmin` for a public item, `unshare` otherwise. */
export const unshare = (context: ContentContext): ItemsShape["unshare"] =>
  Effect.fn("Items.unshare")(function* (item: ItemReference, groups: ReadonlyArray<GroupReference>) {
    yield* checked("Items.unshare", item, () => checkGroupIds("Items.unshare", groups))
    const params: PortalRequest.Params = { groups: groupIds(groups) ?? "" }
    return item.access === "public"
      ? yield* context.call(unshareItemAsGroupAdmin, "Items.unshare", { id: item.id, params })
      : yield* context.call(unshareItem, "Items.unshare", { item, params })
  })
