/**
 * Progress bars for the upload (bytes sent) and for jobs (the portal only says "processing", then done). On a
 * terminal a bar redraws in place; in a log or a pipe it prints one plain line each time its text changes.
 */

const width = 30

/** Prints one line. */
export type Log = (line: string) => void

/**
 * Rewrites the terminal's current line with `line`; `final` ends it with a newline. Given only when the output is
 * a TTY (see {@link terminalRedraw}).
 */
export type Redraw = (line: string, final: boolean) => void

/** A redraw on `stream` when it is a terminal (carriage return, erase the line, write), otherwise `undefined`. */
export const terminalRedraw = (stream: {
  readonly isTTY?: boolean | undefined
  readonly write: (text: string) => unknown
}): Redraw | undefined =>
  stream.isTTY === true ? (line, final) => stream.write(`\r\x1b[2K${line}${final ? "\n" : ""}`) : undefined

/** The same redraw with every line indented: chapters indent their lines, their bars too. */
export const indented = (redraw: Redraw | undefined, indent: string): Redraw | undefined =>
  redraw && ((line, final) => redraw(`${indent}${line}`, final))

/**
 * One progress display. Identical text is never printed twice; with `redraw` each change replaces the line and
 * the final state ends it, without it each change is a line of its own.
 */
export const progressLine = (log: Log, redraw: Redraw | undefined) => {
  let last: string | undefined
  return (line: string, final = false): void => {
    if (line === last && !(final && redraw)) return
    last = line
    if (redraw) redraw(line, final)
    else log(line)
  }
}

/** `[#####.........] 17%` for `done` of `total`. */
export const bar = (done: number, total: number | undefined): string => {
  const ratio = total ? Math.min(1, done / total) : 0
  const filled = Math.round(ratio * width)
  return `[${"#".repeat(filled)}${".".repeat(width - filled)}] ${Math.round(ratio * 100)}%`
}

/**
 * Reports a job's statuses as a bar: the portal gives no percentage, so the bar creeps forward with
 * each poll while the job runs and fills when it has finished.
 */
export const jobProgress = (label: string, log: Log, redraw?: Redraw | undefined) => {
  const started = Date.now()
  const show = progressLine(log, redraw)
  let polls = 0
  return (status: { readonly status: string }) => {
    const finished = status.status === "completed" || status.status === "esriJobSucceeded"
    const seconds = ((Date.now() - started) / 1000).toFixed(1)
    if (finished) {
      show(`${label}: ${status.status} ${bar(1, 1)} in ${seconds}s`, true)
      return
    }
    polls++
    // Creeps towards (never reaches) the end: 1 - 0.7^polls of the bar.
    const filled = Math.min(width - 1, Math.round(width * (1 - 0.7 ** polls)))
    show(`${label}: ${status.status} [${"#".repeat(filled)}${".".repeat(width - filled)}] ${seconds}s`)
  }
}
