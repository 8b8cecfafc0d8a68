/**
 * `@arcgis-portal/gis`: the Promise face of the arcgis-portal SDK. `await GIS.connect({ url, ... })`,
 * then the Python `arcgis.gis` names in camelCase (`gis.content.search(...)`, `item.share(...)`,
 * `gis.users.roles.all()`); failures reject with the same typed errors as the Effect face.
 * `GisLayer(options)` is every service in one layer for Effect users. Browser-safe; PKI, proxies,
 * profiles, the OAuth loopback flow and file paths are in `@arcgis-portal/gis/node`; a page that
 * only works with content imports `@arcgis-portal/gis/content`, which bundles much less.
 *
 * @example
 * import { GIS } from "@arcgis-portal/gis"
 * const gis = await GIS.connect({ url: "https://host/portal", username: "publisher_one", password })
 * for (const item of await gis.content.search("owner:publisher_one", { maxItems: 5 })) console.log(item.title)
 * await gis.close()
 *
 * @packageDocumentation
 */
export type { FileArgument, GroupArgument, UserArgument, UsersArgument } from "./Arguments.ts"
export { ContentLayer, type ContentLayerOptions, type ContentServices } from "./ContentLayer.ts"
export {
  type AddOptions,
  ContentManager,
  type CreateServiceOptions,
  type DeleteItemsOptions,
  type ImportDataOptions,
  type SearchAllOptions,
  type SearchOptions,
  type ShareItemsOptions,
  type UnshareItemsOptions,
} from "./ContentManager.ts"
export { Datastore } from "./Datastore.ts"
export { DatastoreManager, ServerNotFound } from "./DatastoreManager.ts"
export {
  AbortError,
  type AbortOptions,
  AuthError,
  DecodeError,
  GeocodeError,
  type GeocodeErrorReason,
  type GisFailure,
  InvalidInput,
  JobFailed,
  PortalError,
  TransportError,
} from "./Errors.ts"
export { type ConnectOptions, GIS, type LatLong, type OAuthOptions, type ProxyOptions } from "./GIS.ts"
export { GisLayer, type GisLayerOptions, type GisServices } from "./GisLayer.ts"
export { Group, type GroupContentOptions, type GroupMembershipOptions, type GroupUpdateOptions } from "./Group.ts"
export { type GroupCreateOptions, GroupManager, type GroupSearchOptions } from "./GroupManager.ts"
export {
  type CopyFeatureLayerCollectionOptions,
  type CreateTileServiceOptions,
  type DownloadOptions,
  type ExportJob,
  type ExportOptions,
  type GetDataOptions,
  Item,
  type JobInfo,
  type JobWaitOptions,
  type ProtectResult,
  type PublishOptions,
  type SaveOptions,
  type SharedWithResult,
  type ShareOptions,
  type UpdateOptions,
} from "./Item.ts"
export { Layer } from "./Layer.ts"
export type { OnRequest, RequestEvent, RequestFailure } from "./RequestEvent.ts"
export {
  type ResourceAddOptions,
  type ResourceGetOptions,
  ResourceManager,
  type ResourceRemoveOptions,
  type ResourceUpdateOptions,
} from "./ResourceManager.ts"
export { Role } from "./Role.ts"
export { RoleManager } from "./RoleManager.ts"
export { User, type UserItemsOptions, type UserResetOptions, type UserUpdateOptions } from "./User.ts"
export { type UserCreateOptions, UserManager, type UserSearchOptions } from "./UserManager.ts"
