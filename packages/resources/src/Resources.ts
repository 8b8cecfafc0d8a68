/**
 * The resource files of an item — the TypeScript counterpart of Python's
 * `arcgis.gis.ResourceManager` (`item.resources`): add, update, list, get and remove. Every input
 * is checked before anything is sent: paths stay inside the item (no `..`, absolute paths,
 * backslashes, empty segments or NUL, also percent-encoded), only the file types the portal
 * accepts, at most 25 MB per file (configurable).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/item-resources.htm
 * @see arcgis.gis.ResourceManager
 * @module
 */
import { Endpoint, Paging, PortalError, type PortalRequest, Transport } from "@arcgis-portal/core"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import { item as itemEndpoint } from "./endpoints/items/item.ts"
import { resource as resourceEndpoint } from "./endpoints/items/resource.ts"
import { resources as resourcesEndpoint } from "./endpoints/items/resources.ts"
import { addResources } from "./endpoints/users/addResources.ts"
import { removeResources } from "./endpoints/users/removeResources.ts"
import { updateResources } from "./endpoints/users/updateResources.ts"
import {
  checkExtension,
  checkItem,
  checkOptionalPath,
  checkPath,
  checkSize,
  defaultAllowedExtensions,
  defaultMaxFileSize,
  extensionOf,
} from "./internal/validation.ts"
import type { Resource, ResourceOperationResult } from "./ResourceSchema.ts"

export { defaultAllowedExtensions, defaultMaxFileSize } from "./internal/validation.ts"

type Failure = PortalError.PortalFailure

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

/** The resource operations bound to one item (Python's `item.resources`). */
export interface ResourceManager {
  /**
   * {@link ResourcesShape.add} on this item.
   *
   * @see arcgis.gis.ResourceManager.add
   */
  readonly add: (options: AddOptions) => Effect.Effect<ResourceOperationResult, Failure>
  /**
   * {@link ResourcesShape.update} on this item.
   *
   * @see arcgis.gis.ResourceManager.update
   */
  readonly update: (options: UpdateOptions) => Effect.Effect<ResourceOperationResult, Failure>
  /**
   * {@link ResourcesShape.list} of this item.
   *
   * @see arcgis.gis.ResourceManager.list
   */
  readonly list: (options?: ListOptions) => Effect.Effect<ReadonlyArray<Resource>, Failure>
  /**
   * {@link ResourcesShape.get} from this item.
   *
   * @see arcgis.gis.ResourceManager.get
   */
  readonly get: (file: string, options?: GetOptions) => Effect.Effect<ResourceContent, Failure>
  /** {@link ResourcesShape.bytes} from this item: the file as a stream, never buffered whole. */
  readonly bytes: (file: string, options?: BytesOptions) => Effect.Effect<Transport.ByteResponse, Failure>
  /**
   * {@link ResourcesShape.remove} from this item.
   *
   * @see arcgis.gis.ResourceManager.remove
   */
  readonly remove: (target: RemoveTarget) => Effect.Effect<boolean, Failure>
}

/**
 * The operations of the {@link Resources} service, each taking the item first; {@link ResourcesShape.forItem}
 * binds them to one item as Python's `item.resources` does.
 */
export interface ResourcesShape {
  /**
   * Adds a resource: a file, or text with a `fileName`, optionally in a folder.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/add-resources
   * @see arcgis.gis.ResourceManager.add
   */
  readonly add: (item: ItemReference, options: AddOptions) => Effect.Effect<ResourceOperationResult, Failure>
  /**
   * Replaces an existing resource (`fileName` lets a differently named file replace it).
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/update-resources
   * @see arcgis.gis.ResourceManager.update
   */
  readonly update: (item: ItemReference, options: UpdateOptions) => Effect.Effect<ResourceOperationResult, Failure>
  /**
   * Every resource of the item (all pages, 1 000 per request).
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/item-resources.htm
   * @see arcgis.gis.ResourceManager.list
   */
  readonly list: (item: ItemReference, options?: ListOptions) => Effect.Effect<ReadonlyArray<Resource>, Failure>
  /** Every resource of the item as a stream, page by page. */
  readonly stream: (item: ItemReference, options?: ListOptions) => Stream.Stream<Resource, Failure>
  /**
   * A resource's content: JSON parsed (unless `tryJson: false`), text for text types, otherwise a
   * byte stream. From Node, `NodeResources.download` writes it to a file.
   *
   * @see arcgis.gis.ResourceManager.get
   */
  readonly get: (item: ItemReference, file: string, options?: GetOptions) => Effect.Effect<ResourceContent, Failure>
  /**
   * A resource's bytes as a stream, whatever its type; `onProgress` follows them as the stream is read.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/item-resource.htm
   * @see arcgis.gis.ResourceManager.get
   * @example
   * import { Resources } from "@arcgis-portal/resources"
   * import * as Effect from "effect/Effect"
   * const banner = Effect.flatMap(Resources.Resources, (resources) =>
   *   resources.bytes("0123456789abcdef0123456789abcdef", "images/banner.png", {
   *     onProgress: ({ bytes, total }) => console.log(`${bytes} of ${total ?? "?"} bytes`),
   *   }),
   * )
   */
  readonly bytes: (
    item: ItemReference,
    file: string,
    options?: BytesOptions,
  ) => Effect.Effect<Transport.ByteResponse, Failure>
  /**
   * Removes one resource (its full path, e.g. `images/banner.png`), or all with `{ deleteAll: true }`.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/remove-resources
   * @see arcgis.gis.ResourceManager.remove
   */
  readonly remove: (item: ItemReference, target: RemoveTarget) => Effect.Effect<boolean, Failure>
  /** The operations bound to one item, like Python's `item.resources`. */
  readonly forItem: (item: ItemReference) => ResourceManager
}

