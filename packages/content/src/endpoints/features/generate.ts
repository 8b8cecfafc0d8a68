/**
 * `POST content/features/generate` — turns CSV text into an in-memory feature collection (Python
 * `arcgis.gis.ContentManager.import_data`, second step). Creates nothing: safe to retry.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/generate.htm
 */
import { Endpoint } from "@arcgis-portal/core"
import { GenerateResponse } from "../../ItemSchema.ts"

export const generate = Endpoint.make({
  rest: "generate",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/generate.htm",
  method: "POST",
  idempotent: true,
  request: (input: {
    readonly text: string
    readonly filetype: string
    readonly publishParameters: { readonly [key: string]: unknown }
  }) => ({
    path: "content/features/generate",
    params: { text: input.text, filetype: input.filetype, publishParameters: input.publishParameters },
  }),
  response: GenerateResponse,
})
