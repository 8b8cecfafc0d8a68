/**
 * The content services in one layer, for Effect users and for `@arcgis-portal/gis/content`: `Portal`, `Auth`,
 * `Transport` and `PortalSelf` for the portal, and `Content` and `Items`. `GisLayer` is this layer plus the other
 * feature services; both observe every HTTP exchange with `onRequest` when it is given.
 *
 * @see arcgis.gis.ContentManager
 */
import { Content, Items } from "@arcgis-portal/content"
import { type Auth, Portal, type PortalError, type PortalSelf, type Transport } from "@arcgis-portal/core"
import * as Layer from "effect/Layer"
import { observePortal } from "./internal/observe.ts"
import type { OnRequest } from "./RequestEvent.ts"

/** Options of {@link ContentLayer}: the portal's (`url`, `auth`, timeouts…) and `onRequest`. */
export interface ContentLayerOptions extends Portal.Options {
  /**
   * Called once per HTTP exchange with its method, origin, path (no query string, header or body), status and
   * duration — a request log that never sees a secret. See `RequestEvent`.
   */
  readonly onRequest?: OnRequest | undefined
}

/** Every service {@link ContentLayer} provides. */
export type ContentServices =
  | Portal.Portal
  | Auth.Auth
  | Transport.Transport
  | PortalSelf.PortalSelf
  | Content.Content
  | Items.Items

/** `Portal`, `Auth`, `Transport` and `PortalSelf` for `options`, every exchange reported to `onRequest`. */
export const portalLayer = (
  options: ContentLayerOptions,
): Layer.Layer<Portal.Portal | Auth.Auth | Transport.Transport | PortalSelf.PortalSelf, PortalError.InvalidInput> =>
  Portal.layer(observePortal(options))

/** `Content` and `Items` (what `GisLayer` builds on too). */
export const contentServices = Layer.mergeAll(Content.layer, Items.layer)

/**
 * One layer with the content services for the portal at `url`, authenticated with `auth`.
 *
 * @see arcgis.gis.ContentManager
 * @example
 * import { ContentLayer } from "@arcgis-portal/gis/content"
 * import { Content } from "@arcgis-portal/content"
 * import * as Effect from "effect/Effect"
 * const program = Effect.flatMap(Content.Content, (content) => content.search("parks"))
 * const items = Effect.runPromise(
 *   Effect.provide(program, ContentLayer({ url: "https://www.arcgis.com", onRequest: (event) => console.log(event) })),
 * )
 */
export const ContentLayer = (
  options: ContentLayerOptions = {},
): Layer.Layer<ContentServices, PortalError.InvalidInput> =>
  contentServices.pipe(Layer.provideMerge(portalLayer(options)))
