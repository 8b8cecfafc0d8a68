/**
 * The shapes the ArcGIS Server admin "data items" API and the portal's federated-server listing
 * answer with. Every struct keeps the fields it does not declare, so a newer server never breaks a
 * decode.
 *
 * @see https://developers.arcgis.com/rest/enterprise-administration/server/data.htm
 * @see https://developers.arcgis.com/rest/users-groups-and-items/servers.htm
 * @module
 */
import { CommonSchema } from "@arcgis-portal/core"
import * as Schema from "effect/Schema"

/**
 * A data item type. The server may add more, so any string is accepted.
 * `folder | egdb | bigDataFileShare | cloudStore | rasterStore | nosqlDatabase | fgdb | datadir`.
 */
export const DataItemType = Schema.String
export type DataItemType = typeof DataItemType.Type

/** How a database or folder is shared between publishers and the server. */
export const ConnectionType = Schema.Literals(["shared", "replicated", "serverOnly"])
export type ConnectionType = typeof ConnectionType.Type

/** The connection details of a data item (`info`). */
export const DataItemInfo = CommonSchema.open({
  dataStoreConnectionType: Schema.optional(Schema.String),
  isManaged: Schema.optional(Schema.Boolean),
  /** egdb: a connection string; bigDataFileShare: a JSON string; cloudStore: an object. */
  connectionString: Schema.optional(Schema.Unknown),
  clientConnectionString: Schema.optional(Schema.Unknown),
  path: Schema.optional(Schema.NullOr(Schema.String)),
  connectionType: Schema.optional(Schema.String),
})
export type DataItemInfo = typeof DataItemInfo.Type

/**
 * A registered data item (`/fileShares/<name>`, `/enterpriseDatabases/<name>`…).
 *
 * @see https://developers.arcgis.com/rest/enterprise-administration/server/dataitem
 * @see arcgis.gis.Datastore
 */
export const DataItem = CommonSchema.open({
  path: Schema.String,
  type: Schema.optional(DataItemType),
  id: Schema.optional(Schema.NullOr(Schema.String)),
  name: Schema.optional(Schema.NullOr(Schema.String)),
  clientPath: Schema.optional(Schema.NullOr(Schema.String)),
  provider: Schema.optional(Schema.NullOr(Schema.String)),
  totalRefCount: Schema.optional(Schema.Number),
  info: Schema.optional(Schema.NullOr(DataItemInfo)),
})
export type DataItem = typeof DataItem.Type

/** The admin API's answer to an operation: `{"status": "success"}` (failures are `PortalError`s). */
export const OperationStatus = CommonSchema.open({
  status: Schema.optional(Schema.String),
  success: Schema.optional(Schema.Boolean),
})
export type OperationStatus = typeof OperationStatus.Type

/** `registerItem`'s answer: `success`, or `exists` when the item is already registered. */
export const RegisterResponse = CommonSchema.open({
  status: Schema.String,
  success: Schema.optional(Schema.Boolean),
  item: Schema.optional(Schema.Unknown),
})
export type RegisterResponse = typeof RegisterResponse.Type

/** `findItems`'s answer. */
export const FindItemsResponse = CommonSchema.open({ items: Schema.Array(DataItem) })
export type FindItemsResponse = typeof FindItemsResponse.Type

/** `computeTotalRefCount`'s answer. */
export const RefCountResponse = CommonSchema.open({ totalRefCount: Schema.Number })
export type RefCountResponse = typeof RefCountResponse.Type

/**
 * The data store configuration (`blockDataCopy`).
 *
 * @see https://developers.arcgis.com/rest/enterprise-administration/server/datastoreconfig.htm
 */
export const DatastoreConfig = CommonSchema.open({ blockDataCopy: Schema.optional(Schema.Boolean) })
export type DatastoreConfig = typeof DatastoreConfig.Type

/** One dataset of a big data file share manifest. */
export const Dataset = CommonSchema.open({
  name: Schema.String,
  type: Schema.optional(Schema.String),
  description: Schema.optional(Schema.NullOr(Schema.String)),
  format: Schema.optional(Schema.Unknown),
  schema: Schema.optional(Schema.Unknown),
  geometry: Schema.optional(Schema.Unknown),
  time: Schema.optional(Schema.Unknown),
})
export type Dataset = typeof Dataset.Type

/**
 * A big data file share manifest.
 *
 * @see https://developers.arcgis.com/rest/services-reference/enterprise/big-data-catalog-service-manifest.htm
 */
export const Manifest = CommonSchema.open({ datasets: Schema.optional(Schema.Array(Dataset)) })
export type Manifest = typeof Manifest.Type

/**
 * A server federated with the portal, as `portals/self/servers` lists it.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/servers.htm
 */
export const FederatedServer = CommonSchema.open({
  id: Schema.String,
  name: Schema.optional(Schema.String),
  url: Schema.String,
  adminUrl: Schema.optional(Schema.NullOr(Schema.String)),
  isHosted: Schema.optional(Schema.Boolean),
  serverType: Schema.optional(Schema.String),
  serverRole: Schema.optional(Schema.String),
  serverFunction: Schema.optional(Schema.NullOr(Schema.String)),
})
export type FederatedServer = typeof FederatedServer.Type

/** `portals/self/servers`'s answer. */
export const ServersResponse = CommonSchema.open({ servers: Schema.Array(FederatedServer) })
export type ServersResponse = typeof ServersResponse.Type

/**
 * `<server>/rest/info`: version and how the server issues tokens.
 *
 * @see https://developers.arcgis.com/rest/services-reference/enterprise/server-info.htm
 */
export const ServerInfo = CommonSchema.open({
  currentVersion: Schema.optional(Schema.Union([Schema.Number, Schema.String])),
  fullVersion: Schema.optional(Schema.String),
  owningSystemUrl: Schema.optional(Schema.String),
  authInfo: Schema.optional(
    CommonSchema.open({
      isTokenBasedSecurity: Schema.optional(Schema.Boolean),
      tokenServicesUrl: Schema.optional(Schema.String),
      shortLivedTokenValidity: Schema.optional(Schema.Number),
    }),
  ),
})
export type ServerInfo = typeof ServerInfo.Type

/** A data item JSON in which secrets may be `Redacted` (what `Datastore.update` and `Datastores.add` take). */
export type { ItemJson } from "./internal/admin.ts"
