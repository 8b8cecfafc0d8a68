/**
 * Recreating a hosted feature service in the target (Python `clone_items` for a hosted feature layer): the source
 * service's definition (`f=json`), `createService` with it under the planned name and the item's properties (its
 * source keyword and in-progress marker included, so a re-run finds it whatever happens next), the layers and tables
 * the clone does not have yet (`addToDefinition` with the source layers' definitions), the thumbnail and metadata,
 * and, with `copyData`, the features (features.ts). Finishing an unfinished clone runs the same steps, each skipping
 * what is already there.
 */
import { PortalError } from "@arcgis-portal/core"
import * as Effect from "effect/Effect"
import { addToDefinition } from "../../endpoints/services/addToDefinition.ts"
import { serviceInfo } from "../../endpoints/services/serviceInfo.ts"
import { createService } from "../../endpoints/users/createService.ts"
import { updateItem } from "../../endpoints/users/updateItem.ts"
import type { Item } from "../../ItemSchema.ts"
import { defaultCommitSchedule } from "../../internal/upload.ts"
import type { JobFailed } from "../../Job.ts"
import { cloneProperties, createOnce, findClone, infoFilesOf } from "./create.ts"
import { copyFeatures } from "./features.ts"
import { type CloneRun, operation, serviceUrlOf } from "./run.ts"
import type { SourceNode } from "./walk.ts"

/** The service name of a hosted service URL (`…/rest/services/[Hosted/]<name>/FeatureServer`). */
export const serviceNameOf = (url: string): string | undefined =>
  /\/rest\/services\/(?:Hosted\/)?([^/]+)\/FeatureServer\/?$/i.exec(url)?.[1]

/** The create parameters the source service's description gives (what `createService` takes of it). */
const createParametersOf = (service: { readonly [key: string]: unknown }, name: string) => {
  const keys = [
    "serviceDescription",
    "hasStaticData",
    "maxRecordCount",
    "supportedQueryFormats",
    "capabilities",
    "copyrightText",
    "spatialReference",
    "initialExtent",
    "allowGeometryUpdates",
    "units",
    "xssPreventionInfo",
  ]
  const out: Record<string, unknown> = {}
  for (const key of keys) if (service[key] !== undefined) out[key] = service[key]
  return { ...out, description: service.description ?? "", name }
}

/** The ids of a service description's `layers` or `tables`. */
const idsOf = (service: { readonly [key: string]: unknown }, key: "layers" | "tables"): ReadonlyArray<number> => {
  const entries = service[key]
  return Array.isArray(entries)
    ? entries.flatMap((entry: unknown) => {
        const id = (entry as { readonly id?: unknown }).id
        return typeof id === "number" ? [id] : []
      })
    : []
}

/** The names of a layer description's fields, lower case. */
const fieldNames = (description: { readonly [key: string]: unknown }): ReadonlyArray<string> =>
  Array.isArray(description.fields)
    ? description.fields.flatMap((field: unknown) => {
        const name = (field as { readonly name?: unknown }).name
        return typeof name === "string" ? [name.toLowerCase()] : []
      })
    : []

/** Fields of a layer's description the hosting server owns, not part of a definition to add. */
const serverOwned = new Set(["currentVersion", "serviceItemId", "adminLayerInfo", "editingInfo"])

const definitionOf = (description: { readonly [key: string]: unknown }) => {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(description)) if (!serverOwned.has(key)) out[key] = value
  return out
}

/** Creates the empty service (once: reconciled by its source keyword) and waits for the portal to finish it. */
const createEmpty = (
  run: CloneRun,
  item: Item,
  service: { readonly [key: string]: unknown },
  name: string,
): Effect.Effect<Item, PortalError.PortalFailure | JobFailed> =>
  Effect.gen(function* () {
    const { type: _type, url: _url, ...properties } = cloneProperties(run, item)
    const send = Effect.map(
      run.target.call(createService, `${operation}.createService`, {
        owner: run.owner,
        folderId: run.folderId,
        params: { ...properties, createParameters: createParametersOf(service, name), outputType: "featureService" },
      }),
      (created) => ({ id: created.itemId, jobId: created.jobId as string | undefined }),
    )
    const created = yield* createOnce(
      run,
      send,
      Effect.map(findClone(run, item.id), (found) =>
        found === undefined ? undefined : { id: found.id, jobId: undefined },
      ),
    )
    run.created.set(item.id, created.id)
    if (created.jobId !== undefined) {
      return yield* run.target
        .job({ operation, itemId: created.id, jobId: created.jobId, jobType: "createService", owner: run.owner })
        .wait({ schedule: defaultCommitSchedule })
    }
    return yield* run.target.item(`${operation}.item`, created.id)
  })

