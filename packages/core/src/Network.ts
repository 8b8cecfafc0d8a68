/**
 * How requests reach the network: the seam transport plugins contribute to. Core sends every request through the
 * `Network` in its context — by default the platform's global `fetch`. A plugin that changes the connection (a
 * client certificate over mutual TLS, a proxy tunnel) provides its own `Network` as a **scoped layer** that
 * creates its dispatchers and closes them when the layer's scope ends:
 *
 * - `trusted` sends requests **inside the credential boundary** (the portal, the servers it lists as its own, the
 *   user's `trustedServers`); it may present a client certificate.
 * - `public` sends requests to every other origin and must present no credential.
 * - `tlsIdentity` exposes the client identity `trusted` presents, so a transport that wraps this one (a proxy
 *   tunnel) presents the same certificate end to end.
 *
 * A failure the plugin recognises (a proxy's refusal, a TLS handshake the server rejected) is thrown from its
 * fetch as a {@link NetworkRefusal} made with {@link proxyRefused} or {@link tlsRefused}: core turns it into a
 * `TransportError` with that reason. Errors it does not recognise propagate as they are.
 *
 * @example
 * import { Network, Portal } from "@arcgis-portal/core"
 * import * as Layer from "effect/Layer"
 *
 * // Every request through an instrumented fetch:
 * const PortalLive = Portal.layer({ url }).pipe(Layer.provide(Network.layer({ name: "logged", fetch: loggedFetch })))
 *
 * @module
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import { chainOf, codesOf, isTlsCode } from "./internal/failure.ts"

/**
 * A TLS client identity, as Node's `tls.connect` options (`cert`/`key` or `pfx`, `passphrase`, `ca`,
 * `rejectUnauthorized`). A function, so that no rendering of a service value ever shows a key.
 */
export type TlsIdentity = () => Readonly<Record<string, unknown>>

/**
 * The two fetches of a {@link Network}: `trusted` for requests inside the credential boundary (the portal and its
 * servers), which may present a client certificate or go through an authenticating proxy, and `public` for every
 * other origin, which presents nothing.
 */
export interface NetworkShape {
  /** A short name for spans and errors (`"direct"`, `"clientCertificate"`, `"proxy(clientCertificate)"`). */
  readonly name: string
  /** Sends requests inside the credential boundary. */
  readonly trusted: typeof globalThis.fetch
  /** Sends requests to every other origin; presents no credential. */
  readonly public: typeof globalThis.fetch
  /** The client identity `trusted` presents, for a transport that wraps this one. */
  readonly tlsIdentity: TlsIdentity | undefined
}

/** The platform's own fetch, for both kinds of request: what core uses when no plugin provides a `Network`. */
export const direct: NetworkShape = {
  name: "direct",
  trusted: (input, init) => globalThis.fetch(input, init),
  public: (input, init) => globalThis.fetch(input, init),
  tlsIdentity: undefined,
}

/**
 * How requests reach the network. Optional in every context: `Portal.layer` uses the one it is given (by the auth
 * strategy's `transport`, or by `Layer.provide`) and {@link direct} otherwise.
 */
export class Network extends Context.Service<Network, NetworkShape>()("@arcgis-portal/core/Network") {}

/** The `Network` in the context, or {@link direct}. */
export const current: Effect.Effect<NetworkShape> = Effect.map(Effect.serviceOption(Network), (found) =>
  Option.getOrElse(found, () => direct),
)

/** A `Network` that sends every request, trusted or not, with `fetch` (an instrumented or recording fetch). */
export const layer = (options: {
  readonly name: string
  readonly fetch: typeof globalThis.fetch
}): Layer.Layer<Network> =>
  Layer.succeed(Network, { name: options.name, trusted: options.fetch, public: options.fetch, tlsIdentity: undefined })

/** Why a plugin's connection refused a request: the proxy refused it, or the TLS handshake failed. */
export type NetworkRefusalReason = "Proxy" | "Tls"

/**
 * What a plugin's fetch throws for a failure it recognises; core maps it to a `TransportError` with the same
 * `reason`, `status` and `message`, and `reachedServer: false` (the portal never saw the request).
 */
export class NetworkRefusal extends Error {
  /**
   * Prefer {@link proxyRefused} and {@link tlsRefused}, which word the message.
   *
   * @param reason `Proxy` or `Tls`.
   * @param message What the user reads; never holds a credential.
   * @param status The proxy's HTTP status, for `Proxy`.
   */
  constructor(
    readonly reason: NetworkRefusalReason,
    message: string,
    /** The proxy's HTTP status (407: the proxy wants credentials). */
    readonly status: number | undefined,
  ) {
    super(message)
  }
}

/** The proxy answered `status` to the tunnel request (407: the proxy credentials are missing or wrong). */
export const proxyRefused = (status: number): NetworkRefusal =>
  new NetworkRefusal(
    "Proxy",
    status === 407
      ? "The proxy refused the connection (HTTP 407 Proxy Authentication Required): check the proxy credentials."
      : `The proxy refused the connection (HTTP ${status}).`,
    status,
  )

