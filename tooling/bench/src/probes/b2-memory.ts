/**
 * What moves B2's peak RSS (the README's "B2 memory"): ours' B2 worker uploading one file on localhost, once per
 * variant of Node's flags and environment, each in a fresh process, interleaved over `--rounds` rounds. Prints each
 * variant's peak RSS (median and range over the rounds), its RSS before the first upload, and its upload time.
 *
 *   node src/probes/b2-memory.ts [--size 1GiB] [--rounds 3]
 *
 * Run from tooling/bench after `npx -y pnpm@12.21.0 exec turbo run build --filter @arcgis-portal/bench...`.
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { startEmulatorProcess } from "../lib/emulator.ts"
import { formatNumber, MiB, parseSize, summarize } from "../lib/stats.ts"
import {
  bundleWorker,
  diskNeeded,
  freeBytes,
  type NodeSetup,
  runBundledWorker,
  writeRandomFile,
} from "../lib/upload.ts"

const args = process.argv.slice(2)
const option = (name: string, fallback: string) => {
  const index = args.indexOf(name)
  return index >= 0 && args[index + 1] !== undefined ? args[index + 1]! : fallback
}
const size = parseSize(option("--size", "1GiB"))
const rounds = Math.max(1, Number(option("--rounds", "3")))

const variants: ReadonlyArray<{ readonly name: string; readonly setup: NodeSetup; readonly concurrency?: number }> = [
  { name: "default (adaptive parts in flight)", setup: {} },
  { name: "4 parts in flight (the former default)", setup: {}, concurrency: 4 },
  { name: "MALLOC_ARENA_MAX=1", setup: { env: { MALLOC_ARENA_MAX: "1" } } },
  { name: "MALLOC_ARENA_MAX=2", setup: { env: { MALLOC_ARENA_MAX: "2" } } },
  { name: "--max-semi-space-size=1", setup: { execArgv: ["--max-semi-space-size=1"] } },
  { name: "--max-semi-space-size=4", setup: { execArgv: ["--max-semi-space-size=4"] } },
  { name: "--single-threaded-gc", setup: { execArgv: ["--single-threaded-gc"] } },
  { name: "UV_THREADPOOL_SIZE=1", setup: { env: { UV_THREADPOOL_SIZE: "1" } } },
  {
    name: "--max-semi-space-size=1 + MALLOC_ARENA_MAX=1",
    setup: { execArgv: ["--max-semi-space-size=1"], env: { MALLOC_ARENA_MAX: "1" } },
  },
  {
    name: "--max-semi-space-size=1 + MALLOC_ARENA_MAX=1 + --single-threaded-gc",
    setup: { execArgv: ["--max-semi-space-size=1", "--single-threaded-gc"], env: { MALLOC_ARENA_MAX: "1" } },
  },
]

const directory = mkdtempSync(join(tmpdir(), "arcgis-portal-b2-memory-"))
if (freeBytes(directory) < diskNeeded(size)) throw new Error(`b2-memory: not enough free disk for ${size} bytes`)
const path = join(directory, "bench-upload.zip")
writeRandomFile(path, size)
const worker = await bundleWorker()
const emulator = await startEmulatorProcess()
const results = new Map<string, { peak: Array<number>; baseline: Array<number>; ms: Array<number>; inFlight: number }>()
try {
  for (let round = 0; round < rounds; round++) {
    for (const variant of variants) {
      const result = await runBundledWorker(
        worker,
        {
          url: emulator.url,
          restUrl: emulator.restUrl,
          token: emulator.token,
          username: emulator.publisher.username,
          runs: 1,
          warmup: 0,
          path,
          size,
          partSize: 8 * MiB,
          contender: "ours",
          ...(variant.concurrency === undefined ? {} : { concurrency: variant.concurrency }),
        },
        variant.setup,
      )
      const entry = results.get(variant.name) ?? { peak: [], baseline: [], ms: [], inFlight: 0 }
      entry.peak.push(result.maxRssBytes / MiB)
      entry.baseline.push(result.baselineRssBytes / MiB)
      entry.ms.push(result.times[0]!)
      entry.inFlight = Math.max(entry.inFlight, result.maxPartsInFlight)
      results.set(variant.name, entry)
      console.log(`round ${round + 1} · ${variant.name}: peak RSS ${formatNumber(result.maxRssBytes / MiB)} MiB`)
    }
  }
} finally {
  await emulator.stop()
  rmSync(directory, { recursive: true, force: true })
}
console.log(`\nours, one upload of ${formatNumber(size / MiB)} MiB per process, ${rounds} rounds (median (min–max)):`)
for (const [name, entry] of results) {
  const peak = summarize(entry.peak)
  const ms = summarize(entry.ms)
  console.log(
    `  ${name.padEnd(70)} peak ${formatNumber(peak.median)} MiB (${formatNumber(peak.min)}–${formatNumber(peak.max)}), ` +
      `before ${formatNumber(summarize(entry.baseline).median)} MiB, ${formatNumber(ms.median)} ms, ≤ ${entry.inFlight} in flight`,
  )
}
