/**
 * What the resource operations share: the calls of core's `ServiceContext` they make (`call` an endpoint, `bytes`
 * of a download), the limits the layer was built with, the item's id and owner (the owner read from the portal when
 * the caller did not give it), and the `InvalidInput` they refuse bad input with.
 */
import { PortalError, type ServiceContext } from "@arcgis-portal/core"
import * as Effect from "effect/Effect"
import { item as itemEndpoint } from "../endpoints/items/item.ts"
import type { Options } from "../Resources.ts"
import type { ItemReference } from "../ResourcesOptions.ts"
import { checkItem, defaultAllowedExtensions, defaultMaxFileSize } from "./validation.ts"

/** The calls of core's service context the resource operations make. */
export type Calls = Pick<ServiceContext.ServiceContext, "call" | "bytes">

/** Core's calls and the layer's limits, captured once when the service is built. */
export interface ResourcesContext extends Calls {
  /** The largest file accepted, in bytes. */
  readonly maxFileSize: number
  /** The accepted extensions, lower case, without the dot. */
  readonly allowedExtensions: ReadonlyArray<string>
}

/** The operations' context over core's calls, with the limits of `options` (or their defaults). */
export const makeContext = (calls: Calls, options: Options): ResourcesContext => ({
  call: calls.call,
  bytes: calls.bytes,
  maxFileSize: options.maxFileSize ?? defaultMaxFileSize,
  allowedExtensions: (options.allowedExtensions ?? defaultAllowedExtensions).map((entry) =>
    entry.replace(/^\./, "").toLowerCase(),
  ),
})

/** The item's id. */
export const idOf = (item: ItemReference): string => (typeof item === "string" ? item : item.id)

const ownerOf = (item: ItemReference) => (typeof item === "string" ? undefined : item.owner)

/** The item's id and owner, checked (the owner read from `content/items/<id>` when not given). */
export const owned = (context: ResourcesContext, operation: string, item: ItemReference) =>
  Effect.gen(function* () {
    const id = idOf(item)
    const given = ownerOf(item)
    yield* checkItem(operation, id, given)
    if (given !== undefined) return { id, owner: given }
    const found = yield* context.call(itemEndpoint, operation, { id })
    yield* checkItem(operation, id, found.owner)
    return { id, owner: found.owner }
  })

/** Bad input, refused before anything is sent. */
export const invalid = (operation: string, field: string, message: string): PortalError.InvalidInput =>
  new PortalError.InvalidInput({ operation, field, message })
