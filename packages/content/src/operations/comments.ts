/**
 * `Items.addComment` and `Items.comments` (Python `Item.add_comment`, `Item.comments`): `addComment` with the text
 * checked first, and every comment on the item, page by page through core's `Paging`.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/add-comment.htm
 * @see https://developers.arcgis.com/rest/users-groups-and-items/item-comments.htm
 */
import { Paging } from "@arcgis-portal/core"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { addComment as addCommentEndpoint } from "../endpoints/items/addComment.ts"
import { comments as commentsEndpoint } from "../endpoints/items/comments.ts"
import type { ItemsShape } from "../Items.ts"
import type { ItemReference } from "../ItemsOptions.ts"
import type { ContentContext } from "../internal/context.ts"
import { checked, checkText, limits } from "../internal/validate.ts"

/** `Items.addComment`: `addComment` (text of 1 to 65,536 characters); the comment's id. */
export const addComment =
  (context: ContentContext): ItemsShape["addComment"] =>
  (item, comment) =>
    checked("Items.addComment", item, () =>
      Effect.flatMap(checkText("Items.addComment", "comment", comment, limits.comment), () =>
        Effect.map(
          context.call(addCommentEndpoint, "Items.addComment", { id: item.id, comment }),
          (result) => result.commentId,
        ),
      ),
    )

/** `Items.comments`: `comments` read to the last page. */
export const comments = (context: ContentContext): ItemsShape["comments"] =>
  Effect.fn("Items.comments")(function* (item: ItemReference) {
    return yield* checked("Items.comments", item, () =>
      Effect.map(
        Stream.runCollect(
          Paging.stream((start, num) =>
            Effect.map(context.call(commentsEndpoint, "Items.comments", { id: item.id, start, num }), (page) =>
              Paging.page(page, page.comments),
            ),
          ),
        ),
        (all) => Array.from(all),
      ),
    )
  })
