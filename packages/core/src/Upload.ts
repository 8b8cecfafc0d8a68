/**
 * Splits a large file into numbered parts and uploads them with bounded concurrency, reporting
 * progress byte by byte, also within each part. Parts are read lazily: a Blob is sliced (a file-backed Blob is never read whole), a
 * stream is cut as it arrives, so at most the parts in flight are held in memory. A failed part is
 * sent again on its own (re-sending a part number overwrites it, so a part upload is idempotent).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/add-item-part.htm
 * @module
 */
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { InvalidInput, type PortalFailure } from "./PortalError.ts"
import { shouldRetry } from "./RetryPolicy.ts"

/** Something to upload: its size when known and a way to cut it into parts. */
export interface UploadSource {
  /** The file name the portal will see. */
  readonly name: string
  /** Bytes in total, when known up front. */
  readonly size: number | undefined
  /** The parts, in order, each `partSize` bytes except the last. */
  readonly parts: (partSize: number) => Stream.Stream<Blob, InvalidInput>
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
  /** Parts in flight at once. Default 4. */
  readonly concurrency?: number | undefined
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

/** The parts of a Blob or File, sliced lazily. */
export const fromBlob = (blob: Blob, name?: string): UploadSource => ({
  name: name ?? ((blob as { name?: unknown }).name as string | undefined) ?? "upload.bin",
  size: blob.size,
  parts: (partSize) => {
    const count = Math.max(1, Math.ceil(blob.size / partSize))
    return Stream.range(0, count - 1).pipe(
      Stream.map((index) => blob.slice(index * partSize, Math.min(blob.size, (index + 1) * partSize))),
    )
  },
})

/** The parts of a web ReadableStream, cut as bytes arrive. */
export const fromReadableStream = (
  stream: ReadableStream<Uint8Array>,
  options: { readonly name: string; readonly size?: number | undefined },
): UploadSource => ({
  name: options.name,
  size: options.size,
  parts: (partSize) =>
    rechunk(
      Stream.fromReadableStream({
        evaluate: () => stream,
        onError: () =>
          new InvalidInput({
            operation: "Upload.fromReadableStream",
            field: "file",
            message: "The upload stream failed.",
          }),
      }),
      partSize,
    ),
})

/** Cuts a byte stream into Blobs of `partSize` bytes (the last may be shorter). */
export const rechunk = <E, R>(bytes: Stream.Stream<Uint8Array, E, R>, partSize: number): Stream.Stream<Blob, E, R> =>
  Stream.suspend(() => {
    let pending: Array<Uint8Array> = []
    let pendingSize = 0
    const take = (): Blob => {
      const blob = new Blob(pending as Array<BlobPart>)
      pending = []
      pendingSize = 0
      return blob
    }
    return bytes.pipe(
      Stream.flatMap((chunk) => {
        const out: Array<Blob> = []
        let offset = 0
        while (offset < chunk.byteLength) {
          const room = partSize - pendingSize
          const piece = chunk.subarray(offset, offset + room)
          // Copy: the producer may reuse its buffer.
          pending.push(piece.slice())
          pendingSize += piece.byteLength
          offset += piece.byteLength
          if (pendingSize === partSize) out.push(take())
        }
        return Stream.fromIterable(out)
      }),
      Stream.concat(Stream.suspend(() => (pendingSize > 0 ? Stream.make(take()) : Stream.empty))),
    )
  })

/**
 * Uploads every part of `source` through `sendPart`, `concurrency` at a time, and returns how
 * many parts and bytes were sent.
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
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 4))
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
  return options.source.parts(partSize).pipe(
    Stream.zipWithIndex,
    Stream.mapEffect(
      ([content, index]) =>
        Effect.tap(send({ number: index + 1, content }), () =>
          Effect.sync(() => {
            inFlight.delete(index + 1)
            completedBytes += content.size
            parts += 1
            report()
          }),
        ),
      { concurrency },
    ),
    Stream.runDrain,
    Effect.map(() => ({ parts, bytes: completedBytes })),
  )
}
