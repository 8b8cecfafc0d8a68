/**
 * `@arcgis-portal/datastores`: the data stores of a portal's federated ArcGIS Server —
 * `Datastores` (Python's `DatastoreManager`) and `Datastore` (operations on one data item), with
 * the admin API's schemas (`DatastoreSchema`). Browser-safe.
 *
 * @packageDocumentation
 */
export * as Datastore from "./Datastore.ts"
export * as DatastoreError from "./DatastoreError.ts"
export * as DatastoreSchema from "./DatastoreSchema.ts"
export * as Datastores from "./Datastores.ts"
