/**
 * `@arcgis-portal/gis`: the Promise face of the arcgis-portal SDK. `await GIS.connect({ url, ... })`,
 * then the Python `arcgis.gis` names in camelCase (`gis.content.search(...)`, `item.share(...)`,
 * `gis.users.roles.all()`); failures reject with the same typed errors as the Effect face.
 * `GIS.layer(options)` is every service in one layer for Effect users. Browser-safe; PKI, proxies,
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
export type * from "./ContentItemOptions.ts"
export { ContentLayer, type ContentLayerOptions, type ContentServices } from "./ContentLayer.ts"
export type * from "./ContentManagerOptions.ts"
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
export { ContentManager } from "./FullContentManager.ts"
export { type ConnectOptions, GIS, type LatLong, type OAuthOptions, type ProxyOptions } from "./GIS.ts"
export { GisLayer, type GisLayerOptions, type GisServices } from "./GisLayer.ts"
export { Group, type GroupContentOptions, type GroupMembershipOptions, type GroupUpdateOptions } from "./Group.ts"
export { type GroupCreateOptions, GroupManager, type GroupSearchOptions } from "./GroupManager.ts"
export { Item, type SharedWithResult } from "./Item.ts"
export type { CloneItemsInput, CloneItemsOptions } from "./internal/clone-items.ts"
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
export { Layer, ServiceLayer } from "./ServiceLayer.ts"
export { User, type UserItemsOptions, type UserResetOptions, type UserUpdateOptions } from "./User.ts"
export { type UserCreateOptions, UserManager, type UserSearchOptions } from "./UserManager.ts"
