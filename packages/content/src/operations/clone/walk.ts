/**
 * The dependency walk of `Clone.clone`, on the source portal only (it writes nothing): the items asked for (ids, a
 * query, a folder, a group), then, breadth first, what each references — the ids in its text data that the source
 * says are items (web maps' layers and basemaps, apps' web maps…), its forward related items — and how each will be
 * copied (text, file, URL, hosted feature service) or why it cannot be. The text data read here is kept for the copy.
 */
import { CommonSchema, PortalError, Transport } from "@arcgis-portal/core"
import * as Effect from "effect/Effect"
import { itemData } from "../../endpoints/items/itemData.ts"
import { itemGroups } from "../../endpoints/items/itemGroups.ts"
import { relatedItems } from "../../endpoints/items/relatedItems.ts"
import type { Item } from "../../ItemSchema.ts"
import type { ContentContext } from "../../internal/context.ts"
import { checkOwner, checkQuery, refuse } from "../../internal/validate.ts"
import type { CloneItems, CloneKind } from "./model.ts"
import { referencedIds } from "./references.ts"
import { folderItems, operation, phrase, type Settings, searchAll, serviceUrlOf } from "./run.ts"

/** A source group an item is shared with, as the source describes it. */
export interface SourceGroup {
  readonly id: string
  readonly title: string
  readonly raw: { readonly [key: string]: unknown }
}

/** One source item and what the walk learnt about it. */
export interface SourceNode {
  readonly id: string
  /** The item; `undefined` when the source has no such item (or does not show it). */
  readonly item: Item | undefined
  readonly requestedBy: "input" | "dependency"
  readonly kind: CloneKind
  /** Why it cannot be cloned. */
  readonly refusal: string | undefined
  /** Its text data, as read (text items). */
  readonly text: string | undefined
  /** Source ids it references or is related to (forward). */
  readonly dependsOn: ReadonlyArray<string>
  /** Forward relationships to recreate once both ends are cloned. */
  readonly relationships: ReadonlyArray<{ readonly type: string; readonly destination: string }>
  readonly groups: ReadonlyArray<SourceGroup>
  readonly notes: ReadonlyArray<string>
}

/** The relationship types whose destinations an item needs (the Python module's list and the survey/app ones). */
const relationshipTypes = [
  "Map2Service",
  "WMA2Code",
  "Map2FeatureCollection",
  "MobileApp2Code",
  "Service2Data",
  "Service2Service",
  "Survey2Service",
  "Survey2Data",
  "Map2AppConfig",
]

/** Types whose data is JSON or text even when the item has a file name. */
const textTypes = new Set([
  "Web Map",
  "Web Scene",
  "Web Mapping Application",
  "Dashboard",
  "StoryMap",
  "Feature Collection",
  "Operation View",
  "Application",
  "Web Experience",
  "Hub Site Application",
  "Hub Page",
  "Form",
])

/** How an item is copied before its data is read, or why it cannot be. */
const classify = (item: Item): { readonly kind: CloneKind | "data"; readonly refusal?: string | undefined } => {
  const keywords = new Set(item.typeKeywords ?? [])
  if (keywords.has("Hosted Service")) {
    if (item.type !== "Feature Service")
      return {
        kind: "properties",
        refusal: `A hosted ${item.type} cannot be recreated from its definition: publish it in the target.`,
      }
    if (keywords.has("View Service"))
      return {
        kind: "featureService",
        refusal:
          "A hosted feature layer view cannot be cloned: clone the layer it views and create the view in the target.",
      }
    return serviceUrlOf(item) === undefined
      ? { kind: "featureService", refusal: "The hosted feature service item has no service URL." }
      : { kind: "featureService" }
  }
  if (item.name && !textTypes.has(item.type)) return { kind: "file" }
  return { kind: "data" }
}

