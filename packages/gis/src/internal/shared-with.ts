/**
 * `item.sharedWith()` — Python's `Item.shared_with`: whom an item is shared with, read now, as Python re-reads the
 * item for it. Everyone and the organization come from the item's `access` (`Content.get`); the groups from
 * `Items.groups` (`content/items/<id>/groups`, the groups the caller can see by the caller's place in them), each
 * decoded as a `GroupSchema.Group` of `@arcgis-portal/users-groups-roles`.
 */
import { Content, type ItemSchema, Items } from "@arcgis-portal/content"
import { PortalError, Transport } from "@arcgis-portal/core"
import { GroupSchema } from "@arcgis-portal/users-groups-roles"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"

/** What the facade's errors are named: Python raises from `shared_with`. */
const operation = "Item.sharedWith"

/** Whom the item is shared with: the fields of Python's dictionary, the groups as the portal sent them. */
export interface SharedWith {
  readonly everyone: boolean
  readonly org: boolean
  readonly groups: ReadonlyArray<GroupSchema.Group>
}

/** A failure of one of the call's requests, named after the facade's call (`Item.sharedWith`), as Python's is. */
const named = (error: PortalError.PortalFailure): PortalError.PortalFailure => {
  const fields = { message: error.message, operation }
  switch (error._tag) {
    case "PortalError":
      return new PortalError.PortalError({ ...error, ...fields })
    case "AuthError":
      return new PortalError.AuthError({ ...error, ...fields })
    case "TransportError":
      return new PortalError.TransportError({ ...error, ...fields })
    case "DecodeError":
      return new PortalError.DecodeError({ ...error, ...fields })
    case "InvalidInput":
      return new PortalError.InvalidInput({ ...error, ...fields })
  }
}

const decodeGroup = Schema.decodeUnknownEffect(GroupSchema.Group)

/** The groups of `Items.groups` as `GroupSchema.Group`s: one per group, in the portal's order (the caller's first). */
const groupsOf = (item: ItemSchema.Item, found: Items.ItemGroupsResult) =>
  Effect.gen(function* () {
    const records = new Map<string, Items.ItemGroup>()
    for (const group of [...found.admin, ...found.member, ...found.other]) {
      if (!records.has(group.id)) records.set(group.id, group)
    }
    const transport = yield* Transport.Transport
    const path = new URL(transport.url(`content/items/${encodeURIComponent(item.id)}/groups`)).pathname
    return yield* Effect.forEach(records.values(), (record) =>
      Effect.mapError(
        decodeGroup(record),
        (error) =>
          new PortalError.DecodeError({
            operation,
            request: { method: "GET", path },
            message: `The response did not have the expected shape: ${error.message}`,
          }),
      ),
    )
  })

/**
 * Reads the item and its groups at once. An item the caller cannot see fails with the groups request's
 * `PortalError` (`PortalError.isNotFound`: the portal's `CONT_0001`), as Python raises.
 */
export const sharedWith: (
  item: ItemSchema.Item,
) => Effect.Effect<SharedWith, PortalError.PortalFailure, Content.Content | Items.Items | Transport.Transport> =
  Effect.fn("Item.sharedWith")(function* (item: ItemSchema.Item) {
    const [content, items] = yield* Effect.all([Content.Content, Items.Items])
    const [found, fresh] = yield* Effect.all([Effect.mapError(items.groups(item), named), content.get(item.id)], {
      concurrency: 2,
    })
    // Deleted between the two requests: the access the item was read with.
    const access = (fresh ?? item).access
    // Python: `public` is shared with the organization too.
    const result: SharedWith = {
      everyone: access === "public",
      org: access === "public" || access === "org",
      groups: yield* groupsOf(item, found),
    }
    return result
  })
