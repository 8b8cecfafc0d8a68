/**
 * `GET <geocoder>/findAddressCandidates` — the best match of one address on a geocode service (a `GeocodeServer`, not
 * the portal: its URL is the portal's `helperServices.geocode`). What `gis.map(address)` places the map with. The
 * request carries the portal's credentials, which the credential boundary sends only to the portal's own servers.
 *
 * @see https://developers.arcgis.com/rest/geocode/api-reference/geocoding-find-address-candidates.htm
 */
import { CommonSchema, Endpoint } from "@arcgis-portal/core"
import * as Schema from "effect/Schema"

const coordinate = Schema.optional(Schema.Number)

/** A match: where it is (`location`, in WGS84 as asked) and the extent it covers. */
export const Candidate = CommonSchema.open({
  address: Schema.optional(Schema.String),
  score: coordinate,
  location: Schema.optional(CommonSchema.open({ x: coordinate, y: coordinate })),
  extent: Schema.optional(
    CommonSchema.open({ xmin: coordinate, ymin: coordinate, xmax: coordinate, ymax: coordinate }),
  ),
})
export type Candidate = typeof Candidate.Type

/** The answer: the matches, best first. */
export const FindAddressCandidatesResult = CommonSchema.open({ candidates: Schema.optional(Schema.Array(Candidate)) })
export type FindAddressCandidatesResult = typeof FindAddressCandidatesResult.Type

/** The best match (`maxLocations: 1`) of `address` on the geocoder at `geocoder`, its coordinates in WGS84. */
export const findAddressCandidates = Endpoint.make({
  rest: "findAddressCandidates",
  docs: "https://developers.arcgis.com/rest/geocode/api-reference/geocoding-find-address-candidates.htm",
  method: "GET",
  idempotent: true,
  request: (input: { readonly geocoder: string; readonly address: string }) => ({
    path: `${input.geocoder.replace(/\/+$/, "")}/findAddressCandidates`,
    params: { SingleLine: input.address, maxLocations: 1, outSR: 4326 },
    credentials: "portal" as const,
  }),
  response: FindAddressCandidatesResult,
})
