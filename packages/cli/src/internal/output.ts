/**
 * Where results go. On a terminal: aligned tables and sentences. Into a pipe: tab-separated lines. `--json`: one
 * JSON document once everything is known. `--ndjson`: one JSON line per result, written as results arrive. Notes and
 * progress go to stderr, so stdout holds only results.
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import { usage } from "./errors.ts"
import { Json, Ndjson } from "./global-flags.ts"
import * as Progress from "./progress.ts"
import * as Table from "./table.ts"

/** How results are printed. */
export type Mode = "table" | "tsv" | "json" | "ndjson"

/** How a listing shows its rows: columns for people and pipes, a JSON value for `--json`/`--ndjson`. */
export interface ListView<A> {
  readonly columns: ReadonlyArray<Table.Column<A>>
  readonly json: (row: A) => unknown
}

/** The output service. */
export interface OutputShape {
  readonly mode: Mode
  /** Streams rows: table rows as they arrive (widths fixed by the first page), TSV or NDJSON lines; or one JSON array. */
  readonly list: <A, E, R>(rows: Stream.Stream<A, E, R>, view: ListView<A>) => Effect.Effect<number, E, R>
  /**
   * The rows of a batch (an import, a sync, a bulk operation) as they complete, then its summary: on a terminal
   * the table and the summary on stdout; into a pipe or with `--ndjson` the rows on stdout and the summary on stderr;
   * with `--json` one document `{ results, summary }`. Returns every row.
   */
  readonly batch: <A, E, R>(
    rows: Stream.Stream<A, E, R>,
    view: ListView<A>,
    summarize: (rows: ReadonlyArray<A>) => { readonly lines: ReadonlyArray<string>; readonly json: unknown },
  ) => Effect.Effect<ReadonlyArray<A>, E, R>
  /** One record: `key: value` lines, or the JSON value. */
  readonly record: (json: unknown, entries: ReadonlyArray<readonly [string, string]>) => Effect.Effect<void>
  /** The outcome of an action: a sentence for people, the JSON value for scripts. */
  readonly done: (sentence: string, json: unknown) => Effect.Effect<void>
  /** A line on stderr for people (hints, warnings); never a result. */
  readonly note: (line: string) => Effect.Effect<void>
  /** A byte progress bar on stderr when it is a terminal; silent otherwise. */
  readonly progress: (label: string, total: number | undefined) => Progress.Progress
  /** Whether stdin and stderr are terminals (prompts, progress). */
  readonly stdinIsTerminal: boolean
  readonly stderrIsTerminal: boolean
}

export class Output extends Context.Service<Output, OutputShape>()("@arcgis-portal/cli/Output") {}

/** What the output writes to: the process's streams, or a test's. */
export interface Streams {
  readonly stdout: { readonly write: (text: string) => unknown; readonly isTTY?: boolean | undefined }
  readonly stderr: {
    readonly write: (text: string) => unknown
    readonly isTTY?: boolean | undefined
    readonly columns?: number | undefined
  }
  readonly stdinIsTerminal: boolean
  readonly columns: number | undefined
}

const processStreams = (): Streams => ({
  stdout: process.stdout,
  stderr: process.stderr,
  stdinIsTerminal: process.stdin.isTTY === true,
  columns: process.stdout.isTTY === true ? process.stdout.columns : undefined,
})

/** JSON for output: big integers as strings, `undefined` dropped, two-space indentation. */
const stringify = (value: unknown, indent?: number): string =>
  JSON.stringify(value, (_key, field) => (typeof field === "bigint" ? field.toString() : field), indent)

