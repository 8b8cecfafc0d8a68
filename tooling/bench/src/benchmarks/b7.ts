/**
 * B7 bulk: 1,000 items shared with a group, then deleted — ours (the bulk operations: requests of
 * 100 items, 4 in flight) against a rest-js loop (`shareItemWithGroup` and `removeItem` per item),
 * sequential as a typical script writes it and in a promise pool of 8. Time and requests sent.
 */
import { type Emulator, postForm, startEmulatorProcess } from "../lib/emulator.ts"
import { runWorker } from "../lib/proc.ts"
import { formatNumber, summarize } from "../lib/stats.ts"
import type { BenchResult, Context, Measurement } from "../lib/types.ts"

const items = 1_000
/** The tag of the items each run adds (B1's items carry another: its count is never touched). */
const tag = "benchbulk"

interface Run {
  readonly shareMs: number
  readonly deleteMs: number
  readonly requests: Record<string, number>
}

const median = (values: ReadonlyArray<number>) => summarize(values).median

const describeRequests = (requests: Record<string, number>) =>
  Object.entries(requests)
    .sort((a, b) => b[1] - a[1])
    .map(([operation, count]) => `${operation} ${count.toLocaleString("en")}`)
    .join(", ")

const countRequests = (runs: ReadonlyArray<Run>) => {
  const totals = runs.map((run) => Object.values(run.requests).reduce((sum, count) => sum + count, 0))
  return { median: median(totals), min: Math.min(...totals), max: Math.max(...totals) }
}

export const run = async (context: Context): Promise<BenchResult> => {
  // A fresh emulator (temporary data dir), not the shared one: rest-js's shareItemWithGroup searches
  // once per item and the emulator's search scans every item it holds, so next to B1's 10,000 items
  // the loop would time that scan as much as the client; the 18,000 items added and deleted never
  // touch B1's kept data dir; and `bench -- b7` alone does not wait for B1's seeding.
  const emulator: Emulator = await startEmulatorProcess()
  try {
    const created = await postForm(
      emulator,
      "community/createGroup",
      new URLSearchParams({ f: "json", title: "Bench bulk", access: "private", tags: tag }),
    )
    const groupId = (created.group as { id: string }).id
    const base = {
      url: emulator.url,
      restUrl: emulator.restUrl,
      token: emulator.token,
      username: emulator.publisher.username,
      runs: context.runs,
      warmup: context.warmup,
      groupId,
      items,
      tag,
    }
    const contenders = [
      ["ours", "Content.shareItems + Content.deleteItems (100 items a request, 4 in flight)", 1],
      ["rest-js", "shareItemWithGroup + removeItem per item, sequential loop", 1],
      ["rest-js pool 8", "shareItemWithGroup + removeItem per item, promise pool of 8", 8],
    ] as const
    const measurements: Array<Measurement> = []
    for (const [contender, label, concurrency] of contenders) {
      const { runs } = await runWorker<{ runs: Array<Run> }>("b7", { ...base, contender, concurrency })
      const requests = countRequests(runs)
      measurements.push({
        contender,
        label,
        unit: "ms",
        summary: summarize(runs.map((r) => r.shareMs + r.deleteMs)),
        extra: {
          shareMs: median(runs.map((r) => r.shareMs)),
          deleteMs: median(runs.map((r) => r.deleteMs)),
          requestsPerRun: requests.median,
          requestsPerRunRange: [requests.min, requests.max],
          requestsByOperation: runs[0]!.requests,
        },
      })
    }
    await postForm(emulator, `community/groups/${groupId}/delete`, new URLSearchParams({ f: "json" }))
    const [ours, restJs, restJsPool] = measurements
    const ratio = (other: Measurement) => other.summary.median / ours!.summary.median
    const requestsOf = (m: Measurement) => (m.extra!.requestsPerRun as number).toLocaleString("en")
    return {
      id: "b7",
      title: `B7 bulk: share ${items.toLocaleString("en")} items with a group, then delete them`,
      measurements,
      targets: [],
      headline:
        `rest-js loop / ours ${formatNumber(ratio(restJs!))}× (pool of 8: ${formatNumber(ratio(restJsPool!))}×); ` +
        `requests ${requestsOf(ours!)} / ${requestsOf(restJs!)} / ${requestsOf(restJsPool!)}`,
      notes: [
        ...measurements.map(
          (m) =>
            `${m.contender}: share ${formatNumber(m.extra!.shareMs as number)} ms + delete ${formatNumber(m.extra!.deleteMs as number)} ms (medians); ` +
            `${requestsOf(m)} requests a run (${describeRequests(m.extra!.requestsByOperation as Record<string, number>)})`,
        ),
        "No target in the issue: reported only. Each run adds its own 1,000 items (outside the timed section) to a fresh emulator and checks the group's content after sharing (1,000) and after deleting (0).",
        "rest-js's shareItemWithGroup first searches whether the item is already shared (`search`), then shares it: two requests per item.",
        "Requests are the client's calls of globalThis.fetch during the timed section; ours asks portals/self once per process (in the warm-up).",
      ],
    }
  } finally {
    await emulator.stop()
  }
}
