/**
 * The emulated network's throughput: a file answer's body paced to a number of bytes per second (the
 * `downloadBytesPerSecond` option), cut into pieces of at most 64 KiB so that a reader sees bytes arrive steadily —
 * as over a real connection — and can be cut off mid-body.
 */

const piece = 64 * 1024

/** `body` paced to `bytesPerSecond` (a timer between pieces: the emulator stays free meanwhile). */
export const paced = (body: ReadableStream<Uint8Array>, bytesPerSecond: number): ReadableStream<Uint8Array> => {
  const started = Date.now()
  let sent = 0
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      async transform(chunk, controller) {
        for (let offset = 0; offset < chunk.byteLength; offset += piece) {
          const part = chunk.subarray(offset, Math.min(chunk.byteLength, offset + piece))
          // When this piece is due: the bytes before it at the allowed rate.
          const due = started + (sent / bytesPerSecond) * 1000
          const wait = due - Date.now()
          if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
          controller.enqueue(part)
          sent += part.byteLength
        }
      },
    }),
  )
}
