/**
 * The command line of `arcgis-portal-emulator`: every option defined once, in {@link startOptionSpecs} (its name,
 * value, description, default, and how its value is read and checked), parsed and checked before anything starts so
 * that a mistake is one line naming the option, never a stack trace; and the parsed options as `startEmulator`'s.
 * `arcgis-portal emulator` (the `@arcgis-portal/cli` command) builds its flags from the same table through
 * `@arcgis-portal/emulator/cli`. Pure: `cli.ts` prints and exits.
 */
import type { Options } from "../Emulator.ts"

/** What the emulator is started with: the command line's options, defaults applied. */
export interface StartOptions {
  readonly port: number
  readonly host: string
  /** `undefined`: a temporary directory, removed on exit. */
  readonly dataDir: string | undefined
  /** `false` with `--no-seed`: a new data directory gets only the administrator. */
  readonly seed: boolean
  readonly tokenTtlSeconds: number | undefined
  readonly latencyMs: number | undefined
  /** `false` with `--no-ranges`; `undefined`: the emulator's default (a `Range` on item data is served, 206). */
  readonly serveRanges: boolean | undefined
  /** `--download-rate`; `undefined`: unlimited. */
  readonly downloadBytesPerSecond: number | undefined
}

/** What a command line asks for: the usage, the version, a start, or nothing (a mistake). */
export type Command =
  | { readonly _tag: "Help" }
  | { readonly _tag: "Version" }
  | { readonly _tag: "Start"; readonly options: StartOptions }
  /** A mistake on the command line: `message` is one line. */
  | { readonly _tag: "UsageError"; readonly message: string }

/** An option as `--help` lists it. */
export interface OptionSpec {
  /** `--<name>`. */
  readonly name: string
  /** `-<short>`, for `--help` and `--version`. */
  readonly short?: string | undefined
  /** The value's placeholder (`<port>`); none for a switch. */
  readonly value?: string | undefined
  /** What it does, lower case, for `--help` (a front end may capitalize it). */
  readonly description: string
  /** What holds without it, as `--help` shows it. */
  readonly default?: string | undefined
}

/**
 * An option that configures the emulator, with how its value is read: a `switch` takes no value; `text` must not
 * be empty; an `integer` is whole, from `minimum` to `maximum`; a `number` is a decimal number of `unit`, above zero
 * when `positive`, otherwise zero or more.
 */
export type StartOptionSpec =
  | (OptionSpec & { readonly kind: "switch"; readonly value?: undefined })
  | (OptionSpec & { readonly kind: "text"; readonly value: string })
  | (OptionSpec & {
      readonly kind: "integer"
      readonly value: string
      readonly minimum: number
      readonly maximum: number
    })
  | (OptionSpec & {
      readonly kind: "number"
      readonly value: string
      readonly unit: string
      readonly positive: boolean
    })

/** The port the emulator listens on without `--port`. */
export const defaultPort = 7080
/** The address the emulator listens on without `--host`. */
export const defaultHost = "127.0.0.1"

/** Every option that configures the emulator, in the order `--help` lists them: the one definition of each. */
export const startOptionSpecs: ReadonlyArray<StartOptionSpec> = [
  {
    name: "port",
    kind: "integer",
    value: "<port>",
    minimum: 0,
    maximum: 65_535,
    description: "port to listen on, 0 for any free one",
    default: String(defaultPort),
  },
  { name: "host", kind: "text", value: "<address>", description: "address to listen on", default: defaultHost },
  {
    name: "data-dir",
    kind: "text",
    value: "<path>",
    description: "keeps the portal's state across restarts",
    default: "a temporary directory, removed on exit",
  },
  {
    name: "no-seed",
    kind: "switch",
    description: "a new data directory gets only the administrator",
    default: "the sample org, with an API key",
  },
  {
    name: "token-ttl",
    kind: "number",
    value: "<seconds>",
    unit: "seconds",
    positive: false,
    description: "caps every token's lifetime",
    default: "none",
  },
  {
    name: "latency",
    kind: "number",
    value: "<ms>",
    unit: "milliseconds",
    positive: false,
    description: "every answer waits this long, like a real portal's",
    default: "0",
  },
  {
    name: "no-ranges",
    kind: "switch",
    description: "item data answers a Range request whole (200), as a server without range support",
    default: "a single range is answered 206, so a download resumes",
  },
  {
    name: "download-rate",
    kind: "number",
    value: "<bytes/s>",
    unit: "bytes per second",
    positive: true,
    description: "sends file bodies (item data, info files, resources) at this rate, like a real network",
    default: "unlimited",
  },
]

/** Every option, in the order `--help` lists them: {@link startOptionSpecs}, then `--help` and `--version`. */
export const optionSpecs: ReadonlyArray<OptionSpec> = [
  ...startOptionSpecs,
  { name: "help", short: "h", description: "print this help and exit" },
  { name: "version", short: "v", description: "print the version and exit" },
]

