/** B5 cold start: a fresh Node process importing the package, from spawn to its first line of output. */
import { spawn } from "node:child_process"
import { benchRoot } from "../lib/proc.ts"
import { formatNumber, summarize } from "../lib/stats.ts"
import type { BenchResult, Context, Measurement } from "../lib/types.ts"

/** Milliseconds from `spawn` to the first byte on stdout. */
const coldStart = (script: string): Promise<number> =>
  new Promise((resolve, reject) => {
    const started = performance.now()
    const child = spawn(process.execPath, [`${benchRoot}entries/cold/${script}.mjs`], {
      cwd: benchRoot,
      stdio: ["ignore", "pipe", "inherit"],
    })
    let first: number | undefined
    child.stdout.once("data", () => {
      first = performance.now() - started
    })
    child.on("exit", (code) =>
      code === 0 && first !== undefined ? resolve(first) : reject(new Error(`${script}: exit ${code}`)),
    )
  })

export const run = async (context: Context): Promise<BenchResult> => {
  const runs = Math.max(context.runs, 10)
  const contenders = [
    ["node", "node, no import (baseline)"],
    ["ours", 'import "@arcgis-portal/content"'],
    ["rest-js", 'import "@esri/arcgis-rest-portal" + "@esri/arcgis-rest-request"'],
  ] as const
  const times: Record<string, Array<number>> = { node: [], ours: [], "rest-js": [] }
  // Warm-up (file system cache), then the contenders interleaved so that machine noise hits all alike.
  for (const [script] of contenders) for (let i = 0; i < context.warmup; i++) await coldStart(script)
  for (let i = 0; i < runs; i++) for (const [script] of contenders) times[script]!.push(await coldStart(script))
  const measurements: Array<Measurement> = contenders.map(([contender, label]) => ({
    contender,
    label,
    unit: "ms",
    summary: summarize(times[contender]!),
  }))
  const [node, ours, restJs] = measurements
  return {
    id: "b5",
    title: `B5 cold start: fresh Node process, spawn to first line (${runs} runs each, interleaved)`,
    measurements,
    targets: [
      {
        description: "ours ≤ 150 ms",
        met: ours!.summary.median <= 150,
        actual: `${formatNumber(ours!.summary.median)} ms`,
      },
      {
        description: "ours faster than rest-js",
        met: ours!.summary.median < restJs!.summary.median,
        actual: `rest-js ${formatNumber(restJs!.summary.median)} ms`,
      },
    ],
    notes: [
      `import cost over bare node: ours ${formatNumber(ours!.summary.median - node!.summary.median)} ms, rest-js ${formatNumber(restJs!.summary.median - node!.summary.median)} ms`,
    ],
  }
}
