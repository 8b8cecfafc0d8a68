/**
 * The data stores of a federated ArcGIS Server — Python's `DatastoreManager`, from
 * `gis.datastores(server?)`.
 *
 * @see https://developers.arcgis.com/rest/enterprise-administration/server/data-items
 * @see arcgis.gis.DatastoreManager
 */
import { PortalError } from "@arcgis-portal/core"
import {
  DatastoreError,
  type DatastoreSchema,
  Datastore as DatastoreService,
  Datastores,
} from "@arcgis-portal/datastores"
import * as Effect from "effect/Effect"
import type * as Redacted from "effect/Redacted"
import { type DataItemJson, Datastore } from "./Datastore.ts"
import type { GisFailure } from "./Errors.ts"
import type { GisServices } from "./GisLayer.ts"
import * as Args from "./internal/args.ts"
import { defined } from "./internal/inputs.ts"
import { run, type Session, sessionKey } from "./internal/session.ts"

/** No federated server matched the `datastores(server)` selection. */
export const ServerNotFound = DatastoreError.ServerNotFound
export type ServerNotFound = DatastoreError.ServerNotFound

/** Which federated server: `{ id }`, `{ url }`, `{ serverRole }`, `{ adminUrl }` or a string. */
export type ServerSelector = Datastores.ServerSelector

/** The server answered a registration with something other than `success` (`exists`: the path is taken). */
const notRegistered = (operation: string, path: string, status: string) =>
  new PortalError.PortalError({
    reason: "InvalidRequest",
    code: 409,
    messageCode: undefined,
    message: `The data item ${path} was not registered (${status}).`,
    details: status === "exists" ? [`An item with path '${path}' is already registered.`] : [],
    operation,
    request: { method: "POST", path: "data/registerItem" },
    retryAfter: undefined,
  })

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
  /** @internal The connection this object belongs to: a symbol key, so not in `Object.keys` or JSON. */
  readonly [sessionKey]: Session<GisServices>
  readonly #services: Effect.Effect<Services, never, GisServices>

  /** @internal Made by `gis.datastores(server?)`. */
  constructor(session: Session<GisServices>, server: ServerSelector | undefined) {
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
   * Reads back what `register` registered, as Python does (`self.get(path)`): the new `Datastore`. A path the
   * server already had (`status: "exists"`) is not a success: it rejects with `PortalError` (`InvalidRequest`,
   * code 409) naming the path, where Python prints a message and returns `None`.
   */
  #registered(
    operation: string,
    checks: ReadonlyArray<Args.Check>,
    register: (manager: Datastores.DatastoresShape) => Effect.Effect<Datastores.Registered, GisFailure>,
  ): Promise<Datastore> {
    const wrap = (services: Services, json: DatastoreSchema.DataItem) => this.#wrap(services, json)
    return this.#run((services) =>
      Effect.gen(function* () {
        yield* Args.check(operation, ...checks)
        const { path, status } = yield* register(services.manager)
        if (status !== "success") return yield* Effect.fail(notRegistered(operation, path, status))
        const json = yield* services.manager.get(path)
        if (json === undefined) return yield* Effect.fail(notRegistered(operation, path, "not found afterwards"))
        return wrap(services, json)
      }),
    )
  }

  /**
   * Registers a data item from its JSON (`{ path, type, info }`); resolves with the new `Datastore`.
   *
   * @see https://developers.arcgis.com/rest/enterprise-administration/server/register-item
   * @see arcgis.gis.DatastoreManager.add
   */
  add(options: { readonly name: string; readonly item: DataItemJson }): Promise<Datastore> {
    return this.#registered(
      "DatastoreManager.add",
      [
        ["options", options, Args.record],
        ["name", options?.name, Args.string],
        ["item", options?.item, Args.record],
      ],
      (manager) => manager.add(options.name, options.item),
    )
  }

  /**
   * Registers a big data file share at `serverPath`; resolves with the new `Datastore`. (`serverPath` is required:
   * Python's default `None` registers a share without a location.)
   *
   * @see arcgis.gis.DatastoreManager.add_bigdata
   */
  addBigdata(name: string, options: { readonly serverPath: string }): Promise<Datastore> {
    return this.#registered(
      "DatastoreManager.addBigdata",
      [
        ["name", name, Args.string],
        ["options", options, Args.record],
        ["serverPath", options?.serverPath, Args.string],
      ],
      (manager) => manager.addBigdata(name, options.serverPath),
    )
  }

  /**
   * Registers an enterprise database; the connection strings are secrets (pass `Redacted` to keep
   * them out of your own logs too). Resolves with the new `Datastore`.
   *
   * @see arcgis.gis.DatastoreManager.add_database
   */
  addDatabase(options: {
    readonly name: string
    readonly connStr: string | Redacted.Redacted<string>
    readonly clientConnStr?: string | Redacted.Redacted<string> | undefined
    readonly connType?: DatastoreSchema.ConnectionType | undefined
  }): Promise<Datastore> {
    return this.#registered(
      "DatastoreManager.addDatabase",
      [
        ["options", options, Args.record],
        ["name", options?.name, Args.string],
        ["connStr", options?.connStr, Args.secret],
        ["clientConnStr", options?.clientConnStr, Args.optional(Args.secret)],
        ["connType", options?.connType, Args.optional(Args.string)],
      ],
      (manager) =>
        manager.addDatabase(
          options.name,
          options.connStr,
          defined({ clientConnectionString: options.clientConnStr, connectionType: options.connType }),
        ),
    )
  }

  /**
   * Registers a folder (shared, or replicated with a `clientPath`); resolves with the new `Datastore`.
   *
   * @see arcgis.gis.DatastoreManager.add_folder
   */
  addFolder(options: {
    readonly name: string
    readonly serverPath: string
    readonly clientPath?: string | undefined
  }): Promise<Datastore> {
    return this.#registered(
      "DatastoreManager.addFolder",
      [
        ["options", options, Args.record],
        ["name", options?.name, Args.string],
        ["serverPath", options?.serverPath, Args.string],
        ["clientPath", options?.clientPath, Args.optional(Args.string)],
      ],
      (manager) => manager.addFolder(options.name, options.serverPath, options.clientPath),
    )
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
    return this.#run(({ manager }) =>
      Effect.andThen(
        Args.check(
          "DatastoreManager.updateConfig",
          ["config", config, Args.record],
          ["blockDataCopy", config?.blockDataCopy, Args.optional(Args.boolean)],
        ),
        () => manager.updateConfig(config),
      ),
    )
  }

  /**
   * The data item at `path`, or `undefined` when there is none.
   *
   * @see arcgis.gis.DatastoreManager.get
   */
  get(path: string): Promise<Datastore | undefined> {
    return this.#run((services) =>
      Effect.andThen(Args.check("DatastoreManager.get", ["path", path, Args.string]), () =>
        Effect.map(services.manager.get(path), (json) => (json === undefined ? undefined : this.#wrap(services, json))),
      ),
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
      Effect.andThen(
        Args.check(
          "DatastoreManager.search",
          ["options", options, Args.record],
          ["parentPath", options?.parentPath, Args.optional(Args.string)],
          ["ancestorPath", options?.ancestorPath, Args.optional(Args.string)],
          ["types", options?.types, Args.optional(Args.oneOf(Args.string, Args.list(Args.string)))],
          ["id", options?.id, Args.optional(Args.string)],
        ),
        () => Effect.map(services.manager.search(options), (list) => list.map((json) => this.#wrap(services, json))),
      ),
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
