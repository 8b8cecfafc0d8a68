/**
 * B2 upload: one file added as an item through the multipart flow — throughput and the client's peak RSS, in two
 * scenarios and a memory curve:
 *
 * - **the network model** (judged): the emulator caps each connection's uploads at 25 MiB/s and answers every
 *   request 50 ms late (B1's latency) — a WAN, where one connection is limited by its latency and its own
 *   throughput, which is what the portal's parallel parts are for. The file is at most 256 MiB there: rest-js's
 *   sequential parts take ~45 s per GiB;
 * - **localhost** (reported, with a target of its own): the emulator as it is, the file of `--size` (1 GiB);
 * - **the memory curve**: ours' and rest-js's peak RSS for one upload each of 256 MiB and 1 GiB (and 4 GiB − 1 MiB with
 *   `--curve`) on localhost, each in a fresh process; a size the free disk space cannot take is skipped, saying so.
 *
 * Ours runs with its default parts in flight (adaptive: 2 at first, more while the measured throughput rises).
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { type Emulator, startEmulatorProcess } from "../lib/emulator.ts"
import { formatNumber, formatSummary, MiB, summarize } from "../lib/stats.ts"
import type { BenchResult, Context, Measurement, Target } from "../lib/types.ts"
import {
  bundleWorker,
  diskNeeded,
  freeBytes,
  type NodeSetup,
  runBundledWorker,
  type UploadResult,
  writeRandomFile,
} from "../lib/upload.ts"

const partSize = 8 * MiB
const GiB = 1024 * MiB
/** B2's network model: each connection's uploads capped, every answer late by B1's latency. */
export const networkModel = { uploadBytesPerSecond: 25 * MiB, latencyMs: 50 } as const
/** The largest file uploaded under the network model. */
const modelMaxSize = 256 * MiB
/** ours' peak RSS target at 1 GiB, and how flat the curve must be (the largest point over the smallest). */
const rssTargetMiB = 96
const flatTolerance = 0.1

const contenders = [
  ["ours", `Content.add(fileFromPath), ${partSize / MiB} MiB parts, adaptive parts in flight (2 → ≤ 8)`],
  ["rest-js", `createItem(multipart) + addItemPart × n (sequential) + commitItemUpload`],
] as const

const sizeLabel = (size: number) => (size % GiB === 0 ? `${size / GiB} GiB` : `${formatNumber(size / MiB)} MiB`)
/**
 * The curve's largest point with `--curve`: 4 GiB less 1 MiB, the largest file Node's `fs.openAsBlob` reads right —
 * from 4 GiB on it reports the size modulo 2³² (nodejs/node#52585, open; Node 24.21: a 4 GiB file is a Blob of 0
 * bytes), which both contenders' workers (and `NodeContent.fileFromPath`) read the file through.
 */
const curveMaxSize = 4 * GiB - MiB

/** Runs the worker for `contender` on a file of `size`, `runs` times after `warmup`, Node started as `setup` says. */
type Upload = (
  emulator: Emulator,
  contender: string,
  size: number,
  runs: { readonly runs: number; readonly warmup: number },
  setup?: NodeSetup,
) => Promise<UploadResult>

interface Scenario {
  readonly suffix: string
  readonly label: string
  readonly size: number
  readonly emulator: () => Promise<Emulator>
}

