/**
 * The credential boundary: the one place that decides which hosts a credential may reach.
 *
 * A credential (a token, a password, an API key, a refresh token, a client secret, a client certificate) goes
 * only to the portal's own origin and to servers proven to belong to the portal:
 * - servers the portal lists in `portals/self/servers` (`url` and `adminUrl`, ArcGIS Enterprise);
 * - on ArcGIS Online, the org's own host (`<urlKey>.<customBaseUrl>`) and its hosted-service hosts
 *   (`portals/<id>/urls`), under the org's own path (`https://services1.arcgis.com/<orgId>/…`);
 * - what the user listed in `trustedServers`.
 * Every other host gets the request without credentials, so public services still work. Origins are
 * scheme + host + port: `http://host` is not `https://host`.
 *
 * The lists are read once, the first time a request to another origin would carry a credential (requests to the
 * portal itself never wait for them), by all concurrent callers together; a look-up that failed for a network
 * reason is tried again next time.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/servers.htm
 * @see https://developers.arcgis.com/rest/users-groups-and-items/urls
 */
import * as Effect from "effect/Effect"
import * as Semaphore from "effect/Semaphore"
import type { PortalFailure } from "../PortalError.ts"
import type { Credentials, PortalRequest } from "../PortalRequest.ts"

/** A trusted place: an origin, and the path every trusted URL starts with there (`/` for the whole origin). */
export interface TrustedPrefix {
  readonly origin: string
  /** Lower case, ending with `/`. */
  readonly path: string
  /** Why it is trusted (span attribute `auth.trust`). */
  readonly source: "configured" | "federated" | "online"
}

/** What the boundary decided for one request. */
export interface Decision {
  /** The credentials the request may carry (`"none"` when they were withheld). */
  readonly credentials: Credentials
  /**
   * Whether the target is inside the boundary: requests there are sent with the strategy's own fetch (which may
   * present a client certificate) and may carry secrets in their body.
   */
  readonly trusted: boolean
  /** `portal`, `configured`, `federated`, `online`, `untrusted` or `anonymous` — for spans and debug logs. */
  readonly why: string
}

/** `scheme://host[:port]` of a URL, in the WHATWG URL's normal form (default ports dropped, host lower case). */
export const originOf = (url: string | URL): string => (typeof url === "string" ? new URL(url) : url).origin

const loopbackHosts = /^(localhost|.*\.localhost|127(\.\d{1,3}){3}|\[::1\]|\[0*:0*:0*:0*:0*:0*:0*:0*1\])$/i

/** Whether a URL's host is this machine (nothing leaves it, so clear text is not observable on a network). */
export const isLoopback = (url: URL): boolean => loopbackHosts.test(url.hostname)

/** Parses a configured or listed server URL into a trusted prefix; `undefined` when it is not an http(s) URL. */
export const prefixOf = (raw: string, source: TrustedPrefix["source"]): TrustedPrefix | undefined => {
  let url: URL
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `https://${raw}`)
  } catch {
    return undefined
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return undefined
  const path = url.pathname.toLowerCase().replace(/\/+$/, "")
  return { origin: url.origin, path: `${path}/`, source }
}

/** Whether `url` lies under `prefix` (same origin, and its path starts with the prefix's path). */
export const within = (url: URL, prefix: TrustedPrefix): boolean =>
  url.origin === prefix.origin && `${url.pathname.toLowerCase().replace(/\/+$/, "")}/`.startsWith(prefix.path)

/** What the portal said about itself and its servers. */
interface Known {
  readonly prefixes: ReadonlyArray<TrustedPrefix>
  /** `false` when a look-up failed for a reason other than a refusal: the next decision asks again. */
  readonly complete: boolean
}

const record = (value: unknown): Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {}

const strings = (value: unknown): ReadonlyArray<string> =>
  Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === "string") : []

/** A failure that means "the portal has nothing to say" (no such resource, not allowed) rather than "try again". */
const isAnswer = (error: PortalFailure): boolean =>
  error._tag === "PortalError" || error._tag === "AuthError" || error._tag === "DecodeError"

