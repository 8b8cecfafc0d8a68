/**
 * The data stores of a portal's federated ArcGIS Server — the TypeScript counterpart of Python's
 * `arcgis.gis.DatastoreManager` (names in camelCase). The server is found through
 * `portals/self/servers` (default: the hosting server); every call goes to its admin API
 * (`<adminUrl>/admin/data/...`) with a server token that core exchanges from the portal token.
 *
 * @see https://developers.arcgis.com/rest/enterprise-administration/server/data.htm
 * @see arcgis.gis.DatastoreManager
 * @module
 */
import { type Portal, PortalError, ServiceContext, type Transport } from "@arcgis-portal/core"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import { Datastore, fromConnection, succeeded } from "./Datastore.ts"
import type { DatastoresFailure as Failure } from "./DatastoreError.ts"
import type { ConnectionType, DataItem, DatastoreConfig, FederatedServer, ServerInfo } from "./DatastoreSchema.ts"
import { dataItem } from "./endpoints/data/dataItem.ts"
import { datastoreConfig } from "./endpoints/data/datastoreConfig.ts"
import { findItems } from "./endpoints/data/findItems.ts"
import { registerItem } from "./endpoints/data/registerItem.ts"
import { updateDatastoreConfig } from "./endpoints/data/updateDatastoreConfig.ts"
import { validateAllDataItems } from "./endpoints/data/validateAllDataItems.ts"
import { info } from "./endpoints/server/info.ts"
import type { AdminTarget, ItemJson } from "./internal/admin.ts"
import { type Connection, checkPath, makeConnection, type ServerSelector } from "./internal/connection.ts"

export type { ServerSelector } from "./internal/connection.ts"

/** A secret the caller passes: `Redacted` keeps it out of logs, spans and errors. */
export type Secret = Redacted.Redacted<string> | string

/** The server the service administers. */
export interface SelectedServer extends AdminTarget {
  /** The server as the portal lists it (absent when an explicit `adminUrl` was given). */
  readonly server?: FederatedServer | undefined
}

/** What `registerItem` answered: `success`, or `exists` when the path was already registered. */
export interface Registered {
  readonly path: string
  readonly status: string
}

/**
 * Options of {@link DatastoresShape.search}. With none of them, every item under `/` is listed.
 *
 * @see https://developers.arcgis.com/rest/enterprise-administration/server/finddataitems.htm
 */
export interface SearchOptions {
  /** Items directly under this path; `/` for the root containers. */
  readonly parentPath?: string | undefined
  /** Items anywhere under this path. */
  readonly ancestorPath?: string | undefined
  /** `folder`, `egdb`, `bigDataFileShare`, `datadir`… */
  readonly types?: string | ReadonlyArray<string> | undefined
  readonly id?: string | undefined
}

/** Options of {@link DatastoresShape.addDatabase}. */
export interface AddDatabaseOptions {
  /** For a replicated database: how publishers connect. */
  readonly clientConnectionString?: Secret | undefined
  /** Default `shared`. `serverOnly` registers a managed database. */
  readonly connectionType?: ConnectionType | undefined
}