/** The resources of items. */
export class Resources extends Context.Service<Resources, ResourcesShape>()("@arcgis-portal/resources/Resources") {}

/** Options of {@link layer}. */
export interface Options {
  /** The largest file accepted, in bytes. Default 25 MB (the Python documentation's limit). */
  readonly maxFileSize?: number | undefined
  /** Accepted extensions, without the dot. Default {@link defaultAllowedExtensions}. */
  readonly allowedExtensions?: ReadonlyArray<string> | undefined
}

const idOf = (item: ItemReference) => (typeof item === "string" ? item : item.id)
const ownerOf = (item: ItemReference) => (typeof item === "string" ? undefined : item.owner)
const nameOf = (file: Blob): string | undefined => {
  const name = (file as { readonly name?: unknown }).name
  return typeof name === "string" && name !== "" ? name : undefined
}

const textTypes = new Set(["txt", "xml", "svg", "csv", "geojson"])

/** Builds the service over a Transport. */
export const fromTransport = (transport: Transport.TransportShape, options: Options = {}): ResourcesShape => {
  const maxFileSize = options.maxFileSize ?? defaultMaxFileSize
  const allowed = (options.allowedExtensions ?? defaultAllowedExtensions).map((entry) =>
    entry.replace(/^\./, "").toLowerCase(),
  )

  const call = <Input, S extends Endpoint.Decodable>(
    endpoint: Endpoint.Endpoint<Input, S>,
    operation: string,
    input: Input,
  ) => Endpoint.send(transport, endpoint, operation, input)

  /** The item's id and owner, checked (the owner read from the portal when not given). */
  const owned = (operation: string, item: ItemReference) =>
    Effect.gen(function* () {
      const id = idOf(item)
      const given = ownerOf(item)
      yield* checkItem(operation, id, given)
      if (given !== undefined) return { id, owner: given }
      const found = yield* call(itemEndpoint, operation, { id })
      yield* checkItem(operation, id, found.owner)
      return { id, owner: found.owner }
    })

  /** Validates a write and turns it into the endpoint's input. */
  const write = (operation: string, item: ItemReference, input: AddOptions) =>
    Effect.gen(function* () {
      const prefix = yield* checkOptionalPath(operation, "folderName", input.folderName)
      const fileName = yield* checkOptionalPath(operation, "fileName", input.fileName)
      if (input.file === undefined && input.text === undefined) {
        return yield* Effect.fail(
          invalid(operation, "file", "Give a file, or text with a fileName, to store as a resource."),
        )
      }
      if (input.file !== undefined && input.text !== undefined) {
        return yield* Effect.fail(invalid(operation, "text", "Give either a file or text, not both."))
      }
      const ownName = input.file === undefined ? undefined : nameOf(input.file)
      const name = fileName ?? ownName
      if (name === undefined) {
        return yield* Effect.fail(
          invalid(
            operation,
            "fileName",
            input.text === undefined
              ? "This file has no name: give a fileName."
              : "Text resources need a fileName (e.g. notes.txt).",
          ),
        )
      }
      if (ownName !== undefined) yield* checkPath(operation, "fileName", ownName)
      yield* checkExtension(operation, name, allowed)
      yield* checkPath(operation, "path", prefix === undefined ? name : `${prefix}/${name}`)
      const size = input.file !== undefined ? input.file.size : new TextEncoder().encode(input.text).byteLength
      yield* checkSize(operation, size, maxFileSize)
      const target = yield* owned(operation, item)
      return {
        ...target,
        file: input.file === undefined ? undefined : { content: input.file, fileName: ownName ?? name },
        resourcesPrefix: prefix,
        fileName,
        text: input.text,
        access: input.access,
      }
    })

  const add: ResourcesShape["add"] = (item, options) =>
    Effect.flatMap(write("Resources.add", item, options), (input) =>
      call(addResources, "Resources.add", { ...input, archive: options.archive }),
    )

  const update: ResourcesShape["update"] = (item, options) =>
    Effect.flatMap(write("Resources.update", item, options), (input) =>
      call(updateResources, "Resources.update", input),
    )

  const stream: ResourcesShape["stream"] = (item, options = {}) =>
    Stream.unwrap(
      Effect.map(checkItem("Resources.list", idOf(item), undefined), () =>
        Paging.stream(
          (start, num) =>
            Effect.map(
              call(resourcesEndpoint, "Resources.list", {
                id: idOf(item),
                start,
                num,
                sortField: options.sortField,
                sortOrder: options.sortOrder,
              }),
              (page) => Paging.page(page, page.resources ?? []),
            ),
          { pageSize: 1000 },
        ),
      ),
    )

  const list: ResourcesShape["list"] = (item, options) =>
    Effect.map(Stream.runCollect(stream(item, options)), (chunk) => Array.from(chunk))

  const bytes: ResourcesShape["bytes"] = (item, file, options = {}) =>
    Effect.gen(function* () {
      const id = idOf(item)
      yield* checkItem("Resources.get", id, undefined)
      const resource = yield* checkPath("Resources.get", "file", file)
      return yield* transport.bytes({
        ...resourceEndpoint.request({ id, resource }),
        operation: "Resources.get",
        method: resourceEndpoint.method,
        idempotent: resourceEndpoint.idempotent,
        onDownloadProgress: options.onProgress,
      })
    })

  const get: ResourcesShape["get"] = (item, file, options = {}) =>
    Effect.gen(function* () {
      const response = yield* bytes(item, file, { onProgress: options.onProgress })
      const type = (response.contentType ?? "").toLowerCase()
      const extension = extensionOf(file)
      const json = type.includes("json") || extension === "json"
      const text = type.startsWith("text/") || type.includes("xml") || textTypes.has(extension)
      if (!json && !text) return { _tag: "Bytes", response } as const
      const raw = yield* Transport.collectBytes(response.stream)
      const decoded = new TextDecoder().decode(raw)
      if (json && options.tryJson !== false) {
        try {
          return { _tag: "Json", value: JSON.parse(decoded), contentType: response.contentType } as const
        } catch {
          // Not JSON after all: hand back the text.
        }
      }
      return { _tag: "Text", text: decoded, bytes: raw, contentType: response.contentType } as const
    })

  const remove: ResourcesShape["remove"] = (item, target) =>
    Effect.gen(function* () {
      const resource = typeof target === "string" ? yield* checkPath("Resources.remove", "file", target) : undefined
      if (typeof target !== "string" && target.deleteAll !== true) {
        return yield* Effect.fail(
          invalid("Resources.remove", "file", "Name the resource to remove, or pass { deleteAll: true }."),
        )
      }
      const owner = yield* owned("Resources.remove", item)
      const result = yield* call(removeResources, "Resources.remove", {
        ...owner,
        resource,
        deleteAll: resource === undefined,
      })
      return result.success
    })

  const forItem: ResourcesShape["forItem"] = (item) => ({
    add: (options) => add(item, options),
    update: (options) => update(item, options),
    list: (options) => list(item, options),
    get: (file, options) => get(item, file, options),
    bytes: (file, options) => bytes(item, file, options),
    remove: (target) => remove(item, target),
  })

  return { add, update, list, stream, get, bytes, remove, forItem }
}

const invalid = (operation: string, field: string, message: string) =>
  new PortalError.InvalidInput({ operation, field, message })

/** Builds the service. */
export const make = (options: Options = {}): Effect.Effect<ResourcesShape, never, Transport.Transport> =>
  Effect.map(Transport.Transport, (transport) => fromTransport(transport, options))

/**
 * The `Resources` service.
 *
 * @example
 * import { Resources } from "@arcgis-portal/resources"
 * import { Portal } from "@arcgis-portal/core"
 * import * as Layer from "effect/Layer"
 * const ResourcesLive = Resources.layer().pipe(Layer.provideMerge(Portal.layer({ url: "https://host/portal" })))
 */
export const layer = (options: Options = {}): Layer.Layer<Resources, never, Transport.Transport> =>
  Layer.effect(Resources, make(options))
