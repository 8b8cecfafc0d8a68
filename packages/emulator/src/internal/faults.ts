/** Deterministic fault injection: for a given seed, the same requests fail the same way. */
export type FaultKind = "429" | "503" | "reset" | "reset-after" | "slow"

export interface FaultOptions {
  /** Share of requests that fail, 0..1. */
  readonly rate: number
  readonly kinds: ReadonlyArray<FaultKind>
  readonly seed?: number | undefined
  /** Delay of a `slow` answer. Default 2 000 ms. */
  readonly slowMs?: number | undefined
  /** `Retry-After` of a 429, in seconds. Default 1. */
  readonly retryAfterSeconds?: number | undefined
  /** Paths (after `/sharing/rest/`) never faulted, e.g. `generateToken`. */
  readonly exempt?: ReadonlyArray<string> | undefined
}

/** mulberry32: a small seeded PRNG. */
const prng = (seed: number) => {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export const makeFaults = (options: FaultOptions | undefined) => {
  if (options === undefined || options.rate <= 0 || options.kinds.length === 0) return () => undefined
  const random = prng(options.seed ?? 1)
  const exempt = new Set((options.exempt ?? []).map((path) => path.toLowerCase()))
  return (path: string): FaultKind | undefined => {
    const hit = random()
    const pick = random()
    if (exempt.has(path.toLowerCase())) return undefined
    if (hit >= options.rate) return undefined
    return options.kinds[Math.floor(pick * options.kinds.length)]
  }
}