/** The operations of the {@link Datastores} service on the selected federated server's data stores. */
export interface DatastoresShape {
  /** Every server federated with the portal (`portals/self/servers`). */
  readonly servers: () => Effect.Effect<ReadonlyArray<FederatedServer>, PortalError.PortalFailure>
  /** The server this service administers. */
  readonly server: () => Effect.Effect<SelectedServer, Failure>
  /** The server's `rest/info` (version, owning portal, token settings). */
  readonly serverInfo: () => Effect.Effect<ServerInfo, Failure>
  /**
   * Registers `item` verbatim; secrets may be `Redacted` anywhere inside it.
   *
   * @see arcgis.gis.DatastoreManager.add
   */
  readonly add: (name: string, item: ItemJson) => Effect.Effect<Registered, Failure>
  /**
   * Registers a folder `/fileShares/<name>`; replicated when `clientPath` is given.
   *
   * @see arcgis.gis.DatastoreManager.add_folder
   */
  readonly addFolder: (name: string, serverPath: string, clientPath?: string) => Effect.Effect<Registered, Failure>
  /**
   * Registers an enterprise database `/enterpriseDatabases/<name>`.
   *
   * @see arcgis.gis.DatastoreManager.add_database
   */
  readonly addDatabase: (
    name: string,
    connectionString: Secret,
    options?: AddDatabaseOptions,
  ) => Effect.Effect<Registered, Failure>
  /**
   * Registers a big data file share `/bigDataFileShares/<name>` at `serverPath`.
   *
   * @see arcgis.gis.DatastoreManager.add_bigdata
   */
  readonly addBigdata: (name: string, serverPath: string) => Effect.Effect<Registered, Failure>
  /**
   * The data item at `path`, or `undefined` when the server has none there.
   *
   * @see arcgis.gis.DatastoreManager.get
   */
  readonly get: (path: string) => Effect.Effect<DataItem | undefined, Failure>
  /**
   * Registered data items matching the options (all of them under `/` without options).
   *
   * @see arcgis.gis.DatastoreManager.search
   */
  readonly search: (options?: SearchOptions) => Effect.Effect<ReadonlyArray<DataItem>, Failure>
  /**
   * Validates every registered data item; `true` when the server says `success`.
   *
   * @see arcgis.gis.DatastoreManager.validate
   */
  readonly validate: () => Effect.Effect<boolean, Failure>
  /**
   * The data store configuration (`blockDataCopy`).
   *
   * @see arcgis.gis.DatastoreManager.config
   */
  readonly config: () => Effect.Effect<DatastoreConfig, Failure>
  /**
   * Changes the data store configuration (the Python property setter), e.g. `{ blockDataCopy: true }`.
   *
   * @see arcgis.gis.DatastoreManager.config
   */
  readonly updateConfig: (config: {
    readonly blockDataCopy?: boolean | undefined
    readonly [key: string]: unknown
  }) => Effect.Effect<boolean, Failure>
}

/** The data stores of one federated server. */
export class Datastores extends Context.Service<Datastores, DatastoresShape>()(
  "@arcgis-portal/datastores/Datastores",
) {}

/** Options of {@link layer}. */
export interface Options {
  /** Which federated server: `{ id }`, `{ url }`, `{ serverRole }`, `{ adminUrl }`. Default: the hosting server. */
  readonly server?: ServerSelector | undefined
}

const checkName = (operation: string, name: string): Effect.Effect<string, PortalError.InvalidInput> =>
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  name.trim() === "" || /[/\\\u0000-\u001f]/.test(name) || name === "." || name === ".."
    ? Effect.fail(
        new PortalError.InvalidInput({
          operation,
          field: "name",
          message: "A data item name is required and has no slashes.",
        }),
      )
    : Effect.succeed(name.trim())

const secret = (value: Secret): Redacted.Redacted<string> => (Redacted.isRedacted(value) ? value : Redacted.make(value))

/**
 * Builds the service over an existing connection (shared with `Datastore`); {@link layer} is the public way in.
 *
 * @internal
 */
