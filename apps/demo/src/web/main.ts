/**
 * `pnpm --filter @arcgis-portal/demo web`: the emulator plus the web page, for a browser.
 * Prints the page URL; sign in as publisher_one / publisher-pass-local (local-only).
 */
import { startEmulator } from "@arcgis-portal/emulator"
import { startWebServer } from "./WebServer.ts"

const emulator = await startEmulator()
const web = await startWebServer(
  { portalUrl: emulator.url, clientId: emulator.app.clientId },
  Number(process.env.PORT ?? 0),
)
console.log(`Web demo at ${web.url} (portal ${emulator.url}); sign in as ${emulator.accounts.publisher.username}`)
const stop = async () => {
  await web.close()
  await emulator.stop()
  process.exit(0)
}
process.on("SIGINT", stop)
process.on("SIGTERM", stop)
