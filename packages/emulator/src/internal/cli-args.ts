/**
 * The command line of `arcgis-portal-emulator`, parsed and checked before anything starts, so that a mistake is one
 * line naming the option, never a stack trace. Pure: `cli.ts` prints and exits.
 */

/** What the emulator is started with. */
export interface StartOptions {
  readonly port: number
  readonly host: string
  readonly dataDir: string | undefined
  readonly seed: boolean
  readonly tokenTtlSeconds: number | undefined
  readonly latencyMs: number | undefined
}

export type Command =
  | { readonly _tag: "Help" }
  | { readonly _tag: "Version" }
  | { readonly _tag: "Start"; readonly options: StartOptions }
  /** A mistake on the command line: `message` is one line. */
  | { readonly _tag: "UsageError"; readonly message: string }

interface OptionSpec {
  readonly name: string
  readonly short?: string
  /** The value's placeholder; none for a flag. */
  readonly value?: string
  readonly description: string
  readonly default?: string
}

export const defaultPort = 7080
export const defaultHost = "127.0.0.1"

/** Every option, in the order `--help` lists them. */
export const optionSpecs: ReadonlyArray<OptionSpec> = [
  {
    name: "port",
    value: "<port>",
    description: "port to listen on, 0 for any free one",
    default: String(defaultPort),
  },
  { name: "host", value: "<address>", description: "address to listen on", default: defaultHost },
  {
    name: "data-dir",
    value: "<path>",
    description: "keeps the portal's state across restarts",
    default: "a temporary directory, removed on exit",
  },
  {
    name: "no-seed",
    description: "a new data directory gets only the administrator",
    default: "the sample org, with an API key",
  },
  { name: "token-ttl", value: "<seconds>", description: "caps every token's lifetime", default: "none" },
  { name: "latency", value: "<ms>", description: "every answer waits this long, like a real portal's", default: "0" },
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

/** Parses the arguments after `node cli.js`. */
export const parseCommandLine = (args: ReadonlyArray<string>): Command => {
  if (args.some((arg) => arg === "-h" || arg === "--help")) return { _tag: "Help" }
  if (args.some((arg) => arg === "-v" || arg === "--version")) return { _tag: "Version" }
  const values = new Map<string, string>()
  let seed = true
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
    const spec = optionSpecs.find((candidate) => candidate.name === name)
    if (spec === undefined) return usageError(`unknown option ${quote(`--${name}`)}`)
    if (spec.value === undefined) {
      if (match[2] !== undefined) return usageError(`--${name} takes no value`)
      if (name === "no-seed") seed = false
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
    values.set(name, value)
  }

  const port = values.get("port")
  if (port !== undefined && !(/^\d{1,5}$/.test(port) && Number(port) <= 65_535))
    return usageError(`--port must be an integer from 0 to 65535, got ${quote(port)}`)
  for (const name of ["host", "data-dir"]) {
    if (values.get(name) === "") return usageError(`--${name} must not be empty`)
  }
  const number = (name: string, unit: string): number | string | undefined => {
    const value = values.get(name)
    if (value === undefined) return undefined
    return /^\d+(?:\.\d+)?$/.test(value)
      ? Number(value)
      : `--${name} must be a non-negative number of ${unit}, got ${quote(value)}`
  }
  const tokenTtlSeconds = number("token-ttl", "seconds")
  if (typeof tokenTtlSeconds === "string") return usageError(tokenTtlSeconds)
  const latencyMs = number("latency", "milliseconds")
  if (typeof latencyMs === "string") return usageError(latencyMs)
  return {
    _tag: "Start",
    options: {
      port: port === undefined ? defaultPort : Number(port),
      host: values.get("host") ?? defaultHost,
      dataDir: values.get("data-dir"),
      seed,
      tokenTtlSeconds,
      latencyMs,
    },
  }
}
