/**
 * Operations on one registered data item — the TypeScript counterpart of Python's
 * `arcgis.gis.Datastore` (names in camelCase; its properties that hit the network are methods).
 * Each takes the item's path (`/fileShares/share1`) or an item as `Datastores.get` returns it.
 *
 * @see https://developers.arcgis.com/rest/enterprise-administration/server/dataitem
 * @see arcgis.gis.Datastore
 * @module
 */
import { type Portal, PortalError, ServiceContext, type Transport } from "@arcgis-portal/core"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type { DatastoresFailure as Failure } from "./DatastoreError.ts"
import type { DataItem, Dataset, Manifest, OperationStatus } from "./DatastoreSchema.ts"
import { computeTotalRefCount } from "./endpoints/data/computeTotalRefCount.ts"
import { dataItem } from "./endpoints/data/dataItem.ts"
import { editItem } from "./endpoints/data/editItem.ts"
import { manifest as manifestEndpoint } from "./endpoints/data/manifest.ts"
import { unregisterItem } from "./endpoints/data/unregisterItem.ts"
import { updateManifest as updateManifestEndpoint } from "./endpoints/data/updateManifest.ts"
import { validateDataItem } from "./endpoints/data/validateDataItem.ts"
import type { ItemJson } from "./internal/admin.ts"
import { type Connection, checkPath, makeConnection, type ServerSelector } from "./internal/connection.ts"

/** A data item: its path, or any object with one (a `DataItem` from `Datastores.get` or `search`). */
export type DataItemReference = string | { readonly path: string }

/** The operations of the {@link Datastore} service, each taking the data item first. */
export interface DatastoreShape {
  /**
   * The datasets of a big data file share (its manifest's `datasets`).
   *
   * @see arcgis.gis.Datastore.datasets
   */
  readonly datasets: (item: DataItemReference) => Effect.Effect<ReadonlyArray<Dataset>, Failure>
  /**
   * Unregisters the item (`unregisterItem` with `force=true`). `true` when the server says `success`.
   *
   * @see arcgis.gis.Datastore.delete
   */
  readonly delete: (item: DataItemReference) => Effect.Effect<boolean, Failure>
  /**
   * The manifest of a big data file share.
   *
   * @see arcgis.gis.Datastore.manifest
   */
  readonly manifest: (item: DataItemReference) => Effect.Effect<Manifest, Failure>
  /**
   * Replaces the manifest of a big data file share (the Python property setter).
   *
   * @see arcgis.gis.Datastore.manifest
   */
  readonly updateManifest: (
    item: DataItemReference,
    manifest: { readonly [key: string]: unknown },
  ) => Effect.Effect<boolean, Failure>
  /**
   * How many services reference the item: whether it can safely be deleted.
   *
   * @see arcgis.gis.Datastore.ref_count
   */
  readonly refCount: (item: DataItemReference) => Effect.Effect<number, Failure>
  /**
   * Edits the item's connection information. `item` is the whole new item JSON (its `path` is set
   * to the item's when absent); secrets may be `Redacted` anywhere inside it.
   *
   * @see arcgis.gis.Datastore.update
   */
  readonly update: (reference: DataItemReference, item: ItemJson) => Effect.Effect<boolean, Failure>
  /**
   * Checks that every server node reaches the item: reads the item, then sends it to
   * `validateDataItem`.
   *
   * @see arcgis.gis.Datastore.validate
   */
  readonly validate: (item: DataItemReference) => Effect.Effect<boolean, Failure>
}

/** Operations on one data item of the selected federated server. */
export class Datastore extends Context.Service<Datastore, DatastoreShape>()("@arcgis-portal/datastores/Datastore") {}

/** Options of {@link layer}. */
export interface Options {
  /** Which federated server. Default: the hosting server. */
  readonly server?: ServerSelector | undefined
}

/** `status: "success"` (or Python's `success: true`) means it worked. */
export const succeeded = (response: OperationStatus): boolean =>
  response.status === "success" || (response.status === undefined && response.success === true)

const pathOf = (item: DataItemReference) => (typeof item === "string" ? item : item.path)

/**
 * Builds the service over an existing connection (shared with `Datastores`); {@link layer} is the public way in.
 *
 * @internal
 */
export const fromConnection = (connection: Connection): DatastoreShape => {
  const withPath = <A>(
    operation: string,
    item: DataItemReference,
    use: (path: string) => Effect.Effect<A, Failure>,
  ): Effect.Effect<A, Failure> => Effect.flatMap(checkPath(operation, pathOf(item)), use)

  const manifest: DatastoreShape["manifest"] = (item) =>
    withPath("Datastore.manifest", item, (path) => connection.admin(manifestEndpoint, "Datastore.manifest", { path }))

  return {
    datasets: (item) =>
      withPath("Datastore.datasets", item, (path) =>
        Effect.map(connection.admin(manifestEndpoint, "Datastore.datasets", { path }), (value) => value.datasets ?? []),
      ),
    delete: (item) =>
      withPath("Datastore.delete", item, (path) =>
        Effect.map(connection.admin(unregisterItem, "Datastore.delete", { path }), succeeded),
      ),
    manifest,
    updateManifest: (item, value) =>
      withPath("Datastore.updateManifest", item, (path) =>
        Effect.map(
          connection.admin(updateManifestEndpoint, "Datastore.updateManifest", { path, manifest: value }),
          succeeded,
        ),
      ),
    refCount: (item) =>
      withPath("Datastore.refCount", item, (path) =>
        Effect.map(
          connection.admin(computeTotalRefCount, "Datastore.refCount", { path }),
          (value) => value.totalRefCount,
        ),
      ),
    update: (reference, item) =>
      withPath("Datastore.update", reference, (path) =>
        Effect.map(
          connection.admin(editItem, "Datastore.update", { path, item: { ...item, path: item.path ?? path } }),
          succeeded,
        ),
      ),
    validate: (item) =>
      withPath("Datastore.validate", item, (path) =>
        Effect.gen(function* () {
          const found = yield* connection.admin(dataItem, "Datastore.validate", { path })
          if (!("path" in found) || typeof found.path !== "string") {
            return yield* Effect.fail(notFound("Datastore.validate", path))
          }
          const response = yield* connection.admin(validateDataItem, "Datastore.validate", {
            item: found as DataItem,
          })
          return succeeded(response)
        }),
      ),
  }
}

/** The failure for a data item the server says nothing about. */
export const notFound = (operation: string, path: string): PortalError.PortalError =>
  new PortalError.PortalError({
    reason: "NotFound",
    code: 404,
    messageCode: undefined,
    message: `The data item ${path} does not exist or is inaccessible.`,
    details: [],
    operation,
    request: { method: "POST", path: "data/items" },
    retryAfter: undefined,
  })

/** Builds the service for the selected server, on the service context of `Portal.layer`'s services. */
export const make = (
  options: Options = {},
): Effect.Effect<DatastoreShape, never, Transport.Transport | Portal.Portal> =>
  Effect.flatMap(ServiceContext.capture, (context) =>
    Effect.map(makeConnection(context, options.server), fromConnection),
  )

/**
 * The `Datastore` service alone (`Datastores.layer` provides it together with `Datastores`).
 *
 * @example
 * import { Datastore } from "@arcgis-portal/datastores"
 * const DatastoreLive = Datastore.layer({ server: { serverRole: "HOSTING_SERVER" } })
 */
export const layer = (options: Options = {}): Layer.Layer<Datastore, never, Transport.Transport | Portal.Portal> =>
  Layer.effect(Datastore, make(options))
