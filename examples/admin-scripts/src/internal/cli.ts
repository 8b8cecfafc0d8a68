/**
 * What every admin script shares, so that none copies it: flags (`node:util` `parseArgs`, `--help`, exit code 2 on a
 * usage mistake), the connection (the portal from `--portal` or `ARCGIS_PORTAL_URL`, credentials only from the
 * environment), CSV reading and writing (RFC 4180), plain-text tables, and the one way a script ends.
 *
 * Secrets never reach the output: every line a script prints goes through {@link print}/{@link warn}, which blank
 * out the values of the credential variables, should one ever be part of a message.
 */
import { readFileSync, writeFileSync } from "node:fs"
import { type ParseArgsOptionsConfig, parseArgs } from "node:util"
import type { GIS } from "@arcgis-portal/gis"

/** How a script ends: 0 everything went as asked, 1 something failed, 2 the command line was wrong. */
export const exitCodes = { ok: 0, failed: 1, usage: 2 } as const

/** A mistake in the command line or the environment: nothing was changed; the script exits with 2. */
export class UsageError extends Error {
  override readonly name = "UsageError"
}

/** The environment variables that hold secrets; their values are blanked out of every line printed. */
export const secretVariables = ["ARCGIS_PASSWORD", "ARCGIS_TOKEN", "ARCGIS_API_KEY", "ARCGIS_NEW_USER_PASSWORD"]

const secretValues = (): ReadonlyArray<string> =>
  secretVariables.map((name) => process.env[name] ?? "").filter((value) => value.length >= 4)

/** `text` with the value of every secret variable replaced by `***`. */
export const redact = (text: string): string =>
  secretValues().reduce((result, secret) => result.replaceAll(secret, "***"), text)

/** Writes a line (or several) to stdout. */
export const print = (text = ""): void => {
  process.stdout.write(`${redact(text)}\n`)
}

/** Writes a line (or several) to stderr: progress and summaries of scripts whose stdout is data (CSV). */
export const warn = (text: string): void => {
  process.stderr.write(`${redact(text)}\n`)
}

// ------------------------------------------------------------------------------------------------ flags and help

/** What a script says about itself in `--help`, and the flags it takes besides `--portal` and `--help`. */
export interface ScriptDefinition<Options extends ParseArgsOptionsConfig> {
  readonly name: string
  /** What the script does, a few sentences. */
  readonly summary: string
  /** The flags line of the usage, e.g. `--csv <file> [--dry-run]`. */
  readonly usage: string
  readonly options: Options
  /** `[flag, explanation]` for each of `options`. */
  readonly optionHelp: ReadonlyArray<readonly [string, string]>
  /** More environment variables the script reads, as `[name, explanation]`. */
  readonly environment?: ReadonlyArray<readonly [string, string]>
  /** Command lines, each runnable as is (against the emulator: see `with-emulator.ts`). */
  readonly examples: ReadonlyArray<string>
  /** What the exit code 1 means for this script. */
  readonly failures: string
}

