/**
 * `GET <server>/rest/info` — a server's version and token settings (public; sent without
 * credentials).
 *
 * @see https://developers.arcgis.com/rest/services-reference/enterprise/server-info.htm
 */
import { Endpoint } from "@arcgis-portal/core"
import { ServerInfo } from "../../DatastoreSchema.ts"

export const info = Endpoint.make({
  rest: "info",
  docs: "https://developers.arcgis.com/rest/services-reference/enterprise/server-info.htm",
  method: "GET",
  idempotent: true,
  request: (input: { readonly serverUrl: string }) => ({
    path: `${input.serverUrl.replace(/\/+$/, "")}/rest/info`,
    credentials: "none" as const,
  }),
  response: ServerInfo,
})
