/**
 * The errors a facade call rejects with: the very classes the Effect face fails with, so
 * `error instanceof PortalError` and `error._tag === "PortalError"` both work, plus the few the
 * facade adds itself.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/common-parameters.htm
 */
import { Job } from "@arcgis-portal/content"
import { PortalError as Errors } from "@arcgis-portal/core"
import { DatastoreError } from "@arcgis-portal/datastores"
import * as Data from "effect/Data"

/** The portal answered with an error envelope (`reason`: `NotFound`, `Forbidden`, `InvalidRequest`…). */
export const PortalError = Errors.PortalError
export type PortalError = Errors.PortalError
/** The token was rejected (498), missing (499), or could not be obtained. */
export const AuthError = Errors.AuthError
export type AuthError = Errors.AuthError
/** No usable HTTP answer: network failure, timeout, unexpected status. */
export const TransportError = Errors.TransportError
export type TransportError = Errors.TransportError
/** The portal answered, but not in the expected shape. */
export const DecodeError = Errors.DecodeError
export type DecodeError = Errors.DecodeError
/** The SDK refused the input before sending anything. */
export const InvalidInput = Errors.InvalidInput
export type InvalidInput = Errors.InvalidInput
/** An asynchronous job (publish, export, createService) ended failed. */
export const JobFailed = Job.JobFailed
export type JobFailed = Job.JobFailed
/** No federated server matched the `datastores(server)` selection. */
export const ServerNotFound = DatastoreError.ServerNotFound
export type ServerNotFound = DatastoreError.ServerNotFound

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
  get retryable(): boolean {
    return false
  }
}

/** Every failure a facade call can reject with. */
export type GisFailure = Errors.PortalFailure | JobFailed | ServerNotFound | GeocodeError
