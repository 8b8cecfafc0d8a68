/**
 * `emulator`: the local portal of `@arcgis-portal/emulator`, so that every command can be tried with no account. Its
 * options, their checks, the options `startEmulator` gets, the banner and a start failure's one line are the
 * emulator's own (`@arcgis-portal/emulator/cli`, which `arcgis-portal-emulator` is built from too): each flag here is
 * made from the emulator's table of options, and the flags given go back through the emulator's parser, so both
 * command lines accept the same options. Runs until Ctrl-C or SIGTERM (then exits 0). The emulator itself is loaded
 * only when this command runs; its small option table is read with the command definitions.
 */
import type { EmulatorHandle } from "@arcgis-portal/emulator"
import {
  banner,
  describeStartFailure,
  emulatorOptions,
  parseCommandLine,
  type StartOptionSpec,
  type StartOptions,
  startOptionSpecs,
} from "@arcgis-portal/emulator/cli"
import { Command, Flag } from "effect/cli"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import { failed, interruption, usage } from "../errors.ts"
import { command } from "./common.ts"

/** The emulator's description, capitalized, with the unit of a number (the metavar is not shown everywhere). */
const described = (spec: StartOptionSpec) =>
  `${spec.description.charAt(0).toUpperCase()}${spec.description.slice(1)}${spec.kind === "number" ? `, in ${spec.unit}` : ""}${spec.default === undefined ? "" : ` (default: ${spec.default})`}`

/** `<bytes/s>` → `bytes/s`, for `--help`. */
const metavar = (value: string) => value.replace(/^<|>$/g, "")

/** A flag with a value: the emulator's placeholder and description, checked by `accepts`, absent unless given. */
const valued = <A>(
  flag: Flag.Flag<A>,
  spec: StartOptionSpec & { readonly value: string },
  accepts: (value: A) => string | undefined,
) =>
  flag.pipe(
    Flag.withMetavar(metavar(spec.value)),
    Flag.withDescription(described(spec)),
    Flag.filter(
      (value) => accepts(value) === undefined,
      (value) => accepts(value) ?? "",
    ),
    Flag.optional,
  )

/** The flag of one of the emulator's options: typed and checked as the emulator reads it. */
const flagOf = (spec: StartOptionSpec) => {
  switch (spec.kind) {
    case "switch":
      return Flag.Boolean(spec.name).pipe(
        Flag.withDescription(described(spec)),
        Flag.withoutNegation,
        Flag.withDefault(false),
      )
    case "text":
      return valued(Flag.String(spec.name), spec, () => undefined)
    case "integer":
      return valued(Flag.Int(spec.name), spec, (value) =>
        value >= spec.minimum && value <= spec.maximum
          ? undefined
          : `--${spec.name} must be from ${spec.minimum} to ${spec.maximum}, not ${value}`,
      )
    case "number":
      return valued(Flag.Finite(spec.name), spec, (value) => {
        if (spec.positive)
          return value > 0 ? undefined : `--${spec.name} must be more than 0 ${spec.unit}, not ${value}`
        return value >= 0 ? undefined : `--${spec.name} must not be negative, not ${value}`
      })
  }
}

/** One flag per option of the emulator's command line, named as there. */
export const emulatorConfig = Object.fromEntries(startOptionSpecs.map((spec) => [spec.name, flagOf(spec)]))

/** The flags given, back as the emulator's own command line (`--port=0`, `--no-seed`…). */
const argumentsOf = (input: Command.Command.Config.Infer<typeof emulatorConfig>): ReadonlyArray<string> =>
  startOptionSpecs.flatMap((spec) => {
    const value = input[spec.name]
    if (value === undefined || typeof value === "boolean") return value === true ? [`--${spec.name}`] : []
    const given: Option.Option<string | number> = value
    return Option.isSome(given) ? [`--${spec.name}=${given.value}`] : []
  })

/** What to run next, from another terminal: sign in as the publisher (or the administrator of a bare org). */
const tryIt = (running: EmulatorHandle): ReadonlyArray<string> => [
  `arcgis-portal login --portal ${running.url} --username ${(running.seeded ? running.accounts.publisher : running.accounts.admin).username}`,
  running.seeded ? 'arcgis-portal search "parks"' : "arcgis-portal users list",
]

const start = (options: StartOptions) =>
  Effect.gen(function* () {
    const describe = (error: unknown) =>
      failed(describeStartFailure(error, options, { nodeVersion: process.version, requiredNode: undefined }))
    const { startEmulator } = yield* Effect.tryPromise({
      try: () => import("@arcgis-portal/emulator"),
      catch: describe,
    })
    yield* Effect.acquireRelease(
      Effect.tryPromise({ try: () => startEmulator(emulatorOptions(options)), catch: describe }),
      (running) =>
        Effect.promise(() => running.stop()).pipe(
          Effect.andThen(Effect.sync(() => process.stderr.write("Emulator stopped.\n"))),
        ),
    ).pipe(
      Effect.tap((running) =>
        Effect.sync(() => {
          const context = { seeded: running.seeded, temporaryDataDir: options.dataDir === undefined }
          process.stdout.write(banner(running, { ...context, tryIt: tryIt(running) }))
          // Running until stopped is this command's normal end.
          interruption.exitCode = 0
        }),
      ),
      Effect.andThen(Effect.never),
      Effect.scoped,
    )
  })

const emulator = Command.make("emulator", emulatorConfig, (input) => {
  const parsed = parseCommandLine(argumentsOf(input))
  return parsed._tag === "Start"
    ? start(parsed.options)
    : Effect.fail(usage(parsed._tag === "UsageError" ? parsed.message : `unexpected --${parsed._tag.toLowerCase()}`))
}).pipe(
  Command.withDescription(
    "Run a local portal (the emulator, with a seeded org) to try every command with no account; the options of arcgis-portal-emulator; Ctrl-C stops it",
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
    {
      command: "arcgis-portal emulator --no-ranges --download-rate 1048576",
      description: "Downloads at 1 MiB/s from a portal that answers a Range request whole, to try resuming",
    },
  ]),
)

export const commands = [command(emulator)] as const
