/**
 * `Items.rating`, `setRating` and `deleteRating` (Python `Item.rating` read and set, `Item.delete_rating`): the
 * caller's own rating of the item.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/item-rating.htm
 * @see https://developers.arcgis.com/rest/users-groups-and-items/add-rating.htm
 * @see https://developers.arcgis.com/rest/users-groups-and-items/delete-rating.htm
 */
import * as Effect from "effect/Effect"
import { addRating } from "../endpoints/items/addRating.ts"
import { deleteRating as deleteRatingEndpoint } from "../endpoints/items/deleteRating.ts"
import { rating as ratingEndpoint } from "../endpoints/items/rating.ts"
import type { ItemsShape } from "../Items.ts"
import type { ContentContext } from "../internal/context.ts"
import { checked, checkRating } from "../internal/validate.ts"

/** `Items.rating`: `rating`; `undefined` when the caller has not rated the item. */
export const rating =
  (context: ContentContext): ItemsShape["rating"] =>
  (item) =>
    checked("Items.rating", item, () =>
      Effect.map(context.call(ratingEndpoint, "Items.rating", { id: item.id }), (result) => result.rating),
    )

/** `Items.setRating`: `addRating` (1.0 to 5.0, checked first). */
export const setRating =
  (context: ContentContext): ItemsShape["setRating"] =>
  (item, value) =>
    checked("Items.setRating", item, () =>
      Effect.flatMap(checkRating("Items.setRating", value), (checkedRating) =>
        Effect.map(
          context.call(addRating, "Items.setRating", { id: item.id, rating: checkedRating }),
          (result) => result.success,
        ),
      ),
    )

/** `Items.deleteRating`: `deleteRating`. */
export const deleteRating =
  (context: ContentContext): ItemsShape["deleteRating"] =>
  (item) =>
    checked("Items.deleteRating", item, () =>
      Effect.map(context.call(deleteRatingEndpoint, "Items.deleteRating", { id: item.id }), (result) => result.success),
    )