/** Text data, or `undefined` for bytes that are not UTF-8 text. */
const decodeText = (bytes: Uint8Array): string | undefined => {
  if (bytes.includes(0)) return undefined
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes)
  } catch {
    return undefined
  }
}

/** A refusal to read (not allowed, not signed in): noted, not fatal; any other failure fails the walk. */
const isRefusal = (error: PortalError.PortalFailure): boolean =>
  PortalError.isNotFound(error) ||
  error._tag === "AuthError" ||
  (error._tag === "PortalError" && (error.reason === "Forbidden" || error.reason === "InvalidRequest"))

/** The items asked for, in the order given (ids the source does not show stay, as `undefined`). */
const resolve = (
  source: ContentContext,
  items: CloneItems,
  concurrency: number,
): Effect.Effect<ReadonlyArray<readonly [string, Item | undefined]>, PortalError.PortalFailure> =>
  Effect.gen(function* () {
    if (Array.isArray(items)) {
      const ids = (items as ReadonlyArray<string | { readonly id: string }>).map((entry) =>
        typeof entry === "string" ? entry : entry.id,
      )
      const bad = ids.findIndex((id) => !CommonSchema.isItemId(id))
      if (bad !== -1) return yield* refuse(operation, "items", `items[${bad}] is not an item id.`)
      return yield* Effect.forEach(
        [...new Set(ids)],
        (id) =>
          Effect.map(PortalError.orUndefined(source.item(`${operation}.item`, id)), (item) => [id, item] as const),
        { concurrency },
      )
    }
    const list = items as {
      readonly query?: string
      readonly folder?: string
      readonly owner?: string
      readonly group?: string
    }
    let found: ReadonlyArray<Item>
    if (typeof list.query === "string") {
      found = yield* searchAll(source, `${operation}.search`, yield* checkQuery(operation, list.query))
    } else if (typeof list.group === "string") {
      if (!CommonSchema.isGroupId(list.group)) return yield* refuse(operation, "group", "Not a group id.")
      found = yield* searchAll(source, `${operation}.search`, `group:${phrase(list.group)}`)
    } else if (typeof list.folder === "string") {
      const owner = list.owner === undefined ? yield* source.me(operation) : yield* checkOwner(operation, list.owner)
      const folderId = yield* source.folderId(operation, owner, list.folder)
      found = yield* folderItems(source, `${operation}.folder`, owner, folderId)
    } else {
      return yield* refuse(operation, "items", "Give item ids, or { query }, { folder } or { group }.")
    }
    return found.map((item) => [item.id, item] as const)
  })

