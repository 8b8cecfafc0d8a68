/**
 * Sends every request through an HTTP(S) proxy (CONNECT tunnel), with optional proxy credentials,
 * around any other strategy: the inner strategy still obtains and places the token, and a
 * client-certificate strategy still presents its certificate — end to end, through the tunnel.
 *
 * @see https://developers.arcgis.com/python/latest/guide/working-with-different-authentication-schemes/
 * @see arcgis.gis.GIS(url, proxy_host=..., proxy_port=...) (Python)
 * @module
 */
import { AuthStrategy as Contract, Network, PortalError } from "@arcgis-portal/core"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import { ProxyAgent } from "undici"

type AuthStrategy = Contract.AuthStrategy

/** Where the proxy is and how to sign in to it. */
export interface ProxyOptions {
  readonly host: string
  readonly port: number
  /** The proxy's user, for `Proxy-Authorization: Basic`. */
  readonly username?: string | undefined
  /** The proxy user's password; prefer `Redacted.make(...)`. */
  readonly password?: string | Redacted.Redacted<string> | undefined
  /** How to reach the proxy itself. Default `"http"`. */
  readonly protocol?: "http" | "https" | undefined
  /** Certificate authorities to trust for an `https` proxy. Default: Node's. */
  readonly ca?: string | ReadonlyArray<string> | undefined
}

const proxyStatusOf = (error: unknown): number | undefined => {
  let current: unknown = error
  for (let depth = 0; depth < 6 && typeof current === "object" && current !== null; depth++) {
    const message = (current as { message?: unknown }).message
    // undici's ProxyAgent reports a refused CONNECT as "Proxy response (<status>) !== 200 when HTTP Tunneling".
    const match = typeof message === "string" ? /^Proxy response \((\d{3})\)/.exec(message) : null
    if (match?.[1]) return Number(match[1])
    current = (current as { cause?: unknown }).cause
  }
  return undefined
}

/**
 * The `Network` that sends every request through the proxy at `host:port`: a scoped layer whose two undici
 * `ProxyAgent`s (made on first use) are closed when its scope ends. The trusted one — used by core for the portal
 * and the servers inside the credential boundary alone — tunnels the client certificate of the `Network` below it
 * (`ClientCertificate.layer`, if provided) end to end; the public one presents none. A proxy's refusal fails with a
 * `TransportError` whose reason is `Proxy` (`status` 407: check the proxy credentials). A `Network` below that
 * replaces the connection in some other way cannot be tunnelled: the layer fails with `InvalidInput`.
 *
 * @example
 * import { Portal } from "@arcgis-portal/core"
 * import { ThroughProxy } from "@arcgis-portal/auth-proxy"
 * import { ClientCertificate } from "@arcgis-portal/auth-pki"
 * import * as Layer from "effect/Layer"
 *
 * const PortalLive = Portal.layer({ url, auth }).pipe(
 *   Layer.provide(ThroughProxy.layer({ host: "proxy.corp", port: 3128 }).pipe(Layer.provide(ClientCertificate.layer(certificate)))),
 * )
 */
export const layer = (proxy: ProxyOptions): Layer.Layer<Network.Network, PortalError.InvalidInput> =>
  Layer.effect(
    Network.Network,
    Effect.gen(function* () {
      const below = yield* Network.current
      if (below.name !== Network.direct.name && below.tlsIdentity === undefined) {
        return yield* Effect.fail(
          new PortalError.InvalidInput({
            operation: "Proxy.layer",
            field: "inner",
            message: `The network "${below.name}" replaces the connection itself, which cannot be tunnelled through a proxy.`,
          }),
        )
      }
      const uri = `${proxy.protocol ?? "http"}://${proxy.host.includes(":") ? `[${proxy.host}]` : proxy.host}:${proxy.port}`
      const password = proxy.password === undefined ? undefined : Contract.redact(proxy.password)
      const token =
        proxy.username === undefined
          ? undefined
          : Redacted.make(
              `Basic ${Buffer.from(`${proxy.username}:${password === undefined ? "" : Redacted.value(password)}`).toString("base64")}`,
            )
      const ca = proxy.ca === undefined ? undefined : typeof proxy.ca === "string" ? [proxy.ca] : [...proxy.ca]
      const identity = below.tlsIdentity
      const makeAgent = (presentCertificate: boolean): ProxyAgent =>
        new ProxyAgent({
          uri,
          ...(token === undefined ? {} : { token: Redacted.value(token) }),
          ...(presentCertificate && identity !== undefined ? { requestTls: identity() } : {}),
          ...(ca === undefined ? {} : { proxyTls: { ca } }),
        })
      const agents: { trusted?: ProxyAgent; public?: ProxyAgent } = {}
      let closed = false
      const agentFor = (kind: "trusted" | "public"): ProxyAgent => {
        if (closed) throw new Error("The proxy transport was closed with its scope.")
        const existing = agents[kind]
        if (existing !== undefined) return existing
        const made = makeAgent(kind === "trusted")
        agents[kind] = made
        return made
      }
      const through =
        (kind: "trusted" | "public"): typeof globalThis.fetch =>
        async (input, init) => {
          let response: Response
          try {
            response = await globalThis.fetch(input, { ...init, dispatcher: agentFor(kind) } as RequestInit)
          } catch (error) {
            const status = proxyStatusOf(error)
            throw status === undefined ? error : Network.proxyRefused(status)
          }
          if (response.status === 407) {
            // A plain-http request is forwarded, not tunnelled: the proxy's refusal is its answer.
            await response.body?.cancel().catch(() => undefined)
            throw Network.proxyRefused(407)
          }
          return response
        }
      yield* Effect.addFinalizer(() =>
        Effect.promise(() => {
          closed = true
          const all = [agents.trusted, agents.public].filter((agent): agent is ProxyAgent => agent !== undefined)
          return Promise.all(all.map((agent) => agent.close().catch(() => undefined)))
        }),
      )
      return {
        name: `proxy(${below.name})`,
        trusted: through("trusted"),
        public: through("public"),
        // What a further wrapper would tunnel: the same identity, end to end.
        tlsIdentity: identity,
      }
    }),
  )

/**
 * Wraps `inner` so that every request goes through the proxy at `host:port` (it brings {@link layer} as its
 * `transport`, over `inner`'s own transport, e.g. a client certificate): the inner strategy still obtains and
 * places the token.
 *
 * @example
 * import { Portal } from "@arcgis-portal/core"
 * import { throughProxy } from "@arcgis-portal/auth-proxy"
 * import * as Redacted from "effect/Redacted"
 *
 * const PortalLive = Portal.layer({
 *   url: "https://portal.example.com/portal",
 *   auth: throughProxy({ host: "proxy.corp", port: 3128, username: "me", password: Redacted.make("…") }),
 * })
 */
export const throughProxy = (proxy: ProxyOptions, inner: AuthStrategy = { name: "anonymous" }): AuthStrategy => ({
  name: `throughProxy(${inner.name})`,
  // A proxy refusal is recognised by core (TransportError, reason Proxy, never retried): the token requests of the
  // inner strategy need no wrapping.
  acquire: inner.acquire,
  authorize: inner.authorize,
  forServer: inner.forServer,
  transport: inner.transport === undefined ? layer(proxy) : Layer.provide(layer(proxy), inner.transport),
})
