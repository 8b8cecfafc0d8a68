/**
 * The one failure of this package that is not a wire error: no federated server matches the
 * selection (or the portal has none). Everything else is core's `PortalFailure`.
 *
 * @module
 */
import type { PortalError } from "@arcgis-portal/core"
import * as Data from "effect/Data"

/** No federated server of the portal matches what was asked for. */
export class ServerNotFound extends Data.TaggedError("ServerNotFound")<{
  readonly operation: string
  readonly message: string
}> {
  /** Never: the portal's list of servers will not change by asking again. */
  get retryable(): boolean {
    return false
  }
}

/** Every failure of a datastores operation: core's wire failures, or no matching server. */
export type DatastoresFailure = PortalError.PortalFailure | ServerNotFound
