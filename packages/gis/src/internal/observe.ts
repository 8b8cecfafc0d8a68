/**
 * `onRequest`: every HTTP exchange of a connection reported once, through core's `Network.observe` (method, origin
 * and path — never the query string, a header or the body). A connection gives `Portal.layer` an `instrument` that
 * observes whichever network the connection uses (the strategy's own `transport` — a client
 * certificate, a proxy — the `fetch` option, or the context's); the OAuth code exchange, which runs before the
 * connection exists, is observed here. Nothing changes when there is no hook.
 */
import { Network, type Portal, type PortalError } from "@arcgis-portal/core"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type { OnRequest } from "../RequestEvent.ts"

/** `fetch` reporting each call to `onRequest` (as a request inside the credential boundary when `trusted`). */
export const observeFetch = (
  fetch: typeof globalThis.fetch,
  trusted: boolean,
  onRequest: OnRequest,
): typeof globalThis.fetch => {
  const observed = Network.observe({ name: "fetch", trusted: fetch, public: fetch, tlsIdentity: undefined }, onRequest)
  return trusted ? observed.trusted : observed.public
}

/**
 * The `Network` of `below` (or of the context, the global fetch by default) reporting to `onRequest`: what the OAuth
 * code exchange goes through. Scoped like `below`: its dispatchers close with it.
 */
export const observedNetwork = (
  onRequest: OnRequest,
  below?: Layer.Layer<Network.Network, PortalError.InvalidInput> | undefined,
): Layer.Layer<Network.Network, PortalError.InvalidInput> => {
  const observed = Layer.effect(
    Network.Network,
    Effect.map(Network.current, (network) => Network.observe(network, onRequest)),
  )
  return below === undefined ? observed : Layer.provide(observed, below)
}

/** `Portal.layer`'s options with the facade's `onRequest` observing the connection's network. */
export const observePortal = (
  options: Portal.Options & { readonly onRequest?: OnRequest | undefined },
): Portal.Options => {
  const { onRequest, ...portal } = options
  return onRequest === undefined
    ? portal
    : { ...portal, instrument: (network: Network.NetworkShape) => Network.observe(network, onRequest) }
}
