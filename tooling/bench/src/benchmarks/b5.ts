/**
 * B5 cold start: a fresh Node process importing a package, from spawn to its first line of output, for each public
 * entry of ours (core, content, content/operations, gis/content, gis, gis/node), rest-js, bare node, and — as the
 * profile of what stands under ours — `effect/Effect` and `effect/Schema` alone. Beside each time: how many modules
 * the import loads and how many bytes of JavaScript they hold (one more run per script with
 * `entries/cold/count-modules.mjs` preloaded, untimed: the counting hook costs time itself). The profile under
 * content's time: each step of importing it (`effect/Effect`, `effect/Schema`, `effect/Stream`, core, content's two
 * entries) timed in one process (`entries/cold/import-steps.mjs`).
 */
import { spawn } from "node:child_process"
import { benchRoot } from "../lib/proc.ts"
import { formatNumber, summarize } from "../lib/stats.ts"
import type { BenchResult, Context, Measurement } from "../lib/types.ts"

/** The CPU time of each process (`entries/cli/cpu-at-exit.cjs`, preloaded alike into every script). */
const cpuAtExit = `${benchRoot}entries/cli/cpu-at-exit.cjs`

/**
 * Milliseconds from `spawn` to the first byte on stdout, and the process's own CPU time (user + system) — the figure a
 * busy machine blurs least.
 */
const coldStart = (script: string): Promise<{ readonly wall: number; readonly cpu: number }> =>
  new Promise((resolve, reject) => {
    const started = performance.now()
    const child = spawn(process.execPath, ["-r", cpuAtExit, `${benchRoot}entries/cold/${script}.mjs`], {
      cwd: benchRoot,
      stdio: ["ignore", "pipe", "inherit", "pipe"],
    })
    let first: number | undefined
    let cpu = ""
    child.stdout?.once("data", () => {
      first = performance.now() - started
    })
    child.stdout?.resume()
    ;(child.stdio[3] as NodeJS.ReadableStream).on("data", (chunk: Buffer) => {
      cpu += chunk.toString()
    })
    child.on("close", (code) =>
      code === 0 && first !== undefined
        ? resolve({ wall: first, cpu: Number(cpu.trim()) / 1000 })
        : reject(new Error(`${script}: exit ${code}`)),
    )
  })

interface Loaded {
  /** Modules loaded from files (JavaScript Node compiled). */
  readonly modules: number
  /** Their bytes. */
  readonly bytes: number
  readonly byPackage: Record<string, { readonly modules: number; readonly bytes: number }>
}

/** What importing `script` loads, from the counting hook's line on stderr. */
const loadedBy = (script: string): Promise<Loaded> =>
  new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--import", `${benchRoot}entries/cold/count-modules.mjs`, `${benchRoot}entries/cold/${script}.mjs`],
      { cwd: benchRoot, stdio: ["ignore", "ignore", "pipe"] },
    )
    let stderr = ""
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8")
    })
    child.on("exit", (code) => {
      const line = stderr.trim().split("\n").at(-1) ?? ""
      if (code !== 0 || !line.startsWith("{")) return reject(new Error(`${script}: exit ${code}: ${stderr}`))
      const counted = JSON.parse(line) as Loaded
      const builtins = counted.byPackage["node:"]?.modules ?? 0
      resolve({ ...counted, modules: counted.modules - builtins })
    })
  })

const mb = (bytes: number) => `${formatNumber(bytes / 1_000_000)} MB`

/** One run of `entries/cold/import-steps.mjs`: milliseconds per step of importing content, in one process. */
const importSteps = (): Promise<Record<string, number>> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [`${benchRoot}entries/cold/import-steps.mjs`], {
      cwd: benchRoot,
      stdio: ["ignore", "pipe", "inherit"],
    })
    let stdout = ""
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8")
    })
    child.on("exit", (code) =>
      code === 0
        ? resolve(JSON.parse(stdout) as Record<string, number>)
        : reject(new Error(`import-steps: exit ${code}`)),
    )
  })

