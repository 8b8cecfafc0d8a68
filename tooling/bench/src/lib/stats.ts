/** Median, min and max of a series of measurements, and the formatting shared by every benchmark. */
export interface Summary {
  readonly median: number
  readonly min: number
  readonly max: number
  readonly runs: ReadonlyArray<number>
}

export const summarize = (runs: ReadonlyArray<number>): Summary => {
  if (runs.length === 0) throw new Error("summarize: no runs")
  const sorted = [...runs].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  const median = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]!, runs: [...runs] }
}

const trim = (value: number): string =>
  value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value >= 1 ? value.toFixed(2) : value.toFixed(3)

/** `412 ms (398–430)` */
export const formatSummary = (summary: Summary, unit: string): string =>
  `${trim(summary.median)} ${unit} (${trim(summary.min)}–${trim(summary.max)})`

export const formatNumber = trim

export const MiB = 1024 * 1024

/** `1GiB`, `64MiB`, `512KiB`, `1000000`. */
export const parseSize = (text: string): number => {
  const match = /^(\d+(?:\.\d+)?)\s*(GiB|MiB|KiB|G|M|K|B)?$/i.exec(text.trim())
  if (match === null) throw new Error(`--size: cannot read ${JSON.stringify(text)} (try 1GiB, 256MiB)`)
  const factor: Record<string, number> = { g: 1024 ** 3, gib: 1024 ** 3, m: MiB, mib: MiB, k: 1024, kib: 1024, b: 1 }
  return Math.round(Number(match[1]) * (factor[(match[2] ?? "b").toLowerCase()] ?? 1))
}