const commonOptions = {
  portal: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const satisfies ParseArgsOptionsConfig

const columns = (rows: ReadonlyArray<readonly [string, string]>, indent = "  "): string => {
  const width = Math.max(...rows.map(([left]) => left.length))
  return rows.map(([left, right]) => `${indent}${left.padEnd(width)}  ${right}`).join("\n")
}

/** `text` in lines of at most `width` characters, broken at spaces. */
const wrap = (text: string, width = 100): string =>
  text
    .split(" ")
    .reduce<Array<string>>((lines, word) => {
      const last = lines.at(-1)
      if (last !== undefined && last.length + 1 + word.length <= width) lines[lines.length - 1] = `${last} ${word}`
      else lines.push(word)
      return lines
    }, [])
    .join("\n")

/** The `--help` text of a script. */
export const helpText = <Options extends ParseArgsOptionsConfig>(definition: ScriptDefinition<Options>): string =>
  [
    `Usage: node src/${definition.name}.ts ${definition.usage} [--portal <url>]`,
    "",
    wrap(definition.summary),
    "",
    "Options:",
    columns([
      ...definition.optionHelp,
      ["--portal <url>", "the portal, e.g. https://host/portal (default: $ARCGIS_PORTAL_URL)"],
      ["-h, --help", "show this help"],
    ]),
    "",
    "Credentials come from the environment only, never from flags (the first that is set is used):",
    columns([
      ["ARCGIS_USERNAME, ARCGIS_PASSWORD", "a built-in account (the password is sent in a POST body only)"],
      ["ARCGIS_TOKEN", "a token obtained elsewhere"],
      ["ARCGIS_API_KEY", "an API key"],
      ...(definition.environment ?? []),
    ]),
    "",
    "Exit codes:",
    columns([
      ["0", "done"],
      ["1", definition.failures],
      ["2", "usage error: nothing was changed"],
    ]),
    "",
    "Examples:",
    ...definition.examples.map((example) => `  ${example}`),
    "",
  ].join("\n")

/** The values of a script's flags (none of them `multiple`) and of `--portal` and `--help`. */
export type FlagValues<Options extends ParseArgsOptionsConfig> = {
  readonly [Name in keyof Options]?: Options[Name]["type"] extends "boolean" ? boolean : string
} & { readonly portal?: string; readonly help?: boolean }

/**
 * Parses the command line: the script's flags plus `--portal` and `--help`. Unknown flags, missing values and
 * positional arguments are a {@link UsageError}.
 */
export const parseFlags = <const Options extends ParseArgsOptionsConfig>(
  definition: ScriptDefinition<Options>,
  args: ReadonlyArray<string>,
): FlagValues<Options> => {
  try {
    return parseArgs({
      args: [...args],
      options: { ...commonOptions, ...definition.options },
      strict: true,
      allowPositionals: false,
    }).values as FlagValues<Options>
  } catch (error) {
    const message = error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error)
    // A stray argument is not repeated: it may be a password typed where no flag takes it.
    throw new UsageError(
      message.startsWith("Unexpected argument") ? "this script takes flags only, no other arguments" : message,
    )
  }
}

/** A whole number from a flag: `undefined` when absent, a {@link UsageError} when not a whole number ≥ `min`. */
export const integerFlag = (name: string, value: string | undefined, min = 0): number | undefined => {
  if (value === undefined) return undefined
  const number = Number(value)
  if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(number) || number < min)
    throw new UsageError(`--${name} must be a whole number of at least ${min}, got '${value}'`)
  return number
}

/** One of `allowed` from a flag, or `fallback` when absent. */
export const choiceFlag = <const Choice extends string>(
  name: string,
  value: string | undefined,
  allowed: ReadonlyArray<Choice>,
  fallback: Choice,
): Choice => {
  if (value === undefined) return fallback
  if (!(allowed as ReadonlyArray<string>).includes(value))
    throw new UsageError(`--${name} must be one of ${allowed.join(", ")}, got '${value}'`)
  return value as Choice
}

/** The message of a failure, with the tag and reason of the SDK's typed errors (which never hold a secret). */
export const describe = (error: unknown): string => {
  if (!(error instanceof Error)) return String(error)
  const tagged = error as Error & { readonly _tag?: unknown; readonly reason?: unknown; readonly details?: unknown }
  const details = Array.isArray(tagged.details) ? tagged.details.filter((entry) => typeof entry === "string") : []
  const tag = typeof tagged._tag === "string" ? tagged._tag : error.name
  const reason = typeof tagged.reason === "string" ? ` (${tagged.reason})` : ""
  const message = error.message || "no message"
  return `${tag}${reason}: ${message}${details.length > 0 ? ` ${details.join(" ")}` : ""}`
}

/**
 * Runs a script: parses its flags, prints the help for `--help`, calls `main` and sets the exit code from what
 * `main` returns. A {@link UsageError} exits with 2, any other failure with 1 — each as one line on stderr.
 */
export const runScript = async <const Options extends ParseArgsOptionsConfig>(
  definition: ScriptDefinition<Options>,
  main: (flags: FlagValues<Options>) => Promise<number>,
): Promise<void> => {
  let code: number
  try {
    const flags = parseFlags(definition, process.argv.slice(2))
    if (flags.help === true) {
      process.stdout.write(helpText(definition))
      code = exitCodes.ok
    } else {
      code = await main(flags)
    }
  } catch (error) {
    const usage = error instanceof UsageError
    warn(`${definition.name}: ${usage ? error.message : describe(error)}`)
    if (usage) warn(`Run 'node src/${definition.name}.ts --help' for the usage.`)
    code = usage ? exitCodes.usage : exitCodes.failed
  }
  process.exitCode = code
}

// ------------------------------------------------------------------------------------------------ connection