/** The text of `--help`. */
export const usage = (): string => {
  const labels = optionSpecs.map(
    (spec) =>
      `${spec.short === undefined ? "    " : `-${spec.short}, `}--${spec.name}${spec.value ? ` ${spec.value}` : ""}`,
  )
  const width = Math.max(...labels.map((label) => label.length)) + 2
  const lines = optionSpecs.map(
    (spec, index) =>
      `  ${(labels[index] ?? "").padEnd(width)}${spec.description}${spec.default === undefined ? "" : ` (default: ${spec.default})`}`,
  )
  return [
    "Usage: arcgis-portal-emulator [options]",
    "",
    "Runs a local ArcGIS portal (the Sharing REST API, state in SQLite) until Ctrl-C or SIGTERM, and prints its URL,",
    "the seeded accounts, API key and OAuth app (secrets for this local emulator only; also in",
    "<data-dir>/seed-secrets.json).",
    "",
    "Options:",
    ...lines,
    "",
    "One emulator per data directory: another start on it is refused while it runs (lock file",
    "<data-dir>/emulator.lock; one left by a crash is taken over).",
    "",
    "Environment: ARCGIS_PORTAL_EMULATOR_DEBUG=1 prints the stack trace of a start failure.",
    "Exit status: 0 once stopped, 1 when the emulator could not start, 2 for a mistake on the command line.",
    "",
  ].join("\n")
}

const quote = (value: string): string => JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value)

const usageError = (message: string): Command => ({ _tag: "UsageError", message })

/** A given value checked as its option reads it: the value, or the one-line mistake. */
const read = (spec: StartOptionSpec, value: string): string | number | { readonly mistake: string } => {
  switch (spec.kind) {
    case "switch":
      return value
    case "text":
      return value === "" ? { mistake: `--${spec.name} must not be empty` } : value
    case "integer": {
      const number = Number(value)
      const digits = String(spec.maximum).length
      return new RegExp(`^\\d{1,${digits}}$`).test(value) && number >= spec.minimum && number <= spec.maximum
        ? number
        : { mistake: `--${spec.name} must be an integer from ${spec.minimum} to ${spec.maximum}, got ${quote(value)}` }
    }
    case "number": {
      const number = Number(value)
      return /^\d+(?:\.\d+)?$/.test(value) && Number.isFinite(number) && (!spec.positive || number > 0)
        ? number
        : {
            mistake: `--${spec.name} must be a ${spec.positive ? "positive" : "non-negative"} number of ${spec.unit}, got ${quote(value)}`,
          }
    }
  }
}

/** Parses the arguments after `node cli.js`. */
export const parseCommandLine = (args: ReadonlyArray<string>): Command => {
  if (args.some((arg) => arg === "-h" || arg === "--help")) return { _tag: "Help" }
  if (args.some((arg) => arg === "-v" || arg === "--version")) return { _tag: "Version" }
  const given = new Map<string, string>()
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] ?? ""
    const match = /^--([^=]*)(?:=([\s\S]*))?$/.exec(arg)
    if (match === null) {
      return usageError(
        arg.startsWith("-") && arg !== "-"
          ? `unknown option ${quote(arg)}`
          : `unexpected argument ${quote(arg)}: the emulator takes options only`,
      )
    }
    const name = match[1] ?? ""
    if (!optionSpecs.some((candidate) => candidate.name === name))
      return usageError(`unknown option ${quote(`--${name}`)}`)
    const spec = startOptionSpecs.find((candidate) => candidate.name === name)
    // `--help` and `--version` were seen above unless they came with a value.
    if (spec === undefined || spec.kind === "switch") {
      if (match[2] !== undefined) return usageError(`--${name} takes no value`)
      given.set(name, "")
      continue
    }
    let value = match[2]
    if (value === undefined) {
      const next = args[index + 1]
      // A following option is a missing value, not the value; `-1` is a (bad) number, checked below.
      if (next === undefined || (next.startsWith("-") && !/^-\d/.test(next)))
        return usageError(`--${name} needs a value: --${name} ${spec.value}`)
      value = next
      index++
    }
    given.set(name, value)
  }

  const values = new Map<string, string | number>()
  for (const spec of startOptionSpecs) {
    const value = given.get(spec.name)
    if (value === undefined) continue
    const checked = read(spec, value)
    if (typeof checked === "object") return usageError(checked.mistake)
    values.set(spec.name, checked)
  }
  const number = (name: string) => {
    const value = values.get(name)
    return typeof value === "number" ? value : undefined
  }
  const text = (name: string) => {
    const value = values.get(name)
    return typeof value === "string" ? value : undefined
  }
  return {
    _tag: "Start",
    options: {
      port: number("port") ?? defaultPort,
      host: text("host") ?? defaultHost,
      dataDir: text("data-dir"),
      seed: !values.has("no-seed"),
      tokenTtlSeconds: number("token-ttl"),
      latencyMs: number("latency"),
      serveRanges: values.has("no-ranges") ? false : undefined,
      downloadBytesPerSecond: number("download-rate"),
    },
  }
}

/** The options of `startEmulator` for a command line's: the one mapping both command lines start the emulator with. */
export const emulatorOptions = (options: StartOptions): Options => ({
  port: options.port,
  host: options.host,
  dataDir: options.dataDir,
  seed: options.seed,
  tokenTtlSeconds: options.tokenTtlSeconds,
  latencyMs: options.latencyMs,
  serveRanges: options.serveRanges,
  downloadBytesPerSecond: options.downloadBytesPerSecond,
})
