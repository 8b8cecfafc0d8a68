/**
 * What `onRequest` (an option of `GIS.connect` and `GIS.layer`) hears about each HTTP exchange:
 * the method, where it went (origin and path — never the query string, a header or the body, so never a token, an
 * API key or a password), its HTTP status and how long it took. One event per exchange: each attempt of a retried
 * request, each token request, each hop of a redirect. Core's `Network.observe` reports them; these are its types
 * under the facade's names.
 *
 * @module
 */
import type { Network } from "@arcgis-portal/core"

/** Why an exchange got no HTTP answer: `Network` (`code`: `ECONNREFUSED`…), `Timeout`, `Aborted`, `Proxy`, `Tls`. */
export type RequestFailure = Network.ExchangeFailure

/**
 * One HTTP exchange, as `onRequest` gets it: `method`, `origin`, `path` (no query string), `status` (`undefined`
 * when there was no answer; a portal error envelope sent with HTTP 200 is `200`), `durationMs` (until the headers
 * arrived), `trusted` (inside the credential boundary), `failure` and `code`.
 *
 * @example
 * const gis = await GIS.connect({
 *   url,
 *   apiKey,
 *   onRequest: ({ method, path, status, durationMs }) => console.log(method, path, status, `${durationMs} ms`),
 * })
 */
export type RequestEvent = Network.Exchange

/**
 * Called once per HTTP exchange, synchronously, after the answer's headers arrived or the exchange failed. An
 * exception it throws is ignored (a log line must not fail a request).
 */
export type OnRequest = Network.OnExchange