const variable = (name: string): string | undefined => {
  const value = process.env[name]
  return value === undefined || value === "" ? undefined : value
}

/**
 * Signs in to the portal of `--portal` (or `ARCGIS_PORTAL_URL`) with the credentials of the environment: a built-in
 * account (`ARCGIS_USERNAME` and `ARCGIS_PASSWORD`), else `ARCGIS_TOKEN`, else `ARCGIS_API_KEY`. Missing pieces are a
 * {@link UsageError}; a wrong password or an unreachable portal rejects with the SDK's typed error.
 */
export const connect = async (portal: string | undefined): Promise<GIS> => {
  const url = portal ?? variable("ARCGIS_PORTAL_URL")
  if (url === undefined) throw new UsageError("no portal: pass --portal <url> or set ARCGIS_PORTAL_URL")
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol))
    throw new UsageError(`the portal must be an http(s) URL, got '${url}'`)
  const username = variable("ARCGIS_USERNAME")
  const password = variable("ARCGIS_PASSWORD")
  const token = variable("ARCGIS_TOKEN")
  const apiKey = variable("ARCGIS_API_KEY")
  if (username !== undefined && password === undefined)
    throw new UsageError("ARCGIS_USERNAME is set but ARCGIS_PASSWORD is not")
  if (username === undefined && password !== undefined)
    throw new UsageError("ARCGIS_PASSWORD is set but ARCGIS_USERNAME is not")
  const credentials =
    username !== undefined && password !== undefined
      ? { username, password }
      : token !== undefined
        ? { token }
        : apiKey !== undefined
          ? { apiKey }
          : undefined
  if (credentials === undefined)
    throw new UsageError(
      "no credentials: set ARCGIS_USERNAME and ARCGIS_PASSWORD, or ARCGIS_TOKEN, or ARCGIS_API_KEY in the environment",
    )
  // Loaded only now: `--help` and usage mistakes answer at once, without loading the SDK.
  const { GIS } = await import("@arcgis-portal/gis")
  return GIS.connect({ url, ...credentials })
}

/** Connects, runs `work`, and closes the connection whatever happens. */
export const withPortal = async <A>(portal: string | undefined, work: (gis: GIS) => Promise<A>): Promise<A> => {
  const gis = await connect(portal)
  try {
    return await work(gis)
  } finally {
    await gis.close()
  }
}

// ------------------------------------------------------------------------------------------------ CSV (RFC 4180)

/** A CSV file that cannot be read: a {@link UsageError} naming the line. */
export class CsvError extends UsageError {}

/**
 * The rows of a CSV text (RFC 4180): fields separated by commas, rows by CRLF or LF; a field in double quotes may
 * hold commas, line breaks and doubled quotes (`""`). A leading byte-order mark is ignored; a quote inside an
 * unquoted field is kept as it is.
 */
export const parseCsv = (text: string): Array<Array<string>> => {
  const rows: Array<Array<string>> = []
  let row: Array<string> = []
  let field = ""
  let quoted = false
  let line = 1
  let quoteLine = 0
  const input = text.startsWith("\uFEFF") ? text.slice(1) : text
  for (let index = 0; index < input.length; index++) {
    const char = input[index]
    if (quoted) {
      if (char === '"') {
        if (input[index + 1] === '"') {
          field += '"'
          index++
        } else {
          quoted = false
        }
      } else {
        if (char === "\n") line++
        field += char
      }
    } else if (char === '"' && field === "") {
      quoted = true
      quoteLine = line
    } else if (char === ",") {
      row.push(field)
      field = ""
    } else if (char === "\n" || char === "\r") {
      if (char === "\r" && input[index + 1] === "\n") index++
      row.push(field)
      rows.push(row)
      row = []
      field = ""
      line++
    } else {
      field += char
    }
  }
  if (quoted) throw new CsvError(`the quoted field that starts on line ${quoteLine} never ends`)
  if (field !== "" || row.length > 0) {
    row.push(field)
    rows.push(row)
  }
  return rows
}

/** A CSV row by column name, with its line number in the file (the header is line 1). */
export interface CsvRecord {
  readonly line: number
  readonly values: { readonly [column: string]: string }
}

/** A column name as scripts compare it: lower case, without spaces, `_` or `-` (`First Name` is `firstname`). */
export const columnKey = (name: string): string =>
  name
    .trim()
    .toLowerCase()
    .replaceAll(/[\s_-]+/g, "")

