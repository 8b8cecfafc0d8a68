/** API keys: long-lived tokens created in the portal or the developer dashboard. */
import type { AuthStrategy } from "@arcgis-portal/core"
import * as Effect from "effect/Effect"
import { readSource, type SecretSource } from "./staticToken.ts"

/**
 * Authenticates with an API key, sent like a token (the `X-Esri-Authorization` header, or the POST
 * body in browsers). It has no known expiry. When the portal rejects it (498) the key is read again
 * — pass a function to pick up a rotated key — and the request retried once.
 *
 * @see https://developers.arcgis.com/documentation/security-and-authentication/api-key-authentication/
 * @see arcgis.gis.GIS (the `api_key` argument)
 * @example
 * import { Portal } from "@arcgis-portal/core"
 * import { apiKey } from "@arcgis-portal/auth-token"
 * const layer = Portal.layer({ url: "https://www.arcgis.com", auth: apiKey(process.env.ARCGIS_API_KEY ?? "") })
 */
export const apiKey = (key: SecretSource): AuthStrategy.AuthStrategy => ({
  name: "apiKey",
  acquire: () => Effect.sync(() => ({ token: readSource(key), expires: undefined })),
})
