#!/usr/bin/env node
/** `arcgis-portal-emulator --port 7080 --data-dir ./portal-data [--no-seed] [--token-ttl 3600] [--latency 50]` */
import { parseArgs } from "node:util"
import { startEmulator } from "./Emulator.ts"

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "7080" },
    host: { type: "string", default: "127.0.0.1" },
    "data-dir": { type: "string" },
    "no-seed": { type: "boolean", default: false },
    "token-ttl": { type: "string" },
    latency: { type: "string" },
  },
})
const emulator = await startEmulator({
  port: Number(values.port),
  host: values.host,
  dataDir: values["data-dir"],
  seed: !values["no-seed"],
  tokenTtlSeconds: values["token-ttl"] === undefined ? undefined : Number(values["token-ttl"]),
  latencyMs: values.latency === undefined ? undefined : Number(values.latency),
})
console.log(`ArcGIS portal emulator at ${emulator.url} (REST root ${emulator.restUrl})`)
if (emulator.recovered.orphanItems + emulator.recovered.temporaryFiles > 0) {
  console.log(
    `Recovered after a crash: removed ${emulator.recovered.orphanItems} unreferenced item folders and ${emulator.recovered.temporaryFiles} temporary files`,
  )
}
console.log("Seeded accounts (local-only passwords):")
for (const [role, account] of Object.entries(emulator.accounts))
  console.log(`  ${role.padEnd(9)} ${account.username} / ${account.password}`)
const stop = () => {
  emulator.stop().then(() => process.exit(0))
}
process.on("SIGINT", stop)
process.on("SIGTERM", stop)
