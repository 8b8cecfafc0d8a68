// The emulator in a process of its own, so that no client shares its event loop or its RSS.
// argv[2]: JSON options for startEmulator. Prints one JSON line (the handle's URLs and secrets) and
// runs until its stdin closes or it gets SIGTERM.
import { startEmulator } from "@arcgis-portal/emulator"

const options = JSON.parse(process.argv[2] ?? "{}") as { dataDir?: string }
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
process.stdin.on("end", stop)
process.stdin.on("close", stop)
process.stdin.resume()
process.on("SIGTERM", stop)
process.on("SIGINT", stop)
