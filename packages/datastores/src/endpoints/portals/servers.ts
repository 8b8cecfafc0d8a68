/**
 * `GET portals/self/servers` — the servers federated with the portal (Python builds
 * `DatastoreManager` from `servers[].adminUrl`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/servers.htm
 */
import { Endpoint } from "@arcgis-portal/core"
import { ServersResponse } from "../../DatastoreSchema.ts"

export const servers = Endpoint.make({
  rest: "servers",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/servers.htm",
  method: "GET",
  idempotent: true,
  request: (_: undefined) => ({ path: "portals/self/servers" }),
  response: ServersResponse,
})
