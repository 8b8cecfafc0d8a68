/**
 * `GET portals/self/isServiceNameAvailable` — whether a service name is free in the org (Python
 * `arcgis.gis.ContentManager.is_service_name_available`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/check-service-name.htm
 */
import { Endpoint } from "@arcgis-portal/core"
import { ServiceNameAvailability } from "../../ItemSchema.ts"

export const isServiceNameAvailable = Endpoint.make({
  rest: "isServiceNameAvailable",
  docs: "https://developers.arcgis.com/rest/users-groups-and-items/check-service-name.htm",
  method: "GET",
  idempotent: true,
  request: (input: { readonly name: string; readonly type: string }) => ({
    path: "portals/self/isServiceNameAvailable",
    params: { name: input.name, type: input.type },
  }),
  response: ServiceNameAvailability,
})
