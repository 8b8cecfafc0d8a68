/**
 * The entry point of the Promise face — Python's `arcgis.gis.GIS`. `await GIS.connect({ url, ... })`
 * signs in and gives `gis.content`, `gis.users` (with `gis.users.roles`), `gis.groups`,
 * `gis.datastores(server?)`, `gis.properties()`, `gis.updateProperties(...)` and `gis.map(...)`.
 * Each `GIS` runs the Effect services on one managed runtime; `gis.close()` releases it.
 *
 * @see https://developers.arcgis.com/python/guide/working-with-different-authentication-schemes/
 * @see arcgis.gis.GIS
 */
import { beginAuthorization, completeAuthorization } from "@arcgis-portal/auth-oauth"
import { builtInUser } from "@arcgis-portal/auth-token"
import { AuthStrategy, Endpoint, Portal, type PortalError, PortalSelf } from "@arcgis-portal/core"
import { updatePortal } from "@arcgis-portal/users-groups-roles"
import * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"
import type * as Redacted from "effect/Redacted"
import { type ContentConnectOptions, ContentGIS } from "./ContentGIS.ts"
import { DatastoreManager, type ServerSelector } from "./DatastoreManager.ts"
import { ContentManager } from "./FullContentManager.ts"
import { type GisLayerOptions, type GisServices, gisLayer } from "./GisLayer.ts"
import { GroupManager } from "./GroupManager.ts"
import { Item } from "./Item.ts"
import * as Args from "./internal/args.ts"
import { type AuthResolver, connectWith, tokenCredentials } from "./internal/connect.ts"
import { paramsOf, refuse, secret } from "./internal/inputs.ts"
import { mapUrl } from "./internal/map.ts"
import { observedNetwork, observeFetch } from "./internal/observe.ts"
import { run, type Session, sessionKey } from "./internal/session.ts"
import { UserManager } from "./UserManager.ts"

/**
 * How to sign in with OAuth (`clientId`): in a browser, the redirect flow with PKCE; in Node
 * (`@arcgis-portal/gis/node`), a one-shot listener on 127.0.0.1 (the loopback flow).
 */
export interface OAuthOptions {
  /** Browser: the redirect URI registered on the app. Default: the current page without its query. */
  readonly redirectUri?: string | undefined
  /** Node: opens the authorize URL. Default: print it on stderr. */
  readonly open?: ((url: string) => void | Promise<void>) | undefined
  /** Node: the listener's port. Default: an ephemeral port. */
  readonly port?: number | undefined
  /** Node: how long to wait for the browser, in milliseconds. Default five minutes. */
  readonly timeout?: number | undefined
  /** The refresh token's lifetime in minutes. */
  readonly expiration?: number | undefined
}

/**
 * An HTTP(S) proxy — Python's `proxy_host`/`proxy_port` — as `@arcgis-portal/gis/node` takes it (it hands it to
 * `throughProxy` of `@arcgis-portal/auth-proxy`, which you install beside it). Described here so that the main
 * entry's types never need that Node-only package.
 */
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
 * Options of {@link GIS.connect}: Python's constructor arguments in camelCase. An explicit `auth`
 * always wins; otherwise the first of `profile`, `keyFile`/`certFile`, `username`/`password`,
 * `apiKey`, `token`, `clientId` that is given decides, and `proxy` wraps it. Nothing: anonymous.
 *
 * @see arcgis.gis.GIS
 */
export interface ConnectOptions extends ContentConnectOptions, Omit<GisLayerOptions, "auth" | "url"> {
  /** Any auth strategy (`builtInUser(...)`, `pkce(...)`, your own): used as is. */
  readonly auth?: AuthStrategy.AuthStrategy | undefined
  /** A built-in user (`generateToken`); the password only ever travels in a POST body. */
  readonly username?: string | undefined
  readonly password?: string | Redacted.Redacted<string> | undefined
  /** An OAuth app's client id: sign in through the portal's OAuth page (see `oauth`). */
  readonly clientId?: string | undefined
  readonly oauth?: OAuthOptions | undefined
  /** (Node) PKI: the private key file. */
  readonly keyFile?: string | undefined
  /** (Node) PKI: the certificate file. */
  readonly certFile?: string | undefined
  /** (Node, with `keyFile`/`certFile`) `false` accepts any server certificate. Default `true`. */
  readonly verifyCert?: boolean | undefined
  /** (Node) An HTTP(S) proxy: Python's `proxy_host`/`proxy_port`. */
  readonly proxy?: ProxyOptions | undefined
  /** (Node) A saved profile (`@arcgis-portal/auth-token/node`): its URL and credentials. */
  readonly profile?: string | undefined
}

