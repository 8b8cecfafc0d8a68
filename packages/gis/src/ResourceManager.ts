/**
 * The resource files of one item — Python's `ResourceManager`, available as `item.resources`.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/item-resources.htm
 * @see arcgis.gis.ResourceManager
 */
import { Transport } from "@arcgis-portal/core"
import { type ResourceSchema, Resources } from "@arcgis-portal/resources"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import type { FileArgument } from "./Arguments.ts"
import type { AbortOptions } from "./Errors.ts"
import type { GisServices } from "./GisLayer.ts"
import * as Args from "./internal/args.ts"
import { blobOf, defined, filesOf, refuse } from "./internal/inputs.ts"
import { cancel, iterate, run, type Session, sessionKey } from "./internal/session.ts"

/**
 * What {@link ResourceManager.add} adds: Python's `file`, `folder_name`, `file_name`, `text` and `archive`, in
 * camelCase — a file, or `text` stored under `fileName` — and a `signal` to stop the upload.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/add-resources
 * @see arcgis.gis.ResourceManager.add
 */
export interface ResourceAddOptions {
  /** A `Blob`/`File`, or (Node) a path on disk. */
  readonly file?: FileArgument | undefined
  /** The folder within the item's resources (`app`, `images/2024`). Default: the top level. */
  readonly folderName?: string | undefined
  /** The resource's name. Default: the file's own name; required with `text`. */
  readonly fileName?: string | undefined
  /** Text stored as a file named `fileName`. */
  readonly text?: string | undefined
  /** Extract a zip file into the item's resources. */
  readonly archive?: boolean | undefined
  /** Aborts the upload: the call rejects with `AbortError`. */
  readonly signal?: AbortSignal | undefined
}

/**
 * What {@link ResourceManager.update} replaces: Python's `file`, `folder_name`, `file_name` and `text`, in camelCase,
 * and a `signal` to stop the upload. `file` is usually the first argument (`update(file, { fileName })`); it is here
 * for `update({ fileName, text })`, which replaces a resource with text and needs no file.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/update-resources
 * @see arcgis.gis.ResourceManager.update
 */
export interface ResourceUpdateOptions {
  /** A `Blob`/`File`, or (Node) a path on disk (when not given as the first argument). */
  readonly file?: FileArgument | undefined
  /** The folder of the resource within the item's resources. */
  readonly folderName?: string | undefined
  /** The name of the resource to replace. Default: the file's own name; required with `text`. */
  readonly fileName?: string | undefined
  /** Text stored as the file named `fileName`. */
  readonly text?: string | undefined
  /** Aborts the upload: the call rejects with `AbortError`. */
  readonly signal?: AbortSignal | undefined
}

/**
 * How {@link ResourceManager.get} hands the resource back: Python's `try_json`, `out_folder` and `out_file_name`, in
 * camelCase, plus `inMemory` and `onProgress` (not in Python) and a `signal` to stop the download.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/item-resource.htm
 * @see arcgis.gis.ResourceManager.get
 */
export interface ResourceGetOptions {
  /** Parse JSON files. Default `true`. */
  readonly tryJson?: boolean | undefined
  /** (Node) Write the file here, whatever it holds (JSON included). Default: the temporary directory. */
  readonly outFolder?: string | undefined
  /** (Node) The written file's name. Default: the resource's own name. */
  readonly outFileName?: string | undefined
  /**
   * Resolve with the content instead of writing a file: text for text files, bytes for binary ones (parsed JSON
   * stays parsed unless `tryJson: false`). Default `false` in Node, as Python; browsers, having no files, always
   * get the content.
   */
  readonly inMemory?: boolean | undefined
  /**
   * Not in Python: called as the file's bytes arrive, chunk by chunk, with the bytes received so far (`total`: its
   * size, when the portal sends it); the last call has every byte.
   */
  readonly onProgress?: Resources.BytesOptions["onProgress"]
  /** Aborts the download: the call rejects with `AbortError`. */
  readonly signal?: AbortSignal | undefined
}

