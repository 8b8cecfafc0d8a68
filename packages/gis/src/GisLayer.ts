/**
 * Everything in one layer, for Effect users — `GIS.layer(options)`: `Portal`, `Auth` and `Transport` for the portal,
 * and every feature service (`Content`, `Items`, `Users`, `Groups`, `Roles`, `Resources`, `Datastores`,
 * `Datastore`). The Promise facade runs on exactly this layer, one managed runtime per `GIS`. It is the content
 * entry's layer (`ContentLayer.ts`) plus the other services, over the same portal layer. `GisLayer` is its former,
 * deprecated name.
 *
 * @see arcgis.gis.GIS
 */
import type { PortalError } from "@arcgis-portal/core"
import { type Datastore, Datastores } from "@arcgis-portal/datastores"
import { Resources } from "@arcgis-portal/resources"
import { Groups, Roles, Users } from "@arcgis-portal/users-groups-roles"
import * as Layer from "effect/Layer"
import { type ContentLayerOptions, type ContentServices, contentServices, portalLayer } from "./ContentLayer.ts"

/** Options of `GIS.layer`: the portal's (`url`, `auth`, timeouts…), `onRequest`, and the services' own. */
export interface GisLayerOptions extends ContentLayerOptions {
  /** Which federated server `Datastores` administers. Default: the hosting server. */
  readonly server?: Datastores.Options["server"]
  /** Limits of `Resources` (file size, allowed extensions). */
  readonly resources?: Resources.Options | undefined
}

/** Every service `GIS.layer` provides. */
export type GisServices =
  | ContentServices
  | Users.Users
  | Groups.Groups
  | Roles.Roles
  | Resources.Resources
  | Datastores.Datastores
  | Datastore.Datastore

/**
 * One layer with every service of the SDK for the portal at `url`, authenticated with `auth`: what `GIS.layer` is.
 *
 * @see arcgis.gis.GIS
 */
export const gisLayer = (options: GisLayerOptions = {}): Layer.Layer<GisServices, PortalError.InvalidInput> =>
  Layer.mergeAll(
    contentServices,
    Users.layer,
    Groups.layer,
    Roles.layer,
    Resources.layer(options.resources),
    Datastores.layer({ server: options.server }),
  ).pipe(Layer.provideMerge(portalLayer(options)))

/**
 * The former name of `GIS.layer`, kept for one minor version.
 *
 * @deprecated Use `GIS.layer(options)`: a name ending in "Layer" reads as an `effect/Layer` module. Removed in the next
 * minor version.
 * @see arcgis.gis.GIS
 * @example
 * import { GIS } from "@arcgis-portal/gis"
 * const layer = GIS.layer({ url: "https://www.arcgis.com" }) // was: GisLayer({ url: "https://www.arcgis.com" })
 */
export const GisLayer = gisLayer
