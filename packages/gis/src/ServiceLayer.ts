/**
 * A layer of a service item — Python's `arcgis.gis.Layer`: its URL and its properties, read from the service with a
 * token for the server that hosts it. Named `ServiceLayer` (as in `@arcgis-portal/content`), so that it never
 * collides with `effect/Layer`; `Layer` is its former, deprecated name.
 *
 * @see https://developers.arcgis.com/rest/services-reference/enterprise/layer-feature-service-.htm
 * @see arcgis.gis.Layer
 */
import { ServiceLayer as ContentServiceLayer, type ItemSchema } from "@arcgis-portal/content"
import * as Effect from "effect/Effect"
import type { Item } from "./Item.ts"
import { run, type Session, sessionKey } from "./internal/session.ts"

/**
 * A layer of a feature, map or image service.
 *
 * @see arcgis.gis.Layer
 */
export class ServiceLayer {
  /** The layer's URL (`…/FeatureServer/0`). */
  readonly url: string
  /** @internal The connection this object belongs to: a symbol key, so not in `Object.keys` or JSON. */
  readonly [sessionKey]: Session
  readonly #layer: ContentServiceLayer.ItemLayer

  private constructor(session: Session, layer: ContentServiceLayer.ItemLayer) {
    this[sessionKey] = session
    this.#layer = layer
    this.url = layer.url
  }

  /**
   * The layer at `index` (default 0) of a service item.
   *
   * @see arcgis.gis.Layer.fromitem
   * @example
   * const layer = await ServiceLayer.fromItem(serviceItem)
   * console.log(layer.url, (await layer.properties()).name)
   */
  static fromItem(item: Item, options: { readonly index?: number | undefined } = {}): Promise<ServiceLayer> {
    const session = item[sessionKey]
    return run(session, ContentServiceLayer.fromItem(item.toJSON(), options.index ?? 0)).then(
      (layer) => new ServiceLayer(session, layer),
    )
  }

  /** The layer's description from the service (`f=json`). */
  properties(): Promise<ItemSchema.ServiceProperties> {
    return run(
      this[sessionKey],
      Effect.suspend(() => this.#layer.properties()),
    )
  }
}

/**
 * The former name of {@link ServiceLayer}, kept for one minor version: the same class.
 *
 * @deprecated Use `ServiceLayer`: "Layer" collides with `effect/Layer`. Removed in the next minor version.
 * @see arcgis.gis.Layer
 * @example
 * import { ServiceLayer } from "@arcgis-portal/gis"
 * const layer = await ServiceLayer.fromItem(serviceItem) // was: Layer.fromItem(serviceItem)
 */
export const Layer = ServiceLayer
/** @deprecated Use `ServiceLayer`: "Layer" collides with `effect/Layer`. Removed in the next minor version. */
export type Layer = ServiceLayer
