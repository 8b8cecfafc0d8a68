/**
 * How many upload parts to keep in flight when the caller did not say: sized by measured throughput, not a constant.
 *
 * A single connection over a real network is limited by its latency and its own throughput (TCP's window, a proxy, a
 * shaper), which is why the portal takes parts in parallel; on a link that is already full, or on one machine, more
 * parts only share the same bytes per second. So the controller starts low and climbs while it pays:
 *
 * 1. it starts with {@link AdaptiveOptions.start} parts in flight (2);
 * 2. a **round** at a level collects as many completed parts as there are in flight, counting only parts that ran
 *    at this level — started after the level changed, or so shortly before that 90% of their time was after it
 *    (a part started just before the change would otherwise hold the round back by a whole part's time); parts that
 *    ran longer at the level before shared the link with fewer parts. The level's aggregate throughput is
 *    `level × Σ bytes / Σ seconds` of those parts — each part's own throughput, times the parts sharing the link;
 * 3. after the first round, and after each round whose throughput rose by at least {@link AdaptiveOptions.minGain}
 *    (10%) over the level before, the level doubles (2 → 4 → 8), up to {@link AdaptiveOptions.max};
 * 4. a round that did not rise that much ends the climb: the level stays where it is — more parts in flight than
 *    needed cost little (a Blob slice is read only as it is sent) while too few cost throughput — unless it is
 *    clearly worse (below `1 − minGain` of the level before: contention), then it goes back to that level. The level
 *    reached at the cap, or where the climb ended, holds for the rest of the upload.
 *
 * A part that completes in under a millisecond was not sent over a network (a resumed upload skips the parts the
 * portal already holds): it is not a sample. The controller is pure — times are given to it — so it is tested with
 * a scripted clock and link, and the uploader reads the clock.
 */

/** The adaptive mode's bounds. */
export interface AdaptiveOptions {
  /** Parts in flight at first. Default 2. */
  readonly start?: number | undefined
  /** The most parts in flight. Default 8. */
  readonly max?: number | undefined
  /** The least rise of aggregate throughput (a fraction) worth doubling again for. Default 0.1. */
  readonly minGain?: number | undefined
}

/** A part as the controller saw it start: when, and at which level. */
export interface Ticket {
  readonly at: number
  readonly round: number
}

/** One finished round: the level, and its aggregate throughput in bytes per millisecond. */
export interface Round {
  readonly level: number
  readonly bytesPerMs: number
}

/** The controller of one upload: the limit now, and what it learns from each part. */
export interface Controller {
  /** Parts allowed in flight now. */
  readonly limit: () => number
  /** Whether the climb has ended (the limit holds from now on). */
  readonly settled: () => boolean
  /** The rounds measured so far, oldest first. */
  readonly rounds: () => ReadonlyArray<Round>
  /** A part starts at `at` (milliseconds, any origin). */
  readonly start: (at: number) => Ticket
  /** The part `ticket` completed at `at` with `bytes` bytes: the limit from now on. */
  readonly complete: (ticket: Ticket, bytes: number, at: number) => number
}

/** Parts in flight at first, when the caller gives no `concurrency`. */
export const defaultStart = 2
/** The most parts in flight the adaptive mode keeps. */
export const defaultMax = 8
/** A part completed faster than this was not sent (skipped by a resumed upload). */
const minSampleMs = 1
/** The least share of a part's time after the level changed for it to count at the new level. */
const minShareAtLevel = 0.9

const whole = (value: number | undefined, fallback: number) =>
  value !== undefined && Number.isFinite(value) ? Math.max(1, Math.floor(value)) : fallback

/** A controller climbing from `start` parts in flight towards `max` while the aggregate throughput rises. */
export const makeController = (options: AdaptiveOptions = {}): Controller => {
  const max = whole(options.max, defaultMax)
  const minGain = Math.max(0, options.minGain ?? 0.1)
  let level = Math.min(max, whole(options.start, defaultStart))
  let round = 0
  let roundStartedAt: number | undefined
  // Starting at the cap: nothing to climb.
  let settled = level >= max
  let sampleBytes = 0
  let sampleMs = 0
  let samples = 0
  const rounds: Array<Round> = []

  const nextRound = (to: number, at: number) => {
    level = to
    round += 1
    roundStartedAt = at
    sampleBytes = 0
    sampleMs = 0
    samples = 0
  }

  const endRound = (at: number) => {
    const measured: Round = { level, bytesPerMs: (level * sampleBytes) / sampleMs }
    const before = rounds.at(-1)
    rounds.push(measured)
    if (before === undefined || measured.bytesPerMs >= before.bytesPerMs * (1 + minGain)) {
      if (level >= max) settled = true
      else nextRound(Math.min(max, level * 2), at)
      return
    }
    settled = true
    // Clearly worse with more parts in flight: the level before was better.
    if (measured.bytesPerMs < before.bytesPerMs * (1 - minGain)) nextRound(before.level, at)
  }

  return {
    limit: () => level,
    settled: () => settled,
    rounds: () => rounds,
    start: (at) => ({ at, round }),
    complete: (ticket, bytes, at) => {
      const ms = at - ticket.at
      if (settled || !(ms >= minSampleMs) || !(bytes > 0)) return level
      const atThisLevel =
        ticket.round === round || (roundStartedAt !== undefined && at - roundStartedAt >= minShareAtLevel * ms)
      if (!atThisLevel) return level
      sampleBytes += bytes
      sampleMs += ms
      samples += 1
      if (samples >= level) endRound(at)
      return level
    },
  }
}
