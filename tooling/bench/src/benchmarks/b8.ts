/**
 * B8 CLI cold start: a fresh process per run, from spawn to its first line on stdout — `arcgis-portal --version`,
 * `arcgis-portal search <q> --max 1 --ndjson` (to the first result) against the emulator, and the smallest Node
 * script doing the same search with Esri's client (`entries/cli/rest-js-search.mjs`), all signed in with the same API
 * key. Interleaved, so that machine noise hits every contender alike.
 */
import { spawn } from "node:child_process"
import { existsSync, mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { startEmulatorProcess } from "../lib/emulator.ts"
import { benchRoot } from "../lib/proc.ts"
import { formatNumber, summarize } from "../lib/stats.ts"
import type { BenchResult, Context, Measurement } from "../lib/types.ts"

const cli = join(benchRoot, "..", "..", "packages", "cli", "dist", "arcgis-portal.js")
const query = "parks"

const cpuAtExit = join(benchRoot, "entries", "cli", "cpu-at-exit.cjs")

/**
 * Milliseconds from `spawn` to the first byte on stdout, and the process's own CPU time (user + system, reported
 * through `cpu-at-exit.cjs`, preloaded into every contender alike); the process must exit 0.
 */
const firstLine = (
  args: ReadonlyArray<string>,
  env: Readonly<Record<string, string>>,
): Promise<{ readonly wall: number; readonly cpu: number }> =>
  new Promise((resolve, reject) => {
    const started = performance.now()
    const child = spawn(process.execPath, ["-r", cpuAtExit, ...args], {
      cwd: benchRoot,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe", "pipe"],
    })
    let first: number | undefined
    let stderr = ""
    let cpu = ""
    child.stdout?.once("data", () => {
      first = performance.now() - started
    })
    child.stdout?.resume()
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString()
    })
    const report = child.stdio[3] as NodeJS.ReadableStream
    report.on("data", (chunk: Buffer) => {
      cpu += chunk.toString()
    })
    child.on("close", (code) =>
      code === 0 && first !== undefined
        ? resolve({ wall: first, cpu: Number(cpu.trim()) / 1000 })
        : reject(new Error(`${args.join(" ")}: exit ${code}\n${stderr}`)),
    )
  })

export const run = async (context: Context): Promise<BenchResult> => {
  if (!existsSync(cli))
    throw new Error(
      `${cli} is missing: build the CLI first (npx -y pnpm@12.21.0 exec turbo run build --filter @arcgis-portal/cli...)`,
    )
  const runs = Math.max(context.runs, 10)
  const emulator = await startEmulatorProcess()
  const home = mkdtempSync(join(tmpdir(), "bench-b8-"))
  try {
    const env = {
      HOME: home,
      ARCGIS_PORTAL_KEYRING: "off",
      ARCGIS_PORTAL: emulator.url,
      ARCGIS_API_KEY: emulator.apiKey,
      NO_COLOR: "1",
    }
    // Signs the CLI in once (a saved API-key profile), as a user would before running commands in a script.
    await firstLine([cli, "login", "--api-key"], env)
    const contenders = [
      ["node", "node, no import (baseline)", [join(benchRoot, "entries", "cold", "node.mjs")]],
      ["ours --version", "arcgis-portal --version", [cli, "--version"]],
      [
        "ours search",
        `arcgis-portal search ${query} --max 1 --ndjson (to the first result)`,
        [cli, "search", query, "--max", "1", "--ndjson"],
      ],
      [
        "rest-js search",
        `entries/cli/rest-js-search.mjs ${query} (searchItems, num 1, ApiKeyManager)`,
        [join(benchRoot, "entries", "cli", "rest-js-search.mjs"), query],
      ],
    ] as const
    const times: Record<string, Array<{ readonly wall: number; readonly cpu: number }>> = Object.fromEntries(
      contenders.map(([id]) => [id, []]),
    )
    for (const [, , args] of contenders) for (let i = 0; i < context.warmup; i++) await firstLine(args, env)
    for (let i = 0; i < runs; i++) for (const [id, , args] of contenders) times[id]!.push(await firstLine(args, env))
    const measurements: Array<Measurement> = contenders.flatMap(([contender, label]) => [
      { contender, label, unit: "ms", summary: summarize(times[contender]!.map((time) => time.wall)) },
      {
        contender,
        label: "CPU time of the process (user + system)",
        unit: "ms",
        summary: summarize(times[contender]!.map((time) => time.cpu)),
      },
    ])
    const [node, , version, , search, searchCpu, restJs, restJsCpu] = measurements
    return {
      id: "b8",
      title: `B8 CLI cold start: fresh process, spawn to first line on stdout (${runs} runs each, interleaved)`,
      measurements,
      targets: [
        {
          description: "ours `search` to the first result no slower than the rest-js script",
          met: search!.summary.median <= restJs!.summary.median,
          actual: `${formatNumber(search!.summary.median)} ms vs ${formatNumber(restJs!.summary.median)} ms (${formatNumber(restJs!.summary.median / search!.summary.median)}×)`,
        },
      ],
      notes: [
        `CPU time (what a busy machine blurs least): ours search ${formatNumber(searchCpu!.summary.median)} ms, rest-js ${formatNumber(restJsCpu!.summary.median)} ms (${formatNumber(restJsCpu!.summary.median / searchCpu!.summary.median)}×)`,
        `over bare node: --version ${formatNumber(version!.summary.median - node!.summary.median)} ms, search ${formatNumber(search!.summary.median - node!.summary.median)} ms, rest-js ${formatNumber(restJs!.summary.median - node!.summary.median)} ms`,
        "ours searches with `accountid:<orgId>` appended (from portals/self), like Python's gis.content.search: two requests; rest-js sends one",
      ],
    }
  } finally {
    rmSync(home, { recursive: true, force: true })
    await emulator.stop()
  }
}
