/**
 * Sends every request through an HTTP(S) proxy (CONNECT tunnel), with optional proxy credentials,
 * around any other strategy: the inner strategy still obtains and places the token, and a
 * client-certificate strategy still presents its certificate — end to end, through the tunnel.
 *
 * @see https://developers.arcgis.com/python/latest/guide/working-with-different-authentication-schemes/
 * @see arcgis.gis.GIS(url, proxy_host=..., proxy_port=...) (Python)
 */
import { AuthStrategy as Contract, PortalError } from "@arcgis-portal/core"
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

/**
 * Where a strategy exposes its TLS connect options (the same key as `@arcgis-portal/auth-pki`'s
 * `tlsOptionsKey`): the proxy tunnel then presents the same client certificate to the portal.
 */
export const tlsOptionsKey: unique symbol = Symbol.for("@arcgis-portal/auth/tlsOptions") as never

/** The pseudo error code the proxy's refusal is reported under (it shows in the TransportError's message). */
export const proxyRefusedCode = (status: number): string =>
  status === 407 ? "PROXY_AUTHENTICATION_REQUIRED" : `PROXY_REFUSED_${status}`

const proxyStatusOf = (error: unknown): number | undefined => {
  let current: unknown = error
  for (let depth = 0; depth < 6 && typeof current === "object" && current !== null; depth++) {
    const message = (current as { message?: unknown }).message
    const match = typeof message === "string" ? /Proxy response \((\d{3})\)/.exec(message) : null
    if (match?.[1]) return Number(match[1])
    current = (current as { cause?: unknown }).cause
  }
  return undefined
}

/** Thrown like a failed fetch, so core reports a TransportError whose message names the refusal. */
const refused = (status: number): TypeError =>
  Object.assign(new TypeError("fetch failed"), {
    cause: Object.assign(new Error(`The proxy refused the request (HTTP ${status}).`), {
      code: proxyRefusedCode(status),
    }),
  })

/**
 * Wraps `inner` so that every request goes through the proxy at `host:port`.
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
export const throughProxy = (proxy: ProxyOptions, inner: AuthStrategy = { name: "anonymous" }): AuthStrategy => {
  const innerTls = (inner as unknown as Partial<Record<symbol, () => Record<string, unknown>>>)[tlsOptionsKey]
  if (inner.fetch !== undefined && innerTls === undefined) {
    throw new PortalError.InvalidInput({
      operation: "throughProxy",
      field: "inner",
      message: `The strategy "${inner.name}" brings its own transport, which cannot be combined with a proxy.`,
    })
  }
  const uri = `${proxy.protocol ?? "http"}://${proxy.host.includes(":") ? `[${proxy.host}]` : proxy.host}:${proxy.port}`
  const password = proxy.password === undefined ? undefined : Contract.redact(proxy.password)

  // Two agents: the trusted one tunnels the inner strategy's client certificate (if any) to the portal and its
  // servers; the public one, for every other origin, presents none.
  const makeAgent = (presentCertificate: boolean): ProxyAgent => {
    const token =
      proxy.username === undefined
        ? undefined
        : `Basic ${Buffer.from(`${proxy.username}:${password === undefined ? "" : Redacted.value(password)}`).toString("base64")}`
    const ca = proxy.ca === undefined ? undefined : typeof proxy.ca === "string" ? [proxy.ca] : [...proxy.ca]
    return new ProxyAgent({
      uri,
      ...(token === undefined ? {} : { token }),
      ...(presentCertificate && innerTls !== undefined ? { requestTls: innerTls() } : {}),
      ...(ca === undefined ? {} : { proxyTls: { ca } }),
    })
  }
  let agent: ProxyAgent | undefined
  let publicAgent: ProxyAgent | undefined
  const dispatcher = () => {
    agent ??= makeAgent(true)
    return agent
  }
  const publicDispatcher = () => {
    publicAgent ??= makeAgent(false)
    return publicAgent
  }

  const through =
    (select: () => ProxyAgent): typeof globalThis.fetch =>
    async (input, init) => {
      let response: Response
      try {
        response = await globalThis.fetch(input, { ...init, dispatcher: select() } as RequestInit)
      } catch (error) {
        const status = proxyStatusOf(error)
        throw status === undefined ? error : refused(status)
      }
      if (response.status === 407) {
        await response.body?.cancel().catch(() => undefined)
        throw refused(407)
      }
      return response
    }

  const { acquire, forServer } = inner
  return {
    name: `throughProxy(${inner.name})`,
    // A proxy refusal is recognised by core (TransportError, status 407, never retried): the
    // token requests of the inner strategy need no wrapping.
    acquire,
    authorize: inner.authorize,
    forServer,
    fetch: through(dispatcher),
    publicFetch: through(publicDispatcher),
  }
}
