/**
 * The connection of `@arcgis-portal/gis/content` (its `GIS`): `gis.content` with items, the portal's properties,
 * and nothing else — for a page that only searches and reads content, and should not bundle users, groups, roles,
 * data stores, resources or OAuth. The main entry's `GIS` extends this class with the rest.
 *
 * @see arcgis.gis.GIS
 */
import { AuthStrategy, Endpoint, type PortalError, PortalSelf, Transport } from "@arcgis-portal/core"
import * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"
import type * as Redacted from "effect/Redacted"
import { ContentItem } from "./ContentItem.ts"
import { type ContentLayerOptions, type ContentServices, contentLayer } from "./ContentLayer.ts"
import { ContentManager } from "./ContentManager.ts"
import { connectWith, mainEntryCredentials, type Resolved, tokenCredentials } from "./internal/connect.ts"
import { refuse } from "./internal/inputs.ts"
import { run, type Session, sessionKey } from "./internal/session.ts"

/**
 * Options of the content entry's `GIS.connect`: the portal, a token or an API key (or any `AuthStrategy` as
 * `auth`), and the connection's settings (`timeout`, `trustedServers`, `onRequest`…).
 *
 * @see arcgis.gis.GIS
 */
export interface ContentConnectOptions extends Omit<ContentLayerOptions, "auth" | "url"> {
  /** The portal, as a user would type it. Default: ArcGIS Online. */
  readonly url?: string | undefined
  /**
   * Any auth strategy, used as is: e.g. `builtInUser(...)` from `@arcgis-portal/auth-token`, or `pkce(...)` from
   * `@arcgis-portal/auth-oauth` — bundled only when you import them.
   */
  readonly auth?: AuthStrategy.AuthStrategy | undefined
  /** An API key. */
  readonly apiKey?: string | Redacted.Redacted<string> | undefined
  /** A token obtained elsewhere. */
  readonly token?: string | Redacted.Redacted<string> | undefined
}

/** The content entry's resolution: `auth`, else `apiKey`, else `token`, else anonymous. */
const resolveContentAuth = async (options: ContentConnectOptions): Promise<Resolved> => {
  if (options.auth !== undefined) return { url: options.url, auth: options.auth }
  for (const field of mainEntryCredentials) {
    if ((options as { readonly [key: string]: unknown })[field] !== undefined) {
      throw refuse(
        "GIS.connect",
        field,
        `"${field}" needs the main entry: import { GIS } from "@arcgis-portal/gis" (or pass a strategy as auth).`,
      )
    }
  }
  return { url: options.url, auth: tokenCredentials(options) ?? AuthStrategy.anonymous }
}

/**
 * A connection to a portal, for content.
 *
 * @see arcgis.gis.GIS
 * @example
 * import { GIS } from "@arcgis-portal/gis/content"
 * const gis = await GIS.connect({ url: "https://www.arcgis.com", apiKey: "…" })
 * const maps = await gis.content.search('type:"Web Map"', { maxItems: 5 })
 * await gis.close()
 */
export class ContentGIS {
  /** The portal's base URL (`https://host/portal`). */
  readonly url: string
  /**
   * Items: add, get, search, folders, services.
   *
   * @see arcgis.gis.GIS.content
   */
  readonly content: ContentManager<ContentItem>
  /** @internal The connection this object belongs to: a symbol key, so not in `Object.keys` or JSON. */
  readonly [sessionKey]: Session

  /** @internal Use `GIS.connect`. `content` makes the connection's content manager (the main entry's items). */
  constructor(
    session: Session,
    content: ContentManager<ContentItem> = new ContentManager(session, (json) => new ContentItem(session, json)),
  ) {
    this[sessionKey] = session
    this.url = session.portalUrl
    this.content = content
  }

  /**
   * Connects to a portal with a token, an API key or an `auth` strategy (anonymously without), reading the portal's
   * `portals/self` once, so that a wrong URL or token rejects here.
   *
   * @see arcgis.gis.GIS
   */
  static connect(options: ContentConnectOptions = {}): Promise<ContentGIS> {
    return connectWith(options, resolveContentAuth, undefined, contentLayer, (session) => new ContentGIS(session))
  }

  /**
   * The layer this entry's connections run on, for Effect users: `Portal`, `Auth`, `Transport` and `PortalSelf` for
   * the portal at `url` (authenticated with `auth`), and `Content` and `Items`. (The former `ContentLayer`.)
   *
   * @see arcgis.gis.ContentManager
   * @example
   * import { GIS } from "@arcgis-portal/gis/content"
   * import { Content } from "@arcgis-portal/content"
   * import * as Effect from "effect/Effect"
   * const program = Effect.flatMap(Content.Content, (content) => content.search("parks"))
   * const items = Effect.runPromise(
   *   Effect.provide(program, GIS.layer({ url: "https://www.arcgis.com", onRequest: (event) => console.log(event) })),
   * )
   */
  static readonly layer: (options?: ContentLayerOptions) => Layer.Layer<ContentServices, PortalError.InvalidInput> =
    contentLayer

  /**
   * The portal's properties (`portals/self`), read now.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/portal-self.htm
   * @see arcgis.gis.GIS.properties
   */
  properties(): Promise<{ readonly [key: string]: unknown }> {
    return run(this[sessionKey], readProperties("GIS.properties"))
  }

  /** Releases the connection's runtime (its services and token sessions). */
  close(): Promise<void> {
    return this[sessionKey].runtime.dispose()
  }

  /**
   * Closes the connection, as `close()` does, when an `await using` block ends.
   *
   * @example
   * await using gis = await GIS.connect({ url, token })
   * console.log((await gis.properties()).name) // closed when the block ends, also on a throw
   */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close()
  }
}

/** `portals/self`, read now. */
export const readProperties = (
  operation: string,
): Effect.Effect<{ readonly [key: string]: unknown }, PortalError.PortalFailure, Transport.Transport> =>
  Effect.flatMap(Transport.Transport, (transport) =>
    Endpoint.send(transport, PortalSelf.endpoint, operation, undefined),
  )
