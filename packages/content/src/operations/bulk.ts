/**
 * The bulk operations of `Content` (Python `ContentManager.share_items`, `unshare_items`, `delete_items`, and
 * `Item.move` for many items): ids checked before anything is sent, requests of at most 100 distinct ids
 * (`concurrency` at once), one result per input in input order, per-item failures kept as data, and the re-send
 * after an ambiguous failure read for what it is.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/share-items.htm
 * @see https://developers.arcgis.com/rest/users-groups-and-items/unshare-items.htm
 * @see https://developers.arcgis.com/rest/users-groups-and-items/move-items.htm
 * @see https://developers.arcgis.com/rest/users-groups-and-items/delete-items.htm
 */
import { CommonSchema, PortalError, type PortalRequest } from "@arcgis-portal/core"
import * as Effect from "effect/Effect"
import type { ContentShape } from "../Content.ts"
import type {
  BulkFailure,
  BulkOptions,
  GroupIdReference,
  ItemIdReference,
  ShareItemsOptions,
  UnshareItemsOptions,
} from "../ContentOptions.ts"
import { itemGroups } from "../endpoints/items/itemGroups.ts"
import { deleteItems as deleteItemsEndpoint } from "../endpoints/users/deleteItems.ts"
import { moveItems as moveItemsEndpoint } from "../endpoints/users/moveItems.ts"
import { shareItems as shareItemsEndpoint } from "../endpoints/users/shareItems.ts"
import { unshareItems as unshareItemsEndpoint } from "../endpoints/users/unshareItems.ts"
import type { BulkItemResult, BulkResult } from "../ItemSchema.ts"
import type { ContentContext } from "../internal/context.ts"
import { reconciled, resending, saysNotFound } from "../internal/reconcile.ts"
import { checkOwner } from "../internal/validate.ts"

/** The most items one bulk request carries (the portal refuses more). */
export const bulkBatchSize = 100

/** Item ids from ids or items; InvalidInput (nothing sent) when one is malformed. */
const bulkIds = (operation: string, items: ReadonlyArray<ItemIdReference>) => {
  const ids = items.map((entry) => (typeof entry === "string" ? entry : entry.id))
  const bad = ids.findIndex((id) => !CommonSchema.isItemId(id))
  return bad === -1
    ? Effect.succeed(ids)
    : Effect.fail(
        new PortalError.InvalidInput({
          operation,
          field: "items",
          message: `items[${bad}] is not an item id (32 lowercase hexadecimal characters).`,
        }),
      )
}

/** How one bulk operation reads what the portal answered. */
interface Reading {
  /** How every answer is read (e.g. "already in the target folder" is done). */
  readonly normalize?: ((entry: BulkItemResult) => BulkItemResult) | undefined
  /**
   * When given, a batch that fails ambiguously is re-sent here (not by core), and what the re-send says is
   * read with this: an item the first attempt already handled is reported as done.
   */
  readonly reconcile?:
    | ((
        entries: ReadonlyArray<BulkItemResult>,
      ) => Effect.Effect<ReadonlyArray<BulkItemResult>, PortalError.PortalFailure>)
    | undefined
}

/**
 * Sends a bulk operation in requests of at most 100 distinct ids (`concurrency` at once) and
 * returns one result per input, in input order. Per-item failures stay data.
 */
const bulk = <R>(
  context: ContentContext,
  operation: string,
  endpoint: typeof shareItemsEndpoint,
  items: ReadonlyArray<ItemIdReference>,
  options: BulkOptions,
  params: (owner: string) => Effect.Effect<PortalRequest.Params, PortalError.PortalFailure>,
  success: (entry: BulkItemResult) => R,
  reading: Reading = {},
): Effect.Effect<ReadonlyArray<R | BulkFailure>, PortalError.PortalFailure> =>
  Effect.gen(function* () {
    yield* Effect.annotateCurrentSpan("bulk.items", items.length)
    const ids = yield* bulkIds(operation, items)
    if (options.owner !== undefined) yield* checkOwner(operation, options.owner)
    if (ids.length === 0) return []
    const owner = options.owner ?? (yield* context.me(operation))
    const shared = yield* params(owner)
    const unique = [...new Set(ids)]
    const batches: Array<ReadonlyArray<string>> = []
    for (let start = 0; start < unique.length; start += bulkBatchSize) {
      batches.push(unique.slice(start, start + bulkBatchSize))
    }
    const reconcile = reading.reconcile
    const sendBatch = (batch: ReadonlyArray<string>): Effect.Effect<BulkResult, PortalError.PortalFailure> => {
      const input = { owner, params: { ...shared, items: batch.join(",") } }
      if (reconcile === undefined) return context.call(endpoint, operation, input)
      const once = { ...endpoint, idempotent: false }
      return resending(context.portal.retry, (resend) =>
        resend
          ? Effect.gen(function* () {
              const response = yield* context.call(once, operation, input)
              yield* reconciled(operation, "bulk.resent", undefined)
              return { ...response, results: yield* reconcile(response.results) }
            })
          : context.call(once, operation, input),
      )
    }
    const responses: ReadonlyArray<BulkResult> = yield* Effect.forEach(batches, sendBatch, {
      concurrency: Math.max(1, Math.floor(options.concurrency ?? 4)),
    })
    const byId = new Map<string, BulkItemResult>()
    for (const response of responses) {
      for (const raw of response.results) {
        const entry = reading.normalize === undefined ? raw : reading.normalize(raw)
        if (!byId.has(entry.itemId)) byId.set(entry.itemId, entry)
      }
    }
    return ids.map((id): R | BulkFailure => {
      const entry = byId.get(id)
      if (entry === undefined) {
        return { itemId: id, success: false, error: { message: "The portal did not report on this item." } }
      }
      if (entry.success) return success(entry)
      return {
        ...entry,
        itemId: id,
        success: false,
        error: entry.error ?? { message: "The portal reported a failure without a message." },
      }
    })
  })

