/**
 * `POST content/features/analyze` — inspects CSV text and suggests publish parameters (Python
 * `arcgis.gis.ContentManager.import_data`, first step). A read: safe to retry.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/analyze.htm
 */
import { Endpoint } from "@arcgis-portal/core"
import { AnalyzeResponse } from "../../ItemSchema.ts"

export const analyze = Endpoint.make({
  rest: "analyze",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/analyze.htm",
  method: "POST",
  idempotent: true,
  request: (input: {
    /** CSV text to analyze, or… */
    readonly text?: string | undefined
    /** …the id of an item whose data to analyze. */
    readonly itemid?: string | undefined
    readonly filetype: string
    readonly analyzeParameters?: { readonly [key: string]: unknown } | undefined
  }) => ({
    path: "content/features/analyze",
    params: {
      text: input.text,
      itemid: input.itemid,
      filetype: input.filetype,
      analyzeParameters: input.analyzeParameters,
    },
  }),
  response: AnalyzeResponse,
})