/** Walks `items` and their dependencies in the source; one node per item, in discovery order. */
export const walk = (
  source: ContentContext,
  items: CloneItems,
  settings: Settings,
): Effect.Effect<ReadonlyMap<string, SourceNode>, PortalError.PortalFailure> =>
  Effect.gen(function* () {
    const nodes = new Map<string, SourceNode>()
    const known = new Map<string, Item | undefined>()
    const lookup = (id: string) =>
      known.has(id)
        ? Effect.succeed(known.get(id))
        : Effect.map(
            Effect.catch(source.item(`${operation}.reference`, id), (error: PortalError.PortalFailure) =>
              isRefusal(error) ? Effect.succeed(undefined) : Effect.fail(error),
            ),
            (item) => {
              known.set(id, item)
              return item
            },
          )

    const relatedOf = (id: string, types: string) =>
      Effect.result(
        Effect.map(
          source.call(relatedItems, `${operation}.relatedItems`, { id, relationshipType: types, direction: "forward" }),
          (answer) => answer.relatedItems,
        ),
      )

    const visit = (id: string, item: Item | undefined, requestedBy: SourceNode["requestedBy"]) =>
      Effect.gen(function* () {
        const notes: Array<string> = []
        if (item === undefined) {
          return {
            id,
            item,
            requestedBy,
            kind: "properties" as const,
            refusal: "The source has no such item, or does not let the caller see it.",
            text: undefined,
            dependsOn: [],
            relationships: [],
            groups: [],
            notes,
          } satisfies SourceNode
        }
        const classified = classify(item)
        let kind: CloneKind = classified.kind === "data" ? "properties" : classified.kind
        let text: string | undefined
        if (classified.refusal === undefined && (classified.kind === "data" || classified.kind === "featureService")) {
          // A hosted service's item may hold JSON too (its layers' pop-ups and drawing info), copied with it.
          const response = yield* source.bytes(itemData, `${operation}.data`, { id })
          const bytes = yield* Transport.collectBytes(response.stream)
          text = bytes.byteLength === 0 ? undefined : decodeText(bytes)
          if (classified.kind === "data")
            kind = bytes.byteLength === 0 ? (item.url ? "url" : "properties") : text === undefined ? "file" : "text"
        }
        const dependsOn = new Set<string>()
        if (text !== undefined) {
          const candidates = [...referencedIds(text)].filter((candidate) => candidate !== id)
          const items = yield* Effect.forEach(candidates, lookup, { concurrency: settings.concurrency })
          candidates.forEach((candidate, index) => {
            if (items[index] !== undefined) dependsOn.add(candidate)
          })
        }
        const relationships: Array<{ readonly type: string; readonly destination: string }> = []
        if (settings.relatedItems && classified.refusal === undefined) {
          const related = yield* relatedOf(id, relationshipTypes.join(","))
          if (related._tag === "Failure") {
            if (!isRefusal(related.failure)) return yield* Effect.fail(related.failure)
            notes.push(`Related items not read: ${related.failure.message}`)
          } else if (related.success.length > 0) {
            // The answer does not say which relationship relates each item: ask type by type (items with related
            // items are few).
            const byType = yield* Effect.forEach(relationshipTypes, (type) => relatedOf(id, type), {
              concurrency: settings.concurrency,
            })
            relationshipTypes.forEach((type, index) => {
              const answer = byType[index]
              if (answer?._tag !== "Success") return
              for (const entry of answer.success) {
                known.set(entry.id, entry)
                dependsOn.add(entry.id)
                relationships.push({ type, destination: entry.id })
              }
            })
          }
        }
        const groups: Array<SourceGroup> = []
        if (settings.readsGroups && classified.refusal === undefined) {
          const shared = yield* source.call(itemGroups, `${operation}.groups`, { id })
          for (const group of [...(shared.admin ?? []), ...(shared.member ?? []), ...(shared.other ?? [])]) {
            const title = (group as { readonly title?: unknown }).title
            groups.push({ id: group.id, title: typeof title === "string" ? title : group.id, raw: group })
          }
        }
        return {
          id,
          item,
          requestedBy,
          kind,
          refusal: classified.refusal,
          text,
          dependsOn: [...dependsOn],
          relationships,
          groups,
          notes,
        } satisfies SourceNode
      })

    let frontier: ReadonlyArray<readonly [string, Item | undefined, SourceNode["requestedBy"]]> = (yield* resolve(
      source,
      items,
      settings.concurrency,
    )).map(([id, item]) => [id, item, "input"] as const)
    for (const [id, item] of frontier) known.set(id, item)
    while (frontier.length > 0) {
      const inWave = new Set<string>()
      const wave = frontier.filter(([id]) => {
        if (nodes.has(id) || inWave.has(id)) return false
        inWave.add(id)
        return true
      })
      const visited = yield* Effect.forEach(wave, ([id, item, by]) => visit(id, item, by), {
        concurrency: settings.concurrency,
      })
      for (const node of visited) nodes.set(node.id, node)
      frontier = visited.flatMap((node) =>
        node.dependsOn
          .filter((dependency) => !nodes.has(dependency))
          .map((dependency) => [dependency, known.get(dependency), "dependency"] as const),
      )
    }
    return nodes
  })