// Typed as always there (the DOM library), but absent outside browsers: hence `typeof`.
const inBrowser = (): boolean =>
  typeof globalThis.document !== "undefined" && typeof globalThis.location !== "undefined"

const nodeOnly = (field: string) =>
  refuse(
    "GIS.connect",
    field,
    `"${field}" needs Node: import { GIS } from "@arcgis-portal/gis/node" (the main entry stays browser-safe).`,
  )

/** The portal's page in a browser: finish a sign-in coming back, or start one (the page then leaves). */
const browserOAuth = async (options: ConnectOptions, clientId: string, oauth: OAuthOptions = {}) => {
  const url = options.url
  const location = globalThis.location
  const portalUrl = url ?? Portal.arcgisOnline
  const callback = new URL(location.href)
  if (callback.searchParams.has("state") && (callback.searchParams.has("code") || callback.searchParams.has("error"))) {
    const exchange = completeAuthorization({
      callbackUrl: callback,
      fetch: options.fetch === undefined ? undefined : observed(options, options.fetch),
      allowInsecureHttp: options.allowInsecureHttp,
    })
    // The code exchange is an HTTP exchange of this connection too: `onRequest` hears about it.
    return Effect.runPromise(
      options.fetch !== undefined || options.onRequest === undefined
        ? exchange
        : Effect.provide(exchange, observedNetwork(options.onRequest)),
    )
  }
  const redirectUri = oauth.redirectUri ?? `${callback.origin}${callback.pathname}`
  const request = await Effect.runPromise(
    beginAuthorization({ portalUrl, clientId, redirectUri, expiration: oauth.expiration }),
  )
  location.assign(request.url)
  // The page is leaving for the portal's sign-in: this connection never completes.
  return new Promise<never>(() => {})
}

/** `fetch` reporting to the connection's `onRequest`, if any (the OAuth code exchange, before the connection). */
export const observed = (options: ConnectOptions, fetch: typeof globalThis.fetch): typeof globalThis.fetch =>
  options.onRequest === undefined ? fetch : observeFetch(fetch, true, options.onRequest)

/**
 * The browser-safe resolution: built-in user, API key, token, OAuth in a browser. Node-only
 * arguments are refused with a pointer to `@arcgis-portal/gis/node`.
 */
export const resolveAuth: AuthResolver<ConnectOptions> = async (options) => {
  if (options.auth !== undefined) return { url: options.url, auth: options.auth }
  if (options.profile !== undefined) throw nodeOnly("profile")
  if (options.keyFile !== undefined || options.certFile !== undefined) throw nodeOnly("keyFile")
  if (options.proxy !== undefined) throw nodeOnly("proxy")
  return { url: options.url, auth: await credentials(options, () => Promise.reject(nodeOnly("clientId"))) }
}

/**
 * The strategy of the credential arguments (`username`/`password`, `apiKey`, `token`, `clientId`),
 * anonymous when there are none. `nodeOAuth` signs in with `clientId` outside browsers.
 */
export const credentials = async (
  options: ConnectOptions,
  nodeOAuth: () => Promise<AuthStrategy.AuthStrategy>,
): Promise<AuthStrategy.AuthStrategy> => {
  if (options.username !== undefined) {
    if (options.password === undefined) {
      throw refuse("GIS.connect", "password", "A username needs a password (Python prompts; pass it instead).")
    }
    return builtInUser({ username: options.username, password: secret(options.password) })
  }
  if (options.password !== undefined) throw refuse("GIS.connect", "username", "A password needs a username.")
  const token = tokenCredentials(options)
  if (token !== undefined) return token
  if (options.clientId !== undefined) {
    return inBrowser() ? browserOAuth(options, options.clientId, options.oauth) : nodeOAuth()
  }
  return AuthStrategy.anonymous
}

/** A `[latitude, longitude]` pair, as Python's `(lat, long)` tuple. */
export type LatLong = readonly [latitude: number, longitude: number]

/**
 * A connection to a portal.
 *
 * @see arcgis.gis.GIS
 * @example
 * import { GIS } from "@arcgis-portal/gis"
 * const gis = await GIS.connect({ url: "https://host/portal", username: "jsmith", password: "…" })
 * const maps = await gis.content.search('type:"Web Map"', { maxItems: 5 })
 * await gis.close()
 */