export const run = async (context: Context): Promise<BenchResult> => {
  const runs = Math.max(context.runs, 10)
  const contenders = [
    ["node", "node", "node, no import (baseline)"],
    ["ours", "ours", 'import "@arcgis-portal/content"'],
    ["rest-js", "rest-js", 'import "@esri/arcgis-rest-portal" + "@esri/arcgis-rest-request"'],
    ["ours", "core", 'import "@arcgis-portal/core"'],
    ["ours", "content-operations", 'import "@arcgis-portal/content/operations"'],
    ["ours", "gis-content", 'import "@arcgis-portal/gis/content"'],
    ["ours", "gis", 'import "@arcgis-portal/gis"'],
    ["ours", "gis-node", 'import "@arcgis-portal/gis/node"'],
    ["effect", "effect-effect", 'import "effect/Effect" (profile: the floor of an Effect program)'],
    ["effect", "effect-schema", 'import "effect/Schema" (profile: response decoding)'],
  ] as const
  const times: Record<string, Array<number>> = Object.fromEntries(contenders.map(([, script]) => [script, []]))
  const cpu: Record<string, Array<number>> = Object.fromEntries(contenders.map(([, script]) => [script, []]))
  // Warm-up (file system cache), then the scripts interleaved so that machine noise hits all alike.
  for (const [, script] of contenders) for (let i = 0; i < context.warmup; i++) await coldStart(script)
  for (let i = 0; i < runs; i++)
    for (const [, script] of contenders) {
      const { wall, cpu: used } = await coldStart(script)
      times[script]!.push(wall)
      cpu[script]!.push(used)
    }
  const loaded: Record<string, Loaded> = {}
  for (const [, script] of contenders) loaded[script] = await loadedBy(script)
  // The profile: each step of importing content on its own, median over as many processes as the timed runs.
  const steps: Record<string, Array<number>> = {}
  for (let i = 0; i < runs; i++)
    for (const [step, ms] of Object.entries(await importSteps())) steps[step] = [...(steps[step] ?? []), ms]
  const stepMedians = Object.entries(steps).map(([step, ms]) => [step, summarize(ms).median] as const)
  const measurements: Array<Measurement> = contenders.map(([contender, script, label]) => ({
    contender,
    label: `${label} — ${loaded[script]!.modules} modules, ${mb(loaded[script]!.bytes)}, CPU ${formatNumber(summarize(cpu[script]!).median)} ms`,
    unit: "ms",
    summary: summarize(times[script]!),
    extra: { script, cpu: summarize(cpu[script]!), ...loaded[script]! },
  }))
  const median = (script: string) => measurements.find((entry) => entry.extra?.script === script)!.summary.median
  const cpuMedian = (script: string) => summarize(cpu[script]!).median
  const base = median("node")
  const ours = median("ours")
  const restJs = median("rest-js")
  const packages = (script: string) =>
    Object.entries(loaded[script]!.byPackage)
      .filter(([name]) => name !== "node:" && name !== "(entry)")
      .sort((a, b) => b[1].bytes - a[1].bytes)
      .map(([name, { modules, bytes }]) => `${name} ${modules} (${mb(bytes)})`)
      .join(", ")
  return {
    id: "b5",
    title: `B5 cold start: fresh Node process, spawn to first line (${runs} runs each, interleaved)`,
    measurements,
    targets: [
      {
        description: "ours ≤ 150 ms",
        met: ours <= 150,
        actual: `${formatNumber(ours)} ms`,
      },
      {
        description: "ours no slower than rest-js",
        met: ours <= restJs,
        actual: `rest-js ${formatNumber(restJs)} ms (CPU ours ${formatNumber(cpuMedian("ours"))}, rest-js ${formatNumber(cpuMedian("rest-js"))} ms)`,
      },
    ],
    notes: [
      `CPU over bare node (median): ${contenders
        .filter(([, script]) => script !== "node")
        .map(([, script]) => `${script} ${formatNumber(cpuMedian(script) - cpuMedian("node"))} ms`)
        .join(", ")}`,
      `import cost over bare node (median): ${contenders
        .filter(([, script]) => script !== "node")
        .map(([, script]) => `${script} ${formatNumber(median(script) - base)} ms`)
        .join(", ")}`,
      `modules loaded by package: content ${packages("ours")}; rest-js ${packages("rest-js")}`,
      `profile, each step of importing content in one process (median): ${stepMedians
        .map(([step, ms]) => `${step} ${formatNumber(ms)} ms`)
        .join(" → ")}`,
    ],
    details: { steps: Object.fromEntries(stepMedians) },
  }
}
