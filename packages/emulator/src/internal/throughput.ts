/**
 * The emulated network's throughput, each direction capped per connection:
 *
 * - **download** — a file answer's body paced to a number of bytes per second (the `downloadBytesPerSecond` option),
 *   cut into pieces of at most 64 KiB so that a reader sees bytes arrive steadily — as over a real connection — and
 *   can be cut off mid-body;
 * - **upload** — a request body read at most at a number of bytes per second (the `uploadBytesPerSecond` option): the
 *   incoming stream goes through {@link pacer}, which holds each piece until the link could have carried it. Held
 *   bytes are never queued in memory: the pacer's small buffer fills, the request stream pauses, Node stops reading
 *   the socket, and the client's TCP window closes — backpressure reaches the sender, as on a slow uplink.
 *
 * One connection carries one request at a time (HTTP/1.1, no pipelining), so a cap per request body is a cap per
 * connection; parallel connections each get their own, as parallel TCP streams over a WAN each get theirs.
 */
import type { IncomingMessage } from "node:http"
import { type Readable, Transform } from "node:stream"

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

/**
 * A request body's pace: bytes written to it come out at most at `bytesPerSecond`, counted from the first byte. A
 * piece of at most 64 KiB leaves once the link could have carried it whole (all the bytes up to its last at the
 * allowed rate), so N bytes take at least N / `bytesPerSecond`. While a piece waits, the transform holds its
 * callback: the writable side fills (its high-water mark), `pipe` pauses the source, and nothing more is read.
 */
export const pacer = (bytesPerSecond: number): Transform => {
  let started: number | undefined
  let released = 0
  let timer: NodeJS.Timeout | undefined
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      if (started === undefined) started = performance.now()
      const start = started
      let offset = 0
      const next = () => {
        timer = undefined
        while (offset < chunk.byteLength) {
          const part = chunk.subarray(offset, Math.min(chunk.byteLength, offset + piece))
          const wait = start + ((released + part.byteLength) / bytesPerSecond) * 1000 - performance.now()
          if (wait > 0) {
            timer = setTimeout(next, Math.ceil(wait))
            return
          }
          offset += part.byteLength
          released += part.byteLength
          this.push(part)
        }
        callback()
      }
      next()
    },
    destroy(error, callback) {
      if (timer !== undefined) clearTimeout(timer)
      callback(error)
    },
  })
}

/** A request body as the handlers read it, and how to let go of it early (a failed parse, a body too large). */
export interface BodyStream {
  /** The body: the request itself, or the request through a {@link pacer}. */
  readonly stream: Readable
  /**
   * Stops pacing and lets the rest of the body flow (unread: the pipeline's drain stage reads it before answering).
   */
  readonly release: () => void
}

/** `incoming`'s body, paced to `rate` bytes per second (its emulator's `uploadBytesPerSecond`) when there is one. */
export const bodyOf = (incoming: IncomingMessage, rate: number | undefined): BodyStream => {
  if (rate === undefined) return { stream: incoming, release: () => incoming.resume() }
  const paced = incoming.pipe(pacer(rate))
  const stop = () => {
    incoming.unpipe(paced)
    paced.destroy()
  }
  incoming.once("error", stop)
  incoming.once("aborted", stop)
  return {
    stream: paced,
    release: () => {
      stop()
      incoming.resume()
    },
  }
}
