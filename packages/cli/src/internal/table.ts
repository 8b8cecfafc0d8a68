/**
 * Tables for people (aligned columns, cut to the terminal's width) and tab-separated lines for pipes. Pure: the
 * output service decides where they go. Every value from the portal is sanitized first: a title with terminal escape
 * sequences must not be able to rewrite the user's screen.
 */
import { CliOutput } from "effect/cli"

/** One column of a listing. */
export interface Column<A> {
  readonly header: string
  readonly value: (row: A) => string
  /** The widest the column may be; longer values end with `…`. */
  readonly max?: number | undefined
  readonly align?: "left" | "right" | undefined
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is removed here.
const controlCharacters = /[\u0000-\u001f\u007f-\u009f]/g

/** A value safe to print on a terminal or in one TSV field: control characters (escapes, tabs, newlines) become spaces. */
export const sanitize = (text: string): string => text.replace(controlCharacters, " ")

/** The width a text takes on a terminal (wide characters count twice). */
export const widthOf = (text: string): number => CliOutput.displayWidth(text)

/** `text` cut to `width` columns, ending with `…` when cut. */
export const truncate = (text: string, width: number): string => {
  if (width <= 0) return ""
  if (widthOf(text) <= width) return text
  let result = ""
  let used = 0
  for (const character of text) {
    const next = widthOf(character)
    if (used + next > width - 1) break
    result += character
    used += next
  }
  return `${result}…`
}

const pad = (text: string, width: number, align: "left" | "right" | undefined): string => {
  const fill = " ".repeat(Math.max(0, width - widthOf(text)))
  return align === "right" ? fill + text : text + fill
}

const gap = "  "

/**
 * Column widths for `rows`: each column as wide as its widest value or header, at most its `max`; when the total
 * exceeds `terminalWidth`, the widest columns give way first (never below 8 or their header).
 */
export const widths = <A>(
  columns: ReadonlyArray<Column<A>>,
  rows: ReadonlyArray<A>,
  terminalWidth: number | undefined,
): ReadonlyArray<number> => {
  const result = columns.map((column) => {
    let width = widthOf(column.header)
    for (const row of rows) width = Math.max(width, widthOf(sanitize(column.value(row))))
    return column.max === undefined ? width : Math.min(width, Math.max(column.max, widthOf(column.header)))
  })
  if (terminalWidth === undefined) return result
  const floor = columns.map((column) => Math.max(8, widthOf(column.header)))
  let excess = result.reduce((sum, width) => sum + width, 0) + gap.length * (columns.length - 1) - terminalWidth
  while (excess > 0) {
    let widest = -1
    for (let index = 0; index < result.length; index++)
      if (result[index]! > floor[index]! && (widest < 0 || result[index]! > result[widest]!)) widest = index
    if (widest < 0) break
    result[widest] = result[widest]! - 1
    excess--
  }
  return result
}

/** One row, each value cut and padded to its column's width (the last column is not padded). */
export const row = <A>(columns: ReadonlyArray<Column<A>>, columnWidths: ReadonlyArray<number>, value: A): string =>
  columns
    .map((column, index) => {
      const width = columnWidths[index] ?? 0
      const text = truncate(sanitize(column.value(value)), width)
      return index === columns.length - 1 && column.align !== "right" ? text : pad(text, width, column.align)
    })
    .join(gap)
    .trimEnd()

/** The header line. */
export const header = <A>(columns: ReadonlyArray<Column<A>>, columnWidths: ReadonlyArray<number>): string =>
  columns
    .map((column, index) => pad(column.header.toUpperCase(), columnWidths[index] ?? 0, column.align))
    .join(gap)
    .trimEnd()

/** A whole table: header and rows, sized to the rows and the terminal. */
export const render = <A>(
  columns: ReadonlyArray<Column<A>>,
  rows: ReadonlyArray<A>,
  terminalWidth: number | undefined,
): ReadonlyArray<string> => {
  const columnWidths = widths(columns, rows, terminalWidth)
  return [header(columns, columnWidths), ...rows.map((value) => row(columns, columnWidths, value))]
}

/** One row as tab-separated values (no header, nothing cut): what a pipe gets without `--json`. */
export const tsv = <A>(columns: ReadonlyArray<Column<A>>, value: A): string =>
  columns.map((column) => sanitize(column.value(value))).join("\t")

/** Key/value lines of one record, keys aligned. */
export const keyValues = (entries: ReadonlyArray<readonly [string, string]>): ReadonlyArray<string> => {
  const width = Math.max(0, ...entries.map(([key]) => widthOf(key)))
  return entries.map(([key, value]) => `${pad(`${key}:`, width + 1, "left")} ${sanitize(value)}`.trimEnd())
}

/** A date (epoch milliseconds) as `YYYY-MM-DD`, or empty. */
export const date = (millis: number | undefined | null): string =>
  typeof millis === "number" && Number.isFinite(millis) ? new Date(millis).toISOString().slice(0, 10) : ""

/** A byte count for people: `512 B`, `1.5 KiB`, `12.0 MiB`. */
export const bytes = (count: number | undefined | null): string => {
  if (typeof count !== "number" || !Number.isFinite(count)) return ""
  if (count < 1024) return `${count} B`
  const units = ["KiB", "MiB", "GiB", "TiB"]
  let value = count / 1024
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return `${value.toFixed(1)} ${units[unit]}`
}
