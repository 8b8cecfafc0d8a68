/** What a benchmark reports. */
import type { Emulator } from "./emulator.ts"
import type { Summary } from "./stats.ts"

export interface Measurement {
  readonly contender: string
  /** What exactly ran. */
  readonly label: string
  readonly unit: string
  readonly summary: Summary
  readonly extra?: Readonly<Record<string, unknown>> | undefined
}

export interface Target {
  readonly description: string
  /** `undefined`: not measured (e.g. a contender failed). */
  readonly met: boolean | undefined
  readonly actual: string
}

export interface BenchResult {
  readonly id: string
  readonly title: string
  readonly measurements: ReadonlyArray<Measurement>
  /** The targets; empty for a benchmark that only reports (then `headline` goes in the summary). */
  readonly targets: ReadonlyArray<Target>
  /** The result in one line, for the summary table of a benchmark without a target. */
  readonly headline?: string | undefined
  readonly notes?: ReadonlyArray<string> | undefined
  readonly details?: unknown
}

export interface Context {
  readonly runs: number
  readonly warmup: number
  readonly size: number
  /** B2's memory curve goes on to 4 GiB (`--curve`). */
  readonly curve: boolean
  /** The shared emulator (10,000 paging items), started on first use. */
  readonly emulator: () => Promise<Emulator>
  readonly log: (line: string) => void
}