/** Reads what the portal says about its servers (see the module comment). */
export const discover = (
  send: (request: PortalRequest) => Effect.Effect<unknown, PortalFailure>,
  portalSelf: (operation: string) => Effect.Effect<unknown, PortalFailure>,
): Effect.Effect<Known> =>
  Effect.gen(function* () {
    let complete = true
    const answered = (read: Effect.Effect<unknown, PortalFailure>) =>
      read.pipe(
        Effect.map(record),
        Effect.catch((error: PortalFailure) => {
          if (!isAnswer(error)) complete = false
          return Effect.succeed(record(undefined))
        }),
      )
    const read = (path: string, operation: string) =>
      answered(send({ operation, method: "GET", path, credentials: "portal", idempotent: true }))
    // The layer's one `portals/self` read, shared with every feature service.
    const self = yield* answered(portalSelf("Trust.portalSelf"))
    const prefixes: Array<TrustedPrefix> = []
    const add = (raw: unknown, source: TrustedPrefix["source"], suffix = "") => {
      if (typeof raw !== "string" || raw === "") return
      const prefix = prefixOf(raw.replace(/\/+$/, "") + suffix, source)
      if (prefix !== undefined) prefixes.push(prefix)
    }
    const servers = yield* read("portals/self/servers", "Trust.servers")
    for (const server of Array.isArray(servers.servers) ? servers.servers : []) {
      const entry = record(server)
      add(entry.url, "federated")
      add(entry.adminUrl ?? entry.adminURL, "federated")
    }
    const orgId = typeof self.id === "string" && /^[A-Za-z0-9]{1,64}$/.test(self.id) ? self.id : undefined
    if (self.isPortal === false && orgId !== undefined) {
      // ArcGIS Online: the org's own host name is the same portal, and its hosted services live under /<orgId>/.
      if (typeof self.urlKey === "string" && typeof self.customBaseUrl === "string") {
        add(`https://${self.urlKey}.${self.customBaseUrl}`, "online")
      }
      const urls = record((yield* read(`portals/${orgId}/urls`, "Trust.urls")).urls)
      for (const kind of ["features", "tiles"]) {
        for (const host of strings(record(urls[kind]).https)) add(host, "online", `/${orgId}`)
      }
    }
    return { prefixes, complete: complete && Object.keys(self).length > 0 }
  })

/** The boundary of one portal layer. */
export interface TrustBoundary {
  /** What a request to `url` (not on the portal's origin) that wants `wanted` may carry. */
  readonly decide: (url: URL, wanted: Credentials) => Effect.Effect<Decision>
  /**
   * The same decision from what is known without asking the portal (its origin and `trustedServers`): for the
   * requests that obtain the portal token, which the look-up itself would wait for.
   */
  readonly decideLocally: (url: URL) => Decision
  /** Whether a federated server's root is inside the boundary (before any token is exchanged for it). */
  readonly trustsServer: (serverUrl: string) => Effect.Effect<boolean>
}

export interface TrustOptions {
  readonly portalOrigin: string
  /** Hosts or URL prefixes the user trusts explicitly (`trustedServers`). */
  readonly configured: ReadonlyArray<string>
  /**
   * Whether requests can carry anything worth protecting (a token or a client certificate). Without, nothing is
   * ever looked up.
   */
  readonly hasCredentials: boolean
}

export const makeTrust = (
  options: TrustOptions,
  send: (request: PortalRequest) => Effect.Effect<unknown, PortalFailure>,
  portalSelf: (operation: string) => Effect.Effect<unknown, PortalFailure>,
): TrustBoundary => {
  const configured = options.configured
    .map((raw) => prefixOf(raw, "configured"))
    .filter((prefix): prefix is TrustedPrefix => prefix !== undefined)
  const lock = Semaphore.makeUnsafe(1)
  let known: Known | undefined
  const lookup: Effect.Effect<ReadonlyArray<TrustedPrefix>> = Effect.suspend(() =>
    known !== undefined
      ? Effect.succeed(known.prefixes)
      : lock.withPermits(1)(
          Effect.suspend(() =>
            known !== undefined
              ? Effect.succeed(known.prefixes)
              : Effect.map(discover(send, portalSelf), (found) => {
                  if (found.complete) known = found
                  return found.prefixes
                }),
          ),
        ),
  )

  const match = (url: URL): Effect.Effect<TrustedPrefix | undefined> => {
    if (url.origin === options.portalOrigin) {
      return Effect.succeed({ origin: url.origin, path: "/", source: "federated" })
    }
    const explicit = configured.find((prefix) => within(url, prefix))
    if (explicit !== undefined) return Effect.succeed(explicit)
    if (!options.hasCredentials) return Effect.succeed(undefined)
    return Effect.map(lookup, (prefixes) => prefixes.find((prefix) => within(url, prefix)))
  }

  return {
    decideLocally: (url) => {
      if (url.origin === options.portalOrigin) return { credentials: "none", trusted: true, why: "portal" }
      const explicit = configured.find((prefix) => within(url, prefix))
      return explicit === undefined
        ? { credentials: "none", trusted: false, why: "untrusted" }
        : { credentials: "none", trusted: true, why: explicit.source }
    },
    decide: (url, wanted) => {
      if (url.origin === options.portalOrigin)
        return Effect.succeed({ credentials: wanted, trusted: true, why: "portal" })
      if (!options.hasCredentials && configured.length === 0) {
        return Effect.succeed({ credentials: "none", trusted: false, why: "anonymous" })
      }
      return Effect.map(match(url), (prefix) =>
        prefix === undefined
          ? { credentials: "none", trusted: false, why: "untrusted" }
          : { credentials: wanted, trusted: true, why: prefix.source },
      )
    },
    trustsServer: (serverUrl) => {
      let url: URL
      try {
        url = new URL(serverUrl)
      } catch {
        return Effect.succeed(false)
      }
      return Effect.map(match(url), (prefix) => prefix !== undefined)
    },
  }
}
