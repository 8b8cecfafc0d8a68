/**
 * `@arcgis-portal/gis`: the Promise face of the arcgis-portal SDK. `await GIS.connect({ url, ... })`,
 * then the Python `arcgis.gis` names in camelCase (`gis.content.search(...)`, `item.share(...)`,
 * `gis.users.roles.all()`); failures reject with the same typed errors as the Effect face.
 * `GisLayer(options)` is every service in one layer for Effect users. Browser-safe; PKI, proxies,
 * profiles, the OAuth loopback flow and file paths are in `@arcgis-portal/gis/node`; a page that
 * only works with content imports `@arcgis-portal/gis/content`, which bundles much less.
 */
export { ContentLayer, type ContentLayerOptions, type ContentServices } from "./ContentLayer.ts"
export {
  ContentManager,
  type CreateServiceOptions,
  type DeleteItemsOptions,
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
export { Group } from "./Group.ts"
export { GroupManager } from "./GroupManager.ts"
export {
  type DownloadOptions,
  type ExportJob,
  type ExportOptions,
  type GetDataOptions,
  type GroupArgument,
  Item,
  type JobInfo,
  type JobWaitOptions,
  type ProtectResult,
  type PublishOptions,
  type ShareOptions,
} from "./Item.ts"
export { Layer } from "./Layer.ts"
export type { OnRequest, RequestEvent, RequestFailure } from "./RequestEvent.ts"
export { ResourceManager } from "./ResourceManager.ts"
export { Role } from "./Role.ts"
export { RoleManager } from "./RoleManager.ts"
export { User } from "./User.ts"
export { UserManager } from "./UserManager.ts"