export const fromConnectionManager = (connection: Connection): DatastoresShape => {
  const register = (operation: string, name: string, build: (name: string) => ItemJson & { readonly path: string }) =>
    Effect.flatMap(checkName(operation, name), (checked) => {
      const item = build(checked)
      return Effect.map(connection.admin(registerItem, operation, { item }), (response) => ({
        path: item.path,
        status: response.status,
      }))
    })

  return {
    servers: () => connection.servers("Datastores.servers"),
    server: () => connection.target("Datastores.server"),
    serverInfo: () =>
      Effect.flatMap(connection.target("Datastores.serverInfo"), (target) =>
        connection.call(info, "Datastores.serverInfo", { serverUrl: target.serverUrl }),
      ),
    add: (name, item) =>
      register("Datastores.add", name, (checked) => ({
        ...item,
        // Python returns the item at /enterpriseDatabases/<name> whatever was registered; the item's own path is kept.
        path: typeof item.path === "string" ? item.path : `/enterpriseDatabases/${checked}`,
      })),
    addFolder: (name, serverPath, clientPath) =>
      register("Datastores.addFolder", name, (checked) => ({
        type: "folder",
        path: `/fileShares/${checked}`,
        info: { path: serverPath, dataStoreConnectionType: clientPath === undefined ? "shared" : "replicated" },
        ...(clientPath === undefined ? {} : { clientPath }),
      })),
    addDatabase: (name, connectionString, options = {}) => {
      const connectionType = options.connectionType ?? "shared"
      return register("Datastores.addDatabase", name, (checked) => ({
        type: "egdb",
        path: `/enterpriseDatabases/${checked}`,
        info: {
          connectionString: secret(connectionString),
          dataStoreConnectionType: connectionType,
          isManaged: connectionType === "serverOnly",
          ...(options.clientConnectionString === undefined
            ? {}
            : { clientConnectionString: secret(options.clientConnectionString) }),
        },
      }))
    },
    addBigdata: (name, serverPath) =>
      register("Datastores.addBigdata", name, (checked) => ({
        path: `/bigDataFileShares/${checked}`,
        type: "bigDataFileShare",
        // A JSON string, as Python builds it: UNC backslashes come out doubled.
        info: { connectionString: JSON.stringify({ path: serverPath }), connectionType: "fileShare" },
      })),
    get: (path) =>
      Effect.flatMap(checkPath("Datastores.get", path), (checked) =>
        connection.admin(dataItem, "Datastores.get", { path: checked }).pipe(
          Effect.map((found) => ("path" in found && typeof found.path === "string" ? (found as DataItem) : undefined)),
          Effect.catchTag("PortalError", (error) =>
            // ArcGIS Server's admin API may answer a missing data item with code 500 and "Item '<path>' does not exist."
            PortalError.isNotFound(error) || /\bitem\b.*\bdoes not exist\b/i.test(error.message)
              ? Effect.succeed(undefined)
              : Effect.fail(error),
          ),
        ),
      ),
    search: (options = {}) => {
      const nothing =
        options.parentPath === undefined &&
        options.ancestorPath === undefined &&
        options.types === undefined &&
        options.id === undefined
      const types = typeof options.types === "string" ? [options.types] : options.types
      return Effect.map(
        connection.admin(findItems, "Datastores.search", {
          parentPath: options.parentPath,
          ancestorPath: nothing ? "/" : options.ancestorPath,
          types,
          id: options.id,
        }),
        (response) => response.items,
      )
    },
    validate: () => Effect.map(connection.admin(validateAllDataItems, "Datastores.validate", {}), succeeded),
    config: () => connection.admin(datastoreConfig, "Datastores.config", {}),
    updateConfig: (config) =>
      Effect.map(connection.admin(updateDatastoreConfig, "Datastores.updateConfig", { config }), succeeded),
  }
}

/** Builds the service for the selected server, on the service context of `Portal.layer`'s services. */
export const make = (
  options: Options = {},
): Effect.Effect<DatastoresShape, never, Transport.Transport | Portal.Portal> =>
  Effect.flatMap(ServiceContext.capture, (context) =>
    Effect.map(makeConnection(context, options.server), fromConnectionManager),
  )

/**
 * `Datastores` and `Datastore` for one federated server, sharing one server discovery.
 *
 * @example
 * import { Datastores } from "@arcgis-portal/datastores"
 * import { Portal } from "@arcgis-portal/core"
 * import * as Layer from "effect/Layer"
 * const DatastoresLive = Datastores.layer().pipe(Layer.provideMerge(Portal.layer({ url: "https://host/portal" })))
 */
export const layer = (
  options: Options = {},
): Layer.Layer<Datastores | Datastore, never, Transport.Transport | Portal.Portal> =>
  Layer.effectContext(
    Effect.gen(function* () {
      const connection = yield* makeConnection(yield* ServiceContext.capture, options.server)
      return Context.make(Datastores, fromConnectionManager(connection)).pipe(
        Context.add(Datastore, fromConnection(connection)),
      )
    }),
  )
