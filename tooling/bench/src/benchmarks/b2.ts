/**
 * B2 upload: one file (1 GiB unless `--size`) added as an item — throughput and the client's peak RSS.
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
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { createInterface } from "node:readline"
import { build } from "esbuild"
import { startEmulatorProcess } from "../lib/emulator.ts"
import { benchRoot } from "../lib/proc.ts"
import { formatNumber, MiB, summarize } from "../lib/stats.ts"
import type { BenchResult, Context, Measurement } from "../lib/types.ts"

const partSize = 8 * MiB
const concurrency = 4

/** A file of `size` random bytes (incompressible), written 8 MiB at a time. */
const writeRandomFile = (path: string, size: number) => {
  const chunk = Buffer.alloc(8 * MiB)
  const fd = openSync(path, "w")
  try {
    for (let written = 0; written < size; ) {
      randomFillSync(chunk)
      const n = Math.min(chunk.length, size - written)
      writeSync(fd, chunk, 0, n)
      written += n
    }
  } finally {
    closeSync(fd)
  }
}

/** Bundles src/workers/b2.ts (workspace packages from their built `dist`) and returns the entry file. */
const bundleWorker = async (): Promise<string> => {
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

/** lib/proc.ts's runWorker for a bundled worker file: resolves with its `RESULT ` line. */
const runBundledWorker = <T>(file: string, config: unknown): Promise<T> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [file, JSON.stringify(config)], {
      cwd: benchRoot,
      stdio: ["ignore", "pipe", "pipe"],
    })
    let result: T | undefined
    let stderr = ""
    createInterface({ input: child.stdout }).on("line", (line) => {
      if (line.startsWith("RESULT ")) result = JSON.parse(line.slice(7)) as T
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

export const run = async (context: Context): Promise<BenchResult> => {
  const directory = mkdtempSync(join(tmpdir(), "arcgis-portal-bench-upload-"))
  const path = join(directory, "bench-upload.zip")
  writeRandomFile(path, context.size)
  const worker = await bundleWorker()
  // A fresh emulator (temporary data dir): the uploads never touch the shared one.
  const emulator = await startEmulatorProcess()
  try {
    const base = {
      url: emulator.url,
      restUrl: emulator.restUrl,
      token: emulator.token,
      username: emulator.publisher.username,
      runs: context.runs,
      warmup: context.warmup,
      path,
      size: context.size,
      partSize,
      concurrency,
    }
    const measurements: Array<Measurement> = []
    for (const [contender, label] of [
      ["ours", `Content.add(fileFromPath), ${partSize / MiB} MiB parts, ${concurrency} in flight`],
      ["rest-js", `createItem(multipart) + addItemPart × n (sequential) + commitItemUpload`],
    ] as const) {
      const result = await runBundledWorker<{ times: Array<number>; baselineRssBytes: number; maxRssBytes: number }>(
        worker,
        { ...base, contender },
      )
      const summary = summarize(result.times)
      measurements.push({
        contender,
        label,
        unit: "ms",
        summary,
        extra: {
          mibPerSecond: context.size / MiB / (summary.median / 1000),
          peakRssMiB: result.maxRssBytes / MiB,
          baselineRssMiB: result.baselineRssBytes / MiB,
        },
      })
    }
    const [ours, restJs] = measurements
    const ratio = restJs!.summary.median / ours!.summary.median
    const rssLimit = 64 + (concurrency * partSize) / MiB
    const oursRss = ours!.extra!.peakRssMiB as number
    return {
      id: "b2",
      title: `B2 upload: a ${formatNumber(context.size / MiB)} MiB file, multipart`,
      measurements,
      targets: [
        { description: "ours ≥ 2× faster than rest-js", met: ratio >= 2, actual: `${formatNumber(ratio)}×` },
        {
          description: `ours peak RSS ≤ 64 MiB + parts in flight (${rssLimit} MiB)`,
          met: oursRss <= rssLimit,
          actual: `${formatNumber(oursRss)} MiB`,
        },
      ],
      notes: [
        measurements
          .map(
            (m) =>
              `${m.contender}: ${formatNumber(m.extra!.mibPerSecond as number)} MiB/s, peak RSS ${formatNumber(m.extra!.peakRssMiB as number)} MiB (${formatNumber(m.extra!.baselineRssMiB as number)} MiB before the first upload)`,
          )
          .join("; "),
        "rest-js 4.10.2 cannot send a FormData from Node (Esri/arcgis-rest-js#1033): it runs with tooling/conformance's nativeFormDataFetch workaround, which reads each part into memory.",
        "Peak RSS is the client process's maxRSS (getrusage) over the warm-up and all runs; the emulator runs in its own process. The worker runs bundled (esbuild, plain JavaScript) for both contenders; the RSS before the first upload is taken before the first request, so it does not include Node's fetch (undici, loaded on first use, ~10 MiB).",
      ],
    }
  } finally {
    await emulator.stop()
    rmSync(directory, { recursive: true, force: true })
  }
}
