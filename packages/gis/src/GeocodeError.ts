/**
 * The failure of `gis.map(address)` (main entry): in a module of its own, so that the content entry, which has no
 * `map`, never bundles it.
 *
 * @see arcgis.gis.GIS.map
 */
import * as Data from "effect/Data"

/** Why `gis.map(address)` could not place the address. */
export type GeocodeErrorReason = "NoGeocoder" | "NoMatch"

/**
 * `gis.map(address)` could not find the address: the portal has no geocoder
 * (`helperServices.geocode`), or the geocoder found no match.
 *
 * @see arcgis.gis.GIS.map
 */
export class GeocodeError extends Data.TaggedError("GeocodeError")<{
  readonly reason: GeocodeErrorReason
  readonly operation: string
  readonly message: string
}> {
  /** Always `false`: the same address gets the same answer until the portal's geocoder or the address changes. */
  get retryable(): boolean {
    return false
  }
}
