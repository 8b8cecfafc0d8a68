/**
 * Everything in one layer, for Effect users: `Portal`, `Auth` and `Transport` for the portal, and
 * every feature service (`Content`, `Items`, `Users`, `Groups`, `Roles`, `Resources`, `Datastores`,
 * `Datastore`). The Promise facade runs on exactly this layer, one managed runtime per `GIS`. It is
 * `ContentLayer`'s services plus the others, over the same portal layer.
 *
 * @see arcgis.gis.GIS
 */
import type { PortalError } from "@arcgis-portal/core"
import { type Datastore, Datastores } from "@arcgis-portal/datastores"
import { Resources } from "@arcgis-portal/resources"
import { Groups, Roles, Users } from "@arcgis-portal/users-groups-roles"
import * as Layer from "effect/Layer"
import { type ContentLayerOptions, type ContentServices, contentServices, portalLayer } from "./ContentLayer.ts"

/** Options of {@link GisLayer}: the portal's (`url`, `auth`, timeouts…), `onRequest`, and the services' own. */
export interface GisLayerOptions extends ContentLayerOptions {
  /** Which federated server `Datastores` administers. Default: the hosting server. */
  readonly server?: Datastores.Options["server"]
  /** Limits of `Resources` (file size, allowed extensions). */
  readonly resources?: Resources.Options | undefined
}

/** Every service {@link GisLayer} provides. */
export type GisServices =
  | ContentServices
  | Users.Users
  | Groups.Groups
  | Roles.Roles
  | Resources.Resources
  | Datastores.Datastores
  | Datastore.Datastore

/**
 * One layer with every service of the SDK for the portal at `url`, authenticated with `auth`.
 *
 * @see arcgis.gis.GIS
 * @example
 * import { GisLayer } from "@arcgis-portal/gis"
 * import { Content } from "@arcgis-portal/content"
 * import * as Effect from "effect/Effect"
 * const program = Effect.flatMap(Content.Content, (content) => content.search("parks"))
 * const items = Effect.runPromise(Effect.provide(program, GisLayer({ url: "https://www.arcgis.com" })))
 */
export const GisLayer = (options: GisLayerOptions = {}): Layer.Layer<GisServices, PortalError.InvalidInput> =>
  Layer.mergeAll(
    contentServices,
    Users.layer,
    Groups.layer,
    Roles.layer,
    Resources.layer(options.resources),
    Datastores.layer({ server: options.server }),
  ).pipe(Layer.provideMerge(portalLayer(options)))
