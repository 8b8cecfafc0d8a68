/**
 * B9 clone: 200 items with their dependencies from one portal to another — 40 web maps, each showing 4 layers of its
 * own (150 feature collections, 10 hosted feature layers of 200 features each) — between two local emulators, each
 * an org of its own in a process of its own (`b9-portal.ts`), the client (`Clone.clone`, concurrency 4) in this one.
 * Per run, against a fresh target: the dry run (the plan only), the clone into the empty target, and the same clone
 * again (everything already there: all skipped). Time, and the requests each portal answered (its request log).
 * No competitor: Esri's JS client (`@esri/arcgis-rest-js`) has no clone; the figures are absolute.
 */
import { Clone } from "@arcgis-portal/content"
import { Portal } from "@arcgis-portal/core"
import * as Effect from "effect/Effect"
import { tokenStrategy } from "../lib/ours.ts"
import { formatNumber, summarize } from "../lib/stats.ts"
import type { BenchResult, Context, Measurement } from "../lib/types.ts"
import {
  type B9Portal,
  call,
  featuresPerHostedLayer,
  hostedLayers,
  layersPerMap,
  type Seeded,
  seedSource,
  startPortal,
  webMaps,
} from "./b9-seed.ts"

const items = webMaps * (1 + layersPerMap)
const concurrency = 4

type Phase = "dryRun" | "clone" | "again"

interface PhaseRun {
  readonly ms: number
  readonly source: { readonly total: number; readonly byOperation: Record<string, number> }
  readonly target: { readonly total: number; readonly byOperation: Record<string, number> }
  readonly counts: Readonly<Record<"planned" | "created" | "updated" | "skipped" | "refused" | "failed", number>>
}

/** `Clone.clone` of the seeded maps from `source` into `target`, timed, with both portals' request counts. */
const timedClone = async (source: B9Portal, target: B9Portal, seeded: Seeded, dryRun: boolean): Promise<PhaseRun> => {
  await Promise.all([source.clear(), target.clear()])
  const program = Clone.clone(seeded.maps, {
    source: Portal.layer({ url: source.url, auth: tokenStrategy(source.token) }),
    dryRun,
    concurrency,
  }).pipe(Effect.provide(Portal.layer({ url: target.url, auth: tokenStrategy(target.token) })))
  const started = performance.now()
  const result = await Effect.runPromise(program)
  const ms = performance.now() - started
  const [sourceRequests, targetRequests] = await Promise.all([source.requests(), target.requests()])
  return {
    ms,
    source: sourceRequests,
    target: targetRequests,
    counts: {
      planned: result.plan.steps.length,
      created: result.created.length,
      updated: result.updated.length,
      skipped: result.skipped.length,
      refused: result.refused.length,
      failed: result.failed.length,
    },
  }
}

/** Fails the benchmark when a phase did not do what it should (a number about a broken clone is no number). */
const check = (phase: Phase, run: PhaseRun) => {
  const expected: Record<Phase, Partial<PhaseRun["counts"]>> = {
    dryRun: { planned: items, created: 0, skipped: 0, failed: 0, refused: 0 },
    clone: { planned: items, created: items, skipped: 0, failed: 0, refused: 0 },
    again: { planned: items, created: 0, skipped: items, failed: 0, refused: 0 },
  }
  for (const [key, value] of Object.entries(expected[phase]))
    if (run.counts[key as keyof PhaseRun["counts"]] !== value)
      throw new Error(`B9 ${phase}: expected ${key} ${value}, got ${JSON.stringify(run.counts)}`)
}

/** The features of one cloned hosted layer, counted in the target (the copy is checked, not only counted). */
const clonedFeatures = async (target: B9Portal, sourceId: string): Promise<number> => {
  const found = await call(
    `${target.restUrl}/search`,
    { q: `typekeywords:"source-${sourceId}"`, num: "10" },
    target.token,
  )
  const clone = (found.results as Array<{ url?: string }>)[0]
  if (clone?.url === undefined) throw new Error(`B9: no clone of ${sourceId} in the target`)
  const count = await call(`${clone.url}/0/query`, { where: "1=1", returnCountOnly: "true" }, target.token)
  return count.count as number
}

const describeRequests = (byOperation: Record<string, number>) =>
  Object.entries(byOperation)
    .sort((a, b) => b[1] - a[1])
    .map(([operation, count]) => `${operation} ${count}`)
    .join(", ")

