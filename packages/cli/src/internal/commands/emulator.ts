/**
 * `emulator`: the local portal of `@arcgis-portal/emulator`, with the options of its own CLI, so that every command
 * can be tried with no account. Runs until Ctrl-C or SIGTERM (then exits 0). The emulator is loaded only here.
 */
import { join } from "node:path"
import type { EmulatorHandle } from "@arcgis-portal/emulator"
import { Command, Flag } from "effect/cli"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import { failed, interruption } from "../errors.ts"
import { command } from "./common.ts"

/** What the emulator prints once it listens; the first line's `at <url>` and `(REST root <url>)` are for scripts. */
export const banner = (
  emulator: Pick<EmulatorHandle, "url" | "restUrl" | "dataDir" | "accounts" | "apiKey" | "app">,
  context: { readonly seeded: boolean; readonly temporaryDataDir: boolean },
): string => {
  const lines = [`ArcGIS portal emulator at ${emulator.url} (REST root ${emulator.restUrl})`]
  lines.push(
    `Data directory: ${emulator.dataDir}${context.temporaryDataDir ? " (temporary, removed on exit; keep state with --data-dir)" : ""}`,
  )
  lines.push("Seeded accounts (passwords for this local emulator only):")
  for (const [role, account] of Object.entries(emulator.accounts).filter(
    ([role]) => context.seeded || role === "admin",
  ))
    lines.push(`  ${role.padEnd(9)} ${account.username} / ${account.password}`)
  lines.push(
    context.seeded
      ? `API key (local-only secret; acts as ${emulator.accounts.publisher.username}): ${emulator.apiKey}`
      : "API key: none (--no-seed)",
  )
  lines.push(
    `OAuth app (local-only secrets): client id ${emulator.app.clientId}, client secret ${emulator.app.clientSecret}`,
  )
  lines.push(`The secrets are also in ${join(emulator.dataDir, "seed-secrets.json")}. Stop with Ctrl-C.`)
  lines.push(
    "",
    "Try it from another terminal:",
    `  arcgis-portal login --portal ${emulator.url} --username ${(context.seeded ? emulator.accounts.publisher : emulator.accounts.admin).username}`,
    context.seeded ? '  arcgis-portal search "parks"' : "  arcgis-portal users list",
  )
  return `${lines.join("\n")}\n`
}

/** A start failure in one line: a port in use, a data directory in use, anything else by its message. */
const describeStartFailure = (error: unknown, host: string, port: number): string => {
  const failure = (typeof error === "object" && error !== null ? error : {}) as {
    code?: unknown
    syscall?: unknown
    message?: unknown
  }
  const message = typeof failure.message === "string" ? failure.message.replace(/\s*\n\s*/g, " ") : String(error)
  if (failure.syscall === "listen" && failure.code === "EADDRINUSE")
    return `cannot listen on ${host}:${port}: the port is in use (EADDRINUSE); stop what holds it, or choose another --port (0 for any free one)`
  if (failure.syscall === "listen") return `cannot listen on ${host}:${port}: ${message}`
  return `the emulator did not start: ${message}`
}

const emulator = Command.make(
  "emulator",
  {
    port: Flag.Int("port").pipe(
      Flag.withDescription("Port to listen on, 0 for any free one (default 7080)"),
      Flag.filter(
        (value) => value >= 0 && value <= 65_535,
        (value) => `--port must be from 0 to 65535, not ${value}`,
      ),
      Flag.withDefault(7080),
    ),
    host: Flag.String("host").pipe(
      Flag.withDescription("Address to listen on (default 127.0.0.1)"),
      Flag.withDefault("127.0.0.1"),
    ),
    dataDir: Flag.String("data-dir").pipe(
      Flag.withMetavar("path"),
      Flag.withDescription(
        "Keep the portal's state here across restarts (default: a temporary directory, removed on exit)",
      ),
      Flag.optional,
    ),
    noSeed: Flag.Boolean("no-seed").pipe(
      Flag.withDescription(
        "A new data directory gets only the administrator (default: the sample org, with an API key)",
      ),
      Flag.withDefault(false),
    ),
    tokenTtl: Flag.Int("token-ttl").pipe(
      Flag.withMetavar("seconds"),
      Flag.withDescription("Cap every token's lifetime"),
      Flag.filter(
        (value) => value >= 0,
        (value) => `--token-ttl must not be negative, not ${value}`,
      ),
      Flag.optional,
    ),
    latency: Flag.Int("latency").pipe(
      Flag.withMetavar("ms"),
      Flag.withDescription("Every answer waits this long, like a real portal's (default 0)"),
      Flag.filter(
        (value) => value >= 0,
        (value) => `--latency must not be negative, not ${value}`,
      ),
      Flag.optional,
    ),
  },
  (input) =>
    Effect.gen(function* () {
      const { startEmulator } = yield* Effect.tryPromise({
        try: () => import("@arcgis-portal/emulator"),
        catch: (error) =>
          failed(`the emulator cannot be loaded: ${error instanceof Error ? error.message : String(error)}`),
      })
      const dataDir = Option.getOrUndefined(input.dataDir)
      yield* Effect.acquireRelease(
        Effect.tryPromise({
          try: () =>
            startEmulator({
              port: input.port,
              host: input.host,
              dataDir,
              seed: !input.noSeed,
              tokenTtlSeconds: Option.getOrUndefined(input.tokenTtl),
              latencyMs: Option.getOrUndefined(input.latency),
            }),
          catch: (error) => failed(describeStartFailure(error, input.host, input.port)),
        }),
        (running) =>
          Effect.promise(() => running.stop()).pipe(
            Effect.andThen(Effect.sync(() => process.stderr.write("Emulator stopped.\n"))),
          ),
      ).pipe(
        Effect.tap((running) =>
          Effect.sync(() => {
            process.stdout.write(banner(running, { seeded: !input.noSeed, temporaryDataDir: dataDir === undefined }))
            // Running until stopped is this command's normal end.
            interruption.exitCode = 0
          }),
        ),
        Effect.andThen(Effect.never),
        Effect.scoped,
      )
    }),
).pipe(
  Command.withDescription(
    "Run a local portal (the emulator, with a seeded org) to try every command with no account; Ctrl-C stops it",
  ),
  Command.withExamples([
    {
      command: "arcgis-portal emulator",
      description: "On http://127.0.0.1:7080/portal, state in a temporary directory",
    },
    {
      command: "arcgis-portal emulator --port 0 --data-dir ./portal-data --latency 100",
      description: "Any free port, state kept, answers slowed down like a real portal's",
    },
  ]),
)

export const commands = [command(emulator)] as const
