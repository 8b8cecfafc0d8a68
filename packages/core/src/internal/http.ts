/**
 * The one place that speaks HTTP (through `fetch`): builds the URL and body of a PortalRequest,
 * sends it once with a timeout, and turns the answer into JSON, a byte stream, or a typed error.
 * Retries, tokens and spans are layered on top by the Transport.
 *
 * (This used to go through ky. Every ky feature was switched off or redone in Effect — retries,
 * hooks, HTTP errors — and what was left, a timeout, cost ~8 KB gzip in every bundle and ~5% of a
 * request's CPU in per-request option merging and a composite abort signal.)
 */
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { DecodeError, type PortalFailure, type RequestInfo, TransportError } from "../PortalError.ts"
import { encodeParams, hasSecret, type PortalRequest } from "../PortalRequest.ts"
import { errorFromBody, errorFromStatus } from "./envelope.ts"

/** What an auth strategy adds to a request: headers, or parameters that go in the POST body. */
export interface Authorization {
  readonly headers?: Readonly<Record<string, string>> | undefined
  readonly params?: Readonly<Record<string, string>> | undefined
}

export interface HttpOptions {
  readonly restUrl: string
  readonly timeout: number
  readonly maxUrlLength: number
  readonly userAgent: string | undefined
  readonly fetch: typeof globalThis.fetch | undefined
}

/** A byte answer: the body as a stream that is never buffered whole. */
export interface ByteResponse {
  readonly contentType: string | undefined
  readonly contentLength: number | undefined
  readonly fileName: string | undefined
  readonly stream: Stream.Stream<Uint8Array, TransportError>
}

export interface Http {
  readonly json: (
    request: PortalRequest,
    authorization: Authorization | undefined,
  ) => Effect.Effect<unknown, PortalFailure>
  readonly bytes: (
    request: PortalRequest,
    authorization: Authorization | undefined,
  ) => Effect.Effect<ByteResponse, PortalFailure>
  readonly resolve: (path: string) => URL
  /** The path of `path` resolved against the REST root (what errors and spans show). */
  readonly pathname: (path: string) => string
}

