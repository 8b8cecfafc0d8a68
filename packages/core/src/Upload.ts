/**
 * Splits a large file into numbered parts and uploads them with bounded concurrency — sized by measured throughput
 * unless the caller gives one (internal/adaptive-concurrency.ts) — reporting progress byte by byte, also within each
 * part. Parts are read lazily: a Blob is sliced (a file-backed Blob is never read whole), a stream is cut as it
 * arrives, and a part is taken from its source only once it may be sent, so at most the parts in flight are held in
 * memory. A failed part is sent again on its own (re-sending a part number overwrites it, so a part upload is
 * idempotent). Nothing here uses `effect/Stream`: a program that uploads a Blob or a web stream carries none of it
 * (sources made from an Effect `Stream` are in `PartStream`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/add-item-part.htm
 * @module
 */
import * as Clock from "effect/Clock"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Scope from "effect/Scope"
import * as Semaphore from "effect/Semaphore"
import { type Controller, defaultMax, defaultStart, makeController } from "./internal/adaptive-concurrency.ts"
import { InvalidInput, type PortalFailure } from "./PortalError.ts"
import { shouldRetry } from "./RetryPolicy.ts"

/** The next part of an opened source, or `undefined` once every part has been taken. */
export type PartReader = Effect.Effect<Blob | undefined, InvalidInput>

/** Something to upload: its size when known and a way to cut it into parts. */
export interface UploadSource {
  /** The file name the portal will see. */
  readonly name: string
  /** Bytes in total, when known up front. */
  readonly size: number | undefined
  /**
   * Opens the source for one upload: a reader of its parts, in order, each `partSize` bytes except the last, asked
   * for a part only when that part may be sent. What it holds open (a stream's reader) is released with the scope.
   */
  readonly open: (partSize: number) => Effect.Effect<PartReader, InvalidInput, Scope.Scope>
  /**
   * `true` when a part is read only as it is sent (slices of a Blob or a file): parts in flight then hold no memory of
   * their own, and the adaptive mode may keep up to 8 of them. Otherwise (a stream cut into parts, the default for a
   * source made by hand) each part in flight is held whole, and the adaptive mode keeps them within
   * {@link maxHeldBytes}.
   */
  readonly lazyParts?: boolean | undefined
}

/** One part to send. */
export interface Part {
  /** 1-based, as `addPart`'s `partNum`. */
  readonly number: number
  readonly content: Blob
}

/**
 * Bytes uploaded so far: the completed parts and what has been sent of the parts in flight. `bytes`
 * never goes back: when a part is sent again (a retry), its count starts over from 0 and `bytes`
 * holds still until the new attempt has passed where the old one was.
 */
export interface Progress {
  readonly bytes: number
  readonly total: number | undefined
  /** Parts completed. */
  readonly parts: number
}

/**
 * Told how many bytes of the part have been sent so far by the current attempt (wire it to the
 * part request's `onUploadProgress`). Values beyond the part's size count as its size.
 */
export type PartProgress = (bytesOfThisPart: number) => void

/** What {@link uploadParts} uploads and how: the source, the function that sends one part, and its limits. */
export interface Options<E, R> {
  readonly source: UploadSource
  /**
   * Sends one part, calling `progress` as its bytes are sent (optional: a part that never calls it
   * counts when it completes).
   */
  readonly sendPart: (part: Part, progress: PartProgress) => Effect.Effect<void, E, R>
  /** Bytes per part. Default 8 MiB; the portal wants at least 5 MB for all but the last part. */
  readonly partSize?: number | undefined
  /**
   * Parts in flight at once. Default: adaptive — 2 at first, more while the measured aggregate throughput keeps
   * rising (doubling, up to `maxConcurrency`): a link where each connection is limited (latency, a per-connection
   * throughput) gets more parts in flight, a full link or a busy machine no more than pays. A number here is used as is.
   */
  readonly concurrency?: number | undefined
  /**
   * The adaptive mode's most parts in flight (ignored with `concurrency`). Default 8; for a source whose parts are
   * held in memory (not {@link UploadSource.lazyParts}), also no more than {@link maxHeldBytes} of parts.
   */
  readonly maxConcurrency?: number | undefined
  /** Extra attempts for a part that failed with a retryable error. Default 2. */
  readonly partRetries?: number | undefined
  /**
   * Called at the start, as the bytes of each part are sent, and after each part completes; the last
   * call has every byte (`bytes` never decreases, see {@link Progress}).
   */
  readonly onProgress?: ((progress: Progress) => void) | undefined
}

/**
 * 8 MiB: above the portal's 5 MB minimum for every part but the last, small enough that four parts in flight
 * hold 32 MiB.
 */
export const defaultPartSize = 8 * 1024 * 1024

/**
 * 32 MiB: the most bytes of parts the adaptive mode keeps in flight from a source that holds each part in memory (a
 * stream cut into parts) — four default parts, as many as a fixed default of four in flight held.
 */
