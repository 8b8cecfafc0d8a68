/**
 * Runs one emulator, from source, in its own process for the authorization matrix: the matrix's tens of thousands of
 * requests then have the server on one core and the client on another. Prints the handle's addresses as one JSON
 * line; stops (removing its data) when its standard input closes or it gets SIGTERM.
 *
 * Started with `node --experimental-transform-types` (Node 22.7+ runs the TypeScript sources as they are).
 */
import { type Options, startEmulator } from "../../src/index.ts"

const emulator = await startEmulator(JSON.parse(process.argv[2] ?? "{}") as Options)
const { url, restUrl, apiKey, app, dataDir, accounts } = emulator
process.stdout.write(`${JSON.stringify({ url, restUrl, apiKey, app, dataDir, accounts })}\n`)
let stopping = false
const stop = async () => {
  if (stopping) return
  stopping = true
  await emulator.stop()
  process.exit(0)
}
process.on("SIGTERM", () => void stop())
process.stdin.on("end", () => void stop())
process.stdin.resume()
