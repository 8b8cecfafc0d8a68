/**
 * Upload sources made from an Effect `Stream` — a stream of parts, or a stream of bytes cut into parts — for
 * `Upload.uploadParts`. Apart from `Upload` so that a program uploading a Blob or a web stream does not carry
 * `effect/Stream` (its Channel, Queue and Pull: ~3 KB gzip in a browser bundle).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/add-item-part.htm
 * @module
 */
import * as Effect from "effect/Effect"
import * as Pull from "effect/Pull"
import * as Stream from "effect/Stream"
import type { InvalidInput } from "./PortalError.ts"
import type { PartReader, UploadSource } from "./Upload.ts"

/**
 * An upload source whose parts are the Blobs `parts(partSize)` emits, each pulled from the stream only when it may be
 * sent. `lazyParts`: see {@link UploadSource.lazyParts} (default `false`: each part in flight is held in memory).
 *
 * @example
 * import { PartStream, Upload } from "@arcgis-portal/core"
 * import * as Stream from "effect/Stream"
 * const bytes = Stream.make(new TextEncoder().encode("id,name\n1,Park\n"))
 * const source = PartStream.fromParts({ name: "parks.csv", size: undefined, parts: (partSize) => PartStream.rechunk(bytes, partSize) })
 * const sent = Upload.uploadParts({ source, sendPart: () => Effect.void })
 */
export const fromParts = (options: {
  readonly name: string
  readonly size: number | undefined
  readonly parts: (partSize: number) => Stream.Stream<Blob, InvalidInput>
  readonly lazyParts?: boolean | undefined
}): UploadSource => ({
  name: options.name,
  size: options.size,
  lazyParts: options.lazyParts,
  open: (partSize) =>
    Effect.map(Stream.toPull(options.parts(partSize)), (pull): PartReader => {
      // Parts of a pulled chunk not handed out yet (a stream may emit several at a time).
      let pulled: Array<Blob> = []
      return Effect.suspend(() => {
        const head = pulled.shift()
        if (head !== undefined) return Effect.succeed(head)
        return pull.pipe(
          Effect.map((chunk) => {
            pulled = chunk.slice(1)
            return chunk[0]
          }),
          Pull.catchDone(() => Effect.succeed(undefined)),
        )
      })
    }),
})

/** An upload source cutting a stream of bytes into parts as they arrive (see {@link rechunk}). */
export const fromBytes = (
  bytes: Stream.Stream<Uint8Array, InvalidInput>,
  options: { readonly name: string; readonly size?: number | undefined },
): UploadSource => fromParts({ name: options.name, size: options.size, parts: (partSize) => rechunk(bytes, partSize) })

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