/** A request count (a median of whole numbers) as people read it. */
const count = (value: unknown) => (typeof value === "number" ? Math.round(value).toLocaleString("en") : "?")

const labels: Record<Phase, string> = {
  dryRun: "dry run: the plan of 200 items (reads both portals)",
  clone: "clone into an empty target: 200 created",
  again: "the same clone again: 200 already there, all skipped",
}

export const run = async (context: Context): Promise<BenchResult> => {
  const source = await startPortal({ org: { name: "B9 source", urlKey: "b9-source", usernameSuffix: "_src" } })
  try {
    const seeded = await seedSource(source)
    context.log(
      `  seeded the source: ${webMaps} web maps, ${seeded.collections} feature collections, ${hostedLayers} hosted layers ` +
        `(${featuresPerHostedLayer} features each) in ${(seeded.ms / 1000).toFixed(1)} s`,
    )
    const runs: Record<Phase, Array<PhaseRun>> = { dryRun: [], clone: [], again: [] }
    for (let index = 0; index < context.warmup + context.runs; index++) {
      // A fresh target for every run: the first clone always starts from nothing.
      const target = await startPortal({ org: { name: "B9 target", urlKey: "b9-target" } })
      try {
        const phases: Array<readonly [Phase, PhaseRun]> = []
        for (const [phase, dryRun] of [
          ["dryRun", true],
          ["clone", false],
          ["again", false],
        ] as const) {
          const measured = await timedClone(source, target, seeded, dryRun)
          check(phase, measured)
          phases.push([phase, measured])
        }
        const features = await clonedFeatures(target, seeded.hosted[0] ?? "")
        if (features !== featuresPerHostedLayer)
          throw new Error(`B9: the clone of a hosted layer has ${features} features, not ${featuresPerHostedLayer}`)
        if (index >= context.warmup) for (const [phase, measured] of phases) runs[phase].push(measured)
        context.log(
          `  run ${index + 1}${index < context.warmup ? " (warm-up)" : ""}: ` +
            phases.map(([phase, measured]) => `${phase} ${formatNumber(measured.ms)} ms`).join(", "),
        )
      } finally {
        await target.stop()
      }
    }
    const median = (values: ReadonlyArray<number>) => summarize(values).median
    const measurements: Array<Measurement> = (["dryRun", "clone", "again"] as const).map((phase) => ({
      contender: "ours",
      label: labels[phase],
      unit: "ms",
      summary: summarize(runs[phase].map((measured) => measured.ms)),
      extra: {
        sourceRequests: median(runs[phase].map((measured) => measured.source.total)),
        targetRequests: median(runs[phase].map((measured) => measured.target.total)),
        sourceByOperation: runs[phase][0]?.source.byOperation,
        targetByOperation: runs[phase][0]?.target.byOperation,
      },
    }))
    const [dry, first, again] = measurements
    const requestsOf = (m: Measurement | undefined) =>
      `${count(m?.extra?.sourceRequests)} source + ${count(m?.extra?.targetRequests)} target requests`
    return {
      id: "b9",
      title: `B9 clone: ${items} items with dependencies (${webMaps} web maps × ${layersPerMap} layers) between two emulators`,
      measurements,
      targets: [],
      headline:
        `clone ${formatNumber(first?.summary.median ?? 0)} ms (${requestsOf(first)}); again, all skipped ` +
        `${formatNumber(again?.summary.median ?? 0)} ms (${requestsOf(again)}); dry run ${formatNumber(dry?.summary.median ?? 0)} ms`,
      notes: [
        ...measurements.map(
          (m) =>
            `${m.label}: ${requestsOf(m)} — source: ${describeRequests(m.extra?.sourceByOperation as Record<string, number>)}; ` +
            `target: ${describeRequests(m.extra?.targetByOperation as Record<string, number>)}`,
        ),
        "No competitor: Esri's JS client (@esri/arcgis-rest-js) has nothing for cloning between portals, so B9 reports absolute figures (no target in the issue).",
        `Clone.clone with concurrency ${concurrency} (its default); each portal an emulator of its own org in a process of its own, on localhost, no emulated latency; createService jobs take the emulator's default 300 ms.`,
        "Each run gets a fresh target; every phase is checked (200 planned / created / skipped, none failed) and a cloned hosted layer's features are counted in the target.",
      ],
    }
  } finally {
    await source.stop()
  }
}
