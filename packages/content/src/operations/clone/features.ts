/**
 * Copying a hosted layer's (or table's) features from the source service to its clone: pages read from the source
 * in object-id order (`query` with `resultOffset`/`resultRecordCount`) and added to the target (`addFeatures`),
 * object ids left for the target to assign. Resumable without duplicates: the copy starts after the features the
 * target layer already has (its `returnCountOnly` count), so a run interrupted between two pages — or after a page
 * the target applied but whose answer was lost — carries on where it stopped. (This counts on nothing else adding
 * features to the clone while it is being cloned.)
 */
import { PortalError } from "@arcgis-portal/core"
import * as Effect from "effect/Effect"
import { addFeatures } from "../../endpoints/services/addFeatures.ts"
import { type Feature, queryFeatures } from "../../endpoints/services/queryFeatures.ts"
import { isAmbiguous } from "../../internal/reconcile.ts"
import { type CloneRun, operation, report } from "./run.ts"

/** A layer or table of the source service and its clone. */
export interface LayerPair {
  /** The layer id (the same in both services). */
  readonly id: number
  readonly sourceUrl: string
  readonly targetUrl: string
  /** The layer's definition in the source (`objectIdField`, `globalIdField`). */
  readonly definition: { readonly [key: string]: unknown }
}

const countOf = (run: CloneRun, layerUrl: string, side: "source" | "target") =>
  Effect.map(
    (side === "source" ? run.source : run.target).call(queryFeatures, `${operation}.count`, {
      layerUrl,
      where: "1=1",
      returnCountOnly: true,
    }),
    (answer) => answer.count ?? answer.features?.length ?? 0,
  )

/** The features without the fields the target assigns (object id, global id). */
const withoutIds = (features: ReadonlyArray<Feature>, fields: ReadonlyArray<string>) =>
  features.map((feature) => {
    const attributes: Record<string, unknown> = {}
    for (const [name, value] of Object.entries(feature.attributes ?? {})) {
      if (!fields.includes(name.toLowerCase())) {
        Object.defineProperty(attributes, name, { value, enumerable: true, writable: true, configurable: true })
      }
    }
    return feature.geometry === undefined ? { attributes } : { attributes, geometry: feature.geometry }
  })

const stringField = (definition: LayerPair["definition"], key: string): string | undefined => {
  const value = definition[key]
  return typeof value === "string" && value !== "" ? value : undefined
}

/** Copies the features of one layer the target does not have yet; returns how many it added. */
export const copyFeatures = (
  run: CloneRun,
  sourceId: string,
  layer: LayerPair,
): Effect.Effect<number, PortalError.PortalFailure> =>
  Effect.gen(function* () {
    const objectIdField = stringField(layer.definition, "objectIdField") ?? "OBJECTID"
    const dropped = [objectIdField, stringField(layer.definition, "globalIdField") ?? ""]
      .filter((name) => name !== "")
      .map((name) => name.toLowerCase())
    const total = yield* countOf(run, layer.sourceUrl, "source")
    let offset = yield* countOf(run, layer.targetUrl, "target")
    const start = offset
    const pageSize = run.settings.featurePageSize
    const policy = run.target.portal.retry
    let ambiguous = 0
    yield* report(run, { stage: "features", sourceId, layer: layer.id, copied: offset, total })
    while (offset < total) {
      const page = yield* run.source.call(queryFeatures, `${operation}.query`, {
        layerUrl: layer.sourceUrl,
        where: "1=1",
        outFields: "*",
        returnGeometry: true,
        orderByFields: `${objectIdField} ASC`,
        resultOffset: offset,
        resultRecordCount: pageSize,
      })
      const features = page.features ?? []
      if (features.length === 0) break
      const added = yield* Effect.result(
        run.target.call(addFeatures, `${operation}.addFeatures`, {
          layerUrl: layer.targetUrl,
          features: withoutIds(features, dropped),
        }),
      )
      if (added._tag === "Failure") {
        // Perhaps applied: the target's count says where to go on from (never the same page sent blindly).
        if (!isAmbiguous(added.failure) || ambiguous >= policy.times) return yield* Effect.fail(added.failure)
        ambiguous += 1
        offset = yield* countOf(run, layer.targetUrl, "target")
        continue
      }
      ambiguous = 0
      const refused = added.success.addResults.filter((result) => !result.success)
      if (refused.length > 0) {
        const first = refused[0]?.error
        return yield* Effect.fail(
          new PortalError.PortalError({
            code: first?.code ?? 500,
            messageCode: undefined,
            message: `The target refused ${refused.length} of ${features.length} features of layer ${layer.id}: ${first?.description ?? "no reason given"}`,
            details: [],
            reason: "InvalidRequest",
            operation: `${operation}.addFeatures`,
            request: { method: "POST", path: `${new URL(layer.targetUrl).pathname}/addFeatures` },
            retryAfter: undefined,
          }),
        )
      }
      offset += features.length
      yield* report(run, { stage: "features", sourceId, layer: layer.id, copied: offset, total })
    }
    return offset - start
  })