export const run = async (context: Context): Promise<BenchResult> => {
  const directory = mkdtempSync(join(tmpdir(), "arcgis-portal-bench-upload-"))
  const files = new Map<number, string>()
  /** The file of `size` random bytes, written once. */
  const fileOf = (size: number) => {
    let path = files.get(size)
    if (path === undefined) {
      path = join(directory, `bench-upload-${size}.zip`)
      writeRandomFile(path, size)
      files.set(size, path)
    }
    return path
  }
  /** Removes the file of `size` (the 4 GiB one, once its point is measured). */
  const dropFile = (size: number) => {
    const path = files.get(size)
    if (path !== undefined) rmSync(path, { force: true })
    files.delete(size)
  }
  const notes: Array<string> = []
  const worker = await bundleWorker()
  const upload: Upload = async (emulator, contender, size, runs, setup) =>
    runBundledWorker(
      worker,
      {
        url: emulator.url,
        restUrl: emulator.restUrl,
        token: emulator.token,
        username: emulator.publisher.username,
        ...runs,
        path: fileOf(size),
        size,
        partSize,
        contender,
      },
      setup,
    )
  const scenarios: ReadonlyArray<Scenario> = [
    {
      suffix: " @25MiB/s",
      label: `network model: ${networkModel.uploadBytesPerSecond / MiB} MiB/s per connection, ${networkModel.latencyMs} ms`,
      size: Math.min(context.size, modelMaxSize),
      emulator: () => startEmulatorProcess(networkModel),
    },
    { suffix: "", label: "localhost", size: context.size, emulator: () => startEmulatorProcess() },
  ]
  const measurements: Array<Measurement> = []
  const ratios: Array<number> = []
  const curve: Array<CurvePoint> = []
  try {
    for (const [index, scenario] of scenarios.entries()) {
      if (freeBytes(directory) < diskNeeded(scenario.size))
        throw new Error(`B2: ${sizeLabel(scenario.size)} needs ${sizeLabel(diskNeeded(scenario.size))} of free disk`)
      // A fresh emulator (temporary data dir) per scenario: the uploads never touch the shared one.
      const emulator = await scenario.emulator()
      try {
        const pair: Array<Measurement> = []
        for (const [contender, label] of contenders) {
          const result = await upload(emulator, contender, scenario.size, context)
          const summary = summarize(result.times)
          pair.push({
            contender: `${contender}${scenario.suffix}`,
            label: `${label} · ${scenario.label} · ${sizeLabel(scenario.size)}`,
            unit: "ms",
            summary,
            extra: {
              size: scenario.size,
              mibPerSecond: scenario.size / MiB / (summary.median / 1000),
              peakRssMiB: result.maxRssBytes / MiB,
              baselineRssMiB: result.baselineRssBytes / MiB,
              maxPartsInFlight: result.maxPartsInFlight,
              commitMs: summarize(result.commitTimes).median,
            },
          })
        }
        measurements.push(...pair)
        ratios.push(pair[1]!.summary.median / pair[0]!.summary.median)
        context.log(
          `  ${scenario.label}, ${sizeLabel(scenario.size)}: ${pair.map((m) => `${m.contender} ${formatSummary(m.summary, m.unit)}, peak RSS ${formatNumber(m.extra!.peakRssMiB as number)} MiB`).join(" · ")} → ${formatNumber(ratios.at(-1)!)}×`,
        )
        // The memory curve, after the localhost scenario, on its emulator.
        if (index === scenarios.length - 1)
          curve.push(...(await memoryCurve(context, { emulator, directory, upload, drop: dropFile, notes })))
      } finally {
        await emulator.stop()
      }
    }
  } finally {
    rmSync(directory, { recursive: true, force: true })
  }
  const [model, localhost] = ratios as [number, number]
  const oursLocal = measurements[2]!
  const at1GiB = curve.find((point) => point.size === GiB)?.ours.maxRssBytes
  const rss1GiB = Math.max(at1GiB ?? 0, context.size === GiB ? (oursLocal.extra!.peakRssMiB as number) * MiB : 0)
  const peaks = curve.map((point) => point.ours.maxRssBytes / MiB)
  const flat = peaks.length >= 2 ? Math.max(...peaks) / Math.min(...peaks) - 1 : undefined
  const targets: Array<Target> = [
    {
      description: `ours ≥ 2× faster than rest-js under the network model (${networkModel.uploadBytesPerSecond / MiB} MiB/s per connection, ${networkModel.latencyMs} ms)`,
      met: model >= 2,
      actual: `${formatNumber(model)}×`,
    },
    {
      description: "ours ≥ 1.4× faster than rest-js on localhost",
      met: localhost >= 1.4,
      actual: `${formatNumber(localhost)}×`,
    },
    {
      description: `ours peak RSS ≤ ${rssTargetMiB} MiB at 1 GiB`,
      met: rss1GiB > 0 ? rss1GiB / MiB <= rssTargetMiB : undefined,
      actual: rss1GiB > 0 ? `${formatNumber(rss1GiB / MiB)} MiB` : "not measured",
    },
    {
      description: `ours peak RSS flat (within ${flatTolerance * 100}%) from 256 MiB to ${curve.length > 0 ? sizeLabel(curve.at(-1)!.size) : "?"}`,
      met: flat === undefined ? undefined : flat <= flatTolerance,
      actual: curve
        .map((point) => `${sizeLabel(point.size)} ${formatNumber(point.ours.maxRssBytes / MiB)}`)
        .join(" · "),
    },
  ]
  const inFlight = (m: Measurement) => m.extra!.maxPartsInFlight as number
  return {
    id: "b2",
    title: `B2 upload: a file added as an item, multipart (${sizeLabel(context.size)}; ${sizeLabel(scenarios[0]!.size)} under the network model)`,
    measurements,
    targets,
    details: {
      ratios: { networkModel: model, localhost },
      networkModel,
      curve: curve.map((point) => ({
        size: point.size,
        oursPeakRssMiB: point.ours.maxRssBytes / MiB,
        oursBaselineRssMiB: point.ours.baselineRssBytes / MiB,
        oursTunedPeakRssMiB: point.oursTuned.maxRssBytes / MiB,
        restJsPeakRssMiB: point.restJs.maxRssBytes / MiB,
        restJsBaselineRssMiB: point.restJs.baselineRssBytes / MiB,
      })),
    },
    notes: [
      ...measurements.map(
        (m) =>
          `${m.contender}: ${formatNumber(m.extra!.mibPerSecond as number)} MiB/s, of which the commit to the end (the emulator assembling, status reads) ${formatNumber(m.extra!.commitMs as number)} ms; peak RSS ${formatNumber(m.extra!.peakRssMiB as number)} MiB (${formatNumber(m.extra!.baselineRssMiB as number)} MiB before the first upload), at most ${inFlight(m)} parts in flight`,
      ),
      `memory curve (one upload per process, localhost), peak RSS ours / ours with ${tunedLabel} / rest-js: ${curve.map((point) => `${sizeLabel(point.size)} ${formatNumber(point.ours.maxRssBytes / MiB)} / ${formatNumber(point.oursTuned.maxRssBytes / MiB)} / ${formatNumber(point.restJs.maxRssBytes / MiB)} MiB`).join(" · ")}`,
      ...notes,
      `network model: the emulator's uploadBytesPerSecond ${networkModel.uploadBytesPerSecond / MiB} MiB/s (each request body read at most that fast, backpressure to the client's socket) and latencyMs ${networkModel.latencyMs}; judged at ≤ ${sizeLabel(modelMaxSize)} (rest-js's sequential parts: ~${Math.round((GiB / networkModel.uploadBytesPerSecond) * 1.1)} s per GiB there).`,
      "rest-js 4.10.2 cannot send a FormData from Node (Esri/arcgis-rest-js#1033): it runs with tooling/conformance's nativeFormDataFetch workaround, which reads each part into memory.",
      "Peak RSS is the client process's maxRSS (getrusage) over the warm-up and all runs; the emulator runs in its own process. The worker runs bundled (esbuild, plain JavaScript) for both contenders; the RSS before the first upload is taken before the first request, so it does not include Node's fetch (undici, loaded on first use, ~10 MiB).",
    ],
  }
}

