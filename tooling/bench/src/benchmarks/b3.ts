/** B3 request overhead: 5,000 getItem at concurrency 16 — ours, rest-js and bare fetch. */
import { getJson, pagingTag } from "../lib/emulator.ts"
import { runWorker } from "../lib/proc.ts"
import { formatNumber, summarize } from "../lib/stats.ts"
import type { BenchResult, Context, Measurement } from "../lib/types.ts"

const requests = 5_000
const concurrency = 16

export const run = async (context: Context): Promise<BenchResult> => {
  const emulator = await context.emulator()
  const found = (await getJson(emulator, "search", { q: `tags:${pagingTag}`, num: "1" })).results as Array<{
    id: string
  }>
  const base = {
    url: emulator.url,
    restUrl: emulator.restUrl,
    token: emulator.token,
    username: emulator.publisher.username,
    runs: context.runs,
    warmup: context.warmup,
    id: found[0]!.id,
    requests,
    concurrency,
  }
  const measurements: Array<Measurement> = []
  for (const [contender, label] of [
    ["fetch", "bare fetch + response.json(), same URL and header as ours"],
    ["ours", "Content.get (Effect.forEach, concurrency 16)"],
    ["rest-js", "getItem (promise pool of 16)"],
  ] as const) {
    const { times, cpuMicrosPerRequest } = await runWorker<{ times: Array<number>; cpuMicrosPerRequest: number }>(
      "b3",
      { ...base, contender },
    )
    const summary = summarize(times)
    measurements.push({
      contender,
      label,
      unit: "ms",
      summary,
      extra: {
        requestsPerSecond: Math.round(requests / (summary.median / 1000)),
        // The client process's own CPU per request (user + system over the measured runs): the overhead that
        // the emulator, sharing the machine, does not blur.
        clientCpuMicrosPerRequest: Math.round(cpuMicrosPerRequest),
      },
    })
  }
  const [bare, ours, restJs] = measurements
  const vsFetch = ours!.summary.median / bare!.summary.median
  const vsRestJs = restJs!.summary.median / ours!.summary.median
  return {
    id: "b3",
    title: `B3 request overhead: ${requests.toLocaleString("en")} getItem, concurrency ${concurrency}`,
    measurements,
    targets: [
      { description: "ours ≤ 1.10× bare fetch", met: vsFetch <= 1.1, actual: `${formatNumber(vsFetch)}×` },
      { description: "ours faster than rest-js", met: vsRestJs > 1, actual: `rest-js/ours ${formatNumber(vsRestJs)}×` },
    ],
    notes: [
      `client CPU per request: ${measurements.map((m) => `${m.contender} ${m.extra?.clientCpuMicrosPerRequest} µs`).join(", ")} (ours/fetch ${formatNumber(Number(ours!.extra?.clientCpuMicrosPerRequest) / Number(bare!.extra?.clientCpuMicrosPerRequest))}×).`,
      `requests/s (median): ${measurements.map((m) => `${m.contender} ${m.extra?.requestsPerSecond}`).join(", ")}; rest-js sends the token as a query parameter, ours and fetch as X-Esri-Authorization.`,
    ],
  }
}
