/**
 * `Items.update` (Python `Item.update`): `update` with the properties and small files inline, or the multipart flow
 * (`update` with `multipart=true`, then parts → commit → status) for a large file or a stream; returns the item as
 * it now is.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/update-item.htm
 */
import * as Effect from "effect/Effect"
import { updateItem, updateItemMultipartStart } from "../endpoints/users/updateItem.ts"
import type { ItemsShape } from "../Items.ts"
import type { ItemReference, UpdateOptions } from "../ItemsOptions.ts"
import type { ContentContext } from "../internal/context.ts"
import { infoFiles, planData, propertyParams, uploadMultipart } from "../internal/upload.ts"
import { checkItemId, checkOwner, checkProperties } from "../internal/validate.ts"

/** `Items.update`: checks, then `update` inline or the multipart flow, then reads the item back. */
export const update = (context: ContentContext): ItemsShape["update"] =>
  Effect.fn("Items.update")(function* (item: ItemReference, options: UpdateOptions) {
    const operation = "Items.update"
    yield* checkItemId(operation, item.id)
    yield* checkOwner(operation, item.owner)
    yield* checkProperties(operation, options.properties)
    const properties = propertyParams(options.properties)
    const plan = planData(options.data, options)
    const files = infoFiles(options)
    if (plan.kind === "inline") {
      yield* context.call(updateItem, operation, {
        item,
        params: { ...properties, ...plan.params },
        files: { ...plan.files, ...files },
      })
      return yield* context.item(`${operation}.item`, item.id)
    }
    const resuming = options.resumeItemId !== undefined
    if (!resuming) {
      yield* context.call(updateItemMultipartStart, operation, {
        item,
        params: { multipart: true, filename: plan.source.name },
      })
    }
    yield* uploadMultipart(context, operation, item, plan.source, properties, options, resuming)
    if (Object.keys(files).length > 0) {
      yield* context.call(updateItem, `${operation}.thumbnail`, { item, params: {}, files })
    }
    return yield* context.item(`${operation}.item`, item.id)
  })
