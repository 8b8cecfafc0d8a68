/**
 * Everything in one layer, for Effect users: `Portal`, `Auth` and `Transport` for the portal, and
 * every feature service (`Content`, `Items`, `Users`, `Groups`, `Roles`, `Resources`, `Datastores`,
 * `Datastore`). The Promise facade runs on exactly this layer, one managed runtime per `GIS`.
 *
 * @see arcgis.gis.GIS
 */
import { Content, Items } from "@arcgis-portal/content"
import { type Auth, Portal, type PortalError, type PortalSelf, type Transport } from "@arcgis-portal/core"
import { type Datastore, Datastores } from "@arcgis-portal/datastores"
import { Resources } from "@arcgis-portal/resources"
import { Groups, Roles, Users } from "@arcgis-portal/users-groups-roles"
import * as Layer from "effect/Layer"

/** Options of {@link GisLayer}: the portal's (`url`, `auth`, timeouts…) plus the services' own. */
export interface GisLayerOptions extends Portal.Options {
  /** Which federated server `Datastores` administers. Default: the hosting server. */
  readonly server?: Datastores.Options["server"]
  /** Limits of `Resources` (file size, allowed extensions). */
  readonly resources?: Resources.Options | undefined
}

/** Every service {@link GisLayer} provides. */
export type GisServices =
  | Portal.Portal
  | Auth.Auth
  | Transport.Transport
  | PortalSelf.PortalSelf
  | Content.Content
  | Items.Items
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
    Content.layer,
    Items.layer,
    Users.layer,
    Groups.layer,
    Roles.layer,
    Resources.layer(options.resources),
    Datastores.layer({ server: options.server }),
  ).pipe(Layer.provideMerge(Portal.layer(options)))
