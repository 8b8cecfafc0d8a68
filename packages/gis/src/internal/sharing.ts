/**
 * `item.share` and `item.unshare`, shared by both item classes: the content entry's, which takes groups by id or as
 * `Group`s, and the main entry's, which also looks a group up by its name as Python does (`groups.ts`). Only the
 * way groups are resolved differs, so the content entry never bundles the group services.
 */
import { type ItemSchema, Items } from "@arcgis-portal/content"
import { CommonSchema, PortalError } from "@arcgis-portal/core"
import * as Effect from "effect/Effect"
import type { GroupArgument } from "../Arguments.ts"
import * as Args from "./args.ts"
import { defined, listOf } from "./inputs.ts"

/** How a call's groups become what the portal takes: ids and `{ id }`s. */
export type GroupResolver<R> = (
  operation: string,
  groups: ReadonlyArray<GroupArgument>,
) => Effect.Effect<ReadonlyArray<GroupArgument>, PortalError.PortalFailure, R>

/**
 * Options of `item.share`: the `Items` service's, with groups also as names (main entry) or a comma-separated string.
 *
 * @see arcgis.gis.Item.share
 */
export interface ShareOptions extends Omit<Items.ShareOptions, "groups"> {
  /**
   * Groups by id or as `Group`s, or a comma-separated string of ids; in the main entry also by name (title, looked
   * up as Python does).
   */
  readonly groups?: string | ReadonlyArray<GroupArgument> | undefined
  /** Aborts the call (also the look-up of group names): it rejects with `AbortError`. */
  readonly signal?: AbortSignal | undefined
}

/** A comma-separated string of groups split, or the array as it is. */
const entriesOf = (groups: string | ReadonlyArray<GroupArgument>): ReadonlyArray<GroupArgument> => listOf(groups)

/**
 * The content entry's resolver: ids and `Group`s pass; a name is refused with `InvalidInput` (looking it up needs
 * the group services of the main entry), and nothing is shared.
 */
export const groupIds: GroupResolver<never> = (operation, groups) => {
  const index = groups.findIndex((entry) => typeof entry === "string" && !CommonSchema.isGroupId(entry))
  return index < 0
    ? Effect.succeed(groups)
    : Effect.fail(
        new PortalError.InvalidInput({
          operation,
          field: "groups",
          message: `groups[${index}] is not a group id: pass the id or the Group, or import from "@arcgis-portal/gis", which looks groups up by name.`,
        }),
      )
}

/** `item.share(options)` with the groups resolved by `resolve`. */
export const share = <R>(item: ItemSchema.Item, options: ShareOptions, resolve: GroupResolver<R>) =>
  Effect.andThen(
    Args.check(
      "Item.share",
      ["options", options, Args.record],
      ["everyone", options?.everyone, Args.optional(Args.boolean)],
      ["org", options?.org, Args.optional(Args.boolean)],
      ["groups", options?.groups, Args.optional(Args.groups)],
      ["allowMembersToEdit", options?.allowMembersToEdit, Args.optional(Args.boolean)],
    ),
    () =>
      Effect.gen(function* () {
        const groups =
          options.groups === undefined ? undefined : yield* resolve("Item.share", entriesOf(options.groups))
        const items = yield* Items.Items
        return yield* items.share(
          item,
          defined({
            everyone: options.everyone,
            org: options.org,
            groups,
            allowMembersToEdit: options.allowMembersToEdit,
          }),
        )
      }),
  )

/** `item.unshare(groups)` with the groups resolved by `resolve`. */
export const unshare = <R>(
  item: ItemSchema.Item,
  groups: string | ReadonlyArray<GroupArgument>,
  resolve: GroupResolver<R>,
) =>
  Effect.andThen(Args.check("Item.unshare", ["groups", groups, Args.groups]), () =>
    Effect.gen(function* () {
      const ids = yield* resolve("Item.unshare", entriesOf(groups))
      const items = yield* Items.Items
      return yield* items.unshare(item, ids)
    }),
  )
