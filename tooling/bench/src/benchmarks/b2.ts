/** B2 upload: one file (1 GiB unless `--size`) added as an item — throughput and the client's peak RSS. */
import { randomFillSync } from "node:crypto"
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { startEmulatorProcess } from "../lib/emulator.ts"
import { runWorker } from "../lib/proc.ts"
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

export const run = async (context: Context): Promise<BenchResult> => {
  const directory = mkdtempSync(join(tmpdir(), "arcgis-portal-bench-upload-"))
  const path = join(directory, "bench-upload.zip")
  writeRandomFile(path, context.size)
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
      const result = await runWorker<{ times: Array<number>; baselineRssBytes: number; maxRssBytes: number }>("b2", {
        ...base,
        contender,
      })
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
        "Peak RSS is the client process's maxRSS (getrusage) over the warm-up and all runs; the emulator runs in its own process.",
      ],
    }
  } finally {
    await emulator.stop()
    rmSync(directory, { recursive: true, force: true })
  }
}
