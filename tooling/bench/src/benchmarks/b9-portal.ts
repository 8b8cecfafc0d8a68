// B9's portals: one emulator (an org of its own: the clone's source, or a target) in a process of its own, so that
// neither portal shares an event loop with the other or with the client. argv[2]: JSON options (`org`, `jobMillis`).
// Prints one JSON line (its URLs and publisher), then answers each command — one JSON line on stdin — with one line
// `{"ack":…}`:
//   {"requests":true} → {"ack":{"total":n,"byOperation":{"data":40,…}}}  the requests since the last clear
//   {"clear":true}    → {"ack":{"cleared":true}}
// Runs until its stdin closes or it gets SIGTERM.
import { createInterface } from "node:readline"
import { type LogEntry, startEmulator } from "@arcgis-portal/emulator"

const options = JSON.parse(process.argv[2] ?? "{}") as {
  readonly org?: { readonly name?: string; readonly urlKey?: string; readonly usernameSuffix?: string }
  readonly jobMillis?: number
}
const portal = await startEmulator({ seed: true, org: options.org, jobMillis: options.jobMillis })
process.stdout.write(
  `${JSON.stringify({ url: portal.url, restUrl: portal.restUrl, publisher: portal.accounts.publisher })}\n`,
)

const hex32 = /^[0-9a-f]{32}$/i

/** A request's operation: the last segment of its path, an id or a layer index named by what it follows. */
const operationOf = (entry: LogEntry): string => {
  const segments = entry.path.split("/").filter((segment) => segment !== "")
  const last = segments.at(-1) ?? ""
  const before = segments.at(-2) ?? ""
  if (hex32.test(last)) return `${before}/<id>`
  if (/^\d+$/.test(last)) return `${before}/<layer>`
  return last
}

let stopping = false
const stop = async () => {
  if (stopping) return
  stopping = true
  await portal.stop()
  process.exit(0)
}
const answer = (ack: unknown) => process.stdout.write(`${JSON.stringify({ ack })}\n`)
createInterface({ input: process.stdin })
  .on("line", (line) => {
    if (line.trim() === "") return
    try {
      const command = JSON.parse(line) as { requests?: unknown; clear?: unknown }
      if (command.requests === true) {
        const byOperation: Record<string, number> = {}
        const log = portal.requestLog()
        for (const entry of log) {
          const operation = operationOf(entry)
          byOperation[operation] = (byOperation[operation] ?? 0) + 1
        }
        answer({ total: log.length, byOperation })
      } else if (command.clear === true) {
        portal.clearRequestLog()
        answer({ cleared: true })
      } else throw new Error(`unknown command ${line}`)
    } catch (error) {
      answer({ error: error instanceof Error ? error.message : String(error) })
    }
  })
  .on("close", stop)
process.on("SIGTERM", stop)
process.on("SIGINT", stop)
