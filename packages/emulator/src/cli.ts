#!/usr/bin/env node
/**
 * `arcgis-portal-emulator [--port 7080] [--host 127.0.0.1] [--data-dir <path>] [--no-seed] [--token-ttl <seconds>]
 * [--latency <ms>] [--no-ranges] [--download-rate <bytes/s>]`, `--help`, `--version` — the options as
 * `internal/cli-args.ts` defines them (once, for `arcgis-portal emulator` too). Mistakes on the command line exit
 * with 2, a failed start with 1, each as one line on stderr (`ARCGIS_PORTAL_EMULATOR_DEBUG=1` adds the stack trace).
 */
import { readFileSync } from "node:fs"
import type { EmulatorHandle } from "./Emulator.ts"
import { emulatorOptions, parseCommandLine, type StartOptions, usage } from "./internal/cli-args.ts"
import { banner, describeStartFailure } from "./internal/cli-output.ts"

const name = "arcgis-portal-emulator"

const packageJson = (): { version?: string; engines?: { node?: string } } => {
  try {
    return JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"))
  } catch {
    return {}
  }
}

const fail = (line: string, exitCode: number, error?: unknown): never => {
  process.stderr.write(`${name}: ${line}\n`)
  if (error instanceof Error && process.env.ARCGIS_PORTAL_EMULATOR_DEBUG === "1")
    process.stderr.write(`${error.stack}\n`)
  process.exit(exitCode)
}

const run = async (options: StartOptions) => {
  const describe = (error: unknown) =>
    describeStartFailure(error, options, { nodeVersion: process.version, requiredNode: packageJson().engines?.node })
  let emulator: EmulatorHandle | undefined
  let stopping = false
  const stop = () => {
    // Still starting, or a second Ctrl-C while stopping: leave at once. The lock file is removed as the process exits,
    // and a start cut short is one the next start recovers from, as after a crash.
    if (emulator === undefined || stopping) process.exit(0)
    stopping = true
    emulator.stop().then(
      () => process.exit(0),
      (error: unknown) => fail(`stopping failed: ${describe(error)}`, 1, error),
    )
  }
  process.on("SIGINT", stop)
  process.on("SIGTERM", stop)
  // Loaded here, not imported above: a Node without `node:sqlite` fails at this import, and gets a hint.
  const { startEmulator } = await import("./Emulator.ts").catch((error: unknown) => fail(describe(error), 1, error))
  emulator = await startEmulator(emulatorOptions(options)).catch((error: unknown) => fail(describe(error), 1, error))
  process.stdout.write(banner(emulator, { seeded: emulator.seeded, temporaryDataDir: options.dataDir === undefined }))
}

const command = parseCommandLine(process.argv.slice(2))
switch (command._tag) {
  case "Help":
    process.stdout.write(usage())
    break
  case "Version":
    process.stdout.write(`${packageJson().version ?? "unknown"}\n`)
    break
  case "UsageError":
    fail(`${command.message} (see --help)`, 2)
    break
  case "Start":
    await run(command.options)
    break
}
