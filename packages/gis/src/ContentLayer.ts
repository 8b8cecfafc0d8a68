/**
 * The content services in one layer, for Effect users and for `@arcgis-portal/gis/content` — its `GIS.layer(options)`:
 * `Portal`, `Auth`, `Transport` and `PortalSelf` for the portal, and `Content` and `Items`. The main entry's
 * `GIS.layer` (`GisLayer.ts`) is this layer plus the other feature services; both observe every HTTP exchange with
 * `onRequest` when it is given. `ContentLayer` is its former, deprecated name.
 *
 * @see arcgis.gis.ContentManager
 */
import { Content, Items } from "@arcgis-portal/content"
import { type Auth, Portal, type PortalError, type PortalSelf, type Transport } from "@arcgis-portal/core"
import * as Layer from "effect/Layer"
import { observePortal } from "./internal/observe.ts"
import type { OnRequest } from "./RequestEvent.ts"

/** Options of `GIS.layer` (both entries'): the portal's (`url`, `auth`, timeouts…) and `onRequest`. */
export interface ContentLayerOptions extends Portal.Options {
  /**
   * Called once per HTTP exchange with its method, origin, path (no query string, header or body), status and
   * duration — a request log that never sees a secret. See `RequestEvent`.
   */
  readonly onRequest?: OnRequest | undefined
}

/** Every service the content entry's `GIS.layer` provides. */
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

/** `Content` and `Items` (what the main entry's layer builds on too). */
export const contentServices = Layer.mergeAll(Content.layer, Items.layer)

/**
 * One layer with the content services for the portal at `url`, authenticated with `auth`: what the content entry's
 * `GIS.layer` is.
 *
 * @see arcgis.gis.ContentManager
 */
export const contentLayer = (
  options: ContentLayerOptions = {},
): Layer.Layer<ContentServices, PortalError.InvalidInput> =>
  contentServices.pipe(Layer.provideMerge(portalLayer(options)))

/**
 * The former name of the content entry's `GIS.layer`, kept for one minor version.
 *
 * @deprecated Use `GIS.layer(options)` of `@arcgis-portal/gis/content`: a name ending in "Layer" reads as an
 * `effect/Layer` module. Removed in the next minor version.
 * @see arcgis.gis.ContentManager
 * @example
 * import { GIS } from "@arcgis-portal/gis/content"
 * const layer = GIS.layer({ url: "https://www.arcgis.com" }) // was: ContentLayer({ url: "https://www.arcgis.com" })
 */
export const ContentLayer = contentLayer