export const maxHeldBytes = 32 * 1024 * 1024

/** The parts of a Blob or File, sliced lazily (an empty Blob is one empty part). */
export const fromBlob = (blob: Blob, name?: string): UploadSource => ({
  name: name ?? ((blob as { name?: unknown }).name as string | undefined) ?? "upload.bin",
  size: blob.size,
  lazyParts: true,
  open: (partSize) =>
    Effect.sync(() => {
      const count = Math.max(1, Math.ceil(blob.size / partSize))
      let index = 0
      return Effect.sync(() => {
        if (index >= count) return undefined
        const start = index * partSize
        index += 1
        return blob.slice(start, Math.min(blob.size, start + partSize))
      })
    }),
})

/**
 * The parts of a web ReadableStream, cut as bytes arrive (an empty stream has no parts). The stream is read only as
 * parts are asked for, each chunk copied (its producer may reuse the buffer); the stream is cancelled when the upload
 * ends before it does (a failure, an interruption).
 */
export const fromReadableStream = (
  stream: ReadableStream<Uint8Array>,
  options: { readonly name: string; readonly size?: number | undefined },
): UploadSource => ({
  name: options.name,
  size: options.size,
  open: (partSize) =>
    Effect.map(
      Effect.acquireRelease(
        Effect.try({ try: () => stream.getReader(), catch: () => streamFailed() }),
        (reader, exit) =>
          exit._tag === "Success"
            ? Effect.sync(() => reader.releaseLock())
            : Effect.promise(() => reader.cancel().catch(() => undefined)),
      ),
      (reader) => {
        // What is left of a chunk that ran past the part before, and whether the stream has ended. Each chunk is
        // captured in a Blob as soon as it is read (a copy: its producer may reuse the buffer), and parts are Blobs
        // of those Blobs (no second copy).
        let leftover: Blob | undefined
        let ended = false
        const nextPart = async (): Promise<Blob | undefined> => {
          const pieces: Array<Blob> = []
          let size = 0
          while (size < partSize) {
            let piece = leftover
            leftover = undefined
            if (piece === undefined) {
              if (ended) break
              const read = await reader.read()
              if (read.done) {
                ended = true
                break
              }
              piece = new Blob([read.value as Uint8Array<ArrayBuffer>])
            }
            const room = partSize - size
            if (piece.size > room) {
              leftover = piece.slice(room)
              piece = piece.slice(0, room)
            }
            pieces.push(piece)
            size += piece.size
          }
          return size === 0 ? undefined : new Blob(pieces)
        }
        return Effect.tryPromise({ try: nextPart, catch: () => streamFailed() })
      },
    ),
})

const streamFailed = () =>
  new InvalidInput({ operation: "Upload.fromReadableStream", field: "file", message: "The upload stream failed." })

/**
 * Uploads every part of `source` through `sendPart`, `concurrency` at a time (by default as many as the measured
 * throughput calls for, see {@link Options.concurrency}), and returns how many parts and bytes were sent.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/add-item-part.htm
 * @see arcgis.gis.ContentManager.add
 * @example
 * import { Upload } from "@arcgis-portal/core"
 * import * as Effect from "effect/Effect"
 * const sent = Upload.uploadParts({
 *   source: Upload.fromBlob(new Blob([new Uint8Array(20 * 1024 * 1024)]), "data.bin"),
 *   // A real sender wires `progress` to its request's `onUploadProgress` (as `Content.add` does).
 *   sendPart: (part, progress) => Effect.sync(() => progress(part.content.size)),
 *   onProgress: ({ bytes, total }) => console.log(`${bytes} / ${total}`),
 * })
 */