/** The TLS handshake failed for a reason the plugin knows (`detail`: what failed, never a key or certificate). */
export const tlsRefused = (detail: string): NetworkRefusal => new NetworkRefusal("Tls", detail, undefined)

/** Why an exchange got no HTTP answer. */
export type ExchangeFailure =
  /** The connection failed or was refused (`code`: `ECONNREFUSED`, `ENOTFOUND`…). */
  | "Network"
  /** No answer before the connection's `timeout`. */
  | "Timeout"
  /** Cancelled before its answer: an `AbortSignal`, an interrupted call, a transfer that timed out. */
  | "Aborted"
  /** A proxy refused the connection. */
  | "Proxy"
  /** The TLS handshake failed (a client certificate or the server's was not accepted). */
  | "Tls"

/**
 * One HTTP exchange as {@link observe} reports it: the method, where it went (origin and path — never the query
 * string, a header or the body, so never a token, an API key or a password), its HTTP status and how long it took.
 */
export interface Exchange {
  /** `GET` or `POST` (a long GET is sent as a POST). */
  readonly method: string
  /** Where the request went: `https://host` (the portal, a federated server, a redirect's target…). */
  readonly origin: string
  /** The URL's path, e.g. `/portal/sharing/rest/search` — without its query string. */
  readonly path: string
  /**
   * The HTTP status of the answer; `undefined` when there was none (see `failure`). A portal error sent with HTTP
   * 200 (the portal's error envelope) is `200` here: the call fails with the `PortalError` it describes.
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
  readonly failure: ExchangeFailure | undefined
  /** A system error code for a `Network` or `Tls` failure (`ECONNREFUSED`…), when there is one. */
  readonly code: string | undefined
}

/**
 * Called once per HTTP exchange, synchronously, after the answer's headers arrived or the exchange failed. An
 * exception it throws is ignored (a log line must not fail a request).
 */
export type OnExchange = (exchange: Exchange) => void

const clock: () => number =
  typeof performance !== "undefined" && typeof performance.now === "function"
    ? () => performance.now()
    : () => Date.now()

/** Why a fetch rejected, in the words of {@link ExchangeFailure}; only a system code is kept from the error. */
const classify = (error: unknown): { readonly failure: ExchangeFailure; readonly code: string | undefined } => {
  const chain = chainOf(error)
  const refusal = chain.find((cause) => cause instanceof NetworkRefusal)
  if (refusal instanceof NetworkRefusal) return { failure: refusal.reason, code: undefined }
  const name = (error as { readonly name?: unknown } | undefined)?.name
  if (name === "TimeoutError") return { failure: "Timeout", code: undefined }
  if (name === "AbortError") return { failure: "Aborted", code: undefined }
  const code = codesOf(chain)[0]
  return { failure: code !== undefined && isTlsCode(code) ? "Tls" : "Network", code }
}

/** The method, origin and path of a fetch call: nothing of its query, headers or body (nor a URL's userinfo). */
const describe = (input: RequestInfo | URL, init: RequestInit | undefined) => {
  const request = typeof Request !== "undefined" && input instanceof Request ? input : undefined
  const method = (init?.method ?? request?.method ?? "GET").toUpperCase()
  const url = URL.canParse(request?.url ?? String(input)) ? new URL(request?.url ?? String(input)) : undefined
  return { method, origin: url?.origin ?? "", path: url?.pathname ?? "" }
}

/** `fetch`, reporting each call to `onExchange` once its answer's headers arrived or it failed. */
const observeFetch =
  (fetch: typeof globalThis.fetch, trusted: boolean, onExchange: OnExchange): typeof globalThis.fetch =>
  (input, init) => {
    const started = clock()
    const target = describe(input, init)
    const report = (status: number | undefined, failed: ReturnType<typeof classify> | undefined) => {
      try {
        onExchange({
          ...target,
          status,
          durationMs: clock() - started,
          trusted,
          failure: failed?.failure,
          code: failed?.code,
        })
      } catch {
        // A hook that throws must not fail the request it reports.
      }
    }
    let sent: Promise<Response>
    try {
      sent = fetch(input, init)
    } catch (error) {
      report(undefined, classify(error))
      throw error
    }
    return sent.then(
      (response) => {
        report(response.status, undefined)
        return response
      },
      (error: unknown) => {
        report(undefined, classify(error))
        throw error
      },
    )
  }

/**
 * `network` with both fetches reporting every exchange to `onExchange` — each attempt of a retried request, each token
 * request, each hop of a redirect. Give it to `Portal.layer` as `instrument` to observe a whole connection.
 *
 * @example
 * const PortalLive = Portal.layer({
 *   url,
 *   auth,
 *   instrument: (network) =>
 *     Network.observe(network, ({ method, path, status, durationMs }) =>
 *       console.log(method, path, status, `${Math.round(durationMs)} ms`),
 *     ),
 * })
 */
export const observe = (network: NetworkShape, onExchange: OnExchange): NetworkShape => ({
  name: network.name,
  trusted: observeFetch(network.trusted, true, onExchange),
  public: observeFetch(network.public, false, onExchange),
  tlsIdentity: network.tlsIdentity,
})
