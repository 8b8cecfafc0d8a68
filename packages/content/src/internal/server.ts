/** Which credentials a request to a service URL carries. */
import type { PortalRequest } from "@arcgis-portal/core"

/**
 * The root of the ArcGIS Server that hosts a service URL: everything before `/rest/services`
 * (`https://host/server/rest/services/x/FeatureServer` → `https://host/server`).
 */
export const serverRoot = (url: string): string | undefined => {
  const index = url.search(/\/rest\/(admin\/)?services(\/|$)/i)
  return index > 0 ? url.slice(0, index) : undefined
}

/**
 * A token for the federated server when the URL is on an ArcGIS Server; nothing otherwise, so the
 * portal's token never travels to a host that is not an ArcGIS Server.
 */
export const credentialsFor = (url: string): PortalRequest.Credentials => {
  const root = serverRoot(url)
  return root === undefined ? "none" : { server: root }
}