export const uploadParts = <E extends PortalFailure, R>(
  options: Options<E, R>,
): Effect.Effect<{ readonly parts: number; readonly bytes: number }, E | InvalidInput, R> => {
  const partSize = Math.floor(options.partSize ?? defaultPartSize)
  if (!(partSize > 0)) {
    return Effect.fail(
      new InvalidInput({
        operation: "Upload.uploadParts",
        field: "partSize",
        message: "partSize must be a positive number of bytes.",
      }),
    )
  }
  const retries = Math.max(0, Math.floor(options.partRetries ?? 2))
  const total = options.source.size
  const onProgress = options.onProgress
  // Bytes of the completed parts, and of each part in flight as its current attempt last said.
  let completedBytes = 0
  let parts = 0
  const inFlight = new Map<number, number>()
  let reportedBytes = 0
  let reportedParts = 0
  const report = () => {
    if (onProgress === undefined) return
    let bytes = completedBytes
    for (const sent of inFlight.values()) bytes += sent
    // Monotonic: while a retried part catches up with where its failed attempt was, the report holds still.
    bytes = Math.max(bytes, reportedBytes)
    if (bytes === reportedBytes && parts === reportedParts) return
    reportedBytes = bytes
    reportedParts = parts
    onProgress({ bytes, total, parts })
  }
  const partProgress =
    (part: Part): PartProgress =>
    (sent) => {
      // Ignored once the part has completed (a late callback must not count it twice).
      if (!inFlight.has(part.number)) return
      const bytes = Math.min(part.content.size, Math.max(0, Number.isFinite(sent) ? sent : 0))
      if (bytes === inFlight.get(part.number)) return
      inFlight.set(part.number, bytes)
      report()
    }
  onProgress?.({ bytes: 0, total, parts: 0 })
  const send = (part: Part): Effect.Effect<void, E, R> => {
    const progress = partProgress(part)
    const loop = (attempt: number): Effect.Effect<void, E, R> =>
      Effect.catch(
        Effect.suspend(() => {
          // Each attempt counts from 0 again.
          inFlight.set(part.number, 0)
          return options.sendPart(part, progress)
        }),
        (error: E) => (attempt < retries && shouldRetry(error, true) ? loop(attempt + 1) : Effect.fail(error)),
      )
    return Effect.ensuring(
      loop(0),
      Effect.sync(() => void inFlight.delete(part.number)),
    )
  }
  const completed = (part: Part) =>
    Effect.sync(() => {
      inFlight.delete(part.number)
      completedBytes += part.content.size
      parts += 1
      report()
    })
  return Effect.map(
    sendAll(options.source, partSize, limitsOf(options, partSize), (part) =>
      Effect.tap(send(part), () => completed(part)),
    ),
    () => ({ parts, bytes: completedBytes }),
  )
}

/** Parts in flight: a fixed number (`concurrency`), or a controller sizing them by measured throughput. */
type Limits = { readonly fixed: number } | { readonly controller: Controller }

const limitsOf = (options: Options<unknown, unknown>, partSize: number): Limits => {
  if (options.concurrency !== undefined) return { fixed: Math.max(1, Math.floor(options.concurrency) || 1) }
  const cap = Math.max(1, Math.floor(options.maxConcurrency ?? defaultMax) || 1)
  // Parts held whole in memory: no more of them in flight than maxHeldBytes.
  const max = options.source.lazyParts === true ? cap : Math.min(cap, Math.max(1, Math.floor(maxHeldBytes / partSize)))
  return { controller: makeController({ start: Math.min(defaultStart, max), max }) }
}

/** Milliseconds, fractional, from the Effect clock (a TestClock in tests). */
const now = Effect.map(Clock.currentTimeNanos, (nanos) => Number(nanos) / 1e6)

/**
 * Sends every part of `source` through `sendOne`, as many at a time as `limits` allows at that moment. A part is taken
 * from its source only once a permit is free, so no part waits in memory for its turn; the first failure ends the
 * upload (the parts still in flight are interrupted).
 */
const sendAll = <E, R>(
  source: UploadSource,
  partSize: number,
  limits: Limits,
  sendOne: (part: Part) => Effect.Effect<void, E, R>,
): Effect.Effect<void, E | InvalidInput, R> =>
  Effect.scoped(
    Effect.gen(function* () {
      const scope = yield* Scope.Scope
      const next = yield* source.open(partSize)
      const controller = "controller" in limits ? limits.controller : undefined
      const permits = yield* Semaphore.make("fixed" in limits ? limits.fixed : limits.controller.limit())
      const finished = yield* Deferred.make<void, E | InvalidInput>()
      let number = 0
      let running = 0
      let exhausted = false
      const settleIfDone = Effect.suspend(() =>
        exhausted && running === 0 ? Effect.asVoid(Deferred.succeed(finished, undefined)) : Effect.void,
      )
      const measured = (part: Part) =>
        controller === undefined
          ? sendOne(part)
          : Effect.gen(function* () {
              const ticket = controller.start(yield* now)
              yield* sendOne(part)
              const before = controller.limit()
              const after = controller.complete(ticket, part.content.size, yield* now)
              if (after !== before) yield* permits.resize(after)
            })
      const run = (part: Part) =>
        measured(part).pipe(
          Effect.onExit((exit) =>
            Effect.suspend(() => {
              running -= 1
              return exit._tag === "Failure" ? Effect.asVoid(Deferred.done(finished, exit)) : settleIfDone
            }),
          ),
          Effect.ensuring(permits.release(1)),
        )
      const producer = Effect.gen(function* () {
        for (;;) {
          yield* permits.take(1)
          const content = yield* next
          if (content === undefined) {
            exhausted = true
            return yield* settleIfDone
          }
          number += 1
          running += 1
          yield* Effect.forkIn(run({ number, content }), scope)
        }
      })
      yield* Effect.forkIn(
        Effect.catchCause(producer, (cause) => Deferred.failCause(finished, cause)),
        scope,
      )
      yield* Deferred.await(finished)
    }),
  )
