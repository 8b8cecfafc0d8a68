/**
 * `Content.importData` (Python `ContentManager.import_data`): CSV text to an in-memory feature collection —
 * `analyze` for the publish parameters, then `generate` with the address fields.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/analyze.htm
 * @see https://developers.arcgis.com/rest/users-groups-and-items/generate.htm
 */
import { PortalError } from "@arcgis-portal/core"
import * as Effect from "effect/Effect"
import type { ContentShape } from "../Content.ts"
import type { ImportDataOptions } from "../ContentOptions.ts"
import { analyze } from "../endpoints/features/analyze.ts"
import { generate } from "../endpoints/features/generate.ts"
import type { ContentContext } from "../internal/context.ts"

/** `Content.importData`: refuses CSV without a header and a data row before sending; `analyze`, then `generate`. */
export const importData = (context: ContentContext): ContentShape["importData"] =>
  Effect.fn("Content.importData")(function* (options: ImportDataOptions) {
    const operation = "Content.importData"
    const [header = ""] = options.csv.split(/\r?\n/, 1)
    if (header.trim() === "" || !options.csv.includes("\n")) {
      return yield* Effect.fail(
        new PortalError.InvalidInput({
          operation,
          field: "csv",
          message: "The CSV needs a header row and at least one row of data.",
        }),
      )
    }
    const analyzed = yield* context.call(analyze, `${operation}.analyze`, {
      text: options.csv,
      filetype: "csv",
      analyzeParameters: options.analyzeParameters,
    })
    const publishParameters: Record<string, unknown> = { ...(analyzed.publishParameters ?? {}) }
    if (options.addressFields !== undefined) {
      publishParameters.addressFields = options.addressFields
      publishParameters.locationType = "address"
    }
    const generated = yield* context.call(generate, `${operation}.generate`, {
      text: options.csv,
      filetype: "csv",
      publishParameters,
    })
    return generated.featureCollection
  })
