/**
 * Runs one admin script against a local portal emulator, in one command: starts the emulator in this process (a
 * temporary data directory, any free port), seeds a little demo data (`internal/demo-data.ts`), runs the script as a
 * child process signed in as the seeded administrator — the credentials go to the child in its environment, never on
 * a command line — and stops the emulator, exiting with the script's exit code.
 *
 *   node src/with-emulator.ts provision-users --csv sample/users.csv --dry-run
 *   npx -y pnpm@12.21.0 --filter @arcgis-portal/example-admin-scripts example provision-users -- --csv sample/users.csv --dry-run
 */
import { spawn } from "node:child_process"
import { fileURLToPath } from "node:url"

const scripts = ["provision-users", "content-inventory", "transfer-ownership", "sharing-audit", "stale-items"] as const

const usage = `Usage: node src/with-emulator.ts <script> [flags of the script]

Starts a local portal emulator with demo data, runs the script against it as the seeded administrator
(portal_admin), then stops the emulator. The exit code is the script's.

Scripts: ${scripts.join(", ")}

Examples:
  node src/with-emulator.ts provision-users --csv sample/users.csv --dry-run
  node src/with-emulator.ts content-inventory --output inventory.csv
  node src/with-emulator.ts transfer-ownership --from dana_departing --to user_one
  node src/with-emulator.ts sharing-audit --level public
  node src/with-emulator.ts stale-items --days 365 --max-views 5
`

const [script, ...rest] = process.argv.slice(2)
// `pnpm example <script> -- <flags>` passes the `--` on: it separates nothing here.
const args = rest[0] === "--" ? rest.slice(1) : rest
if (script === undefined || script === "--help" || script === "-h") {
  process.stdout.write(usage)
  process.exit(script === undefined ? 2 : 0)
}
if (!(scripts as ReadonlyArray<string>).includes(script)) {
  process.stderr.write(`with-emulator: no script '${script}' (one of ${scripts.join(", ")})\n`)
  process.exit(2)
}

// Loaded only now: the usage answers at once.
const [{ startEmulator }, { GIS }, { seedDemo, throwawayPassword }] = await Promise.all([
  import("@arcgis-portal/emulator"),
  import("@arcgis-portal/gis"),
  import("./internal/demo-data.ts"),
])
const emulator = await startEmulator()
let code = 1
try {
  const admin = emulator.accounts.admin
  const gis = await GIS.connect({ url: emulator.url, username: admin.username, password: admin.password })
  try {
    const demo = await seedDemo(gis, emulator.dataDir)
    process.stderr.write(
      `Portal emulator at ${emulator.url} (seeded org + demo data: departing user ${demo.departing}, successor ` +
        `${demo.successor}, ${demo.staleItems} stale items); running ${script} as ${admin.username}\n\n`,
    )
  } finally {
    await gis.close()
  }
  // Only what the script needs: the portal and the administrator's credentials. Credentials of the shell the
  // launcher runs in (ARCGIS_TOKEN, ARCGIS_API_KEY…) must not reach the emulator's script.
  const env: NodeJS.ProcessEnv = {
    ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("ARCGIS_"))),
    ARCGIS_PORTAL_URL: emulator.url,
    ARCGIS_USERNAME: admin.username,
    ARCGIS_PASSWORD: admin.password,
    ARCGIS_NEW_USER_PASSWORD: process.env.ARCGIS_NEW_USER_PASSWORD ?? throwawayPassword(),
  }
  const child = spawn(process.execPath, [fileURLToPath(new URL(`./${script}.ts`, import.meta.url)), ...args], {
    env,
    stdio: "inherit",
  })
  // Ctrl-C reaches the child from the terminal; the launcher waits for it and then stops the emulator.
  const ignore = () => {}
  process.on("SIGINT", ignore)
  process.on("SIGTERM", () => child.kill("SIGTERM"))
  code = await new Promise<number>((resolve) => {
    child.on("error", () => resolve(1))
    child.on("exit", (exitCode, signal) => resolve(exitCode ?? (signal === "SIGINT" ? 130 : 1)))
  })
  process.off("SIGINT", ignore)
} catch (error) {
  process.stderr.write(`with-emulator: ${error instanceof Error ? error.message : String(error)}\n`)
  code = 1
} finally {
  await emulator.stop()
}
process.exit(code)