/**
 * Reads a CSV file with a header row into records keyed by {@link columnKey}. Blank lines are skipped; `required`
 * columns must be in the header (a {@link CsvError} otherwise), and a row with more fields than the header is one.
 */
export const readCsvFile = (
  path: string,
  required: ReadonlyArray<string>,
): { readonly columns: ReadonlyArray<string>; readonly records: ReadonlyArray<CsvRecord> } => {
  let text: string
  try {
    text = readFileSync(path, "utf8")
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? describe(error)}`)
  }
  // Line numbers count physical lines, so that a quoted field with line breaks keeps the next rows' numbers right.
  const rows = parseCsv(text)
  const [header, ...body] = rows
  if (header === undefined) throw new CsvError(`${path} is empty: it needs a header row`)
  const columns = header.map(columnKey)
  const missing = required.filter((name) => !columns.includes(name))
  if (missing.length > 0)
    throw new CsvError(`${path} has no column ${missing.join(", ")} (header: ${header.join(",")})`)
  const records: Array<CsvRecord> = []
  let line = 1 + lineBreaks(header)
  for (const row of body) {
    line += 1
    const rowLine = line
    line += lineBreaks(row)
    if (row.every((value) => value.trim() === "")) continue
    if (row.length > columns.length)
      throw new CsvError(`${path} line ${rowLine} has ${row.length} fields, the header ${columns.length}`)
    records.push({
      line: rowLine,
      values: Object.fromEntries(columns.map((column, index) => [column, (row[index] ?? "").trim()])),
    })
  }
  return { columns, records }
}

const lineBreaks = (row: ReadonlyArray<string>): number =>
  row.reduce((count, field) => count + (field.match(/\r\n|\r|\n/g)?.length ?? 0), 0)

/** A field as CSV writes it: quoted when it holds a comma, a quote, a line break or edge spaces. */
export const csvField = (value: string | number | boolean | undefined | null): string => {
  const text = value === undefined || value === null ? "" : String(value)
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

/** CSV text (RFC 4180, CRLF line ends) of a header and rows. */
export const toCsv = (
  header: ReadonlyArray<string>,
  rows: ReadonlyArray<ReadonlyArray<string | number | boolean | undefined | null>>,
): string => [header, ...rows].map((row) => `${row.map(csvField).join(",")}\r\n`).join("")

/** Writes `text` to `path`, or to stdout without one. */
export const writeOutput = (path: string | undefined, text: string): void => {
  if (path === undefined) {
    process.stdout.write(redact(text))
    return
  }
  try {
    writeFileSync(path, text)
  } catch (error) {
    throw new UsageError(`cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? describe(error)}`)
  }
}

// ------------------------------------------------------------------------------------------------ tables and dates

const cell = (value: string, width: number): string => {
  const flat = value.replaceAll(/\s+/g, " ")
  return flat.length > width ? `${flat.slice(0, width - 1)}…` : flat
}

/** A plain-text table: one line per row, columns padded; cells on one line, cut at `maxWidth` characters. */
export const table = (
  header: ReadonlyArray<string>,
  rows: ReadonlyArray<ReadonlyArray<string | number>>,
  maxWidth = 48,
): string => {
  const cells = [header, ...rows].map((row) => row.map((value) => cell(String(value), maxWidth)))
  const widths = header.map((_, index) => Math.max(...cells.map((row) => (row[index] ?? "").length)))
  return cells
    .map((row) =>
      row
        .map((value, index) => (index === row.length - 1 ? value : value.padEnd(widths[index] ?? 0)))
        .join("  ")
        .trimEnd(),
    )
    .join("\n")
}

/** An epoch-milliseconds date as ISO 8601 (UTC), or an empty string. */
export const isoDate = (millis: number | undefined | null): string =>
  millis === undefined || millis === null || !Number.isFinite(millis) ? "" : new Date(millis).toISOString()

/** Counts of a list by a key, in the order first seen. */
export const countBy = <A>(list: ReadonlyArray<A>, key: (value: A) => string): Map<string, number> => {
  const counts = new Map<string, number>()
  for (const value of list) counts.set(key(value), (counts.get(key(value)) ?? 0) + 1)
  return counts
}

/** `1 item`, `2 items`. */
export const plural = (count: number, noun: string, nouns = `${noun}s`): string =>
  `${count} ${count === 1 ? noun : nouns}`
