/** Progress bars for the upload (bytes sent) and for jobs (the portal only says "processing", then done). */

const width = 30

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
export const jobProgress = (label: string, log: (line: string) => void) => {
  const started = Date.now()
  let polls = 0
  return (status: { readonly status: string }) => {
    const finished = status.status === "completed" || status.status === "esriJobSucceeded"
    const seconds = ((Date.now() - started) / 1000).toFixed(1)
    if (finished) {
      log(`${label}: ${status.status} ${bar(1, 1)} in ${seconds}s`)
      return
    }
    polls++
    // Creeps towards (never reaches) the end: 1 - 0.7^polls of the bar.
    const filled = Math.min(width - 1, Math.round(width * (1 - 0.7 ** polls)))
    log(`${label}: ${status.status} [${"#".repeat(filled)}${".".repeat(width - filled)}] ${seconds}s`)
  }
}