const quoted = (value: string) => value.replace(/"/g, "%22").replace(/\r/g, "%0D").replace(/\n/g, "%0A")

/** Multipart bodies of this many bytes or more are sent with `redirect: "error"` (see {@link multipartBody}). */
export const unredirectedBodySize = 1024 * 1024

/**
 * A multipart/form-data body (RFC 7578) as one Blob made of the fields and the files' own Blobs, so a
 * file-backed Blob is still read only as the body is sent. (A FormData body would do the same, but
 * aborting one mid-stream makes Node's fetch throw an unhandled ERR_INVALID_STATE that kills the
 * process; a Blob body aborts cleanly.)
 *
 * Node's fetch reads a file-backed Blob with backpressure, but a request that may follow a redirect
 * is cloned first (Fetch standard, "HTTP-network-or-cache fetch"), which tees its body: the
 * branch kept for a resend is never read, so it buffers every byte sent until the answer arrives —
 * the whole 8 MiB of each upload part in flight (after a forced GC, 23–46 MiB of live ArrayBuffers
 * with four parts in flight, against under 2 MiB without the clone). Only `redirect: "error"` skips the
 * clone, so bodies of {@link unredirectedBodySize} bytes or more are sent that way: a redirect then
 * fails the request instead of being followed (after a 301/302/303 fetch would have dropped the body
 * and sent a GET anyway). Smaller bodies keep following redirects.
 */
export const multipartBody = (
  fields: ReadonlyArray<readonly [string, string]>,
  files: ReadonlyArray<readonly [string, { readonly content: Blob; readonly fileName: string }]>,
): { readonly body: Blob; readonly contentType: string } => {
  const boundary = `----arcgis-portal-${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`
  const parts: Array<BlobPart> = []
  for (const [name, value] of fields) {
    parts.push(`--${boundary}\r\nContent-Disposition: form-data; name="${quoted(name)}"\r\n\r\n`, value, "\r\n")
  }
  for (const [name, file] of files) {
    parts.push(
      `--${boundary}\r\nContent-Disposition: form-data; name="${quoted(name)}"; filename="${quoted(file.fileName)}"\r\n` +
        `Content-Type: ${file.content.type || "application/octet-stream"}\r\n\r\n`,
      file.content,
      "\r\n",
    )
  }
  parts.push(`--${boundary}--\r\n`)
  return { body: new Blob(parts), contentType: `multipart/form-data; boundary=${boundary}` }
}

/** Codes of network failures that prove the request never left this machine. */
const notSentCodes = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ENETUNREACH", "EHOSTUNREACH", "EADDRNOTAVAIL"])

const causeCodes = (error: unknown): Array<string> => {
  const codes: Array<string> = []
  let current: unknown = error
  for (let depth = 0; depth < 6 && typeof current === "object" && current !== null; depth++) {
    const code = (current as { code?: unknown }).code
    if (typeof code === "string") codes.push(code)
    const errors = (current as { errors?: unknown }).errors
    if (Array.isArray(errors)) for (const inner of errors) codes.push(...causeCodes(inner))
    current = (current as { cause?: unknown }).cause
  }
  return codes
}

const messageOf = (error: unknown): string => {
  let current: unknown = error
  const parts: Array<string> = []
  for (let depth = 0; depth < 4 && typeof current === "object" && current !== null; depth++) {
    const message = (current as { message?: unknown }).message
    if (typeof message === "string") parts.push(message)
    current = (current as { cause?: unknown }).cause
  }
  return parts.join(" ")
}

/** Maps whatever fetch threw to a TransportError that keeps no URL, header or body. */
const transportFailure = (error: unknown, operation: string, info: RequestInfo): TransportError => {
  const name = typeof error === "object" && error !== null ? (error as { name?: unknown }).name : undefined
  if (name === "TimeoutError") {
    return new TransportError({
      reason: "Timeout",
      operation,
      request: info,
      message: "The portal did not answer in time.",
      status: undefined,
      reachedServer: true,
    })
  }
  const codes = causeCodes(error)
  if (
    codes.some((code) => /PROXY_AUTHENTICATION_REQUIRED|UND_ERR_PROXY/.test(code)) ||
    /Proxy response \(407\)/i.test(messageOf(error))
  ) {
    // The proxy refused us: the portal was never reached, and the same credentials will fail again.
    return new TransportError({
      reason: "HttpStatus",
      operation,
      request: info,
      message:
        "The proxy refused the connection (HTTP 407 Proxy Authentication Required): check the proxy credentials.",
      status: 407,
      reachedServer: false,
    })
  }
  // Any other refusal a proxy transport reports (`PROXY_REFUSED_<status>`): the portal was never reached either.
  const refused = codes.map((code) => /^PROXY_REFUSED_(\d{3})$/.exec(code)).find((match) => match !== null)
  if (refused) {
    const status = Number(refused[1])
    return new TransportError({
      reason: "HttpStatus",
      operation,
      request: info,
      message: `The proxy refused the connection (HTTP ${status}).`,
      status,
      reachedServer: false,
    })
  }
  // A large upload is sent with `redirect: "error"` (see multipartBody): the portal answered 3xx, and sending
  // the same body again would be redirected again.
  if (/unexpected redirect/i.test(messageOf(error))) {
    return new TransportError({
      reason: "HttpStatus",
      operation,
      request: info,
      message:
        "The portal answered with a redirect, which a large upload does not follow: use the portal's final URL (https, the web adaptor's name) in Portal.layer.",
      status: undefined,
      reachedServer: true,
    })
  }
  const neverSent = codes.length > 0 && codes.every((code) => notSentCodes.has(code))
  return new TransportError({
    reason: "Network",
    operation,
    request: info,
    message: neverSent
      ? `The portal could not be reached (${codes[0]}).`
      : `The connection failed${codes[0] ? ` (${codes[0]})` : ""}.`,
    status: undefined,
    reachedServer: !neverSent,
  })
}

const fileNameOf = (disposition: string | null): string | undefined => {
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

const retryAfterOf = (header: string | null): number | undefined => {
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

/** What a timed-out fetch rejects with (the name is what `transportFailure` looks for). */
const timeoutError = () => new DOMException("The portal did not answer in time.", "TimeoutError")

const ignore = () => undefined

/** Characters a relative path may hold for the string fast path (no query, fragment or dot segment). */
const plainPath = /^[A-Za-z0-9\-._~!$&'()*+,;=@%/]*$/
const absolute = /^https?:\/\//i
const dotSegment = /(^|\/)\.\.?(\/|$)/

/** A resolved request URL: the string handed to fetch and the path errors and spans show. */
interface Target {
  readonly href: string
  readonly pathname: string
}

export const makeHttp = (options: HttpOptions): Http => {
  const rootUrl = new URL(options.restUrl.endsWith("/") ? options.restUrl : `${options.restUrl}/`)
  const root = rootUrl.href
  const rootPath = rootUrl.pathname

  const resolve = (path: string): URL => (absolute.test(path) ? new URL(path) : new URL(path.replace(/^\/+/, ""), root))

  /** `resolve` without parsing a URL for the usual relative path (`content/items/<id>`). */
  const target = (path: string): Target => {
    if (!absolute.test(path) && plainPath.test(path) && !dotSegment.test(path)) {
      const relative = path.replace(/^\/+/, "")
      return { href: root + relative, pathname: rootPath + relative }
    }
    const url = resolve(path)
    return { href: url.href, pathname: url.pathname }
  }

  /** Builds the fetch input: URL, method, headers and body. */
  const build = (request: PortalRequest, authorization: Authorization | undefined) => {
    let { href, pathname } = target(request.path)
    if (request.query !== undefined) {
      const url = new URL(href)
      for (const [name, value] of Object.entries(request.query)) url.searchParams.set(name, String(value))
      href = url.href
    }
    const info: RequestInfo = { method: request.method, path: pathname }
    const params = encodeParams(request.params)
    params.push(["f", "json"])
    const authParams = authorization?.params === undefined ? [] : Object.entries(authorization.params)
    const headers: Record<string, string> = authorization?.headers === undefined ? {} : { ...authorization.headers }
    if (options.userAgent) headers["X-Esri-User-Agent"] = options.userAgent
    const multipart = request.files !== undefined || request.multipart === true
    let method = request.method
    if (method === "GET") {
      const query = new URLSearchParams(params).toString()
      const withQuery = `${href}${href.includes("?") ? "&" : "?"}${query}`
      // A secret or a body-placed token never travels in a URL; a URL too long for proxies becomes a POST.
      if (multipart || authParams.length > 0 || hasSecret(request.params) || withQuery.length > options.maxUrlLength) {
        method = "POST"
      } else {
        return { href: withQuery, init: { method, headers } satisfies RequestInit, info }
      }
    }
    const all = [...params, ...authParams]
    if (multipart) {
      const { body, contentType } = multipartBody(all, Object.entries(request.files ?? {}))
      headers["content-type"] = contentType
      // Not following redirects spares a large body the copy Node's fetch keeps to resend it (see multipartBody).
      const redirect = body.size >= unredirectedBodySize ? "error" : "follow"
      return { href, init: { method, headers, body, redirect } satisfies RequestInit, info }
    }
    return { href, init: { method, headers, body: new URLSearchParams(all) } satisfies RequestInit, info }
  }

  /**
   * Sends the request once, with one AbortController that fires on interruption or after the
   * timeout. `read` consumes the response while the timer still runs, so a JSON answer's body is
   * covered by the timeout, while a byte stream's `read` returns at once (a download may take long).
   */
  const send = <A>(
    request: PortalRequest,
    authorization: Authorization | undefined,
    read: (
      response: Response,
      info: RequestInfo,
    ) => Promise<Effect.Effect<A, PortalFailure>> | Effect.Effect<A, PortalFailure>,
  ): Effect.Effect<A, PortalFailure> => {
    const built = build(request, authorization)
    const timeout = request.timeout ?? options.timeout
    return Effect.callback((resume) => {
      const fetchFn = options.fetch ?? globalThis.fetch
      const controller = new AbortController()
      let stopRead: ((reason: unknown) => void) | undefined
      const timer =
        timeout > 0 && timeout < 2_147_483_647
          ? setTimeout(() => {
              const reason = timeoutError()
              controller.abort(reason)
              stopRead?.(reason)
            }, timeout)
          : undefined
      const fail = (error: unknown) => {
        clearTimeout(timer)
        resume(Effect.fail(transportFailure(error, request.operation, built.info)))
      }
      try {
        fetchFn(built.href, { ...built.init, signal: controller.signal })
          .then(
            (response) =>
              new Promise<Effect.Effect<A, PortalFailure>>((resolve, reject) => {
                // A fetch that does not tie the body to the signal (a custom one) must not hang on a stalled body.
                stopRead = (reason) => {
                  response.body?.cancel().catch(ignore)
                  reject(reason)
                }
                Promise.resolve(read(response, built.info)).then(resolve, reject)
              }),
          )
          .then((answer) => {
            clearTimeout(timer)
            resume(answer)
          }, fail)
      } catch (error) {
        fail(error)
      }
      return Effect.sync(() => {
        clearTimeout(timer)
        controller.abort()
      })
    })
  }

  /** Reads a JSON answer whole (under the timeout) and turns it into the body or a typed failure. */
  const readJson =
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

  const json: Http["json"] = (request, authorization) => send(request, authorization, readJson(request))

  const bytes: Http["bytes"] = (request, authorization) =>
    send(request, authorization, (response, info): Effect.Effect<ByteResponse, PortalFailure> => {
      const retryAfter = retryAfterOf(response.headers.get("retry-after"))
      const contentType = response.headers.get("content-type") ?? undefined
      const length = Number(response.headers.get("content-length") ?? Number.NaN)
      const meta = {
        contentType,
        contentLength: Number.isFinite(length) ? length : undefined,
        fileName: fileNameOf(response.headers.get("content-disposition")),
      }
      const body = response.body
      const fail = (error: unknown) => transportFailure(error, request.operation, info)
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
    })

  return { json, bytes, resolve, pathname: (path) => target(path).pathname }
}

const concat = (chunks: ReadonlyArray<Uint8Array>): Uint8Array => {
  const out = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0))
  let offset = 0
  for (const chunk of chunks) {
    out.set(chunk, offset)
    offset += chunk.byteLength
  }
  return out
}
