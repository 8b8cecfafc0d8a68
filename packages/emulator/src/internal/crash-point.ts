/**
 * A test hook for crash safety. The steps of a first start are marked with `crashPoint(step)`; with
 * `ARCGIS_PORTAL_EMULATOR_KILL_AT_STEP=<n>` in its environment the process SIGKILLs itself at the n-th of them — a
 * real kill: nothing is flushed, closed or rolled back. The crash test kills a first start at every step in turn and
 * checks that the next start on the same data directory serves the complete seed. Without the variable the marks
 * cost one environment lookup each, at start-up only.
 */
const variable = "ARCGIS_PORTAL_EMULATOR_KILL_AT_STEP"

let reached = 0

export const crashPoint = (step: string): void => {
  const target = process.env[variable]
  if (target === undefined) return
  reached += 1
  if (reached !== Number(target)) return
  // Pipes to a parent are written synchronously on POSIX, so the test reads which step this was.
  process.stderr.write(`[emulator] killed at start-up step ${reached}: ${step}\n`)
  process.kill(process.pid, "SIGKILL")
}