/**
 * Clones (or finishes the clone of) a hosted feature service; returns the clone's id. `existing` is the unfinished
 * clone an earlier run left, `name` the planned service name.
 */
export const cloneService = (
  run: CloneRun,
  node: SourceNode & { readonly item: Item },
  existing: Item | undefined,
  name: string | undefined,
): Effect.Effect<
  { readonly id: string; readonly notes: ReadonlyArray<string> },
  PortalError.PortalFailure | JobFailed
> =>
  Effect.gen(function* () {
    const notes: Array<string> = []
    const sourceUrl = serviceUrlOf(node.item) ?? ""
    const service = yield* run.source.call(serviceInfo, `${operation}.service`, { url: sourceUrl })
    const describe = (ids: ReadonlyArray<number>) =>
      Effect.forEach(
        ids,
        (id) =>
          Effect.map(
            run.source.call(serviceInfo, `${operation}.layer`, { url: `${sourceUrl}/${id}` }),
            (description) => ({
              id,
              description,
            }),
          ),
        { concurrency: 4 },
      )
    const layers = yield* describe(idsOf(service, "layers"))
    const tables = yield* describe(idsOf(service, "tables"))
    const clone =
      existing ?? (yield* createEmpty(run, node.item, service, name ?? serviceNameOf(sourceUrl) ?? node.item.id))
    const targetUrl = serviceUrlOf(clone)
    if (targetUrl === undefined) {
      return yield* Effect.fail(
        new PortalError.InvalidInput({
          operation,
          field: "url",
          message: `The clone ${clone.id} of the hosted service has no service URL.`,
        }),
      )
    }
    run.urls.set(sourceUrl, targetUrl)
    // What the clone has already (an unfinished clone may have some layers), so that nothing is added twice.
    const present = new Set<number>()
    if (existing !== undefined) {
      const current = yield* run.target.call(serviceInfo, `${operation}.service`, { url: targetUrl })
      const listed = new Set([...idsOf(current, "layers"), ...idsOf(current, "tables")])
      // A layer of the same id counts only when it has the source layer's fields: a service no definition was added
      // to may still describe a placeholder layer.
      yield* Effect.forEach(
        [...layers, ...tables].filter((layer) => listed.has(layer.id)),
        (layer) =>
          Effect.map(
            run.target.call(serviceInfo, `${operation}.layer`, { url: `${targetUrl}/${layer.id}` }),
            (description) => {
              const have = new Set(fieldNames(description))
              if (fieldNames(layer.description).every((field) => have.has(field))) present.add(layer.id)
            },
          ),
        { concurrency: 4, discard: true },
      )
    }
    const missingLayers = layers.filter((layer) => !present.has(layer.id))
    const missingTables = tables.filter((table) => !present.has(table.id))
    if (missingLayers.length + missingTables.length > 0) {
      yield* run.target.call(addToDefinition, `${operation}.addToDefinition`, {
        serviceUrl: targetUrl,
        definition: {
          layers: missingLayers.map((layer) => definitionOf(layer.description)),
          tables: missingTables.map((table) => definitionOf(table.description)),
        },
      })
    }
    const files = yield* infoFilesOf(run, node.item, {
      thumbnail: !clone.thumbnail,
      metadata: !(clone.typeKeywords ?? []).includes("Metadata"),
    })
    if (Object.keys(files).length > 0) {
      yield* run.target.call(updateItem, `${operation}.info`, { item: clone, params: {}, files })
    }
    if (run.settings.copyData) {
      for (const layer of [...layers, ...tables]) {
        const added = yield* copyFeatures(run, node.id, {
          id: layer.id,
          sourceUrl: `${sourceUrl}/${layer.id}`,
          targetUrl: `${targetUrl}/${layer.id}`,
          definition: layer.description,
        })
        if (added > 0) notes.push(`Layer ${layer.id}: ${added} feature(s) copied.`)
      }
    }
    return { id: clone.id, notes }
  })
