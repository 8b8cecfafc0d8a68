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
import { Endpoint, type Portal, type PortalError, ServiceContext, type Transport } from "@arcgis-portal/core"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Stream from "effect/Stream"
import { makeContext, type ResourcesContext } from "./internal/context.ts"
import { list, stream } from "./operations/list.ts"
import { bytes, get } from "./operations/read.ts"
import { remove } from "./operations/remove.ts"
import { add, update } from "./operations/write.ts"
import type { Resource, ResourceOperationResult } from "./ResourceSchema.ts"
import type {
  AddOptions,
  BytesOptions,
  GetOptions,
  ItemReference,
  ListOptions,
  RemoveTarget,
  ResourceContent,
  UpdateOptions,
} from "./ResourcesOptions.ts"

export { defaultAllowedExtensions, defaultMaxFileSize } from "./internal/validation.ts"
export type * from "./ResourcesOptions.ts"

type Failure = PortalError.PortalFailure

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

// The table: each method is an operation of src/operations/ (traced as `Effect.fn("Resources.<method>")`), over the
// calls of core's ServiceContext and the layer's limits, captured once here.
/**
 * Builds the service over a service context (what {@link make} captures from `Portal.layer`'s services).
 *
 * @example
 * import { ServiceContext } from "@arcgis-portal/core"
 * import { Resources } from "@arcgis-portal/resources"
 * import * as Effect from "effect/Effect"
 * const resources = Effect.map(ServiceContext.capture, (context) => Resources.fromContext(context, { maxFileSize: 1e6 }))
 */
export const fromContext = (context: ServiceContext.ServiceContext, options: Options = {}): ResourcesShape =>
  wire(makeContext(context, options))

const wire = (context: ResourcesContext): ResourcesShape => {
  const operations = {
    add: add(context),
    update: update(context),
    list: list(context),
    stream: stream(context),
    get: get(context),
    bytes: bytes(context),
    remove: remove(context),
  }
  return Resources.of({
    ...operations,
    forItem: (item) => ({
      add: (options) => operations.add(item, options),
      update: (options) => operations.update(item, options),
      list: (options) => operations.list(item, options),
      get: (file, options) => operations.get(item, file, options),
      bytes: (file, options) => operations.bytes(item, file, options),
      remove: (target) => operations.remove(item, target),
    }),
  })
}

/**
 * Builds the service over a bare Transport.
 *
 * @deprecated Use {@link make} (or {@link layer}), which build it on core's `ServiceContext`, or {@link fromContext}
 * over a context of your own. Removed in the next minor version.
 */
export const fromTransport = (transport: Transport.TransportShape, options: Options = {}): ResourcesShape =>
  wire(
    makeContext(
      {
        call: (endpoint, operation, input, sendOptions) =>
          Endpoint.send(transport, endpoint, operation, input, sendOptions),
        bytes: (endpoint, operation, input, bytesOptions) =>
          Endpoint.sendBytes(transport, endpoint, operation, input, bytesOptions),
      },
      options,
    ),
  )

/**
 * Builds the service from the `Transport` and `Portal` that `Portal.layer` provides, captured once: its methods need
 * nothing more.
 *
 * @example
 * import { Resources } from "@arcgis-portal/resources"
 * import * as Effect from "effect/Effect"
 * const resources = Resources.make({ maxFileSize: 10 * 1024 * 1024 })
 */
export const make = (
  options: Options = {},
): Effect.Effect<ResourcesShape, never, Transport.Transport | Portal.Portal> =>
  Effect.map(ServiceContext.capture, (context) => fromContext(context, options))

/**
 * The `Resources` service, for any program that provides `Portal.layer({ url, auth })`.
 *
 * @example
 * import { Resources } from "@arcgis-portal/resources"
 * import { Portal } from "@arcgis-portal/core"
 * import * as Layer from "effect/Layer"
 * const ResourcesLive = Resources.layer().pipe(Layer.provideMerge(Portal.layer({ url: "https://host/portal" })))
 */
export const layer = (options: Options = {}): Layer.Layer<Resources, never, Transport.Transport | Portal.Portal> =>
  Layer.effect(Resources, make(options))
