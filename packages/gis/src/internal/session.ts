/**
 * What every facade object shares: the managed runtime of its `GIS` (one per connection), the way
 * an Effect becomes a Promise (rejecting with the typed error itself, never a FiberFailure), and
 * the optional file system a Node connection brings.
 */
import { PortalError } from "@arcgis-portal/core"
import * as Cause from "effect/Cause"
import type * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import type * as ManagedRuntime from "effect/ManagedRuntime"
import * as Stream from "effect/Stream"
import type { GisServices } from "../GisLayer.ts"

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

/** One connection's shared state. */
export interface Session {
  readonly runtime: ManagedRuntime.ManagedRuntime<GisServices, PortalError.InvalidInput>
  readonly files: FileSystem | undefined
  /** The portal's base URL (`https://host/portal`). */
  readonly portalUrl: string
}

/** Where facade objects keep their session (not enumerable, not part of their JSON). */
export const sessionKey: unique symbol = Symbol.for("@arcgis-portal/gis/session") as never

/** Runs an effect on the connection's runtime; a failure rejects with the typed error itself. */
export const run = <A, E>(session: Session, effect: Effect.Effect<A, E, GisServices>): Promise<A> =>
  runOn(session.runtime, effect)

/** Runs an effect on a runtime; a failure (also of building the runtime) rejects with the typed error. */
export const runOn = async <A, E>(
  runtime: Session["runtime"],
  effect: Effect.Effect<A, E, GisServices>,
): Promise<A> => {
  const exit = await runtime.runPromiseExit(effect)
  if (Exit.isSuccess(exit)) return exit.value
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
 * thrown as the typed error. Leaving the loop early stops the paging.
 */
export const iterate = <A, E>(session: Session, stream: Stream.Stream<A, E, GisServices>): AsyncIterable<A> => ({
  [Symbol.asyncIterator]() {
    let inner: AsyncIterator<A> | undefined
    const start = async () => {
      inner ??= Stream.toAsyncIterableWith(stream, await session.runtime.context())[Symbol.asyncIterator]()
      return inner
    }
    return {
      next: async () => {
        try {
          return await (await start()).next()
        } catch (error) {
          throw typed(error)
        }
      },
      return: async () => (inner?.return ? inner.return() : { done: true, value: undefined }),
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
