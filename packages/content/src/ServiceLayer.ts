/**
 * A layer of a service item: its URL, and its properties read from the service (`f=json`) with a
 * token for the federated server that hosts it. Named `ServiceLayer` so that it does not collide with
 * `effect/Layer` in an Effect program (it was `Layer` before; that name remains as a deprecated alias).
 *
 * @see https://developers.arcgis.com/rest/services-reference/enterprise/layer-feature-service-.htm
 * @see arcgis.gis.Layer
 * @module
 */
import { PortalError, Transport } from "@arcgis-portal/core"
import * as Effect from "effect/Effect"
import { serviceInfo } from "./endpoints/services/serviceInfo.ts"
import type { ServiceProperties } from "./ItemSchema.ts"
import { serverRoot } from "./internal/server.ts"

/**
 * A layer of a service.
 *
 * @see arcgis.gis.Layer
 */
export interface ItemLayer {
  /** The layer's URL (`…/FeatureServer/0`), or the service's for services without sublayers. */
  readonly url: string
  /** The root of the ArcGIS Server hosting it (everything before `/rest/services`), when it is on one. */
  readonly server: string | undefined
  /** The layer's description, fetched with `f=json`. */
  readonly properties: () => Effect.Effect<ServiceProperties, PortalError.PortalFailure>
}

const withSublayers = /\/(FeatureServer|MapServer)$/i

/**
 * The layer at `index` (default 0) of a service item (`Feature Service`, `Map Service`…).
 *
 * @see arcgis.gis.Layer.fromitem
 * @example
 * import { ServiceLayer } from "@arcgis-portal/content"
 * import * as Effect from "effect/Effect"
 * const properties = (item: { id: string; url: string }) =>
 *   Effect.flatMap(ServiceLayer.fromItem(item), (layer) => layer.properties())
 */
export const fromItem = (
  item: { readonly id: string; readonly url?: string | null | undefined },
  index = 0,
): Effect.Effect<ItemLayer, PortalError.InvalidInput, Transport.Transport> =>
  Effect.gen(function* () {
    // The operation names stay "Layer.fromItem"/"Layer.properties" (error `operation` fields and span names, which
    // logs and dashboards may match on) until the deprecated `Layer` alias is removed.
    if (!item.url) {
      return yield* Effect.fail(
        new PortalError.InvalidInput({
          operation: "Layer.fromItem",
          field: "item",
          message: `Item ${item.id} has no service URL.`,
        }),
      )
    }
    if (!Number.isInteger(index) || index < 0) {
      return yield* Effect.fail(
        new PortalError.InvalidInput({
          operation: "Layer.fromItem",
          field: "index",
          message: "The layer index is a non-negative integer.",
        }),
      )
    }
    const base = item.url.replace(/\/+$/, "").replace(/\?.*$/, "")
    const url = withSublayers.test(base) ? `${base}/${index}` : base
    const transport = yield* Transport.Transport
    return {
      url,
      server: serverRoot(url),
      properties: () =>
        Effect.provideService(
          Effect.flatMap(Transport.Transport, (service) =>
            service.decode(
              {
                ...serviceInfo.request({ url }),
                operation: "Layer.properties",
                method: serviceInfo.method,
                idempotent: true,
              },
              serviceInfo.response,
            ),
          ),
          Transport.Transport,
          transport,
        ),
    }
  })
