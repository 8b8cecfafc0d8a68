/**
 * `@arcgis-portal/gis/content`: the Promise face for pages that only work with content. Its `GIS.connect` takes a
 * token, an API key or any `auth` strategy and gives `gis.content` (search, get, add, bulk sharing…) with items and
 * their methods — the same classes and code as the main entry, without users, groups, roles, data stores, item
 * resources or OAuth, so none of them is bundled. Browser-safe.
 *
 * @example
 * import { GIS } from "@arcgis-portal/gis/content"
 * const gis = await GIS.connect({ url: "https://www.arcgis.com", apiKey: "…" })
 * for (const item of await gis.content.search("parks", { maxItems: 5 })) console.log(item.title)
 *
 * @packageDocumentation
 */

export type { FileArgument, GroupArgument, UserArgument } from "../Arguments.ts"
export { type ContentConnectOptions as ConnectOptions, ContentGIS as GIS } from "../ContentGIS.ts"
export { ContentItem as Item } from "../ContentItem.ts"
export type * from "../ContentItemOptions.ts"
export { ContentLayer, type ContentLayerOptions, type ContentServices } from "../ContentLayer.ts"
export { ContentManager } from "../ContentManager.ts"
export type * from "../ContentManagerOptions.ts"
export {
  AbortError,
  type AbortOptions,
  AuthError,
  DecodeError,
  InvalidInput,
  JobFailed,
  PortalError,
  TransportError,
} from "../Errors.ts"
export type { OnRequest, RequestEvent, RequestFailure } from "../RequestEvent.ts"
