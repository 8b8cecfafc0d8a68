/** What every worker is given, and how it times its runs (no client library imported here). */

export interface WorkerConfig {
  readonly contender: string
  readonly url: string
  readonly restUrl: string
  readonly token: string
  readonly username: string
  readonly runs: number
  readonly warmup: number
}

/** Runs `once` `warmup` times unmeasured, then `runs` times measured (milliseconds each). */
export const measure = async (
  config: Pick<WorkerConfig, "runs" | "warmup">,
  once: () => Promise<void>,
): Promise<Array<number>> => {
  for (let i = 0; i < config.warmup; i++) await once()
  const times: Array<number> = []
  for (let i = 0; i < config.runs; i++) {
    const started = performance.now()
    await once()
    times.push(performance.now() - started)
  }
  return times
}
