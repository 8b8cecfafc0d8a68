/**
 * A cached token with single-flight acquisition: however many fibers want a token at once, and
 * however many of them saw it rejected, exactly one request for a new token is in flight. Tokens
 * are renewed shortly before they expire (a skew of a tenth of their lifetime, at most a minute).
 *
 * @module
 */
import * as Clock from "effect/Clock"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Redacted from "effect/Redacted"
import type { TokenGrant } from "./AuthStrategy.ts"
import type { PortalFailure } from "./PortalError.ts"

/** Why a token is being acquired. */
export type AcquireReason = "initial" | "expiring" | "rejected"

/**
 * One cached token and the single acquisition in flight for it, made with {@link make}; `Auth` keeps one for the
 * portal and one per federated server.
 */
export interface TokenSession {
  /** The current token, acquiring (once, for everyone) when there is none or it is about to expire. */
  readonly get: Effect.Effect<TokenGrant, PortalFailure>
  /**
   * Forgets `token` because the portal rejected it. A no-op when the session has already moved
   * on to another token, so a burst of rejections leads to one acquisition.
   *
   * Answers whether the rejection is explained by time — the token had reached its renewal margin by this
   * session's clock (it expired while the request waited to be served), or the session had already moved on to a
   * newer token — so that trying once more with the next token can succeed. A token rejected while it was still
   * fresh answers `false`: the portal refuses it for another reason, and another token may fare no better.
   */
  readonly invalidate: (token: Redacted.Redacted<string>) => Effect.Effect<boolean>
  /** The cached grant, without acquiring. */
  readonly current: Effect.Effect<TokenGrant | undefined>
}

/** How early a {@link TokenSession} renews a token. */
export interface Options {
  /** The longest margin before expiry at which a token is renewed. Default 60 000 ms. */
  readonly maxSkewMillis?: number | undefined
}

interface State {
  grant: TokenGrant | undefined
  obtainedAt: number
  rejected: boolean
  inflight: Deferred.Deferred<TokenGrant, PortalFailure> | undefined
}

/** Makes a session around `acquire`. */
export const make = (
  acquire: (reason: AcquireReason, previous: TokenGrant | undefined) => Effect.Effect<TokenGrant, PortalFailure>,
  options: Options = {},
): TokenSession => {
  const maxSkew = options.maxSkewMillis ?? 60_000
  const state: State = { grant: undefined, obtainedAt: 0, rejected: false, inflight: undefined }

  /** Whether the grant is before its renewal margin (a tenth of its lifetime, at most `maxSkew`) at `now`. */
  const timely = (grant: TokenGrant, now: number): boolean => {
    if (grant.expires === undefined) return true
    const skew = Math.min(maxSkew, Math.max(0, (grant.expires - state.obtainedAt) / 10))
    return now < grant.expires - skew
  }
  const fresh = (now: number): boolean => state.grant !== undefined && !state.rejected && timely(state.grant, now)

  const start: Effect.Effect<Deferred.Deferred<TokenGrant, PortalFailure>> = Effect.suspend(() => {
    const deferred = Deferred.makeUnsafe<TokenGrant, PortalFailure>()
    state.inflight = deferred
    const reason: AcquireReason = state.grant === undefined ? "initial" : state.rejected ? "rejected" : "expiring"
    const previous = state.grant
    const run = Effect.flatMap(Effect.exit(acquire(reason, previous)), (exit) =>
      Effect.flatMap(Clock.currentTimeMillis, (obtainedAt) => {
        state.inflight = undefined
        if (Exit.isSuccess(exit)) {
          state.grant = exit.value
          state.obtainedAt = obtainedAt
          state.rejected = false
        }
        return Deferred.done(deferred, exit)
      }),
    )
    // Detached: a waiter that is interrupted must not cancel the acquisition for the others.
    return Effect.as(Effect.forkDetach(run), deferred)
  })

  const get: Effect.Effect<TokenGrant, PortalFailure> = Effect.flatMap(Clock.currentTimeMillis, (now) => {
    if (fresh(now) && state.grant !== undefined) return Effect.succeed(state.grant)
    const inflight = state.inflight
    if (inflight !== undefined) return Deferred.await(inflight)
    return Effect.flatMap(start, Deferred.await)
  })

  const invalidate = (token: Redacted.Redacted<string>): Effect.Effect<boolean> =>
    Effect.map(Clock.currentTimeMillis, (now) => {
      const grant = state.grant
      if (grant === undefined) return false
      if (Redacted.value(grant.token) !== Redacted.value(token)) return true
      state.rejected = true
      return !timely(grant, now)
    })

  return { get, invalidate, current: Effect.sync(() => state.grant) }
}
