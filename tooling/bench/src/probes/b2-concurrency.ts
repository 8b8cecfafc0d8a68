/**
 * B2 on localhost by parts in flight (the README's "B2 speed"): ours with its adaptive default and with a fixed
 * `concurrency`, and rest-js, interleaved over `--rounds` rounds, each a fresh process uploading the file once
 * unmeasured and `--runs` times measured. Prints each variant's median time, its throughput, its ratio to rest-js and
 * the part of it from the `commit` to the end (the emulator assembling the parts, the status reads: the same for all).
 *
 *   node src/probes/b2-concurrency.ts [--size 1GiB] [--rounds 2] [--runs 2] [--rate <bytes/s> --latency <ms>]
 *
 * `--rate`/`--latency` run it under the emulator's network model instead. Run from tooling/bench after
 * `npx -y pnpm@12.21.0 exec turbo run build --filter @arcgis-portal/bench...`.
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { startEmulatorProcess } from "../lib/emulator.ts"
import { formatNumber, MiB, parseSize, summarize } from "../lib/stats.ts"
import { bundleWorker, diskNeeded, freeBytes, runBundledWorker, writeRandomFile } from "../lib/upload.ts"

const args = process.argv.slice(2)
const option = (name: string, fallback: string) => {
  const index = args.indexOf(name)
  return index >= 0 && args[index + 1] !== undefined ? args[index + 1]! : fallback
}
const size = parseSize(option("--size", "1GiB"))
const rounds = Math.max(1, Number(option("--rounds", "2")))
const runs = Math.max(1, Number(option("--runs", "2")))
const rate = option("--rate", "")
const latency = option("--latency", "")

const variants: ReadonlyArray<{ readonly name: string; readonly contender: string; readonly concurrency?: number }> = [
  { name: "ours, adaptive (default)", contender: "ours" },
  { name: "ours, concurrency 2", contender: "ours", concurrency: 2 },
  { name: "ours, concurrency 4", contender: "ours", concurrency: 4 },
  { name: "ours, concurrency 8", contender: "ours", concurrency: 8 },
  { name: "rest-js (sequential)", contender: "rest-js" },
]

const directory = mkdtempSync(join(tmpdir(), "arcgis-portal-b2-concurrency-"))
if (freeBytes(directory) < diskNeeded(size)) throw new Error(`b2-concurrency: not enough free disk for ${size} bytes`)
const path = join(directory, "bench-upload.zip")
writeRandomFile(path, size)
const worker = await bundleWorker()
const emulator = await startEmulatorProcess({
  ...(rate === "" ? {} : { uploadBytesPerSecond: parseSize(rate) }),
  ...(latency === "" ? {} : { latencyMs: Number(latency) }),
})
const results = new Map<string, { times: Array<number>; commits: Array<number>; inFlight: number }>()
try {
  for (let round = 0; round < rounds; round++) {
    for (const variant of variants) {
      const result = await runBundledWorker(worker, {
        url: emulator.url,
        restUrl: emulator.restUrl,
        token: emulator.token,
        username: emulator.publisher.username,
        runs,
        warmup: 1,
        path,
        size,
        partSize: 8 * MiB,
        contender: variant.contender,
        ...(variant.concurrency === undefined ? {} : { concurrency: variant.concurrency }),
      })
      const entry = results.get(variant.name) ?? { times: [], commits: [], inFlight: 0 }
      entry.times.push(...result.times)
      entry.commits.push(...result.commitTimes)
      entry.inFlight = Math.max(entry.inFlight, result.maxPartsInFlight)
      results.set(variant.name, entry)
      console.log(`round ${round + 1} · ${variant.name}: ${result.times.map((ms) => formatNumber(ms)).join(", ")} ms`)
    }
  }
} finally {
  await emulator.stop()
  rmSync(directory, { recursive: true, force: true })
}
const restJs = summarize(results.get("rest-js (sequential)")!.times).median
console.log(
  `\n${formatNumber(size / MiB)} MiB, ${rate === "" ? "localhost" : `${rate}/s per connection, ${latency || 0} ms`}, ${rounds} rounds × ${runs} runs (median (min–max)):`,
)
for (const [name, entry] of results) {
  const summary = summarize(entry.times)
  console.log(
    `  ${name.padEnd(26)} ${formatNumber(summary.median)} ms (${formatNumber(summary.min)}–${formatNumber(summary.max)}), ` +
      `${formatNumber(size / MiB / (summary.median / 1000))} MiB/s, rest-js/this ${formatNumber(restJs / summary.median)}×, ` +
      `commit to end ${formatNumber(summarize(entry.commits).median)} ms, ≤ ${entry.inFlight} in flight`,
  )
}
