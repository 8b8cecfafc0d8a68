/**
 * `gis.map(location, zoomlevel)` — Python's `GIS.map`, whose widget only exists in Jupyter — as the URL of the
 * portal's map viewer: centred on `[latitude, longitude]`, or on an address found with the portal's own geocoder
 * (`helperServices.geocode`, through `endpoints/geocode/findAddressCandidates.ts`), at `zoomlevel` or on the
 * match's extent.
 */
import { Endpoint, type PortalError, type Transport } from "@arcgis-portal/core"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import { readProperties } from "../ContentGIS.ts"
import { GeocodeError } from "../GeocodeError.ts"
import type { LatLong } from "../GIS.ts"
import { findAddressCandidates } from "./endpoints/geocode/findAddressCandidates.ts"
import { refuse } from "./inputs.ts"

/** The part of `portals/self` that names the portal's geocoders. */
const HelperServices = Schema.Struct({
  helperServices: Schema.optional(Schema.Struct({ geocode: Schema.optional(Schema.Array(Schema.Unknown)) })),
})

/** A geocoder entry the facade can use: one with a URL. */
const Geocoder = Schema.Struct({ url: Schema.String })

/** The first geocoder of the portal's `helperServices.geocode` with a URL, if any. */
const geocoderOf = (properties: { readonly [key: string]: unknown }): string | undefined => {
  const decoded = Schema.decodeUnknownOption(HelperServices)(properties)
  if (decoded._tag === "None") return undefined
  return decoded.value.helperServices?.geocode?.find(Schema.is(Geocoder))?.url
}

const failure = (reason: GeocodeError["reason"], message: string) =>
  Effect.fail(new GeocodeError({ reason, operation: "GIS.map", message }))

/** The viewer centred on `[latitude, longitude]` (refused when it is not one), at `zoomlevel`. */
const atPoint = (viewer: URL, location: LatLong | undefined, zoomlevel: number | undefined) =>
  Effect.suspend(() => {
    if (location !== undefined) {
      const [latitude, longitude] = location
      if (!Number.isFinite(latitude) || !Number.isFinite(longitude) || Math.abs(latitude) > 90) {
        return Effect.fail(refuse("GIS.map", "location", "A location is [latitude, longitude] in degrees."))
      }
      viewer.searchParams.set("center", `${longitude},${latitude}`)
    }
    if (zoomlevel !== undefined) viewer.searchParams.set("level", String(zoomlevel))
    return Effect.succeed(viewer.href)
  })

/** The viewer on `address` as the portal's geocoder finds it: on its extent without a zoom level. */
const atAddress = (viewer: URL, address: string, zoomlevel: number | undefined) =>
  Effect.gen(function* () {
    const geocoder = geocoderOf(yield* readProperties("GIS.map"))
    if (geocoder === undefined) {
      return yield* failure(
        "NoGeocoder",
        "The portal has no geocoder (helperServices.geocode) to find an address with.",
      )
    }
    // The credential boundary decides: the portal's token goes to the portal's own geocoder (same origin, or a
    // server it lists), never to another host.
    const found = yield* Endpoint.call(findAddressCandidates, "GIS.map.geocode", { geocoder, address })
    const best = found.candidates?.[0]
    const x = best?.location?.x
    const y = best?.location?.y
    if (x === undefined || y === undefined) {
      return yield* failure("NoMatch", "The portal's geocoder found no match for the address.")
    }
    const extent = best?.extent
    if (zoomlevel === undefined && extent?.xmin !== undefined && extent.ymax !== undefined) {
      viewer.searchParams.set("extent", [extent.xmin, extent.ymin, extent.xmax, extent.ymax].join(","))
      return viewer.href
    }
    viewer.searchParams.set("center", `${x},${y}`)
    return yield* atPoint(viewer, undefined, zoomlevel)
  })

/** The map viewer's URL of the portal at `portalUrl` for `gis.map(location, zoomlevel)`. */
export const mapUrl = (
  portalUrl: string,
  location: string | LatLong | undefined,
  zoomlevel: number | undefined,
): Effect.Effect<string, PortalError.PortalFailure | GeocodeError, Transport.Transport> => {
  const viewer = new URL(`${portalUrl}/apps/mapviewer/index.html`)
  return typeof location === "string" ? atAddress(viewer, location, zoomlevel) : atPoint(viewer, location, zoomlevel)
}
