/**
 * What every facade object shares: the managed runtime of its `GIS` (one per connection), the way
 * an Effect becomes a Promise (rejecting with the typed error itself, never a FiberFailure; an
 * `AbortSignal` interrupting the fiber), and the optional file system a Node connection brings.
 */
import { PortalError } from "@arcgis-portal/core"
import * as Cause from "effect/Cause"
import type * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import type * as ManagedRuntime from "effect/ManagedRuntime"
import * as Stream from "effect/Stream"
import type { ContentServices } from "../ContentLayer.ts"
import { AbortError } from "../Errors.ts"

/**
 * File access a Node connection (`@arcgis-portal/gis/node`) provides: Python's path arguments
 * (`save_path`, `data="./file.csv"`) need it; browsers do without.
 */
export interface FileSystem {
  /** A file on disk as a `File`, read only as it is sent. */
  readonly read: (path: string) => Effect.Effect<File, PortalError.InvalidInput>
  /** Writes a byte stream to `folder/name` (default folder: the temporary directory); returns the path. */
  readonly write: <E>(
    stream: Stream.Stream<Uint8Array, E>,
    folder: string | undefined,
    name: string,
  ) => Effect.Effect<string, E | PortalError.PortalFailure>
}

/**
 * One connection's shared state. `R` is what its runtime provides: the content services for
 * `@arcgis-portal/gis/content`, every service for the full `GIS`.
 */
export interface Session<R = ContentServices> {
  readonly runtime: ManagedRuntime.ManagedRuntime<R, PortalError.InvalidInput>
  readonly files: FileSystem | undefined
  /** The portal's base URL (`https://host/portal`). */
  readonly portalUrl: string
}

/** Where facade objects keep their session (not enumerable, not part of their JSON). */
export const sessionKey: unique symbol = Symbol.for("@arcgis-portal/gis/session") as never

/**
 * How one call may be cancelled: the caller's `AbortSignal`, and the operation the `AbortError`
 * names (`"ContentManager.searchAll"`).
 */
export interface Cancel {
  readonly signal: AbortSignal | undefined
  readonly operation: string
}

/** The `Cancel` of a call from its options (whatever a plain-JavaScript caller passed as them). */
export const cancel = (operation: string, options: unknown): Cancel => ({
  operation,
  signal:
    typeof options === "object" && options !== null
      ? ((options as { readonly signal?: AbortSignal | undefined }).signal ?? undefined)
      : undefined,
})

/** The rejection of a call whose signal was aborted: `cause` is the signal's `reason`. */
export const aborted = (operation: string, signal: AbortSignal): AbortError =>
  new AbortError({ operation, message: `${operation} was aborted.`, cause: signal.reason })

const isSignal = (value: unknown): value is AbortSignal =>
  typeof value === "object" &&
  value !== null &&
  typeof (value as { readonly aborted?: unknown }).aborted === "boolean" &&
  typeof (value as { readonly addEventListener?: unknown }).addEventListener === "function"

/**
 * Refuses what cannot be sent: a `signal` that is not an `AbortSignal` (`InvalidInput`), or one that is already
 * aborted (`AbortError`) — before anything runs, so nothing is sent.
 */
const refuseEarly = (cancel: Cancel | undefined): PortalError.InvalidInput | AbortError | undefined => {
  const signal = cancel?.signal
  if (cancel === undefined || signal === undefined) return undefined
  if (!isSignal(signal)) {
    return new PortalError.InvalidInput({
      operation: cancel.operation,
      field: "signal",
      message: "signal must be an AbortSignal (or undefined).",
    })
  }
  return signal.aborted ? aborted(cancel.operation, signal) : undefined
}

/**
 * Runs an effect on the connection's runtime; a failure rejects with the typed error itself. With a
 * `signal`, aborting it interrupts the effect (its requests are aborted, its scopes closed) and the
 * call rejects with `AbortError`; an already-aborted signal rejects at once and sends nothing.
 */
export const run = <A, E, R>(session: Session<R>, effect: Effect.Effect<A, E, R>, cancel?: Cancel): Promise<A> =>
  runOn(session.runtime, effect, cancel)

