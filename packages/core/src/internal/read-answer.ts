/**
 * Reading an answer: a JSON answer whole (under the request's timeout) into its body or a typed failure, a byte
 * answer into a stream that is never buffered whole — an error envelope in its place is recognised from its first
 * bytes — with the headers a download needs (type, length, file name, and where a partial answer starts). A partial
 * answer (206) is taken only when its `Content-Range` says it holds exactly the bytes asked for.
 */
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { DecodeError, type PortalFailure, type RequestInfo } from "../PortalError.ts"
import type { PortalRequest } from "../PortalRequest.ts"
import { errorFromBody, errorFromStatus } from "./envelope.ts"
import type { ByteResponse } from "./http.ts"
import { transportFailure } from "./transport-failure.ts"

export const fileNameOf = (disposition: string | null): string | undefined => {
  if (!disposition) return undefined
  const star = /filename\*=(?:UTF-8'')?([^;]+)/i.exec(disposition)
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1].trim().replace(/^"|"$/g, ""))
    } catch {
      return undefined
    }
  }
  const plain = /filename="?([^";]+)"?/i.exec(disposition)
  return plain?.[1]
}

export const retryAfterOf = (header: string | null): number | undefined => {
  if (!header) return undefined
  const seconds = Number(header)
  if (Number.isFinite(seconds) && seconds >= 0) return seconds
  const date = Date.parse(header)
  return Number.isFinite(date) ? Math.max(0, (date - Date.now()) / 1000) : undefined
}

