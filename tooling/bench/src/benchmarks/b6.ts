/** B6 emulator throughput: requests/second for getItem and a 100-result search, concurrency 32. */
import { getJson, pagingTag } from "../lib/emulator.ts"
import { runWorker } from "../lib/proc.ts"
import { formatNumber, summarize } from "../lib/stats.ts"
import type { BenchResult, Context, Measurement } from "../lib/types.ts"

const connections = 32
/** Seconds per run: a search takes about half a second, so its runs are longer. */
const seconds = { getItem: 3, search: 5 } as const

export const run = async (context: Context): Promise<BenchResult> => {
  const emulator = await context.emulator()
  const found = (await getJson(emulator, "search", { q: `tags:${pagingTag}`, num: "100" })) as {
    results: Array<{ id: string }>
  }
  if (found.results.length !== 100) throw new Error(`B6: the search returned ${found.results.length} results`)
  const urls = [
    ["getItem", `${emulator.restUrl}/content/items/${found.results[0]!.id}?f=json`],
    ["search", `${emulator.restUrl}/search?f=json&q=tags%3A${pagingTag}&num=100`],
  ] as const
  const measurements: Array<Measurement> = []
  for (const [contender, url] of urls) {
    const { perSecond } = await runWorker<{ perSecond: Array<number> }>("b6", {
      url,
      token: emulator.token,
      connections,
      seconds: seconds[contender],
      runs: context.runs,
      warmup: context.warmup,
    })
    measurements.push({
      contender,
      label: `autocannon, ${connections} connections, ${seconds[contender]} s per run`,
      unit: "req/s",
      summary: summarize(perSecond),
    })
  }
  const [getItem, search] = measurements
  return {
    id: "b6",
    title: `B6 emulator throughput (shared emulator: ${"10,000"} extra items)`,
    measurements,
    targets: [
      {
        description: "≥ 5,000 getItem/s",
        met: getItem!.summary.median >= 5000,
        actual: `${formatNumber(getItem!.summary.median)} req/s`,
      },
    ],
    notes: [
      `search of 100 results over the 10,006 items: ${formatNumber(search!.summary.median)} req/s (no target).`,
      "autocannon and the emulator run in separate processes on the same 2 cores.",
    ],
  }
}
