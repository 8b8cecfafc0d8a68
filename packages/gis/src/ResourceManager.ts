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
import { blobOf, defined, type FileArgument, filesOf } from "./internal/inputs.ts"
import { iterate, run, type Session, sessionKey } from "./internal/session.ts"

/**
 * Options of {@link ResourceManager.add}.
 *
 * @see arcgis.gis.ResourceManager.add
 */
export interface AddOptions {
  /** A `Blob`/`File`, or (Node) a path on disk. */
  readonly file?: FileArgument | undefined
  readonly folderName?: string | undefined
  readonly fileName?: string | undefined
  /** Text stored as a file named `fileName`. */
  readonly text?: string | undefined
  /** Extract a zip file into the item's resources. */
  readonly archive?: boolean | undefined
}

/**
 * Options of {@link ResourceManager.update}.
 *
 * @see arcgis.gis.ResourceManager.update
 */
export interface UpdateOptions {
  readonly folderName?: string | undefined
  readonly fileName?: string | undefined
  readonly text?: string | undefined
}

/**
 * Options of {@link ResourceManager.get}.
 *
 * @see arcgis.gis.ResourceManager.get
 */
export interface GetOptions {
  /** Parse JSON files. Default `true`. */
  readonly tryJson?: boolean | undefined
  /** (Node) Where binary files are written. Default: the temporary directory. */
  readonly outFolder?: string | undefined
  /** (Node) The written file's name. Default: the resource's own name. */
  readonly outFileName?: string | undefined
}

/**
 * Options of {@link ResourceManager.remove}.
 *
 * @see arcgis.gis.ResourceManager.remove
 */
export interface RemoveOptions {
  /** The resource to remove; without it, **every** resource of the item is removed (as in Python). */
  readonly file?: string | undefined
}

/**
 * The resource files of an item.
 *
 * @see arcgis.gis.ResourceManager
 */
export class ResourceManager {
  readonly [sessionKey]: Session
  readonly #item: { readonly id: string; readonly owner: string }

  /** @internal Made by `Item` (`item.resources`). */
  constructor(session: Session, item: { readonly id: string; readonly owner: string }) {
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
  add(options: AddOptions = {}): Promise<ResourceSchema.ResourceOperationResult> {
    const session = this[sessionKey]
    const item = this.#item
    return run(
      session,
      Effect.gen(function* () {
        const file = yield* blobOf(session, "ResourceManager.add", "file", options.file)
        const resources = yield* Resources.Resources
        return yield* resources.add(item, defined({ ...options, file }))
      }),
    )
  }

  /**
   * Replaces an existing resource with `file` (a `Blob`/`File`, or a path in Node).
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/update-resources
   * @see arcgis.gis.ResourceManager.update
   */
  update(file: FileArgument | undefined, options: UpdateOptions = {}): Promise<ResourceSchema.ResourceOperationResult> {
    const session = this[sessionKey]
    const item = this.#item
    return run(
      session,
      Effect.gen(function* () {
        const blob = yield* blobOf(session, "ResourceManager.update", "file", file)
        const resources = yield* Resources.Resources
        return yield* resources.update(item, defined({ ...options, file: blob }))
      }),
    )
  }

  /**
   * Every resource of the item.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/item-resources.htm
   * @see arcgis.gis.ResourceManager.list
   */
  list(): Promise<ReadonlyArray<ResourceSchema.Resource>> {
    return run(
      this[sessionKey],
      Effect.flatMap(Resources.Resources, (resources) => resources.list(this.#item)),
    )
  }

  /** Every resource of the item, fetched page by page as the loop asks for them. */
  listAll(): AsyncIterable<ResourceSchema.Resource> {
    return iterate(
      this[sessionKey],
      Stream.unwrap(Effect.map(Resources.Resources, (resources) => resources.stream(this.#item))),
    )
  }

  /**
   * A resource: parsed JSON (unless `tryJson: false`), text, or — for binary files — the path it
   * was written to (Node) or its bytes (browsers).
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/item-resource.htm
   * @see arcgis.gis.ResourceManager.get
   */
  get(file: string, options: GetOptions = {}): Promise<unknown> {
    const session = this[sessionKey]
    const item = this.#item
    return run(
      session,
      Effect.gen(function* () {
        const resources = yield* Resources.Resources
        const wantsFile = options.outFolder !== undefined || options.outFileName !== undefined
        if (wantsFile) {
          const files = yield* filesOf(session, "ResourceManager.get", "outFolder")
          const response = yield* resources.bytes(item, file)
          return yield* files.write(response.stream, options.outFolder, options.outFileName ?? baseName(file))
        }
        const content = yield* resources.get(item, file, defined({ tryJson: options.tryJson }))
        if (content._tag === "Json") return content.value
        if (content._tag === "Text") return content.text
        if (session.files !== undefined) {
          return yield* session.files.write(content.response.stream, undefined, baseName(file))
        }
        return yield* Transport.collectBytes(content.response.stream)
      }),
    )
  }

  /**
   * Removes one resource, or every resource when no `file` is given.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/remove-resources
   * @see arcgis.gis.ResourceManager.remove
   */
  remove(options: RemoveOptions = {}): Promise<boolean> {
    return run(
      this[sessionKey],
      Effect.flatMap(Resources.Resources, (resources) =>
        resources.remove(this.#item, options.file === undefined ? { deleteAll: true } : options.file),
      ),
    )
  }
}

const baseName = (path: string): string => path.split("/").pop() ?? path