const looksLikeEnvelope = (bytes: Uint8Array): boolean => {
  const head = new TextDecoder().decode(bytes.subarray(0, 64)).trimStart()
  return /^\{\s*"(error|status)"/.test(head)
}

/**
 * A 206 answer's `Content-Range: bytes <start>-<end>/<total>` (RFC 9110 §14.4): where the body starts and ends in the
 * whole, and the whole's length (`undefined` when the server sent `*`).
 */
export const contentRangeOf = (
  header: string | null,
): { readonly start: number; readonly end: number; readonly total: number | undefined } | undefined => {
  if (header === null) return undefined
  const match = /^\s*bytes\s+(\d{1,16})-(\d{1,16})\/(\d{1,16}|\*)\s*$/i.exec(header)
  if (match === null) return undefined
  const total = match[3] === "*" ? undefined : Number(match[3])
  return { start: Number(match[1]), end: Number(match[2]), total }
}

/** A 416 answer's `Content-Range` (`bytes *` then `/` and the total): the whole's length. */
export const unsatisfiedTotalOf = (header: string | null): number | undefined => {
  if (header === null) return undefined
  const match = /^\s*bytes\s+\*\/(\d{1,16})\s*$/i.exec(header)
  return match === null ? undefined : Number(match[1])
}

/**
 * Why a 206 answer cannot be joined to the bytes before the offset asked for, or `undefined` when it can: a partial
 * answer must say which bytes it holds (RFC 9110 §15.3.7), start exactly at the offset (`Range: bytes=<offset>-`;
 * 0 when none was asked), and agree with itself (start ≤ end < total) and with its `Content-Length`. The caller
 * keeps or skips bytes by the answer's start, so trusting any other start would silently drop or repeat bytes.
 */
const partialMismatch = (header: string | null, requested: number, contentLength: number | undefined) => {
  const range = contentRangeOf(header)
  if (range === undefined) {
    return header === null
      ? "has no Content-Range"
      : `has a Content-Range that is not "bytes <start>-<end>/<total>" (${JSON.stringify(header.slice(0, 80))})`
  }
  if (range.start !== requested) return `starts at byte ${range.start}`
  if (range.end < range.start) return `ends (byte ${range.end}) before it starts`
  if (range.total !== undefined && range.end >= range.total) {
    return `ends (byte ${range.end}) past the whole's length (${range.total})`
  }
  const length = range.end - range.start + 1
  if (contentLength !== undefined && contentLength !== length) {
    return `says ${length} bytes in Content-Range but ${contentLength} in Content-Length`
  }
  return undefined
}

/** Reads a JSON answer whole (under the timeout) and turns it into the body or a typed failure. */
export const readJson =
  (request: PortalRequest) =>
  async (response: Response, info: RequestInfo): Promise<Effect.Effect<unknown, PortalFailure>> => {
    const text = await response.text()
    let body: unknown
    let parsed = false
    try {
      body = JSON.parse(text)
      parsed = true
    } catch {
      parsed = false
    }
    const retryAfter = retryAfterOf(response.headers.get("retry-after"))
    if (parsed) {
      const failure = errorFromBody(body, request.operation, info, response.status, retryAfter)
      if (failure) return Effect.fail(failure)
    }
    if (!response.ok) return Effect.fail(errorFromStatus(response.status, request.operation, info, retryAfter))
    if (!parsed) {
      return Effect.fail(
        new DecodeError({
          operation: request.operation,
          request: info,
          message: `The portal answered with something that is not JSON (${response.headers.get("content-type") ?? "no content type"}).`,
        }),
      )
    }
    return Effect.succeed(body)
  }

export const readBytes =
  (request: PortalRequest) =>
  (response: Response, info: RequestInfo): Effect.Effect<ByteResponse, PortalFailure> => {
    const retryAfter = retryAfterOf(response.headers.get("retry-after"))
    const contentType = response.headers.get("content-type") ?? undefined
    const length = Number(response.headers.get("content-length") ?? Number.NaN)
    const contentLength = Number.isFinite(length) ? length : undefined
    const body = response.body
    const requested = request.offset ?? 0
    const mismatch =
      response.status === 206
        ? partialMismatch(response.headers.get("content-range"), requested, contentLength)
        : undefined
    if (mismatch !== undefined) {
      return Effect.promise(() => body?.cancel().catch(() => undefined) ?? Promise.resolve()).pipe(
        Effect.andThen(
          Effect.fail(
            new DecodeError({
              operation: request.operation,
              request: info,
              message: `Asked for the bytes from ${requested} on, the server answered with a partial answer (206) that ${mismatch}; its bytes cannot be placed in the whole, so none were kept.`,
            }),
          ),
        ),
      )
    }
    const range = response.status === 206 ? contentRangeOf(response.headers.get("content-range")) : undefined
    const meta = {
      contentType,
      contentLength,
      fileName: fileNameOf(response.headers.get("content-disposition")),
      offset: range?.start ?? 0,
      totalLength: range === undefined ? contentLength : range.total,
    }
    const fail = (error: unknown) => transportFailure(error, request.operation, info)
    // 416 to a resumed download that already has every byte (`Content-Range` with an unknown range and total = offset):
    // nothing is left to send. Any other 416 (an offset past the end) stays a failure.
    if (response.status === 416 && request.offset !== undefined) {
      const total = unsatisfiedTotalOf(response.headers.get("content-range"))
      if (total === request.offset) {
        return Effect.promise(() => body?.cancel().catch(() => undefined) ?? Promise.resolve()).pipe(
          Effect.as({ ...meta, contentLength: 0, offset: total, totalLength: total, stream: Stream.empty }),
        )
      }
    }
    if (body === null) {
      if (!response.ok) return Effect.fail(errorFromStatus(response.status, request.operation, info, retryAfter))
      return Effect.succeed({ ...meta, stream: Stream.empty })
    }
    const mayBeError =
      !response.ok || (contentType ?? "").includes("json") || (contentType ?? "").includes("text/plain")
    if (!mayBeError) {
      return Effect.succeed({ ...meta, stream: Stream.fromReadableStream({ evaluate: () => body, onError: fail }) })
    }
    // Peek at the first chunk: an error envelope is small and is read whole; anything else is
    // replayed in front of the rest of the stream, so a large JSON file is never buffered.
    return Effect.gen(function* () {
      const reader = body.getReader()
      const first = yield* Effect.tryPromise({ try: () => reader.read(), catch: fail })
      const head = first.done ? new Uint8Array() : first.value
      if (!response.ok || looksLikeEnvelope(head)) {
        const chunks: Array<Uint8Array> = [head]
        let total = head.byteLength
        while (total < 1_048_576) {
          const next = yield* Effect.tryPromise({ try: () => reader.read(), catch: fail })
          if (next.done) break
          chunks.push(next.value)
          total += next.value.byteLength
        }
        yield* Effect.promise(() => reader.cancel().catch(() => undefined))
        const text = new TextDecoder().decode(concat(chunks))
        let parsed: unknown
        try {
          parsed = JSON.parse(text)
        } catch {
          parsed = undefined
        }
        const failure = errorFromBody(parsed, request.operation, info, response.status, retryAfter)
        if (failure) return yield* Effect.fail(failure)
        if (!response.ok)
          return yield* Effect.fail(errorFromStatus(response.status, request.operation, info, retryAfter))
        return { ...meta, stream: Stream.make(concat(chunks)) }
      }
      const rest = new ReadableStream<Uint8Array>({
        start(controller) {
          if (!first.done) controller.enqueue(head)
          else controller.close()
        },
        async pull(controller) {
          const next = await reader.read()
          if (next.done) controller.close()
          else controller.enqueue(next.value)
        },
        cancel(reason) {
          return reader.cancel(reason)
        },
      })
      return { ...meta, stream: Stream.fromReadableStream({ evaluate: () => rest, onError: fail }) }
    })
  }

export const concat = (chunks: ReadonlyArray<Uint8Array>): Uint8Array => {
  const out = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0))
  let offset = 0
  for (const chunk of chunks) {
    out.set(chunk, offset)
    offset += chunk.byteLength
  }
  return out
}
