/**
 * The data stores of a federated ArcGIS Server — Python's `DatastoreManager`, from
 * `gis.datastores(server?)`.
 *
 * @see https://developers.arcgis.com/rest/enterprise-administration/server/data-items
 * @see arcgis.gis.DatastoreManager
 */
import { type DatastoreSchema, Datastore as DatastoreService, Datastores } from "@arcgis-portal/datastores"
import * as Effect from "effect/Effect"
import type * as Redacted from "effect/Redacted"
import { type DataItemJson, Datastore } from "./Datastore.ts"
import type { GisServices } from "./GisLayer.ts"
import { defined, refuse } from "./internal/inputs.ts"
import { run, type Session, sessionKey } from "./internal/session.ts"

/** Which federated server: `{ id }`, `{ url }`, `{ serverRole }`, `{ adminUrl }` or a string. */
export type ServerSelector = Datastores.ServerSelector

interface Services {
  readonly manager: Datastores.DatastoresShape
  readonly item: DatastoreService.DatastoreShape
}

/**
 * The datastore manager of one federated server.
 *
 * @see arcgis.gis.DatastoreManager
 */
export class DatastoreManager {
  readonly [sessionKey]: Session
  readonly #services: Effect.Effect<Services, never, GisServices>

  /** @internal Made by `gis.datastores(server?)`. */
  constructor(session: Session, server: ServerSelector | undefined) {
    this[sessionKey] = session
    const services: Effect.Effect<Services, never, GisServices> =
      server === undefined
        ? Effect.all({ manager: Datastores.Datastores, item: DatastoreService.Datastore })
        : Effect.provide(
            Effect.all({ manager: Datastores.Datastores, item: DatastoreService.Datastore }),
            Datastores.layer({ server }),
          )
    // One server discovery per manager, shared by its calls.
    this.#services = Effect.runSync(Effect.cached(services))
  }

  #run<A, E>(use: (services: Services) => Effect.Effect<A, E>): Promise<A> {
    return run(this[sessionKey], Effect.flatMap(this.#services, use))
  }

  #wrap(services: Services, json: DatastoreSchema.DataItem): Datastore {
    return new Datastore(this[sessionKey], services.item, json)
  }

  /**
   * Registers a data item from its JSON (`{ path, type, info }`).
   *
   * @see https://developers.arcgis.com/rest/enterprise-administration/server/register-item
   * @see arcgis.gis.DatastoreManager.add
   */
  add(options: { readonly name: string; readonly item: DataItemJson }): Promise<Datastores.Registered> {
    return this.#run(({ manager }) => manager.add(options.name, options.item))
  }

  /**
   * Registers a big data file share.
   *
   * @see arcgis.gis.DatastoreManager.add_bigdata
   */
  addBigdata(name: string, options: { readonly serverPath?: string | undefined } = {}): Promise<Datastores.Registered> {
    return this.#run(({ manager }) =>
      options.serverPath === undefined
        ? Effect.fail(
            refuse("DatastoreManager.addBigdata", "serverPath", "A big data file share needs its serverPath."),
          )
        : manager.addBigdata(name, options.serverPath),
    )
  }

  /**
   * Registers an enterprise database; the connection strings are secrets (pass `Redacted` to keep
   * them out of your own logs too).
   *
   * @see arcgis.gis.DatastoreManager.add_database
   */
  addDatabase(options: {
    readonly name: string
    readonly connStr: string | Redacted.Redacted<string>
    readonly clientConnStr?: string | Redacted.Redacted<string> | undefined
    readonly connType?: DatastoreSchema.ConnectionType | undefined
  }): Promise<Datastores.Registered> {
    return this.#run(({ manager }) =>
      manager.addDatabase(
        options.name,
        options.connStr,
        defined({ clientConnectionString: options.clientConnStr, connectionType: options.connType }),
      ),
    )
  }

  /**
   * Registers a folder (shared, or replicated with a `clientPath`).
   *
   * @see arcgis.gis.DatastoreManager.add_folder
   */
  addFolder(options: {
    readonly name: string
    readonly serverPath: string
    readonly clientPath?: string | undefined
  }): Promise<Datastores.Registered> {
    return this.#run(({ manager }) => manager.addFolder(options.name, options.serverPath, options.clientPath))
  }

  /**
   * The data store configuration (`blockDataCopy`).
   *
   * @see arcgis.gis.DatastoreManager.config
   */
  config(): Promise<DatastoreSchema.DatastoreConfig> {
    return this.#run(({ manager }) => manager.config())
  }

  /** Changes the data store configuration — Python's `datastores.config = {...}`. */
  updateConfig(config: { readonly blockDataCopy?: boolean | undefined }): Promise<boolean> {
    return this.#run(({ manager }) => manager.updateConfig(config))
  }

  /**
   * The data item at `path`, or `undefined` when there is none.
   *
   * @see arcgis.gis.DatastoreManager.get
   */
  get(path: string): Promise<Datastore | undefined> {
    return this.#run((services) =>
      Effect.map(services.manager.get(path), (json) => (json === undefined ? undefined : this.#wrap(services, json))),
    )
  }

  /**
   * Searches the registered data items (all of them without options).
   *
   * @see https://developers.arcgis.com/rest/enterprise-administration/server/find-data-items
   * @see arcgis.gis.DatastoreManager.search
   */
  search(options: Datastores.SearchOptions = {}): Promise<ReadonlyArray<Datastore>> {
    return this.#run((services) =>
      Effect.map(services.manager.search(options), (list) => list.map((json) => this.#wrap(services, json))),
    )
  }

  /**
   * Validates every registered data item.
   *
   * @see https://developers.arcgis.com/rest/enterprise-administration/server/validate-all-data-items
   * @see arcgis.gis.DatastoreManager.validate
   */
  validate(): Promise<boolean> {
    return this.#run(({ manager }) => manager.validate())
  }
}
