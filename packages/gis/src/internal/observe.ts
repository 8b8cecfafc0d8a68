/**
 * `onRequest`: every HTTP exchange of a connection reported once, with the method, origin and path (never the
 * query string, a header or the body). Core sends every request through the `Network` service — the portal's and
 * federated servers' requests, token requests, each redirect hop — so the hook wraps the fetches of the `Network`
 * the connection would use anyway: the strategy's own (`transport`: a client certificate, a proxy), the `fetch`
 * option, or the one in the context (the global fetch by default). Nothing changes when there is no hook.
 */
import { type AuthStrategy, Network, type Portal, type PortalError } from "@arcgis-portal/core"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type { OnRequest, RequestEvent, RequestFailure } from "../RequestEvent.ts"

const clock: () => number =
  typeof performance !== "undefined" && typeof performance.now === "function"
    ? () => performance.now()
    : () => Date.now()

/** A system error code (`ECONNREFUSED`): capitals, digits and `_` only, so never free text from an error. */
const systemCode = /^[A-Z][A-Z0-9_]{1,63}$/

const isTlsCode = (code: string): boolean =>
  /^(CERT_|ERR_TLS_|ERR_SSL_|UNABLE_TO_(GET|VERIFY)_|DEPTH_ZERO_SELF_SIGNED|SELF_SIGNED_CERT|HOSTNAME_MISMATCH)/.test(
    code,
  )

/** `error` and its causes (and an AggregateError's `errors`), outermost first. */
const chainOf = (error: unknown, depth = 0): ReadonlyArray<object> => {
  if (depth > 5 || typeof error !== "object" || error === null) return []
  const errors = (error as { readonly errors?: unknown }).errors
  return [
    error,
    ...(Array.isArray(errors) ? errors.flatMap((inner) => chainOf(inner, depth + 1)) : []),
    ...chainOf((error as { readonly cause?: unknown }).cause, depth + 1),
  ]
}

/** Why a fetch rejected, in the words of {@link RequestFailure}; only a system code is kept from the error. */
const classify = (error: unknown): { readonly failure: RequestFailure; readonly code: string | undefined } => {
  const chain = chainOf(error)
  const refusal = chain.find((cause) => cause instanceof Network.NetworkRefusal)
  if (refusal instanceof Network.NetworkRefusal) return { failure: refusal.reason, code: undefined }
  const name = (error as { readonly name?: unknown } | undefined)?.name
  if (name === "TimeoutError") return { failure: "Timeout", code: undefined }
  if (name === "AbortError") return { failure: "Aborted", code: undefined }
  const code = chain
    .map((cause) => (cause as { readonly code?: unknown }).code)
    .find((value): value is string => typeof value === "string" && systemCode.test(value))
  if (code !== undefined && isTlsCode(code)) return { failure: "Tls", code }
  return { failure: "Network", code }
}

/** The method, origin and path of a fetch call: nothing of its query, headers or body. */
const describe = (input: RequestInfo | URL, init: RequestInit | undefined) => {
  const request = typeof Request !== "undefined" && input instanceof Request ? input : undefined
  const method = (init?.method ?? request?.method ?? "GET").toUpperCase()
  let url: URL | undefined
  try {
    url = new URL(request?.url ?? String(input))
  } catch {
    url = undefined
  }
  return { method, origin: url?.origin ?? "", path: url?.pathname ?? "" }
}

/** `fetch`, reporting each call to `onRequest` once its answer's headers arrived or it failed. */
export const observeFetch =
  (fetch: typeof globalThis.fetch, trusted: boolean, onRequest: OnRequest): typeof globalThis.fetch =>
  (input, init) => {
    const started = clock()
    const target = describe(input, init)
    const report = (status: number | undefined, failed: ReturnType<typeof classify> | undefined) => {
      const event: RequestEvent = {
        ...target,
        status,
        durationMs: clock() - started,
        trusted,
        failure: failed?.failure,
        code: failed?.code,
      }
      try {
        onRequest(event)
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

/** A `Network` whose two fetches report to `onRequest`. */
export const observeNetwork = (network: Network.NetworkShape, onRequest: OnRequest): Network.NetworkShape => ({
  name: network.name,
  trusted: observeFetch(network.trusted, true, onRequest),
  public: observeFetch(network.public, false, onRequest),
  tlsIdentity: network.tlsIdentity,
})

/**
 * The `Network` of `below` (or of the context, the global fetch by default) reporting to `onRequest`: what the
 * connection's requests go through. Scoped like `below`: its dispatchers close with the connection.
 */
export const observedNetwork = (
  onRequest: OnRequest,
  below?: Layer.Layer<Network.Network, PortalError.InvalidInput> | undefined,
): Layer.Layer<Network.Network, PortalError.InvalidInput> => {
  const observed = Layer.effect(
    Network.Network,
    Effect.map(Network.current, (network) => observeNetwork(network, onRequest)),
  )
  return below === undefined ? observed : Layer.provide(observed, below)
}

/**
 * `Portal.layer`'s options with `onRequest` applied: the strategy's `Network` (its own `transport`, the `fetch`
 * option, or the context's) wrapped by the hook and given to the strategy as its `transport`, which `Portal.layer`
 * builds and closes with the connection. The strategy itself is not changed: the one used inherits from it.
 */
export const observePortal = (
  options: Portal.Options & { readonly onRequest?: OnRequest | undefined },
): Portal.Options => {
  const { onRequest, ...portal } = options
  if (onRequest === undefined) return portal
  const strategy: AuthStrategy.AuthStrategy = portal.auth ?? { name: "anonymous" }
  const below = portal.fetch === undefined ? strategy.transport : Network.layer({ name: "fetch", fetch: portal.fetch })
  const auth: AuthStrategy.AuthStrategy = Object.create(strategy, {
    transport: { value: observedNetwork(onRequest, below), enumerable: true },
  })
  return { ...portal, fetch: undefined, auth }
}
