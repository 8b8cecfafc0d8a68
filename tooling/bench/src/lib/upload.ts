/**
 * What B2 (benchmarks/b2.ts) and its memory probe (probes/b2-memory.ts) share: the file to upload, the worker
 * bundled to plain JavaScript, running it with chosen Node flags and environment, and the free disk space.
 *
 * The worker (src/workers/b2.ts) runs as plain JavaScript, bundled by esbuild into `.data/b2-worker/`
 * for both contenders: run as a .ts file, Node loads its TypeScript stripper (amaro, WebAssembly,
 * +14 MiB RSS), and loading each package's hundreds of ES modules one by one holds ~40 MiB more than
 * one bundled file (importing @arcgis-portal/content: 107 MiB as .ts, 93 MiB as .mjs, 54 MiB
 * bundled). A deployed program is bundled or at least JavaScript; the RSS measured is then the
 * client's own. Code splitting keeps each client in a chunk of its own, imported only by its process.
 */
import { spawn } from "node:child_process"
import { randomFillSync } from "node:crypto"
import { closeSync, fsyncSync, openSync, rmSync, statfsSync, writeSync } from "node:fs"
import { join } from "node:path"
import { createInterface } from "node:readline"
import { build } from "esbuild"
import { benchRoot } from "./proc.ts"
import { MiB } from "./stats.ts"

/**
 * A file of `size` random bytes (incompressible), written 8 MiB at a time and flushed to disk before it is used: the
 * page cache would otherwise write gigabytes back during the first upload, and the emulator's database syncs would
 * wait behind them (a 4 GiB file made the first `addItem` time out).
 */
export const writeRandomFile = (path: string, size: number): void => {
  const chunk = Buffer.alloc(8 * MiB)
  const fd = openSync(path, "w")
  try {
    for (let written = 0; written < size; ) {
      randomFillSync(chunk)
      const n = Math.min(chunk.length, size - written)
      writeSync(fd, chunk, 0, n)
      written += n
    }
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}

/** Bytes free for an unprivileged user on the file system holding `path` (what `df` reports as available). */
export const freeBytes = (path: string): number => {
  const stats = statfsSync(path)
  return stats.bavail * stats.bsize
}

/**
 * Disk an upload of `size` bytes needs at its peak: the source file, the emulator's stored parts, and the file it
 * assembles from them (the parts go once the item is complete), plus 1 GiB of room.
 */
export const diskNeeded = (size: number): number => 3 * size + 1024 * MiB

/** Bundles src/workers/b2.ts (workspace packages from their built `dist`) and returns the entry file. */
export const bundleWorker = async (): Promise<string> => {
  const outdir = join(benchRoot, ".data", "b2-worker")
  rmSync(outdir, { recursive: true, force: true })
  await build({
    entryPoints: { b2: join(benchRoot, "src", "workers", "b2.ts") },
    absWorkingDir: benchRoot,
    bundle: true,
    splitting: true,
    platform: "node",
    format: "esm",
    target: "node22",
    outdir,
    outExtension: { ".js": ".mjs" },
    logLevel: "warning",
  })
  return join(outdir, "b2.mjs")
}

/** What the B2 worker reports. */
export interface UploadResult {
  readonly times: Array<number>
  /** Per measured run, the milliseconds from the `commit` request to the end (assembly and status reads). */
  readonly commitTimes: Array<number>
  readonly baselineRssBytes: number
  readonly maxRssBytes: number
  /** The most `addPart` requests that were in flight at once. */
  readonly maxPartsInFlight: number
}

/** How to start the worker's Node: extra flags before the script (`--max-semi-space-size=2`), environment. */
export interface NodeSetup {
  readonly execArgv?: ReadonlyArray<string> | undefined
  readonly env?: Readonly<Record<string, string>> | undefined
}

/** lib/proc.ts's runWorker for the bundled worker file: resolves with its `RESULT ` line. */
export const runBundledWorker = (file: string, config: unknown, setup: NodeSetup = {}): Promise<UploadResult> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(setup.execArgv ?? []), file, JSON.stringify(config)], {
      cwd: benchRoot,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, ...setup.env },
    })
    let result: UploadResult | undefined
    let stderr = ""
    createInterface({ input: child.stdout }).on("line", (line) => {
      if (line.startsWith("RESULT ")) result = JSON.parse(line.slice(7)) as UploadResult
      else console.log(`    ${line}`)
    })
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString()
    })
    child.on("exit", (code) => {
      if (code === 0 && result !== undefined) resolve(result)
      else reject(new Error(`worker b2 exited with ${code}\n${stderr.slice(-4000)}`))
    })
  })
