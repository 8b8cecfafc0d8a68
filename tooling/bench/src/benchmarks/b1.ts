/** B1 paging: every result of a search matching 10,000 items (the portal caps `num` at 100). */
import { countItems, getJson, pagingTag } from "../lib/emulator.ts"
import { runWorker } from "../lib/proc.ts"
import { formatNumber, summarize } from "../lib/stats.ts"
import type { BenchResult, Context, Measurement } from "../lib/types.ts"

export const itemCount = 10_000
const concurrency = 4

export const run = async (context: Context): Promise<BenchResult> => {
  const emulator = await context.emulator()
  const q = `tags:${pagingTag}`
  const expected = await countItems(emulator, q)
  if (expected !== itemCount) throw new Error(`B1: the search finds ${expected} items, expected ${itemCount}`)
  const orgId = (await getJson(emulator, "portals/self")).id as string
  const base = {
    url: emulator.url,
    restUrl: emulator.restUrl,
    token: emulator.token,
    username: emulator.publisher.username,
    runs: context.runs,
    warmup: context.warmup,
    q,
    orgId,
    expected,
    concurrency,
  }
  const measurements: Array<Measurement> = []
  for (const [contender, label] of [
    ["ours", `Content.searchAll, concurrency ${concurrency}`],
    ["rest-js", "searchItems + nextPage loop"],
  ] as const) {
    const { times } = await runWorker<{ times: Array<number> }>("b1", { ...base, contender })
    measurements.push({ contender, label, unit: "ms", summary: summarize(times) })
  }
  // One page straight from the emulator (bare fetch, sequential): what every page costs the server.
  const pageTimes: Array<number> = []
  for (let i = 0; i < 6; i++) {
    const started = performance.now()
    await getJson(emulator, "search", { q: `${q} accountid:${orgId}`, num: "100", start: "4901", sortField: "title" })
    if (i > 0) pageTimes.push(performance.now() - started)
  }
  const page = summarize(pageTimes)
  const [ours, restJs] = measurements
  const ratio = restJs!.summary.median / ours!.summary.median
  return {
    id: "b1",
    title: `B1 paging: all ${itemCount.toLocaleString("en")} results of one search, 100 per page`,
    measurements,
    targets: [{ description: "ours ≥ 3× faster than rest-js", met: ratio >= 3, actual: `${formatNumber(ratio)}×` }],
    details: { emulatorPageMs: page },
    notes: [
      `one page of 100 from the emulator alone (bare fetch, sequential): ${formatNumber(page.median)} ms median — the emulator is single-threaded, so parallel pages queue behind each other.`,
      `${Math.ceil(itemCount / 100)} pages; both sort by title; ours appends accountid:<orgId> itself (portals/self, cached after the warm-up), rest-js is given the same accountid term.`,
    ],
  }
}
