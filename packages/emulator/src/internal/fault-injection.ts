/**
 * Fault injection (the `faults` option, `setFaults`), for reliability tests: a share of requests fails — a 429 with
 * `Retry-After`, a 503, a dropped connection before or after the request is handled, a slow answer. Deterministic:
 * for a given seed, the same requests fail the same way. The pipeline asks before each request. (The portal's error
 * envelopes are `errors.ts`.)
 */

/**
 * How an injected fault fails a request: `"429"` rate-limited (a 429 envelope with `Retry-After`), `"503"` service
 * unavailable (HTTP 503), `"reset"` the connection dropped before the request is handled, `"reset-after"` dropped
 * after it is handled (its write committed), `"slow"` answered after {@link FaultOptions.slowMs}.
 */
export type FaultKind = "429" | "503" | "reset" | "reset-after" | "slow"

/** Which requests fail, and how (`startEmulator`'s `faults`). */
export interface FaultOptions {
  /** Share of requests that fail, 0..1. */
  readonly rate: number
  /** The kinds of failure, picked at random (by the seed) for each failing request. */
  readonly kinds: ReadonlyArray<FaultKind>
  /** The seed of the random choices. Default 1. */
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

/** A function answering, request by request, the fault to inject into a request to `path` (none: `undefined`). */
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
