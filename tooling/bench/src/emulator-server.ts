// The emulator in a process of its own, so that no client shares its event loop or its RSS.
// argv[2]: JSON options for startEmulator (`dataDir`, `latencyMs`, `uploadBytesPerSecond`). Prints one JSON line (the handle's URLs and secrets), then
// takes commands, one JSON line each on stdin, and answers each with one JSON line `{"ack":…}`:
//   {"latencyMs":50}  → the emulator's emulated latency from now on (handle.setLatency)
// Runs until its stdin closes or it gets SIGTERM.
import { createInterface } from "node:readline"
import { startEmulator } from "@arcgis-portal/emulator"

const options = JSON.parse(process.argv[2] ?? "{}") as {
  dataDir?: string
  latencyMs?: number
  uploadBytesPerSecond?: number
}
const portal = await startEmulator({ ...options, seed: true })
process.stdout.write(
  `${JSON.stringify({
    url: portal.url,
    restUrl: portal.restUrl,
    apiKey: portal.apiKey,
    dataDir: portal.dataDir,
    publisher: portal.accounts.publisher,
  })}\n`,
)
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
      const command = JSON.parse(line) as { latencyMs?: unknown }
      if (typeof command.latencyMs !== "number") throw new Error(`unknown command ${line}`)
      portal.setLatency(command.latencyMs)
      answer({ latencyMs: command.latencyMs })
    } catch (error) {
      answer({ error: error instanceof Error ? error.message : String(error) })
    }
  })
  .on("close", stop)
process.on("SIGTERM", stop)
process.on("SIGINT", stop)