/**
 * What {@link ResourceManager.remove} removes: Python's `file` — one resource by its path within the item's resources
 * (`app/config.json`), or, left out, all of them.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/remove-resources
 * @see arcgis.gis.ResourceManager.remove
 */
export interface ResourceRemoveOptions {
  /** The resource to remove; without it, **every** resource of the item is removed (as in Python). */
  readonly file?: string | undefined
}

/**
 * The resource files of an item.
 *
 * @see arcgis.gis.ResourceManager
 */
export class ResourceManager {
  /** @internal The connection this object belongs to: a symbol key, so not in `Object.keys` or JSON. */
  readonly [sessionKey]: Session<GisServices>
  readonly #item: { readonly id: string; readonly owner: string }

  /** @internal Made by `Item` (`item.resources`). */
  constructor(session: Session<GisServices>, item: { readonly id: string; readonly owner: string }) {
    this[sessionKey] = session
    this.#item = item
  }

  /**
   * Adds a file (or text) as a resource.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/add-resources
   * @see arcgis.gis.ResourceManager.add
   * @example
   * await item.resources.add({ text: JSON.stringify({ theme: "dark" }), fileName: "config.json", folderName: "app" })
   */
  add(options: ResourceAddOptions = {}): Promise<ResourceSchema.ResourceOperationResult> {
    const session = this[sessionKey]
    const item = this.#item
    return run(
      session,
      Effect.gen(function* () {
        yield* Args.check(
          "ResourceManager.add",
          ["options", options, Args.record],
          ["file", options?.file, Args.optional(Args.file)],
          ["folderName", options?.folderName, Args.optional(Args.string)],
          ["fileName", options?.fileName, Args.optional(Args.string)],
          ["text", options?.text, Args.optional(Args.string)],
          ["archive", options?.archive, Args.optional(Args.boolean)],
        )
        const file = yield* blobOf(session, "ResourceManager.add", "file", options.file)
        const resources = yield* Resources.Resources
        const { signal: _signal, ...add } = options
        return yield* resources.add(item, defined({ ...add, file }))
      }),
      cancel("ResourceManager.add", options),
    )
  }

  /**
   * Replaces an existing resource with `file` (a `Blob`/`File`, or a path in Node) — `update(file, { fileName })`
   * — or with text — `update({ fileName, text })`.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/update-resources
   * @see arcgis.gis.ResourceManager.update
   */
  update(
    file: FileArgument,
    options?: Omit<ResourceUpdateOptions, "file">,
  ): Promise<ResourceSchema.ResourceOperationResult>
  update(options: ResourceUpdateOptions): Promise<ResourceSchema.ResourceOperationResult>
  update(
    file: FileArgument | ResourceUpdateOptions,
    options: Omit<ResourceUpdateOptions, "file"> = {},
  ): Promise<ResourceSchema.ResourceOperationResult> {
    const session = this[sessionKey]
    const item = this.#item
    const operation = "ResourceManager.update"
    return run(
      session,
      Effect.gen(function* () {
        yield* Args.check(operation, ["file", file, Args.oneOf(Args.file, Args.record)])
        const all: ResourceUpdateOptions =
          typeof file === "string" || file instanceof Blob ? { ...options, file } : { ...file }
        yield* Args.check(
          operation,
          ["options", options, Args.record],
          ["file", all.file, Args.optional(Args.file)],
          ["folderName", all.folderName, Args.optional(Args.string)],
          ["fileName", all.fileName, Args.optional(Args.string)],
          ["text", all.text, Args.optional(Args.string)],
        )
        const blob = yield* blobOf(session, operation, "file", all.file)
        const resources = yield* Resources.Resources
        const { signal: _signal, ...update } = all
        return yield* resources.update(item, defined({ ...update, file: blob }))
      }),
      cancel(operation, typeof file === "string" || file instanceof Blob ? options : file),
    )
  }

