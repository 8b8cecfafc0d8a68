/**
 * The content manager's operations (`Content`) as module-level functions: each requires the services
 * `Portal.layer({ url, auth })` provides and captures them at the call, so a program bundles only the operations it
 * imports. The same operations as the `Content` service's methods, with the same names, checks, spans and errors.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/working-with-users-groups-and-items.htm
 * @see arcgis.gis.ContentManager
 * @module
 */
import type { ContentShape } from "../Content.ts"
import { lift, liftStream, type Standalone } from "../internal/standalone.ts"
import { add as addOperation } from "../operations/add.ts"
import { get as getOperation, isServiceNameAvailable as isServiceNameAvailableOperation } from "../operations/basics.ts"
import {
  deleteItems as deleteItemsOperation,
  moveItems as moveItemsOperation,
  shareItems as shareItemsOperation,
  unshareItems as unshareItemsOperation,
} from "../operations/bulk.ts"
import { createFolder as createFolderOperation, deleteFolder as deleteFolderOperation } from "../operations/folders.ts"
import { importData as importDataOperation } from "../operations/import-data.ts"
import { searchAll as searchAllOperation, search as searchOperation } from "../operations/search.ts"
import { createService as createServiceOperation } from "../operations/services.ts"

/**
 * Creates an item from properties and optional data, thumbnail and metadata (`Content.add`). Files larger than
 * `multipartThreshold` are uploaded in parts.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/add-item.htm
 * @see arcgis.gis.ContentManager.add
 * @example
 * import { add } from "@arcgis-portal/content/operations"
 * const item = add({ properties: { title: "Notes", type: "Markdown" }, data: { text: "# Notes" } })
 */
export const add: Standalone<ContentShape["add"]> = /* @__PURE__ */ lift(addOperation)

/**
 * Creates a folder; returns the existing one when the owner already has a folder of that name (`Content.createFolder`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/create-folder.htm
 * @see arcgis.gis.ContentManager.create_folder
 */
export const createFolder: Standalone<ContentShape["createFolder"]> = /* @__PURE__ */ lift(createFolderOperation)

/**
 * Deletes a folder by name; `false` when the owner has no such folder (`Content.deleteFolder`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/delete-folder.htm
 * @see arcgis.gis.ContentManager.delete_folder
 */
export const deleteFolder: Standalone<ContentShape["deleteFolder"]> = /* @__PURE__ */ lift(deleteFolderOperation)

/**
 * Creates an empty hosted service; `wait()` on the job returns its item (`Content.createService`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/create-service.htm
 * @see arcgis.gis.ContentManager.create_service
 */
export const createService: Standalone<ContentShape["createService"]> = /* @__PURE__ */ lift(createServiceOperation)

/**
 * Reads an item; `undefined` when it does not exist or the caller may not see it (`Content.get`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/item.htm
 * @see arcgis.gis.ContentManager.get
 * @example
 * import { get } from "@arcgis-portal/content/operations"
 * const item = get("0123456789abcdef0123456789abcdef")
 */
export const get: Standalone<ContentShape["get"]> = /* @__PURE__ */ lift(getOperation)

/**
 * Turns CSV text into an in-memory feature collection, `analyze` then `generate` (`Content.importData`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/generate.htm
 * @see arcgis.gis.ContentManager.import_data
 */
export const importData: Standalone<ContentShape["importData"]> = /* @__PURE__ */ lift(importDataOperation)

/**
 * Whether a service name is still free in the organization (`Content.isServiceNameAvailable`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/check-service-name.htm
 * @see arcgis.gis.ContentManager.is_service_name_available
 */
export const isServiceNameAvailable: Standalone<ContentShape["isServiceNameAvailable"]> = /* @__PURE__ */ lift(
  isServiceNameAvailableOperation,
)

/**
 * Shares many items at once with everyone, the organization and/or groups; one result per item, in the order given
 * (`Content.shareItems`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/share-items.htm
 * @see arcgis.gis.ContentManager.share_items
 */
export const shareItems: Standalone<ContentShape["shareItems"]> = /* @__PURE__ */ lift(shareItemsOperation)

/**
 * Stops sharing many items with groups; one result per item, in the order given (`Content.unshareItems`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/unshare-items.htm
 * @see arcgis.gis.ContentManager.unshare_items
 */
export const unshareItems: Standalone<ContentShape["unshareItems"]> = /* @__PURE__ */ lift(unshareItemsOperation)

/**
 * Moves many items of one owner to a folder; one result per item, in the order given (`Content.moveItems`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/move-items.htm
 * @see arcgis.gis.Item.move
 */
export const moveItems: Standalone<ContentShape["moveItems"]> = /* @__PURE__ */ lift(moveItemsOperation)

/**
 * Deletes many items of one owner; one result per item, in the order given (`Content.deleteItems`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/delete-items.htm
 * @see arcgis.gis.ContentManager.delete_items
 */
export const deleteItems: Standalone<ContentShape["deleteItems"]> = /* @__PURE__ */ lift(deleteItemsOperation)

/**
 * Searches items (at most `maxItems`, default 10), within the organization unless `outsideOrg` (`Content.search`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/search.htm
 * @see arcgis.gis.ContentManager.search
 * @example
 * import { search } from "@arcgis-portal/content/operations"
 * import { Portal } from "@arcgis-portal/core"
 * import * as Effect from "effect/Effect"
 * const parks = search("parks").pipe(Effect.provide(Portal.layer({ url: "https://www.arcgis.com" })))
 */
export const search: Standalone<ContentShape["search"]> = /* @__PURE__ */ lift(searchOperation)

/**
 * Every search result as a stream, fetched page by page, or `concurrency` pages at once (`Content.searchAll`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/search.htm
 * @see arcgis.gis.ContentManager.search
 */
export const searchAll: Standalone<ContentShape["searchAll"]> = /* @__PURE__ */ liftStream(searchAllOperation)
