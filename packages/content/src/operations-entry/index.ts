/**
 * `@arcgis-portal/content/operations`: the operations of `Content` and `Items` as module-level functions, for
 * programs that care about their bundle — a bundler keeps only the functions a program imports (through the
 * services of the main entry, every operation comes along with the service object that holds it). Each function
 * requires the services `Portal.layer({ url, auth })` provides.
 *
 * @example
 * import { search } from "@arcgis-portal/content/operations"
 * import { Portal } from "@arcgis-portal/core"
 * import * as Effect from "effect/Effect"
 * const program = search("parks", { maxItems: 5 }).pipe(Effect.provide(Portal.layer({ url: "https://www.arcgis.com" })))
 *
 * @packageDocumentation
 */
export type { Requirements, Standalone } from "../internal/standalone.ts"
export {
  add,
  createFolder,
  createService,
  deleteFolder,
  deleteItems,
  get,
  importData,
  isServiceNameAvailable,
  moveItems,
  search,
  searchAll,
  shareItems,
  unshareItems,
} from "./ContentOperations.ts"
export {
  addComment,
  addRelationship,
  canDelete,
  comments,
  copyFeatureLayerCollection,
  createTileService,
  deleteItem,
  deleteRating,
  deleteRelationship,
  dependentTo,
  dependentUpon,
  download,
  downloadMetadata,
  downloadThumbnail,
  exportItem,
  getData,
  getThumbnail,
  getThumbnailLink,
  groups,
  homepage,
  metadata,
  move,
  protect,
  proxies,
  publish,
  rating,
  reassignTo,
  relatedItems,
  setRating,
  share,
  status,
  unshare,
  update,
} from "./ItemOperations.ts"