  /**
   * Every resource of the item.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/item-resources.htm
   * @see arcgis.gis.ResourceManager.list
   */
  list(options: AbortOptions = {}): Promise<ReadonlyArray<ResourceSchema.Resource>> {
    return run(
      this[sessionKey],
      Effect.flatMap(Resources.Resources, (resources) => resources.list(this.#item)),
      cancel("ResourceManager.list", options),
    )
  }

  /** Every resource of the item, fetched page by page as the loop asks for them (`signal` stops the paging). */
  listAll(options: AbortOptions = {}): AsyncIterable<ResourceSchema.Resource> {
    return iterate(
      this[sessionKey],
      Stream.unwrap(Effect.map(Resources.Resources, (resources) => resources.stream(this.#item))),
      cancel("ResourceManager.listAll", options),
    )
  }

  /**
   * A resource, as Python returns it: a JSON file parsed (unless `tryJson: false`), any other file — text or
   * binary — written to the temporary directory and its path returned (Node). With `outFolder` or `outFileName` the
   * file is always written there. With `inMemory: true`, and always in browsers, text files resolve with their text
   * and binary ones with their bytes. `onProgress` (not in Python) is called as the bytes arrive.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/item-resource.htm
   * @see arcgis.gis.ResourceManager.get
   * @example
   * const path = await item.resources.get("tiles/big.pbf", { onProgress: ({ bytes, total }) => console.log(bytes, total) })
   */
  get(file: string, options: ResourceGetOptions = {}): Promise<unknown> {
    const session = this[sessionKey]
    const item = this.#item
    const operation = "ResourceManager.get"
    return run(
      session,
      Effect.gen(function* () {
        yield* Args.check(
          operation,
          ["file", file, Args.string],
          ["options", options, Args.record],
          ["tryJson", options?.tryJson, Args.optional(Args.boolean)],
          ["outFolder", options?.outFolder, Args.optional(Args.string)],
          ["outFileName", options?.outFileName, Args.optional(Args.string)],
          ["inMemory", options?.inMemory, Args.optional(Args.boolean)],
          ["onProgress", options?.onProgress, Args.optional(Args.callback)],
        )
        const resources = yield* Resources.Resources
        const wantsFile = options.outFolder !== undefined || options.outFileName !== undefined
        if (options.inMemory === true && wantsFile) {
          return yield* Effect.fail(
            refuse(
              operation,
              "inMemory",
              "inMemory: true returns the content; it cannot also write outFolder/outFileName.",
            ),
          )
        }
        const name = options.outFileName ?? baseName(file)
        const onProgress = options.onProgress
        if (wantsFile) {
          // Asked for a file: written whatever it holds.
          const files = yield* filesOf(session, operation, "outFolder")
          const response = yield* resources.bytes(item, file, { onProgress })
          return yield* files.write(response.stream, options.outFolder, name)
        }
        const content = yield* resources.get(item, file, defined({ tryJson: options.tryJson, onProgress }))
        if (content._tag === "Json") return content.value
        // Python writes every file it does not parse as JSON; browsers have no files to write.
        if (session.files === undefined || options.inMemory === true) {
          return content._tag === "Text" ? content.text : yield* Transport.collectBytes(content.response.stream)
        }
        const stream = content._tag === "Text" ? Stream.make(content.bytes) : content.response.stream
        return yield* session.files.write(stream, undefined, name)
      }),
      cancel(operation, options),
    )
  }

  /**
   * Removes one resource, or every resource when no `file` is given.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/remove-resources
   * @see arcgis.gis.ResourceManager.remove
   */
  remove(options: ResourceRemoveOptions = {}): Promise<boolean> {
    return run(
      this[sessionKey],
      Effect.andThen(
        Args.check(
          "ResourceManager.remove",
          ["options", options, Args.record],
          ["file", options?.file, Args.optional(Args.string)],
        ),
        () =>
          Effect.flatMap(Resources.Resources, (resources) =>
            resources.remove(this.#item, options.file === undefined ? { deleteAll: true } : options.file),
          ),
      ),
    )
  }
}

const baseName = (path: string): string => path.split("/").pop() ?? path
