/**
 * An item's relationships and dependencies (Python `Item.add_relationship`, `delete_relationship`, `related_items`,
 * `dependent_to`, `dependent_upon`): `addRelationship`/`deleteRelationship` in the signed-in user's content (this
 * item the origin), `relatedItems`, `dependencies/listDependentsTo` and `dependencies`.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/add-relationship.htm
 * @see https://developers.arcgis.com/rest/users-groups-and-items/delete-relationship.htm
 * @see https://developers.arcgis.com/rest/users-groups-and-items/related-items.htm
 */
import * as Effect from "effect/Effect"
import { dependencies } from "../endpoints/items/dependencies.ts"
import { listDependentsTo } from "../endpoints/items/listDependentsTo.ts"
import { relatedItems as relatedItemsEndpoint } from "../endpoints/items/relatedItems.ts"
import { addRelationship as addRelationshipEndpoint } from "../endpoints/users/addRelationship.ts"
import { deleteRelationship as deleteRelationshipEndpoint } from "../endpoints/users/deleteRelationship.ts"
import type { ItemsShape } from "../Items.ts"
import type { ItemReference } from "../ItemsOptions.ts"
import type { ContentContext } from "../internal/context.ts"
import { checked } from "../internal/validate.ts"

const relationship = (context: ContentContext, endpoint: typeof addRelationshipEndpoint, operation: string) =>
  Effect.fn(operation)(function* (
    item: ItemReference,
    relatedItem: string | { readonly id: string },
    relationshipType: string,
  ) {
    const owner = yield* context.me(operation)
    const result = yield* context.call(endpoint, operation, {
      owner,
      originItemId: item.id,
      destinationItemId: typeof relatedItem === "string" ? relatedItem : relatedItem.id,
      relationshipType,
    })
    return result.success
  })

/** `Items.addRelationship`: `addRelationship` (origin: this item). */
export const addRelationship = (context: ContentContext): ItemsShape["addRelationship"] =>
  relationship(context, addRelationshipEndpoint, "Items.addRelationship")

/** `Items.deleteRelationship`: `deleteRelationship` (origin: this item). */
export const deleteRelationship = (context: ContentContext): ItemsShape["deleteRelationship"] =>
  relationship(context, deleteRelationshipEndpoint, "Items.deleteRelationship")

/** `Items.relatedItems`: `relatedItems` (`forward`: this item is the origin). */
export const relatedItems =
  (context: ContentContext): ItemsShape["relatedItems"] =>
  (item, relationshipType, direction = "forward") =>
    checked("Items.relatedItems", item, () =>
      Effect.map(
        context.call(relatedItemsEndpoint, "Items.relatedItems", { id: item.id, relationshipType, direction }),
        (result) => result.relatedItems,
      ),
    )

/** `Items.dependentTo`: `dependencies/listDependentsTo`. */
export const dependentTo =
  (context: ContentContext): ItemsShape["dependentTo"] =>
  (item) =>
    checked("Items.dependentTo", item, () => context.call(listDependentsTo, "Items.dependentTo", { id: item.id }))

/** `Items.dependentUpon`: `dependencies`. */
export const dependentUpon =
  (context: ContentContext): ItemsShape["dependentUpon"] =>
  (item) =>
    checked("Items.dependentUpon", item, () => context.call(dependencies, "Items.dependentUpon", { id: item.id }))