/** Builds the output for a mode and a set of streams. */
export const make = (mode: Mode, streams: Streams): OutputShape => {
  const out = (line: string) => Effect.sync(() => streams.stdout.write(`${line}\n`))
  const list: OutputShape["list"] = (rows, view) =>
    Effect.gen(function* () {
      let count = 0
      switch (mode) {
        case "json": {
          const all: Array<unknown> = []
          yield* Stream.runForEachArray(rows, (chunk) =>
            Effect.sync(() => {
              for (const value of chunk) all.push(view.json(value))
              count += chunk.length
            }),
          )
          yield* out(stringify(all, 2))
          return count
        }
        case "ndjson":
          yield* Stream.runForEachArray(rows, (chunk) =>
            Effect.sync(() => {
              streams.stdout.write(chunk.map((value) => `${stringify(view.json(value))}\n`).join(""))
              count += chunk.length
            }),
          )
          return count
        case "tsv":
          yield* Stream.runForEachArray(rows, (chunk) =>
            Effect.sync(() => {
              streams.stdout.write(chunk.map((value) => `${Table.tsv(view.columns, value)}\n`).join(""))
              count += chunk.length
            }),
          )
          return count
        case "table": {
          let widths: ReadonlyArray<number> | undefined
          yield* Stream.runForEachArray(rows, (chunk) =>
            Effect.sync(() => {
              if (widths === undefined) {
                widths = Table.widths(view.columns, chunk, streams.columns)
                streams.stdout.write(`${Table.header(view.columns, widths)}\n`)
              }
              const fixed = widths
              streams.stdout.write(chunk.map((value) => `${Table.row(view.columns, fixed, value)}\n`).join(""))
              count += chunk.length
            }),
          )
          if (count === 0) streams.stderr.write("No results.\n")
          return count
        }
      }
    })
  const batch = <A, E, R>(
    rows: Stream.Stream<A, E, R>,
    view: ListView<A>,
    summarize: (rows: ReadonlyArray<A>) => { readonly lines: ReadonlyArray<string>; readonly json: unknown },
  ) =>
    Effect.gen(function* () {
      const all: Array<A> = []
      const collected = Stream.tap(rows, (row) => Effect.sync(() => all.push(row)))
      if (mode === "json") {
        yield* Stream.runDrain(collected)
        const summary = summarize(all)
        yield* out(stringify({ results: all.map(view.json), summary: summary.json }, 2))
        return all as ReadonlyArray<A>
      }
      yield* list(collected, view)
      const summary = summarize(all)
      const target = mode === "table" ? streams.stdout : streams.stderr
      yield* Effect.sync(() => {
        for (const line of summary.lines) target.write(`${line}\n`)
      })
      return all as ReadonlyArray<A>
    })
  return {
    mode,
    list,
    batch,
    record: (json, entries) => {
      switch (mode) {
        case "json":
          return out(stringify(json, 2))
        case "ndjson":
          return out(stringify(json))
        case "tsv":
          return Effect.sync(() => {
            for (const [key, value] of entries) streams.stdout.write(`${key}\t${Table.sanitize(value)}\n`)
          })
        case "table":
          return Effect.sync(() => {
            for (const line of Table.keyValues(entries)) streams.stdout.write(`${line}\n`)
          })
      }
    },
    done: (sentence, json) =>
      mode === "json" ? out(stringify(json, 2)) : mode === "ndjson" ? out(stringify(json)) : out(sentence),
    note: (line) => Effect.sync(() => streams.stderr.write(`${line}\n`)),
    progress: (label, total) =>
      streams.stderr.isTTY === true ? Progress.onTerminal(streams.stderr, label, total) : Progress.silent,
    stdinIsTerminal: streams.stdinIsTerminal,
    stderrIsTerminal: streams.stderr.isTTY === true,
  }
}

/** The mode the flags and stdout ask for: `--json`, `--ndjson`, a table on a terminal, TSV into a pipe. */
export const modeOf = (flags: { readonly json: boolean; readonly ndjson: boolean }, stdoutIsTerminal: boolean) =>
  flags.json && flags.ndjson
    ? Effect.fail(usage("--json and --ndjson cannot be used together"))
    : Effect.succeed<Mode>(flags.json ? "json" : flags.ndjson ? "ndjson" : stdoutIsTerminal ? "table" : "tsv")

/** The output of this process, from the global `--json`/`--ndjson` flags. */
export const layer = Layer.effect(
  Output,
  Effect.gen(function* () {
    const streams = processStreams()
    const mode = yield* modeOf({ json: yield* Json, ndjson: yield* Ndjson }, streams.stdout.isTTY === true)
    return make(mode, streams)
  }),
)
