/**
 * What `onRequest` (an option of `GIS.connect`, `GisLayer` and `ContentLayer`) hears about each HTTP exchange:
 * the method, where it went (origin and path — never the query string, a header or the body, so never a token, an
 * API key or a password), its HTTP status and how long it took. One event per exchange: each attempt of a retried
 * request, each token request, each hop of a redirect.
 */

/** Why an exchange got no HTTP answer. */
export type RequestFailure =
  /** The connection failed or was refused (`code`: `ECONNREFUSED`, `ENOTFOUND`…). */
  | "Network"
  /** No answer before the connection's `timeout`. */
  | "Timeout"
  /** Cancelled before its answer: an `AbortSignal`, a call interrupted by `gis.close()`, a transfer that timed out. */
  | "Aborted"
  /** A proxy refused the connection (`@arcgis-portal/gis/node`'s `proxy`). */
  | "Proxy"
  /** The TLS handshake failed (a client certificate or the server's was not accepted). */
  | "Tls"

/**
 * One HTTP exchange, as `onRequest` gets it.
 *
 * @example
 * const gis = await GIS.connect({
 *   url,
 *   apiKey,
 *   onRequest: ({ method, path, status, durationMs }) => console.log(method, path, status, `${durationMs} ms`),
 * })
 */
export interface RequestEvent {
  /** `GET` or `POST` (a long GET is sent as a POST). */
  readonly method: string
  /** Where the request went: `https://host` (the portal, a federated server, a redirect's target…). */
  readonly origin: string
  /** The URL's path, e.g. `/portal/sharing/rest/search` — without its query string. */
  readonly path: string
  /**
   * The HTTP status of the answer; `undefined` when there was none (see `failure`). A portal error sent with HTTP
   * 200 (the portal's error envelope) is `200` here: the call rejects with the `PortalError` it describes.
   */
  readonly status: number | undefined
  /**
   * Milliseconds from sending the request until its status line and headers arrived (or it failed). A download's
   * body may take longer to arrive.
   */
  readonly durationMs: number
  /** Whether the request was sent inside the credential boundary (the portal and servers it trusts). */
  readonly trusted: boolean
  /** Why there was no answer; `undefined` when there was one. */
  readonly failure: RequestFailure | undefined
  /** A system error code for a `Network` failure (`ECONNREFUSED`…), when there is one. */
  readonly code: string | undefined
}

/**
 * Called once per HTTP exchange, synchronously, after the answer's headers arrived or the exchange failed. An
 * exception it throws is ignored (a log line must not fail a request).
 */
export type OnRequest = (event: RequestEvent) => void
