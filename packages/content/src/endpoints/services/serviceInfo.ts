/**
 * `GET <service or layer URL>?f=json` — a service's or layer's description (Python `arcgis.gis.Layer`
 * properties). Sent with a token for the federated server that hosts it.
 *
 * @see https://developers.arcgis.com/rest/services-reference/enterprise/feature-service.htm
 */
import { Endpoint } from "@arcgis-portal/core"
import { ServiceProperties } from "../../ItemSchema.ts"
import { credentialsFor } from "../../internal/server.ts"

export const serviceInfo = Endpoint.make({
  rest: "serviceInfo",
  docs: "https://developers.arcgis.com/rest/services-reference/enterprise/feature-service.htm",
  method: "GET",
  idempotent: true,
  request: (input: { readonly url: string }) => ({ path: input.url, credentials: credentialsFor(input.url) }),
  response: ServiceProperties,
})
