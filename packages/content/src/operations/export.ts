/**
 * `Items.export` (Python `Item.export`): `export` of a hosted service into a new item, and the job — or, with
 * `wait: true`, the finished item.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/export-item.htm
 */
import * as Effect from "effect/Effect"
import { exportItem as exportItemEndpoint } from "../endpoints/users/exportItem.ts"
import type { ItemsShape } from "../Items.ts"
import type { ExportOptions, ItemReference } from "../ItemsOptions.ts"
import type { ContentContext } from "../internal/context.ts"
import { checkItemId } from "../internal/validate.ts"

/** `Items.export`: `export` into the signed-in user's content; waits for the job when `wait` is `true`. */
export const exportItem = (context: ContentContext): ItemsShape["export"] =>
  Effect.fn("Items.export")(function* (item: ItemReference, options: ExportOptions) {
    const operation = "Items.export"
    yield* checkItemId(operation, item.id)
    const owner = yield* context.me(operation)
    const response = yield* context.call(exportItemEndpoint, operation, {
      owner,
      params: {
        itemId: item.id,
        exportFormat: options.exportFormat,
        title: options.title,
        exportParameters: options.parameters,
      },
    })
    const job = context.job({
      operation,
      itemId: response.exportItemId,
      jobId: response.jobId,
      jobType: "export",
      owner,
    })
    return options.wait === true ? yield* job.wait(options.waitOptions) : job
  }) as ItemsShape["export"]
