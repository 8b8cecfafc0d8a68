// The benchmark runner: `pnpm bench [-- b1 b3 …] [--json[=file]] [--runs N] [--size 256MiB] [--curve]`.
import { mkdirSync, writeFileSync } from "node:fs"
import { cpus, totalmem } from "node:os"
import { dirname, resolve } from "node:path"
import * as b1 from "./benchmarks/b1.ts"
import * as b2 from "./benchmarks/b2.ts"
import * as b3 from "./benchmarks/b3.ts"
import * as b4 from "./benchmarks/b4.ts"
import * as b5 from "./benchmarks/b5.ts"
import * as b6 from "./benchmarks/b6.ts"
import * as b7 from "./benchmarks/b7.ts"
import * as b8 from "./benchmarks/b8.ts"
import * as b9 from "./benchmarks/b9.ts"
import { type Emulator, seedPagingItems, startEmulatorProcess } from "./lib/emulator.ts"
import { benchRoot } from "./lib/proc.ts"
import { formatSummary, parseSize } from "./lib/stats.ts"
import type { BenchResult, Context } from "./lib/types.ts"

const benchmarks: Record<string, { readonly run: (context: Context) => Promise<BenchResult> }> = {
  b1,
  b2,
  b3,
  b4,
  b5,
  b6,
  b7,
  b8,
  b9,
}

const usage = `usage: pnpm bench [-- [b1 … b9] [--json[=file]] [--runs N] [--warmup N] [--size 1GiB] [--curve]]
  b1 paging · b2 upload · b3 request overhead · b4 bundle weight · b5 cold start · b6 emulator throughput · b7 bulk · b8 CLI cold start · b9 clone`

const args = process.argv.slice(2).filter((arg) => arg !== "--")
const selected: Array<string> = []
let json: string | undefined
let runs = 5
let warmup = 1
let size = 1024 ** 3
let curve = false
for (let i = 0; i < args.length; i++) {
  const arg = args[i]!
  const value = () => {
    const inline = arg.includes("=") ? arg.slice(arg.indexOf("=") + 1) : args[++i]
    if (inline === undefined) throw new Error(`${arg} needs a value\n${usage}`)
    return inline
  }
  if (arg === "--json")
    json = resolve(benchRoot, "results", `bench-${new Date().toISOString().replaceAll(":", "-")}.json`)
  else if (arg.startsWith("--json=")) json = resolve(process.env.INIT_CWD ?? process.cwd(), value())
  else if (arg.startsWith("--runs")) runs = Math.max(5, Number(value()))
  else if (arg.startsWith("--warmup")) warmup = Math.max(1, Number(value()))
  else if (arg.startsWith("--size")) size = parseSize(value())
  else if (arg === "--curve") curve = true
  else if (arg === "--help" || arg === "-h") {
    console.log(usage)
    process.exit(0)
  } else if (/^b[1-9]$/i.test(arg)) selected.push(arg.toLowerCase())
  else throw new Error(`unknown argument ${arg}\n${usage}`)
}
const ids = (selected.length > 0 ? selected : Object.keys(benchmarks)).filter((id) => id in benchmarks)

let shared: Promise<Emulator> | undefined
const context: Context = {
  runs,
  warmup,
  size,
  curve,
  log: (line) => console.log(line),
  emulator: () => {
    shared ??= (async () => {
      // Kept between runs (gitignored): seeding 10,000 items through addItem takes about 20 s.
      const emulator = await startEmulatorProcess({ dataDir: resolve(benchRoot, ".data", "portal") })
      const seeded = await seedPagingItems(emulator, b1.itemCount)
      if (seeded.added > 0)
        console.log(
          `  seeded ${seeded.added} items through addItem (concurrency 16) in ${(seeded.ms / 1000).toFixed(1)} s ` +
            `(${Math.round(seeded.added / (seeded.ms / 1000))} items/s)`,
        )
      return emulator
    })()
    return shared
  },
}

const machine = `${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${Math.round(totalmem() / 1024 ** 3)} GiB, Node ${process.version}, ${process.platform}`
console.log(`benchmarks ${ids.join(" ")} · ${runs} runs after ${warmup} warm-up · ${machine}`)
const results: Array<BenchResult> = []
const failures: Array<{ id: string; error: string }> = []
/** Wall-clock milliseconds per benchmark (the shared emulator's start and seeding count for the first that uses it). */
const elapsed: Record<string, number> = {}
const started = performance.now()
/** `48.2 s`, `3 min 05 s` */
const duration = (ms: number) => {
  const seconds = Math.round(ms / 100) / 10
  if (seconds < 60) return `${seconds.toFixed(1)} s`
  const whole = Math.round(seconds)
  return `${Math.floor(whole / 60)} min ${String(whole % 60).padStart(2, "0")} s`
}
try {
  for (const id of ids) {
    console.log("")
    const benchStarted = performance.now()
    try {
      const result = await benchmarks[id]!.run(context)
      results.push(result)
      console.log(result.title)
      const width = Math.max(...result.measurements.map((m) => m.contender.length))
      const labelWidth = Math.max(...result.measurements.map((m) => m.label.length))
      for (const m of result.measurements)
        console.log(
          `  ${m.contender.padEnd(width)}  ${m.label.padEnd(labelWidth)}  ${formatSummary(m.summary, m.unit)}`,
        )
      for (const target of result.targets)
        console.log(`  → ${target.actual}: ${target.description} — ${target.met ? "met" : "NOT met"}`)
      for (const note of result.notes ?? []) console.log(`  · ${note}`)
    } catch (error) {
      failures.push({ id, error: error instanceof Error ? error.message : String(error) })
      console.log(`${id}: FAILED\n${error instanceof Error ? error.message : String(error)}`)
    }
    elapsed[id] = performance.now() - benchStarted
    console.log(`  (${id} took ${duration(elapsed[id])})`)
  }
} finally {
  if (shared !== undefined) await (await shared).stop()
}

console.log("\nSummary")
const rows: Array<[string, string, string, string]> = [["bench", "target", "actual", "result"]]
for (const result of results) {
  if (result.targets.length === 0) rows.push([result.id, "(no target: reported only)", result.headline ?? "", "—"])
  for (const target of result.targets)
    rows.push([
      result.id,
      target.description,
      target.actual,
      target.met === undefined ? "?" : target.met ? "met" : "NOT met",
    ])
}
for (const failure of failures) rows.push([failure.id, "(run failed)", "", "failed"])
const widths = [0, 1, 2, 3].map((column) => Math.max(...rows.map((row) => row[column]!.length)))
for (const row of rows) console.log(`  ${row.map((cell, column) => cell.padEnd(widths[column]!)).join("  ")}`)
const totalMs = performance.now() - started
console.log(
  `\nElapsed: ${Object.entries(elapsed)
    .map(([id, ms]) => `${id} ${duration(ms)}`)
    .join(" · ")} · total ${duration(totalMs)}`,
)

if (json !== undefined) {
  mkdirSync(dirname(json), { recursive: true })
  writeFileSync(
    json,
    `${JSON.stringify({ date: new Date().toISOString(), machine, runs, warmup, elapsedMs: { ...elapsed, total: totalMs }, results, failures }, null, 2)}\n`,
  )
  console.log(`\nresults written to ${json}`)
}
process.exit(failures.length > 0 ? 1 : 0)