const groupList = (groups: ReadonlyArray<GroupIdReference> | undefined): string =>
  (groups ?? []).map((group) => (typeof group === "string" ? group : group.id)).join(",")

/** `Content.shareItems`: `shareItems` in batches; `notSharedWith` per item. */
export const shareItems = (context: ContentContext): ContentShape["shareItems"] =>
  Effect.fn("Content.shareItems")(function* (items: ReadonlyArray<ItemIdReference>, options: ShareItemsOptions) {
    return yield* bulk(
      context,
      "Content.shareItems",
      shareItemsEndpoint,
      items,
      options,
      () =>
        Effect.succeed({
          everyone: options.everyone,
          org: options.org,
          groups: groupList(options.groups),
          confirmItemControl: options.allowMembersToEdit === true ? true : undefined,
        }),
      (entry) => ({ ...entry, itemId: entry.itemId, success: true as const, notSharedWith: entry.notSharedWith ?? [] }),
    )
  })

/**
 * `Content.unshareItems`: `unshareItems` in batches; after an ambiguous failure the re-send's "not unshared from"
 * is checked against where each item is still shared (`content/items/<id>/groups`).
 */
export const unshareItems = (context: ContentContext): ContentShape["unshareItems"] =>
  Effect.fn("Content.unshareItems")(function* (items: ReadonlyArray<ItemIdReference>, options: UnshareItemsOptions) {
    if (options.groups.length === 0) {
      return yield* Effect.fail(
        new PortalError.InvalidInput({
          operation: "Content.unshareItems",
          field: "groups",
          message: "Name at least one group to unshare the items from.",
        }),
      )
    }
    return yield* bulk(
      context,
      "Content.unshareItems",
      unshareItemsEndpoint,
      items,
      options,
      () => Effect.succeed({ groups: groupList(options.groups) }),
      (entry) => ({
        ...entry,
        itemId: entry.itemId,
        success: true as const,
        notUnsharedFrom: entry.notUnsharedFrom ?? [],
      }),
      {
        // A re-send reports the groups the first attempt already left as "not unshared from": the item is in
        // the requested state for those, so they are dropped after checking where it is still shared.
        reconcile: (entries) =>
          Effect.forEach(
            entries,
            (entry) =>
              entry.success && (entry.notUnsharedFrom?.length ?? 0) > 0 && CommonSchema.isItemId(entry.itemId)
                ? Effect.map(
                    context.call(itemGroups, "Content.unshareItems.reconcile", { id: entry.itemId }),
                    (groups) => {
                      const still = new Set(
                        [...(groups.admin ?? []), ...(groups.member ?? []), ...(groups.other ?? [])].map(
                          (group) => group.id,
                        ),
                      )
                      return {
                        ...entry,
                        notUnsharedFrom: (entry.notUnsharedFrom ?? []).filter((group) => still.has(group)),
                      }
                    },
                  )
                : Effect.succeed(entry),
            { concurrency: 4 },
          ),
      },
    )
  })

/** `Content.moveItems`: the folder resolved by title, then `moveItems` in batches. */
export const moveItems = (context: ContentContext): ContentShape["moveItems"] =>
  Effect.fn("Content.moveItems")(function* (
    items: ReadonlyArray<ItemIdReference>,
    folder: string | { readonly id: string },
    options: BulkOptions = {},
  ) {
    return yield* bulk(
      context,
      "Content.moveItems",
      moveItemsEndpoint,
      items,
      options,
      (owner) =>
        Effect.map(context.folderId("Content.moveItems", owner, folder), (folderId) => ({ folder: folderId ?? "/" })),
      (entry) => ({ ...entry, itemId: entry.itemId, success: true as const }),
      {
        // An item already in the target folder is in the requested state: done (also what a retry of a move
        // that went through hears).
        normalize: (entry) =>
          !entry.success && /already (exists )?in (the )?target folder/i.test(entry.error?.message ?? "")
            ? { itemId: entry.itemId, success: true }
            : entry,
      },
    )
  })

/** `Content.deleteItems`: `deleteItems` in batches; "does not exist" on a re-send is done. */
export const deleteItems = (context: ContentContext): ContentShape["deleteItems"] =>
  Effect.fn("Content.deleteItems")(function* (items: ReadonlyArray<ItemIdReference>, options: BulkOptions = {}) {
    return yield* bulk(
      context,
      "Content.deleteItems",
      deleteItemsEndpoint,
      items,
      options,
      () => Effect.succeed({}),
      (entry) => ({ ...entry, itemId: entry.itemId, success: true as const }),
      {
        // After an ambiguous attempt, "does not exist" means that attempt deleted the item.
        reconcile: (entries) =>
          Effect.succeed(
            entries.map((entry) =>
              !entry.success && saysNotFound(entry.error?.message) ? { itemId: entry.itemId, success: true } : entry,
            ),
          ),
      },
    )
  })
