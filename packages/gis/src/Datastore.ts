/**
 * A data item registered with a federated server's data store — Python's `arcgis.gis.Datastore`.
 * `datastore.path`, `datastore.type`, `datastore.info` are read-only fields; Python properties that
 * call the server are methods (`datasets()`, `manifest()`, `refCount()`).
 *
 * @see https://developers.arcgis.com/rest/enterprise-administration/server/data-item
 * @see arcgis.gis.Datastore
 */
import type { DatastoreSchema, Datastore as DatastoreService } from "@arcgis-portal/datastores"
import * as Effect from "effect/Effect"
import type { GisServices } from "./GisLayer.ts"
import * as Args from "./internal/args.ts"
import { assignFields, run, type Session, sessionKey } from "./internal/session.ts"

/** A data item's JSON as `add`/`update` take it (secrets may be `Redacted`). */
export type DataItemJson = Parameters<DatastoreService.DatastoreShape["update"]>[1]

/**
 * A registered folder, database or big data file share.
 *
 * @see arcgis.gis.Datastore
 */
export class Datastore {
  declare readonly path: string
  declare readonly type: DatastoreSchema.DataItem["type"]
  declare readonly info: DatastoreSchema.DataItem["info"]

  /** @internal The connection this object belongs to: a symbol key, so not in `Object.keys` or JSON. */
  readonly [sessionKey]: Session<GisServices>
  #json: DatastoreSchema.DataItem
  readonly #service: DatastoreService.DatastoreShape

  /** @internal Data items come from `gis.datastores(...)` (`get`, `search`). */
  constructor(session: Session<GisServices>, service: DatastoreService.DatastoreShape, json: DatastoreSchema.DataItem) {
    this[sessionKey] = session
    this.#service = service
    this.#json = json
    assignFields(this, json)
  }

  /** The data item's JSON as the server sent it. */
  toJSON(): DatastoreSchema.DataItem {
    return this.#json
  }

  #run<A, E>(effect: Effect.Effect<A, E>): Promise<A> {
    return run(this[sessionKey], effect)
  }

  /**
   * The datasets of a big data file share.
   *
   * @see arcgis.gis.Datastore.datasets
   */
  datasets(): Promise<ReadonlyArray<DatastoreSchema.Dataset>> {
    return this.#run(this.#service.datasets(this.#json))
  }

  /**
   * Unregisters the data item.
   *
   * @see https://developers.arcgis.com/rest/enterprise-administration/server/unregister-item
   * @see arcgis.gis.Datastore.delete
   */
  delete(): Promise<boolean> {
    return this.#run(this.#service.delete(this.#json))
  }

  /**
   * The manifest of a big data file share.
   *
   * @see arcgis.gis.Datastore.manifest
   */
  manifest(): Promise<DatastoreSchema.Manifest> {
    return this.#run(this.#service.manifest(this.#json))
  }

  /**
   * Replaces the manifest of a big data file share — Python's `datastore.manifest = {...}`.
   *
   * @see https://developers.arcgis.com/rest/services-reference/enterprise/big-data-catalog-service-manifest.htm
   * @see arcgis.gis.Datastore.manifest
   */
  updateManifest(manifest: { readonly [key: string]: unknown }): Promise<boolean> {
    return this.#run(
      Effect.andThen(Args.check("Datastore.updateManifest", ["manifest", manifest, Args.record]), () =>
        this.#service.updateManifest(this.#json, manifest),
      ),
    )
  }

  /**
   * How many services reference the data item (whether it can safely be removed).
   *
   * @see https://developers.arcgis.com/rest/enterprise-administration/server/compute-total-ref-count
   * @see arcgis.gis.Datastore.ref_count
   */
  refCount(): Promise<number> {
    return this.#run(this.#service.refCount(this.#json))
  }

  /**
   * Replaces the data item's connection information with `item`; the fields are refreshed.
   *
   * @see https://developers.arcgis.com/rest/enterprise-administration/server/edit-data-item
   * @see arcgis.gis.Datastore.update
   */
  async update(item: DataItemJson): Promise<boolean> {
    const updated = await this.#run(
      Effect.andThen(Args.check("Datastore.update", ["item", item, Args.record]), () =>
        this.#service.update(this.#json, item),
      ),
    )
    if (updated) {
      this.#json = { ...this.#json, ...(item as unknown as DatastoreSchema.DataItem) }
      assignFields(this, this.#json)
    }
    return updated
  }

  /**
   * Validates that every server node reaches the data item.
   *
   * @see https://developers.arcgis.com/rest/enterprise-administration/server/validate-data-item
   * @see arcgis.gis.Datastore.validate
   */
  validate(): Promise<boolean> {
    return this.#run(this.#service.validate(this.#json))
  }
}