export class GIS extends ContentGIS {
  /**
   * Items: add, get, search, folders, services.
   *
   * @see arcgis.gis.GIS.content
   */
  declare readonly content: ContentManager<Item>
  /**
   * Users (and `users.roles`).
   *
   * @see arcgis.gis.GIS.users
   */
  readonly users: UserManager
  /**
   * Groups.
   *
   * @see arcgis.gis.GIS.groups
   */
  readonly groups: GroupManager
  /** @internal The connection this object belongs to: a symbol key, so not in `Object.keys` or JSON. */
  declare readonly [sessionKey]: Session<GisServices>
  readonly #datastores = new Map<string, DatastoreManager>()

  /** @internal Use {@link GIS.connect}. */
  constructor(session: Session<GisServices>) {
    super(session, new ContentManager(session, (json) => new Item(session, json)))
    this.users = new UserManager(session)
    this.groups = new GroupManager(session)
  }

  /**
   * Connects to a portal and signs in (the portal's `portals/self` is read once, so bad
   * credentials reject here). Python's `GIS(url, username, password, ...)`.
   *
   * @see arcgis.gis.GIS
   */
  static override connect(options: ConnectOptions = {}): Promise<GIS> {
    return connectWith(options, resolveAuth, undefined, gisLayer, (session) => new GIS(session))
  }

  /**
   * The layer every `GIS` runs on, for Effect users: `Portal`, `Auth`, `Transport` and `PortalSelf` for the portal at
   * `url` (authenticated with `auth`), and every feature service — `Content`, `Items`, `Users`, `Groups`, `Roles`,
   * `Resources`, `Datastores` and `Datastore`. (The former `GisLayer`.)
   *
   * @see arcgis.gis.GIS
   * @example
   * import { GIS } from "@arcgis-portal/gis"
   * import { Content } from "@arcgis-portal/content"
   * import * as Effect from "effect/Effect"
   * const program = Effect.flatMap(Content.Content, (content) => content.search("parks"))
   * const items = Effect.runPromise(Effect.provide(program, GIS.layer({ url: "https://www.arcgis.com" })))
   */
  static override readonly layer: (options?: GisLayerOptions) => Layer.Layer<GisServices, PortalError.InvalidInput> =
    gisLayer

  /**
   * The data stores of a federated server: `{ id }`, `{ url }`, `{ serverRole }`, `{ adminUrl }`
   * or a string; default the hosting server.
   *
   * @see arcgis.gis.DatastoreManager
   */
  datastores(server?: ServerSelector): DatastoreManager {
    const key = server === undefined ? "" : JSON.stringify(server)
    let manager = this.#datastores.get(key)
    if (manager === undefined) {
      manager = new DatastoreManager(this[sessionKey], server)
      this.#datastores.set(key, manager)
    }
    return manager
  }

  /**
   * Updates the portal's properties (org administrators).
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/update-portal.htm
   * @see arcgis.gis.GIS.update_properties
   */
  updateProperties(propertiesDict: { readonly [key: string]: unknown }): Promise<boolean> {
    return run(
      this[sessionKey],
      Effect.andThen(Args.check("GIS.updateProperties", ["propertiesDict", propertiesDict, Args.record]), () =>
        Effect.flatMap(paramsOf("GIS.updateProperties", "propertiesDict", propertiesDict), (properties) =>
          Endpoint.call(updatePortal, "GIS.updateProperties", { properties }),
        ),
      ).pipe(
        // What the services kept of `portals/self` may have changed.
        Effect.tap(() => Effect.flatMap(PortalSelf.PortalSelf, (self) => self.invalidate)),
        Effect.map((result) => result.success !== false),
      ),
    )
  }

  /**
   * The URL of the portal's map viewer centred on `location` — a `[latitude, longitude]` pair or
   * an address, geocoded with the portal's geocoder (`helperServices.geocode`; a `GeocodeError`
   * when there is none or it finds nothing) — at `zoomlevel`. Without a zoom level an address
   * opens on its matched extent. (Python's map widget only exists in Jupyter.)
   *
   * @see arcgis.gis.GIS.map
   */
  map(location?: string | LatLong, zoomlevel?: number): Promise<string> {
    const session = this[sessionKey]
    return run(session, mapUrl(session.portalUrl, location, zoomlevel))
  }
}

export type { PortalError } from "@arcgis-portal/core"
