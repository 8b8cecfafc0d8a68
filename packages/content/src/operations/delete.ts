/**
 * `Items.delete` and `Items.canDelete` (Python `Item.delete`, `Item.delete(dry_run=True)`): `delete` re-sent here
 * after an ambiguous failure so that "does not exist" on the re-send reads as done, and `canDelete`'s "cannot
 * delete" envelope given back as the answer it is.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/delete-item.htm
 * @see https://developers.arcgis.com/rest/users-groups-and-items/can-delete-item.htm
 */
import { PortalError } from "@arcgis-portal/core"
import * as Effect from "effect/Effect"
import { canDelete as canDeleteEndpoint } from "../endpoints/users/canDelete.ts"
import { deleteItem as deleteItemEndpoint } from "../endpoints/users/deleteItem.ts"
import type { ItemOperationResult } from "../ItemSchema.ts"
import type { ItemsShape } from "../Items.ts"
import type { ItemReference } from "../ItemsOptions.ts"
import type { ContentContext } from "../internal/context.ts"
import { reconciled, resending } from "../internal/reconcile.ts"
import { checked } from "../internal/validate.ts"

/** `Items.delete`: `delete`, re-sent after an ambiguous failure; "does not exist" on a re-send is `true`. */
export const deleteItem = (context: ContentContext): ItemsShape["delete"] =>
  Effect.fn("Items.delete")(function* (
    item: ItemReference,
    options: { readonly force?: boolean | undefined; readonly permanentDelete?: boolean | undefined } = {},
  ) {
    return yield* checked("Items.delete", item, () =>
      // Re-sent here after an ambiguous failure (not by core), so that "does not exist" on the re-send can
      // be read as what it is: the first attempt deleted the item.
      resending(context.portal.retry, (resend) => {
        const once = Effect.map(
          context.call(deleteItemEndpoint, "Items.delete", { item, ...options }),
          (result) => result.success,
        )
        return resend
          ? Effect.catchIf(once, PortalError.isNotFound, () =>
              Effect.as(reconciled("Items.delete", "delete.gone", item.id), true),
            )
          : once
      }),
    )
  })

/** `Items.canDelete`: `canDelete`; the portal's "cannot delete" (`CONT_0044`…) is `{ success: false, error }`. */
export const canDelete = (context: ContentContext): ItemsShape["canDelete"] =>
  Effect.fn("Items.canDelete")(function* (item: ItemReference) {
    return yield* checked("Items.canDelete", item, () =>
      Effect.catch(context.call(canDeleteEndpoint, "Items.canDelete", { item }), (error: PortalError.PortalFailure) =>
        // The portal answers "cannot delete" as `{ itemId, success: false, error }`, which the transport
        // reads as an error envelope: give it back as the answer it is. Other failures stay failures.
        error._tag === "PortalError" && error.reason === "InvalidRequest" && !PortalError.isNotFound(error)
          ? Effect.succeed<ItemOperationResult>({
              itemId: item.id,
              success: false,
              error: {
                code: error.code,
                ...(error.messageCode === undefined ? {} : { messageCode: error.messageCode }),
                message: error.message,
                details: error.details,
              },
            })
          : Effect.fail(error),
      ),
    )
  })
