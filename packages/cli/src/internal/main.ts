/**
 * Runs the command tree as a process: the Node platform layers `effect/cli` needs, usage errors as one line on
 * stderr (exit 2), failures as one line with the portal's code and message (exit 1, or 3 for auth), Ctrl-C as an
 * interruption (exit 130) that aborts requests in flight.
 */
import { existsSync, readFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import * as NodePath from "@effect/platform-node-shared/NodePath"
import * as Cause from "effect/Cause"
import { CliConfig, CliOutput, Command, GlobalFlag } from "effect/cli"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as FileSystem from "effect/FileSystem"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as ChildProcessSpawner from "effect/process/ChildProcessSpawner"
import * as Scope from "effect/Scope"
import * as Stdio from "effect/Stdio"
import * as Terminal from "effect/Terminal"
import { describe, ExitCode, exitCodeOf, interruption } from "./errors.ts"

const name = "arcgis-portal"

/** The package's version, from the nearest `package.json` of this package (works bundled and unbundled). */
export const version = (): string => {
  let directory = dirname(fileURLToPath(import.meta.url))
  for (let depth = 0; depth < 5; depth++) {
    const candidate = join(directory, "package.json")
    if (existsSync(candidate)) {
      try {
        const parsed = JSON.parse(readFileSync(candidate, "utf8")) as { name?: string; version?: string }
        if (parsed.name === "@arcgis-portal/cli" && typeof parsed.version === "string") return parsed.version
      } catch {
        // keep looking
      }
    }
    directory = dirname(directory)
  }
  return "0.0.0"
}

/** Usage errors in one line each and a pointer to `--help`; help on stdout; the version as `arcgis-portal x.y.z`. */
const presenter: CliOutput.Presenter = {
  present: (event) =>
    Effect.gen(function* () {
      switch (event._tag) {
        case "Help": {
          const formatter = CliOutput.defaultFormatter({ colors: process.stdout.isTTY === true })
          yield* Effect.sync(() => process.stdout.write(`${formatter.formatHelpDoc(event.helpDoc)}\n`))
          return
        }
        case "InvalidInvocation": {
          const lines = event.errors.map((error) => `${name}: ${error.message.replace(/\s*\n\s*/g, " ")}`)
          lines.push(`Run '${event.commandPath.join(" ")} --help' for usage.`)
          yield* Effect.sync(() => process.stderr.write(`${lines.join("\n")}\n`))
          return
        }
        case "Version":
          yield* Effect.sync(() => process.stdout.write(`${name} ${event.version}\n`))
          return
      }
    }),
}

/**
 * The terminal, for prompts only: Node's readline is loaded the first time a prompt asks (most commands never do,
 * and a command run hundreds of times in a script should not pay for it), and prompts are written to stderr so that
 * they never mix with results on stdout.
 */
const terminalLayer = Layer.effect(
  Terminal.Terminal,
  Effect.gen(function* () {
    const scope = yield* Scope.Scope
    const node = yield* Effect.cached(
      Effect.promise(() => import("@effect/platform-node-shared/NodeTerminal")).pipe(
        Effect.flatMap((module) => module.make()),
        Effect.provideService(Scope.Scope, scope),
      ),
    )
    return Terminal.make({
      columns: Effect.flatMap(node, (terminal) => terminal.columns),
      rows: Effect.flatMap(node, (terminal) => terminal.rows),
      size: Effect.flatMap(node, (terminal) => terminal.size),
      readInput: Effect.flatMap(node, (terminal) => terminal.readInput),
      readLine: Effect.flatMap(node, (terminal) => terminal.readLine),
      display: (text) => Effect.sync(() => void process.stderr.write(text)),
    })
  }),
)

/**
 * What `effect/cli` needs around the tree. No command reads files through `effect/cli` (no `Flag.File`) nor `Stdio`
 * (arguments come from `runWith`, output goes straight to the process's streams): their Node implementations, and the
 * modules they load, are left out of the start-up.
 */
const platformLayer = Layer.mergeAll(
  FileSystem.layerNoop({}),
  NodePath.layer,
  Stdio.layerTest({}),
  terminalLayer,
  // Nothing here spawns processes through effect/cli; the service is required by its environment type only.
  Layer.succeed(
    ChildProcessSpawner.ChildProcessSpawner,
    ChildProcessSpawner.make(() => Effect.die("no child processes")),
  ),
  CliConfig.layer({ builtIns: [GlobalFlag.Help, GlobalFlag.Version, GlobalFlag.Completions] }),
  CliOutput.layerPresenter(presenter),
)

const isVerbose = (args: ReadonlyArray<string>) => args.includes("--verbose")

/** The exit code and the stderr lines of a finished run. */
export const outcome = (
  exit: Exit.Exit<unknown, unknown>,
  verbose: boolean,
): { readonly code: number; readonly lines: ReadonlyArray<string> } => {
  if (Exit.isSuccess(exit)) return { code: ExitCode.done, lines: [] }
  if (Cause.hasInterruptsOnly(exit.cause))
    return interruption.exitCode === ExitCode.done
      ? { code: ExitCode.done, lines: [] }
      : { code: interruption.exitCode, lines: [`${name}: interrupted`] }
  const failure = Cause.findErrorOption(exit.cause)
  if (Option.isSome(failure)) {
    const error = failure.value as { readonly _tag?: unknown; readonly errors?: unknown; readonly reported?: unknown }
    if (typeof error === "object" && error !== null && typeof error._tag === "string") {
      // effect/cli has presented it already: help (exit 0 when asked for or implied), or usage errors (exit 2).
      if (error._tag === "ShowHelp")
        return {
          code: Array.isArray(error.errors) && error.errors.length > 0 ? ExitCode.usage : ExitCode.done,
          lines: [],
        }
      if (
        [
          "UnrecognizedOption",
          "DuplicateOption",
          "MissingOption",
          "MissingArgument",
          "UnexpectedArgument",
          "InvalidValue",
          "UnknownSubcommand",
          "ValidationError",
          "UserError",
        ].includes(error._tag)
      )
        return { code: ExitCode.usage, lines: [`${name}: ${String((error as { message?: unknown }).message)}`] }
      if (error._tag === "CliFailure" && error.reported === true) return { code: exitCodeOf(error), lines: [] }
    }
    const [first, ...rest] = describe(failure.value, verbose)
    return { code: exitCodeOf(failure.value), lines: [`${name}: ${first}`, ...rest] }
  }
  const defect = Cause.squash(exit.cause)
  const lines = [`${name}: internal error: ${defect instanceof Error ? defect.message : String(defect)}`]
  if (process.env.ARCGIS_PORTAL_DEBUG === "1" && defect instanceof Error && defect.stack) lines.push(defect.stack)
  return { code: ExitCode.failed, lines }
}

/** Runs `arcgis-portal` with `args` and exits the process with the documented code. */
export const run = (args: ReadonlyArray<string>): void => {
  // `arcgis-portal … | head`: a closed pipe ends the command quietly.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(ExitCode.done)
  })
  // Loaded lazily: the tree imports the SDK, which `--version` does not need before it is parsed.
  const program = Effect.flatMap(
    Effect.promise(() => import("../Cli.ts")),
    ({ command }) => Command.runWith(command, { version: version() })(args),
  ).pipe(Effect.provide(platformLayer))
  const fiber = Effect.runFork(program)
  let signals = 0
  const interrupt = () => {
    signals++
    if (signals > 1) process.exit(ExitCode.interrupted)
    Effect.runFork(Fiber.interrupt(fiber))
  }
  process.on("SIGINT", interrupt)
  process.on("SIGTERM", interrupt)
  fiber.addObserver((exit) => {
    process.off("SIGINT", interrupt)
    process.off("SIGTERM", interrupt)
    const { code, lines } = outcome(exit, isVerbose(args))
    if (lines.length > 0) process.stderr.write(`${lines.join("\n")}\n`)
    // Sockets kept alive for reuse must not hold the process: leave once both streams are flushed.
    process.stdout.write("", () => process.stderr.write("", () => process.exit(code)))
  })
}
