/**
 * The options and results of the resource operations, exported from the `Resources` namespace
 * (`Resources.AddOptions`…): which item, what to add or update, how to list, read and remove.
 */
import type { PortalRequest, Transport } from "@arcgis-portal/core"

/**
 * The item whose resources are managed: an item from `@arcgis-portal/content` fits, so does
 * `{ id, owner }`, or just the id (its owner is then read from `content/items/<id>` before a write).
 */
export type ItemReference = string | { readonly id: string; readonly owner?: string | undefined }

/**
 * Options of {@link ResourcesShape.add}: a `file`, or `text` with a `fileName`.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/add-resources
 * @see arcgis.gis.ResourceManager.add
 */
export interface AddOptions {
  /** The content. Its name (a `File`'s) is the resource name unless `fileName` is given. */
  readonly file?: Blob | undefined
  /** The folder under `resources/` (`resourcesPrefix`), e.g. `images/2024`. */
  readonly folderName?: string | undefined
  /** The resource's name: renames `file`, or names `text`. */
  readonly fileName?: string | undefined
  /** Text content, stored as `fileName`. */
  readonly text?: string | undefined
  /** Unpack a zip `file` into its folders. */
  readonly archive?: boolean | undefined
  /** `inherit` (the default: follows the item) or `private`. */
  readonly access?: "inherit" | "private" | undefined
}

/**
 * Options of {@link ResourcesShape.update}: as for `add`, without `archive`.
 *
 * @see arcgis.gis.ResourceManager.update
 */
export type UpdateOptions = Omit<AddOptions, "archive">

/** Options of {@link ResourcesShape.list}. */
export interface ListOptions {
  readonly sortField?: "size" | "created" | "resource" | undefined
  readonly sortOrder?: "asc" | "desc" | undefined
}

/** Options of {@link ResourcesShape.bytes}. */
export interface BytesOptions {
  /**
   * Called as the resource's bytes arrive, chunk by chunk, with the bytes received so far (`total`: its size when
   * the portal sends its `Content-Length`); the last call has every byte.
   */
  readonly onProgress?: ((progress: PortalRequest.ByteProgress) => void) | undefined
}

/** Options of {@link ResourcesShape.get}. */
export interface GetOptions extends BytesOptions {
  /** Parse JSON resources. Default `true` (as Python's `try_json`). */
  readonly tryJson?: boolean | undefined
}

/**
 * A resource's content: parsed JSON, text (with the bytes it was decoded from, so a caller can still save the file
 * exactly as stored), or a byte stream that is never buffered whole.
 */
export type ResourceContent =
  | { readonly _tag: "Json"; readonly value: unknown; readonly contentType: string | undefined }
  | {
      readonly _tag: "Text"
      readonly text: string
      readonly bytes: Uint8Array
      readonly contentType: string | undefined
    }
  | { readonly _tag: "Bytes"; readonly response: Transport.ByteResponse }

/** What to remove: one resource (its full path, prefix included), or every resource of the item. */
export type RemoveTarget = string | { readonly deleteAll: true }