/** One size of the memory curve: ours as is, ours in a Node tuned for memory, rest-js. */
interface CurvePoint {
  readonly size: number
  readonly ours: UploadResult
  readonly oursTuned: UploadResult
  readonly restJs: UploadResult
}

/**
 * The Node flag that moves ours' peak RSS most (tooling/bench/src/probes/b2-memory.ts): a 1 MiB young generation,
 * scavenged often, so the file chunks already sent are freed sooner. A deployment choice (NODE_OPTIONS), not the
 * SDK's: reported beside the default, never judged.
 */
const tuned: NodeSetup = { execArgv: ["--max-semi-space-size=1"] }
const tunedLabel = "node --max-semi-space-size=1"

/** What the memory curve runs on, and how. */
interface CurveSetup {
  readonly emulator: Emulator
  readonly directory: string
  readonly upload: Upload
  /** Removes the source file of a size no scenario uses. */
  readonly drop: (size: number) => void
  readonly notes: Array<string>
}

/** One upload per contender and size on `emulator` (localhost), each in a fresh process: peak RSS against size. */
const memoryCurve = async (context: Context, setup: CurveSetup) => {
  const { emulator, directory, upload, notes } = setup
  const sizes = [256 * MiB, GiB, ...(context.curve ? [curveMaxSize] : [])]
  if (!context.curve)
    notes.push(
      `memory curve without ${sizeLabel(curveMaxSize)} (add --curve: it needs ~13 GiB of free disk and 4–6 min more)`,
    )
  else
    notes.push(
      `the curve stops at ${sizeLabel(curveMaxSize)}, not 4 GiB: Node's fs.openAsBlob, which both workers read the file through, reports a file of 4 GiB or more with its size modulo 2³² (nodejs/node#52585) — a 4 GiB file is a Blob of 0 bytes`,
    )
  const points: Array<CurvePoint> = []
  for (const size of sizes) {
    const free = freeBytes(directory)
    if (free < diskNeeded(size)) {
      const line = `memory curve: ${sizeLabel(size)} skipped — ${sizeLabel(free)} of disk free, it needs ${sizeLabel(diskNeeded(size))}`
      context.log(`  ${line}`)
      notes.push(line)
      continue
    }
    const once = { runs: 1, warmup: 0 }
    let ours: UploadResult
    let oursTuned: UploadResult
    let restJs: UploadResult
    try {
      ours = await upload(emulator, "ours", size, once)
      oursTuned = await upload(emulator, "ours", size, once, tuned)
      restJs = await upload(emulator, "rest-js", size, once)
    } catch (error) {
      // A point that fails is reported, not the whole benchmark.
      const line = `memory curve: ${sizeLabel(size)} failed — ${(error instanceof Error ? error.message : String(error)).split("\n").slice(0, 6).join(" ")}`
      context.log(`  ${line}`)
      notes.push(line)
      continue
    } finally {
      if (size !== context.size && size !== Math.min(context.size, modelMaxSize)) setup.drop(size)
    }
    context.log(
      `  memory curve ${sizeLabel(size)}: peak RSS ours ${formatNumber(ours.maxRssBytes / MiB)} MiB (${tunedLabel} ${formatNumber(oursTuned.maxRssBytes / MiB)}), rest-js ${formatNumber(restJs.maxRssBytes / MiB)} MiB`,
    )
    points.push({ size, ours, oursTuned, restJs })
  }
  return points
}
