/**
 * Node-only helpers of `@arcgis-portal/resources`: a resource downloaded to a file (Python
 * `ResourceManager.get(file, out_folder=..., out_file_name=...)`) and files on disk added or
 * updated as resources.
 *
 * @see arcgis.gis.ResourceManager.get
 * @module
 */
import { tmpdir } from "node:os"
import { basename, join } from "node:path"
import { PortalError as Errors, type PortalError } from "@arcgis-portal/core"
import { NodeFiles } from "@arcgis-portal/core/node"
import * as Effect from "effect/Effect"
import { type AddOptions, type BytesOptions, type ItemReference, Resources, type UpdateOptions } from "../Resources.ts"

/** Options of {@link download}; `onProgress` follows the bytes as they are written. */
export interface DownloadOptions extends BytesOptions {
  /** The folder to write into. Default: the system's temporary directory. */
  readonly outFolder?: string | undefined
  /** The file name to write. Default: the resource's own name. */
  readonly outFileName?: string | undefined
}

const unsafeName = (name: string) =>
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  name === "" || name === "." || name === ".." || /[/\\\u0000-\u001f]/.test(name)

/**
 * Writes a resource to `outFolder/outFileName` (streamed; a failed download leaves no partial
 * file) and returns the file's path.
 *
 * @example
 * import { NodeResources } from "@arcgis-portal/resources/node"
 * const path = NodeResources.download("0123456789abcdef0123456789abcdef", "images/banner.png", {
 *   outFolder: "./out",
 *   onProgress: ({ bytes, total }) => console.log(`${bytes} of ${total ?? "?"} bytes`),
 * })
 */
export const download = (
  item: ItemReference,
  file: string,
  options: DownloadOptions = {},
): Effect.Effect<string, PortalError.PortalFailure, Resources> =>
  Effect.gen(function* () {
    const name = options.outFileName ?? basename(file)
    if (unsafeName(name)) {
      return yield* Effect.fail(
        new Errors.InvalidInput({
          operation: "NodeResources.download",
          field: "outFileName",
          message: "The output file name must be a plain file name.",
        }),
      )
    }
    const resources = yield* Resources
    const response = yield* resources.bytes(item, file, { onProgress: options.onProgress })
    const path = join(options.outFolder ?? tmpdir(), name)
    yield* NodeFiles.writeFile(response.stream, path)
    return path
  })

/** Adds the file at `path` as a resource (read lazily from disk when sent). */
export const addFromPath = (item: ItemReference, path: string, options: Omit<AddOptions, "file" | "text"> = {}) =>
  Effect.gen(function* () {
    const blob = yield* NodeFiles.blobFromPath(path)
    const resources = yield* Resources
    // A File named after the path; its content still comes lazily from the disk-backed Blob.
    return yield* resources.add(item, { ...options, file: new File([blob], basename(path)) })
  })

/** Replaces a resource with the file at `path` (named after the file unless `fileName` is given). */
export const updateFromPath = (item: ItemReference, path: string, options: Omit<UpdateOptions, "file" | "text"> = {}) =>
  Effect.gen(function* () {
    const blob = yield* NodeFiles.blobFromPath(path)
    const resources = yield* Resources
    // A File named after the path; its content still comes lazily from the disk-backed Blob.
    return yield* resources.update(item, { ...options, file: new File([blob], basename(path)) })
  })
