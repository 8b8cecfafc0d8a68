/**
 * `POST <server>/rest/admin/services/<name>/FeatureServer/addToDefinition` — adds layers and tables to
 * a hosted feature service (Python `arcgis.gis.Item.copy_feature_layer_collection`, second step).
 *
 * @see https://developers.arcgis.com/rest/services-reference/online/add-to-definition-feature-service-.htm
 */
import { Endpoint } from "@arcgis-portal/core"
import { Success } from "../../ItemSchema.ts"
import { credentialsFor } from "../../internal/server.ts"

/** The admin URL of a hosted service (`/rest/services/` → `/rest/admin/services/`). */
export const adminUrlOf = (serviceUrl: string): string =>
  serviceUrl.replace(/\/rest\/services\//i, "/rest/admin/services/").replace(/\/+$/, "")

export const addToDefinition = Endpoint.make({
  rest: "addToDefinition",
  docs: "https://developers.arcgis.com/rest/services-reference/online/add-to-definition-feature-service-.htm",
  method: "POST",
  idempotent: false,
  request: (input: {
    readonly serviceUrl: string
    readonly definition: { readonly layers: ReadonlyArray<unknown>; readonly tables: ReadonlyArray<unknown> }
  }) => ({
    path: `${adminUrlOf(input.serviceUrl)}/addToDefinition`,
    params: { addToDefinition: input.definition },
    credentials: credentialsFor(input.serviceUrl),
  }),
  response: Success,
})
