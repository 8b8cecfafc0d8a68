/**
 * Where the portal is and how to talk to it. `Portal.layer({ url, auth })` is the one layer a
 * program needs: it provides `Portal`, `Auth` and `Transport`, which every feature package's
 * layer requires, and the `PortalSelf` they share.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/working-with-users-groups-and-items.htm
 * @module
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Auth from "./Auth.ts"
import { type AuthStrategy, anonymous } from "./AuthStrategy.ts"
import { makeHttp } from "./internal/http.ts"
import { makeTrust, prefixOf } from "./internal/trust.ts"
import * as Network from "./Network.ts"
import { InvalidInput } from "./PortalError.ts"
import * as PortalSelf from "./PortalSelf.ts"
import { defaultPolicy, type RetryPolicy } from "./RetryPolicy.ts"
import * as Transport from "./Transport.ts"

/** ArcGIS Online, used when no URL is given. */
export const arcgisOnline = "https://www.arcgis.com"

/** The resolved location and settings of a portal. */
export interface PortalShape {
  /** The Sharing REST root: `https://host/portal/sharing/rest`. */
  readonly restUrl: string
  /** The portal's base: `https://host/portal`. */
  readonly portalUrl: string
  /** Per-attempt timeout in milliseconds. */
  readonly timeout: number
  readonly retry: RetryPolicy
  /** URLs longer than this are sent as POST. */
  readonly maxUrlLength: number
}

/** The portal the program talks to. */
export class Portal extends Context.Service<Portal, PortalShape>()("@arcgis-portal/core/Portal") {}

/** Options of {@link layer}. */
export interface Options {
  /**
   * What a user would type: `https://org.maps.arcgis.com`, `https://host/portal`,
   * `https://host/portal/sharing/rest/`, a URL with `/home/...`. Default: ArcGIS Online.
   */
  readonly url?: string | undefined
  /** The auth strategy. Default: anonymous. */
  readonly auth?: AuthStrategy | undefined
  /** Per-attempt timeout in milliseconds. Default 60 000. */
  readonly timeout?: number | undefined
  /** Default {@link defaultPolicy}: 3 retries, 250 ms doubling, at most 30 s. */
  readonly retry?: RetryPolicy | undefined
  /** Sent as `X-Esri-User-Agent`. */
  readonly userAgent?: string | undefined
  /** Default 2 000 characters, as Esri's clients. */
  readonly maxUrlLength?: number | undefined
  /**
   * The fetch to send every request with, inside the credential boundary and outside. Default: the `Network` the
   * strategy's `transport` or the program provides, else the global fetch. Tests pass a scripted fetch
   * (`@arcgis-portal/core/testing`).
   */
  readonly fetch?: typeof globalThis.fetch | undefined
  /**
   * Wraps whichever network the connection uses (the strategy's own `transport` — a client certificate, a proxy —
   * the `fetch` option, or the context's). For a request log that never sees a secret:
   * `instrument: (network) => Network.observe(network, onExchange)` (see {@link Network.observe}). Only what a
   * program passes here is bundled.
   */
  readonly instrument?: ((network: Network.NetworkShape) => Network.NetworkShape) | undefined
  /**
   * Servers you trust with your credentials besides the portal and the servers it lists as its own
   * (`portals/self/servers`; on ArcGIS Online the org's hosted-service hosts): origins or URL prefixes,
   * e.g. `["https://gis.example.com/server"]`. Every other host gets requests without credentials.
   */
  readonly trustedServers?: ReadonlyArray<string> | undefined
  /**
   * Let passwords, tokens, API keys and other secrets travel over plain `http:` to a host that is not this
   * machine (a warning is logged once). Default `false`: such a request is refused with `InvalidInput`.
   * Loopback hosts (`localhost`, `127.0.0.1`, `::1`) are always allowed.
   */
  readonly allowInsecureHttp?: boolean | undefined
}

/**
 * Normalises what a user typed into the portal's REST root, like the Python module: anything from
 * `/home` onward is cut, and `/sharing/rest` is appended unless present.
 *
 * @example
 * normalizeUrl("https://host/portal/home/index.html") // "https://host/portal/sharing/rest"
 */
