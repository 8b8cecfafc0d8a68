/**
 * The errors a facade call rejects with: the very classes the Effect face fails with, so
 * `error instanceof PortalError` and `error._tag === "PortalError"` both work, plus the few the
 * facade adds itself. (`ServerNotFound`, of `gis.datastores(...)`, is with `DatastoreManager`.)
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/common-parameters.htm
 */
import { Job } from "@arcgis-portal/content"
import { PortalError as Errors } from "@arcgis-portal/core"
import type { DatastoreError } from "@arcgis-portal/datastores"
import * as Data from "effect/Data"
import type { GeocodeError } from "./GeocodeError.ts"

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

export { GeocodeError, type GeocodeErrorReason } from "./GeocodeError.ts"

/**
 * A call was cancelled with its `signal` (`AbortSignal`): its fiber was interrupted, its requests aborted. Named
 * `AbortError`, as `fetch` names its own, so `error.name === "AbortError"` works as for `fetch`; `cause` is the
 * signal's `reason` (a `DOMException` named `AbortError` for `controller.abort()`, `TimeoutError` for
 * `AbortSignal.timeout(ms)`, or whatever was passed to `abort(reason)`).
 *
 * @example
 * const controller = new AbortController()
 * setTimeout(() => controller.abort(), 5_000)
 * try {
 *   for await (const item of gis.content.searchAll("parks", { signal: controller.signal })) console.log(item.title)
 * } catch (error) {
 *   if (error instanceof AbortError) console.log("stopped:", error.cause)
 *   else throw error
 * }
 */
export class AbortError extends Data.TaggedError("AbortError")<{
  /** The facade call that was aborted (`"ContentManager.searchAll"`). */
  readonly operation: string
  readonly message: string
  /** The signal's `reason`. */
  readonly cause: unknown
}> {
  /** Always `false`: the caller stopped the call, and sending it again would overrule that. */
  get retryable(): boolean {
    return false
  }
}

/**
 * The `signal` option of every call that can take long (paged searches and listings, uploads, downloads, jobs,
 * bulk operations). Aborting it interrupts the call — its requests are aborted, a listing asks for no further
 * page — and the call rejects with {@link AbortError}; an already-aborted signal rejects at once, sending nothing.
 */
export interface AbortOptions {
  readonly signal?: AbortSignal | undefined
}

/** Every failure a facade call can reject with. */
export type GisFailure = Errors.PortalFailure | JobFailed | DatastoreError.ServerNotFound | GeocodeError | AbortError
