/** Byte streams gathered into one array (thumbnails, small resources in browsers). */
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"

export const collectBytes = <E>(stream: Stream.Stream<Uint8Array, E>): Effect.Effect<Uint8Array, E> =>
  Effect.map(Stream.runCollect(stream), (chunks) => {
    const parts = Array.from(chunks)
    const out = new Uint8Array(parts.reduce((size, part) => size + part.byteLength, 0))
    let offset = 0
    for (const part of parts) {
      out.set(part, offset)
      offset += part.byteLength
    }
    return out
  })
