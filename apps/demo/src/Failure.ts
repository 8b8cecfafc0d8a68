/** The demo's one-line failure message. */
import { TransportError } from "@arcgis-portal/gis"

/**
 * One line for a failure. A connection that never reached the server names the host it was for (the error's own
 * message carries the network code, e.g. ECONNREFUSED, and the request's method and path — never a token).
 */
export const describeFailure = (error: unknown, portal: string | undefined): string => {
  if (error instanceof TransportError && portal !== undefined && !error.reachedServer) {
    const host = URL.canParse(portal) ? new URL(portal).host : portal
    return `could not connect to ${host}: ${String(error)}`
  }
  return String(error)
}
