/**
 * The end of every clone's step, in this order: the resource files the clone does not have yet, the relationships
 * to its cloned related items, the sharing with the target groups, and last the write that removes the in-progress
 * marker (with the text and URL rewritten once more, now that the clone's own id is known). Every write here is safe
 * to repeat, and the marker goes last, so a step interrupted anywhere is finished by the next run.
 */
import { type PortalError, Transport } from "@arcgis-portal/core"
import * as Effect from "effect/Effect"
import { itemResource } from "../../endpoints/items/itemResource.ts"
import { type ItemResource, itemResources } from "../../endpoints/items/itemResources.ts"
import { addRelationship } from "../../endpoints/users/addRelationship.ts"
import { addResources } from "../../endpoints/users/addResources.ts"
import { shareItem } from "../../endpoints/users/shareItem.ts"
import { updateItem } from "../../endpoints/users/updateItem.ts"
import type { Item } from "../../ItemSchema.ts"
import type { ContentContext } from "../../internal/context.ts"
import { isAmbiguous } from "../../internal/reconcile.ts"
import { rewriteText, rewriteUrl } from "./references.ts"
import { blobOf, type CloneRun, inProgressKeyword, operation, rewritesOf } from "./run.ts"
import type { SourceNode } from "./walk.ts"

/** Every resource of an item, page by page. */
const listResources = (
  context: ContentContext,
  id: string,
): Effect.Effect<ReadonlyArray<ItemResource>, PortalError.PortalFailure> =>
  Effect.gen(function* () {
    const all: Array<ItemResource> = []
    for (let start = 1; start > 0; ) {
      const page = yield* context.call(itemResources, `${operation}.resources`, { id, start, num: 1000 })
      const resources = page.resources ?? []
      all.push(...resources)
      const next = page.nextStart ?? -1
      start = resources.length > 0 && next > start ? next : -1
    }
    return all
  })

/** Copies the source item's resource files the clone does not have (by path); returns how many were copied. */
const copyResources = (
  run: CloneRun,
  sourceId: string,
  clone: Item,
): Effect.Effect<number, PortalError.PortalFailure> =>
  Effect.gen(function* () {
    const wanted = yield* listResources(run.source, sourceId)
    if (wanted.length === 0) return 0
    const present = new Set((yield* listResources(run.target, clone.id)).map((entry) => entry.resource))
    const missing = wanted.filter((entry) => !present.has(entry.resource))
    yield* Effect.forEach(
      missing,
      (entry) =>
        Effect.gen(function* () {
          const response = yield* run.source.bytes(itemResource, `${operation}.resource`, {
            id: sourceId,
            resource: entry.resource,
          })
          const bytes = yield* Transport.collectBytes(response.stream)
          const slash = entry.resource.lastIndexOf("/")
          const fileName = entry.resource.slice(slash + 1)
          const send = run.target.call(addResources, `${operation}.addResources`, {
            item: { id: clone.id, owner: clone.owner },
            file: { content: blobOf(bytes, response.contentType), fileName },
            resourcesPrefix: slash === -1 ? undefined : entry.resource.slice(0, slash),
            fileName,
          })
          // Not idempotent (an existing resource is refused): after an ambiguous failure, present means done.
          yield* Effect.catch(send, (error: PortalError.PortalFailure) =>
            isAmbiguous(error)
              ? Effect.flatMap(listResources(run.target, clone.id), (after) =>
                  after.some((found) => found.resource === entry.resource) ? Effect.void : Effect.asVoid(send),
                )
              : Effect.fail(error),
          )
        }),
      { concurrency: 2, discard: true },
    )
    return missing.length
  })

/**
 * Finishes a clone: resources, relationships, sharing with `groups` (target group ids), then the marker's removal.
 * Returns what it noticed.
 */
export const finish = (
  run: CloneRun,
  node: SourceNode & { readonly item: Item },
  cloneId: string,
  groups: ReadonlyArray<string>,
  resend: boolean,
): Effect.Effect<ReadonlyArray<string>, PortalError.PortalFailure> =>
  Effect.gen(function* () {
    const notes: Array<string> = []
    const clone = yield* run.target.item(`${operation}.item`, cloneId)
    const copied = yield* copyResources(run, node.id, clone)
    if (copied > 0) notes.push(`${copied} resource file(s) copied.`)
    for (const relationship of node.relationships) {
      const destination = run.ids.get(relationship.destination)
      if (destination === undefined) {
        notes.push(`Not related (${relationship.type}) to ${relationship.destination}: it was not cloned.`)
        continue
      }
      yield* run.target.call(addRelationship, `${operation}.addRelationship`, {
        owner: run.owner,
        originItemId: cloneId,
        destinationItemId: destination,
        relationshipType: relationship.type,
      })
    }
    if (groups.length > 0) {
      const shared = yield* run.target.call(shareItem, `${operation}.share`, {
        item: clone,
        params: { groups: groups.join(",") },
      })
      if (shared.notSharedWith.length > 0) notes.push(`Not shared with ${shared.notSharedWith.join(", ")}.`)
    }
    const rewrites = rewritesOf(run)
    const ownId = (value: string | null | undefined) => typeof value === "string" && value.includes(node.id)
    // A text item's data went with its creation (sent again to finish a clone, or to point at its own new id); a
    // hosted service's item data could not go with createService.
    const text =
      node.text !== undefined &&
      (node.kind === "featureService" || (node.kind === "text" && (resend || ownId(node.text))))
        ? rewriteText(node.text, rewrites)
        : undefined
    const url = node.kind !== "file" && node.item.url && (resend || ownId(node.item.url)) ? node.item.url : undefined
    yield* run.target.call(updateItem, `${operation}.complete`, {
      item: clone,
      params: {
        typeKeywords: (clone.typeKeywords ?? []).filter((keyword) => keyword !== inProgressKeyword),
        text,
        url: url === undefined ? undefined : rewriteUrl(url, rewrites),
      },
    })
    return notes
  })