/** Runs an effect on a runtime; a failure (also of building the runtime) rejects with the typed error. */
export const runOn = async <A, E, R>(
  runtime: ManagedRuntime.ManagedRuntime<R, PortalError.InvalidInput>,
  effect: Effect.Effect<A, E, R>,
  cancel?: Cancel,
): Promise<A> => {
  const refused = refuseEarly(cancel)
  if (refused !== undefined) throw refused
  const signal = cancel?.signal
  const exit = await runtime.runPromiseExit(effect, signal === undefined ? undefined : { signal })
  if (Exit.isSuccess(exit)) return exit.value
  if (signal?.aborted === true && Cause.hasInterrupts(exit.cause)) throw aborted(cancel?.operation ?? "GIS", signal)
  // Typed failures first; a defect only when nothing typed failed; an interruption as Effect reports it.
  throw Cause.hasDies(exit.cause) ? typed(Cause.squash(exit.cause)) : Cause.squash(exit.cause)
}

/** A failure the facade rejects with as it is: a tagged error (every typed failure of the SDK is one). */
const isTagged = (error: unknown): boolean =>
  error instanceof Error && typeof (error as { readonly _tag?: unknown })._tag === "string"

/**
 * The last resort for a defect (an unexpected thrown JS error, e.g. a `TypeError` from a value no check caught):
 * never a bare `TypeError` out of a facade call, but `InvalidInput` with the defect's own message, the defect kept
 * as its `cause`. Typed failures pass through untouched.
 */
export const typed = (error: unknown): unknown => {
  if (isTagged(error)) return error
  const message =
    error instanceof Error ? `${error.name}: ${error.message}` : `Unexpected failure: ${String(error as never)}`
  const converted = new PortalError.InvalidInput({ operation: "GIS", field: undefined, message })
  Object.defineProperty(converted, "cause", { value: error, enumerable: false, configurable: true, writable: true })
  return converted
}

/**
 * A stream as an async iterator: pages are fetched as the loop asks for them, and a failure is
 * thrown as the typed error. Leaving the loop early stops the paging. Aborting `cancel.signal`
 * interrupts the page in flight (its request is aborted), asks for no further page, and makes the
 * loop throw `AbortError`; an already-aborted signal throws at the first step, before any request.
 */
export const iterate = <A, E, R>(
  session: Session<R>,
  stream: Stream.Stream<A, E, R>,
  cancel?: Cancel,
): AsyncIterable<A> => ({
  [Symbol.asyncIterator]() {
    let inner: AsyncIterator<A> | undefined
    const signal = cancel?.signal
    const operation = cancel?.operation ?? "GIS"
    const isAborted = () => signal?.aborted === true
    // Closing the inner iterator interrupts the fiber fetching a page, which aborts its request.
    const stop = () => {
      inner?.return?.()?.catch(() => undefined)
    }
    const release = () => {
      if (signal !== undefined && isSignal(signal)) signal.removeEventListener("abort", stop)
    }
    const start = async () => {
      if (inner === undefined) {
        const context = await session.runtime.context()
        inner ??= Stream.toAsyncIterableWith(stream, context)[Symbol.asyncIterator]()
        signal?.addEventListener("abort", stop, { once: true })
      }
      return inner
    }
    return {
      next: async () => {
        const refused = refuseEarly(cancel)
        if (refused !== undefined) {
          release()
          await inner?.return?.()
          throw refused
        }
        try {
          const iterator = await start()
          // Not when aborted while the runtime was being read: nothing has been asked for yet.
          if (!isAborted()) {
            const result = await iterator.next()
            if (!isAborted()) {
              if (result.done === true) release()
              return result
            }
          }
        } catch (error) {
          if (!isAborted()) {
            release()
            throw typed(error)
          }
        }
        // Aborted: the stream is closed (its scope, the page in flight), and the loop is told why.
        release()
        await inner?.return?.()
        throw aborted(operation, signal as AbortSignal)
      },
      return: async () => {
        release()
        return inner?.return ? inner.return() : { done: true, value: undefined }
      },
    }
  },
})

/**
 * Copies JSON fields onto a facade object as read-only properties — on creation and again after an
 * update (Python's objects refresh their dictionary in place). Names the class itself uses
 * (methods, getters) are left to the class: the whole JSON stays available from `toJSON()`.
 */
export const assignFields = (target: object, json: { readonly [key: string]: unknown }): void => {
  for (const [key, value] of Object.entries(json)) {
    if (key in target && !Object.hasOwn(target, key)) continue
    Object.defineProperty(target, key, { value, enumerable: true, configurable: true, writable: false })
  }
}
