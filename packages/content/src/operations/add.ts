/**
 * `Content.add` (Python `ContentManager.add`): `addItem` — inline, or through the multipart flow (start → parts →
 * commit → status) — sent so that one call never creates two items.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/add-item.htm
 */
import { PortalError, type PortalRequest, RetryPolicy } from "@arcgis-portal/core"
import * as Effect from "effect/Effect"
import type { ContentShape } from "../Content.ts"
import type { AddOptions } from "../ContentOptions.ts"
import { getItem } from "../endpoints/items/getItem.ts"
import { addItem } from "../endpoints/users/addItem.ts"
import { updateItem } from "../endpoints/users/updateItem.ts"
import type { ContentContext } from "../internal/context.ts"
import { isAlreadyExists, isAmbiguous, newItemId, reconciled, withHint } from "../internal/reconcile.ts"
import { infoFiles, planData, propertyParams, uploadMultipart } from "../internal/upload.ts"
import { checkFolder, checkItemId, checkOwner, checkProperties } from "../internal/validate.ts"

/** What {@link createItem} sends. */
interface CreateItemInput {
  readonly owner: string
  readonly folderId: string | undefined
  readonly params: PortalRequest.Params
  readonly files?: Readonly<Record<string, PortalRequest.FilePart>> | undefined
  readonly title: string | undefined
}

/**
 * Sends `addItem` so that one call never creates two items.
 *
 * On a portal that takes a client-chosen id (ArcGIS Enterprise: `portals/self` says `isPortal: true`) the id
 * is generated here and sent as `itemIdToCreate`. After an ambiguous failure (the request reached the portal:
 * timeout, dropped connection, 5xx) the item is looked up by that id: present and ours (owner and title) →
 * the add succeeded; absent → the same request is sent again, which is safe because the portal cannot create
 * that id twice ("already exists" → look it up again).
 *
 * Elsewhere (ArcGIS Online) an ambiguous failure is never retried: it is returned as the same typed
 * `TransportError` with a hint to look for the item before adding it again.
 */
const createItem = (
  context: ContentContext,
  operation: string,
  input: CreateItemInput,
): Effect.Effect<
  { readonly id?: string | undefined; readonly itemId?: string | undefined; readonly status?: string | undefined },
  PortalError.PortalFailure
> =>
  Effect.gen(function* () {
    const policy = context.portal.retry
    const request = { owner: input.owner, folderId: input.folderId, params: input.params, files: input.files }
    if ((yield* context.self(operation)).isPortal !== true) {
      return yield* Effect.mapError(context.call(addItem, operation, request), (error) =>
        withHint(
          error,
          "The portal may have created the item anyway; it takes no client-chosen id, so the SDK did not send it again. Look for the item (for example by title) before adding it again.",
        ),
      )
    }
    const id = newItemId()
    const withId = { ...request, params: { ...input.params, itemIdToCreate: id } }
    const lookup = Effect.flatMap(
      PortalError.orUndefined(context.call(getItem, `${operation}.reconcile`, { id })),
      (found) =>
        found === undefined ||
        (found.owner === input.owner && (input.title === undefined || found.title === input.title))
          ? Effect.succeed(found)
          : Effect.fail(
              new PortalError.PortalError({
                code: 409,
                messageCode: undefined,
                message: `An item with the id chosen for this add (${id}) exists but is not the one being added.`,
                details: [],
                reason: "InvalidRequest",
                operation,
                request: { method: "GET", path: `content/items/${id}` },
                retryAfter: undefined,
              }),
            ),
    )
    const attempt = (
      n: number,
    ): Effect.Effect<
      { readonly id?: string | undefined; readonly status?: string | undefined },
      PortalError.PortalFailure
    > =>
      Effect.catch(context.call(addItem, operation, withId), (error: PortalError.PortalFailure) => {
        const exists = isAlreadyExists(error)
        if (!exists && !isAmbiguous(error)) return Effect.fail(error)
        return Effect.gen(function* () {
          const found = yield* lookup
          if (found !== undefined) {
            yield* reconciled(operation, "add.found", id)
            return { id, ...(typeof found.status === "string" ? { status: found.status } : {}) }
          }
          if (exists || n >= policy.times) return yield* Effect.fail(error)
          yield* reconciled(operation, "add.resent", id)
          yield* Effect.sleep(yield* RetryPolicy.delayFor(policy, error, n))
          return yield* attempt(n + 1)
        })
      })
    return yield* attempt(0)
  })

/** `Content.add`: checks, then `addItem` inline or the multipart flow; returns the item as the portal has it. */
export const add = (context: ContentContext): ContentShape["add"] =>
  Effect.fn("Content.add")(function* (options: AddOptions) {
    const operation = "Content.add"
    yield* checkProperties(operation, options.properties)
    if (options.owner !== undefined) yield* checkOwner(operation, options.owner)
    yield* checkFolder(operation, options.folder)
    const owner = options.owner ?? (yield* context.me(operation))
    const properties = propertyParams(options.properties)
    const plan = planData(options.data, options)
    const files = infoFiles(options)
    if (plan.kind === "inline") {
      const folderId = yield* context.folderId(operation, owner, options.folder)
      const created = yield* createItem(context, operation, {
        owner,
        folderId,
        params: { ...properties, ...plan.params, ...(options.async === true ? { async: true } : {}) },
        files: { ...plan.files, ...files },
        title: options.properties.title,
      })
      const id = created.id ?? created.itemId ?? ""
      if (options.async === true && created.status !== "completed") {
        // The portal adds the item in the background: its own status says when it is done.
        return yield* context
          .job({ operation, itemId: id, jobId: undefined, jobType: "upload", owner })
          .wait(options.wait)
      }
      return yield* context.item(`${operation}.item`, id)
    }
    let id: string
    if (options.resumeItemId !== undefined) {
      id = yield* checkItemId(operation, options.resumeItemId)
    } else {
      const folderId = yield* context.folderId(operation, owner, options.folder)
      // Never sent twice blindly: reconciled through the item id where the portal takes one (see createItem).
      const started = yield* createItem(context, operation, {
        owner,
        folderId,
        params: { ...properties, multipart: true, filename: plan.source.name },
        title: options.properties.title ?? plan.source.name,
      })
      id = started.id ?? started.itemId ?? ""
    }
    const item = { id, owner }
    yield* uploadMultipart(
      context,
      operation,
      item,
      plan.source,
      properties,
      options,
      options.resumeItemId !== undefined,
    )
    if (Object.keys(files).length > 0) {
      const created = yield* context.item(`${operation}.item`, id)
      yield* context.call(updateItem, `${operation}.thumbnail`, { item: created, params: {}, files })
    }
    return yield* context.item(`${operation}.item`, id)
  })
