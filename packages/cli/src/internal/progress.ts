/**
 * A byte-level progress bar on stderr when it is a terminal (redrawn in place, at most ten times a second); nothing
 * at all when it is not, so logs and pipes stay clean. `render` is pure, for tests.
 */
import { bytes, truncate, widthOf } from "./table.ts"

/** What the bar shows. */
export interface ProgressState {
  readonly label: string
  readonly bytes: number
  readonly total: number | undefined
  readonly elapsedMillis: number
}

/** One line: `label  [#####-----]  45%  12.0 MiB / 26.7 MiB  3.2 MiB/s`, at most `width` columns. */
export const render = (state: ProgressState, width: number): string => {
  const rate = state.elapsedMillis > 0 ? (state.bytes / state.elapsedMillis) * 1000 : 0
  const amounts =
    state.total === undefined ? bytes(state.bytes) : `${bytes(state.bytes)} / ${bytes(state.total)}`.padStart(21)
  const tail = `  ${amounts}  ${`${bytes(Math.round(rate))}/s`.padStart(11)}`
  if (state.total === undefined || state.total <= 0) {
    return truncate(`${state.label}${tail}`, width)
  }
  const fraction = Math.min(1, state.bytes / state.total)
  const percent = `${Math.floor(fraction * 100)}%`.padStart(4)
  const label = truncate(state.label, Math.max(8, Math.min(30, width - 60)))
  const barWidth = Math.max(10, Math.min(40, width - widthOf(label) - widthOf(tail) - 10))
  const filled = Math.round(fraction * barWidth)
  const line = `${label}  [${"#".repeat(filled)}${"-".repeat(barWidth - filled)}] ${percent}${tail}`
  return truncate(line, width)
}

/** A running bar: `update` as bytes move, `finish` once (clears the line, leaving the terminal as it was). */
export interface Progress {
  readonly update: (bytes: number, total?: number | undefined) => void
  readonly finish: () => void
}

/** A bar that draws nothing: stderr is not a terminal. */
export const silent: Progress = { update: () => {}, finish: () => {} }

/** A bar drawn on `stream` (a TTY), redrawn at most every 100 ms and always at 100%. */
export const onTerminal = (
  stream: { readonly write: (text: string) => unknown; readonly columns?: number | undefined },
  label: string,
  total: number | undefined,
  now: () => number = Date.now,
): Progress => {
  const started = now()
  let last = Number.NEGATIVE_INFINITY
  let current = 0
  let size = total
  let finished = false
  const draw = () => {
    const line = render(
      { label, bytes: current, total: size, elapsedMillis: now() - started },
      (stream.columns ?? 80) - 1,
    )
    stream.write(`\r\u001b[2K${line}`)
  }
  return {
    update: (bytes, newTotal) => {
      if (finished) return
      current = Math.max(current, bytes)
      if (newTotal !== undefined) size = newTotal
      const time = now()
      if (time - last >= 100 || (size !== undefined && current >= size)) {
        last = time
        draw()
      }
    },
    finish: () => {
      if (finished) return
      finished = true
      stream.write("\r\u001b[2K")
    },
  }
}
