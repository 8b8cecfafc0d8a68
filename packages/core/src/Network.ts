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
 * import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
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
