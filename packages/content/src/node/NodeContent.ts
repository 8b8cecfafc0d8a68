/**
 * Node-only helpers: items' data, thumbnails and metadata to files on disk (written to a temporary
 * file and renamed when complete), and files on disk as upload data for `Content.add` and
 * `Items.update` (read lazily, part by part, never whole).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/item-data.htm
 * @module
 */
import { basename } from "node:path"
import type { PortalError } from "@arcgis-portal/core"
import { NodeFiles } from "@arcgis-portal/core/node"
import * as Effect from "effect/Effect"
import { type DownloadOptions, type ItemReference, Items } from "../Items.ts"

/** Options of {@link downloadToFile}. */
export interface DownloadToFileOptions extends Omit<DownloadOptions, "offset"> {
  /**
   * Resume an interrupted download: the bytes go to `<path>.partial`, kept when the download fails or is
   * interrupted, and the next call with `resume: true` asks the portal only for the bytes after those already there
   * (a portal that does not serve ranges sends the whole; the bytes already there are skipped). The partial file is
   * started over when the item changed (its `size` or `modified` differ). Default `false`: a temporary file, removed
   * on failure.
   */
  readonly resume?: boolean | undefined
}

/** What the bytes of a resumed download are a copy of: the item, its size and modification time when known. */
const versionOf = (item: ItemReference): string => {
  const { size, modified } = item as { readonly size?: unknown; readonly modified?: unknown }
  return JSON.stringify([
    item.id,
    typeof size === "number" ? size : null,
    typeof modified === "number" ? modified : null,
  ])
}

/**
 * Downloads an item's data to `path`; returns the bytes written (the file's size). `onProgress` follows the bytes as
 * they arrive, in bytes of the whole file; `resume: true` continues an interrupted download.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/item-data.htm
 * @see arcgis.gis.Item.download
 * @example
 * import { NodeContent } from "@arcgis-portal/content/node"
 * const written = (item: { id: string; owner: string }) =>
 *   NodeContent.downloadToFile(item, "/tmp/data.bin", { onProgress: ({ bytes, total }) => console.log(bytes, total) })
 */
export const downloadToFile = (
  item: ItemReference,
  path: string,
  options: DownloadToFileOptions = {},
): Effect.Effect<number, PortalError.PortalFailure, Items> =>
  Effect.flatMap(Items, (items) => {
    const { resume, ...download } = options
    if (resume !== true) return NodeFiles.writeFile(items.download(item, download), path)
    return Effect.map(
      NodeFiles.writeFileResumable((offset) => items.download(item, { ...download, offset }), path, {
        version: versionOf(item),
      }),
      (written) => written.bytes,
    )
  })

/**
 * Downloads an item's thumbnail to `path`; returns the bytes written.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/item-info-file.htm
 * @see arcgis.gis.Item.download_thumbnail
 */
export const downloadThumbnailToFile = (
  item: ItemReference,
  path: string,
): Effect.Effect<number, PortalError.PortalFailure, Items> =>
  Effect.flatMap(Items, (items) => NodeFiles.writeFile(items.downloadThumbnail(item), path))

/**
 * Downloads an item's metadata XML to `path`; returns the bytes written.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/item-info-file.htm
 * @see arcgis.gis.Item.download_metadata
 */
export const downloadMetadataToFile = (
  item: ItemReference,
  path: string,
): Effect.Effect<number, PortalError.PortalFailure, Items> =>
  Effect.flatMap(Items, (items) => NodeFiles.writeFile(items.downloadMetadata(item), path))

/**
 * A file on disk as a `File` for `data`, `thumbnail` or `metadata`: backed by the file, so it is
 * read only as it is sent (a large file is sliced into parts without being loaded).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/add-item.htm
 * @see arcgis.gis.ContentManager.add
 * @example
 * import { NodeContent } from "@arcgis-portal/content/node"
 * const file = NodeContent.fileFromPath("./parks.csv")
 */
export const fileFromPath = (path: string, fileName?: string): Effect.Effect<File, PortalError.InvalidInput> =>
  Effect.map(NodeFiles.blobFromPath(path), (blob) => new File([blob], fileName ?? basename(path), { type: blob.type }))
