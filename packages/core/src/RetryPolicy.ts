/**
 * When a failed request is sent again.
 *
 * The rule, in one place:
 * - A **read** (GET, or a POST the operation marks idempotent) is retried after a network failure,
 *   a timeout, HTTP 5xx, and the portal's 429/502/503/504.
 * - A **write** is retried only when it provably never reached the server (connection refused,
 *   host not found) or when the portal itself said 429 or 503 (it did not process the request).
 *   Never after a timeout or a connection dropped mid-flight: the portal may have committed it,
 *   and sending it again could create an item twice.
 * - Delays grow exponentially with jitter; a `Retry-After` from the portal is honoured.
 * - 498/499 (token) failures are not retried here: the token session refreshes and retries once.
 *
 * @module
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Random from "effect/Random"
import type { PortalFailure } from "./PortalError.ts"

/** How many times and how patiently to retry. */
export interface RetryPolicy {
  /** Retries after the first attempt; `0` disables retries. Default 3. */
  readonly times: number
  /** The first delay; each retry doubles it. Default 250 ms. */
  readonly base: Duration.Input
  /** The longest delay between two attempts, `Retry-After` included. Default 30 s. */
  readonly maxDelay: Duration.Input
}

/** What requests use unless `Portal.layer` is given a `retry` policy: 3 retries, from 250 ms, at most 30 s apart. */
export const defaultPolicy: RetryPolicy = { times: 3, base: "250 millis", maxDelay: "30 seconds" }

/** No retries at all. */
export const none: RetryPolicy = { times: 0, base: 0, maxDelay: 0 }

/** Whether `error` justifies another attempt of a request that is (or is not) idempotent. */
export const shouldRetry = (error: PortalFailure, idempotent: boolean): boolean => {
  switch (error._tag) {
    case "PortalError":
      if (error.code === 429 || error.code === 503) return true
      return idempotent && (error.reason === "ServiceUnavailable" || error.reason === "ServerError")
    case "TransportError":
      if (error.reason === "Network" && !error.reachedServer) return true
      return idempotent && error.retryable
    default:
      return false
  }
}

/** The delay before retry number `attempt` (0-based), honouring the portal's `Retry-After`. */
export const delayFor = (
  policy: RetryPolicy,
  error: PortalFailure,
  attempt: number,
): Effect.Effect<Duration.Duration> =>
  Effect.map(Random.next, (random) => {
    const base = Duration.toMillis(Duration.fromInputUnsafe(policy.base))
    const max = Duration.toMillis(Duration.fromInputUnsafe(policy.maxDelay))
    const exponential = base * 2 ** attempt
    const jittered = exponential / 2 + (random * exponential) / 2
    const asked = error._tag === "PortalError" && error.retryAfter !== undefined ? error.retryAfter * 1000 : 0
    return Duration.millis(Math.min(max, Math.max(jittered, asked)))
  })

/** Runs `attempt`, retrying it under `policy` as the rule above allows. */
export const retrying = <A, E extends PortalFailure, R>(
  policy: RetryPolicy,
  idempotent: boolean,
  attempt: Effect.Effect<A, E, R>,
): Effect.Effect<A, E, R> => {
  const loop = (n: number): Effect.Effect<A, E, R> =>
    Effect.catch(attempt, (error: E) =>
      n >= policy.times || !shouldRetry(error, idempotent)
        ? Effect.fail(error)
        : Effect.flatMap(delayFor(policy, error, n), (delay) => Effect.andThen(Effect.sleep(delay), loop(n + 1))),
    )
  return loop(0)
}