export const normalizeUrl = (input: string | undefined): { readonly restUrl: string; readonly portalUrl: string } => {
  const raw = (input ?? "").trim() || arcgisOnline
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new InvalidInput({
      operation: "Portal.layer",
      field: "url",
      // Not echoed: the text may hold a credential (`user:password@host` without a scheme does not parse).
      message: "Not a URL (give the portal's https:// address).",
    })
  }
  // A user name or password in the authority — also where the URL parser misreads it (`me:pw@host`, no scheme).
  const authority = raw.replace(/^[a-z][a-z0-9+.-]*:\/\//i, "").split(/[/?#]/, 1)[0] ?? ""
  if (url.username !== "" || url.password !== "" || authority.includes("@")) {
    throw new InvalidInput({
      operation: "Portal.layer",
      field: "url",
      message: "The portal URL carries a user name or password; sign in through `auth` instead (the URL is not shown).",
    })
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new InvalidInput({
      operation: "Portal.layer",
      field: "url",
      message: `Only http and https portals are supported, not ${url.protocol}`,
    })
  }
  let path = url.pathname.replace(/\/+$/, "")
  const home = path.search(/\/home(\/|$)/i)
  if (home >= 0) path = path.slice(0, home)
  path = path.replace(/\/sharing(\/rest)?$/i, "")
  const portalUrl = `${url.protocol}//${url.host}${path}`
  return { portalUrl, restUrl: `${portalUrl}/sharing/rest` }
}

/** Builds the `Portal` service from options (fails with `InvalidInput` on a bad URL). */
export const make = (options: Options = {}): Effect.Effect<PortalShape, InvalidInput> =>
  Effect.try({
    try: () => {
      const { restUrl, portalUrl } = normalizeUrl(options.url)
      for (const server of options.trustedServers ?? []) {
        if (typeof server !== "string" || prefixOf(server, "configured") === undefined) {
          throw new InvalidInput({
            operation: "Portal.layer",
            field: "trustedServers",
            message: `Not an http(s) URL or host: ${JSON.stringify(String(server).slice(0, 200))}`,
          })
        }
      }
      return {
        restUrl,
        portalUrl,
        timeout: options.timeout ?? 60_000,
        retry: options.retry ?? defaultPolicy,
        maxUrlLength: options.maxUrlLength ?? 2_000,
      }
    },
    catch: (error) =>
      error instanceof InvalidInput
        ? error
        : new InvalidInput({ operation: "Portal.layer", field: "url", message: "The portal URL is not valid." }),
  })

/**
 * Everything a feature layer needs: `Portal`, `Auth` and `Transport` for the portal at `url`,
 * authenticated with `auth`.
 *
 * @example
 * import { Portal } from "@arcgis-portal/core"
 * const PortalLive = Portal.layer({ url: "https://host/portal" })
 */
export const layer = (
  options: Options = {},
): Layer.Layer<Portal | Auth.Auth | Transport.Transport | PortalSelf.PortalSelf, InvalidInput> => {
  const portalLayer = Layer.effect(Portal, make(options))
  const strategy = options.auth ?? anonymous
  const services = Layer.effectContext(
    Effect.gen(function* () {
      const portal = yield* Portal
      // How requests reach the network: a test's fetch, else the strategy's transport (provided below), else the
      // `Network` the program provides, else the global fetch.
      const chosen: Network.NetworkShape =
        options.fetch === undefined
          ? yield* Network.current
          : { name: "fetch", trusted: options.fetch, public: options.fetch, tlsIdentity: undefined }
      const network = options.instrument === undefined ? chosen : options.instrument(chosen)
      const http = makeHttp({
        restUrl: portal.restUrl,
        timeout: portal.timeout,
        maxUrlLength: portal.maxUrlLength,
        userAgent: options.userAgent,
        network,
        allowInsecureHttp: options.allowInsecureHttp === true,
      })
      // The credential boundary reads the portal's own servers through the transport it guards (those requests go
      // to the portal's origin, so they never consult it), and `portals/self` through the layer's one PortalSelf.
      const trust = makeTrust(
        {
          portalOrigin: http.origin,
          configured: options.trustedServers ?? [],
          hasCredentials: strategy.acquire !== undefined || network.tlsIdentity !== undefined,
        },
        (request) => transport.json(request),
        (operation) => self.get(operation),
      )
      const auth = Auth.make(strategy, portal, http, trust)
      const transport: Transport.TransportShape = Transport.make(portal, auth, http, trust)
      const self = PortalSelf.make(transport)
      return Context.make(Auth.Auth, auth).pipe(
        Context.add(Transport.Transport, transport),
        Context.add(PortalSelf.PortalSelf, self),
      )
    }),
  )
  // A strategy that is a property of the connection (client certificate, proxy) brings its `Network` as a scoped
  // layer: built with this layer, its dispatchers closed with this layer's scope.
  const connected = strategy.transport === undefined ? services : Layer.provide(services, strategy.transport)
  return Layer.provideMerge(connected, portalLayer)
}
