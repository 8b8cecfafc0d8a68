/**
 * The one place that speaks HTTP: builds the URL and body of a PortalRequest, sends it once with a timeout, and turns
 * the answer into JSON, a byte stream, or a typed error. Retries, tokens and spans are layered on top by the
 * Transport.
 *
 * A JSON exchange goes straight to the `Network`'s fetch (see `follow`). A transfer — a multipart upload, a download —
 * goes through the transfer engine (`transfer-engine.ts`, ky: byte progress, its timeout on the wait for the answer),
 * loaded with a dynamic `import()` on the layer's first transfer and kept for the layer: a program that never
 * transfers never loads ky, and bundlers that split dynamic imports keep it out of a page's first load. Redirects are
 * followed by hand, so the engine sees one hop at a time.
 */
import * as Effect from "effect/Effect"
import type * as Stream from "effect/Stream"
import type { NetworkShape } from "../Network.ts"
import { InvalidInput, type PortalFailure, type RequestInfo, type TransportError } from "../PortalError.ts"
import { encodeParams, hasSecret, type PortalRequest } from "../PortalRequest.ts"
import { multipartBody, unredirectedBodySize } from "./multipart.ts"
import { readBytes, readJson } from "./read-answer.ts"
import type { TransferEngine } from "./transfer-engine.ts"
import { RedirectRefused, timeoutError, transportFailure } from "./transport-failure.ts"
import { isLoopback } from "./trust.ts"

export { multipartBody, unredirectedBodySize } from "./multipart.ts"

/** What an auth strategy adds to a request: headers, or parameters that go in the POST body. */
export interface Authorization {
  readonly headers?: Readonly<Record<string, string>> | undefined
  readonly params?: Readonly<Record<string, string>> | undefined
}

/**
 * How one request is sent: what it carries and whether its target is inside the credential boundary (see
 * `trust.ts`). Only a trusted target gets the strategy's own fetch (a client certificate) or a body with secrets.
 */
export interface Route {
  readonly authorization: Authorization | undefined
  readonly trusted: boolean
}

/** A request with no credentials to the portal itself (token requests). */
export const portalRoute: Route = { authorization: undefined, trusted: true }

export interface HttpOptions {
  readonly restUrl: string
  readonly timeout: number
  readonly maxUrlLength: number
  readonly userAgent: string | undefined
  /** How requests reach the network: `trusted` inside the credential boundary, `public` everywhere else. */
  readonly network: NetworkShape
  /** Let credentials travel over plain http to a host that is not this machine. Default false. */
  readonly allowInsecureHttp: boolean
}

/** A byte answer: the body as a stream that is never buffered whole. */
export interface ByteResponse {
  readonly contentType: string | undefined
  /** The body's length (`Content-Length`), when the server sent it. */
  readonly contentLength: number | undefined
  readonly fileName: string | undefined
  /**
   * Where the body starts in the whole: the request's `offset` when the server answered with that range (206), 0
   * when it sent the whole (a server that does not serve ranges answers 200).
   */
  readonly offset: number
  /** The whole's length: `Content-Range`'s total for a partial answer, else `contentLength`. */
  readonly totalLength: number | undefined
  readonly stream: Stream.Stream<Uint8Array, TransportError>
}

export interface Http {
  readonly json: (request: PortalRequest, route: Route) => Effect.Effect<unknown, PortalFailure>
  readonly bytes: (request: PortalRequest, route: Route) => Effect.Effect<ByteResponse, PortalFailure>
  readonly resolve: (path: string) => URL
  /** The path of `path` resolved against the REST root (what errors and spans show). */
  readonly pathname: (path: string) => string
  /** The URL of `path` when it is on another origin than the portal's; `undefined` for the portal's own paths. */
  readonly foreign: (path: string) => URL | undefined
  /** The portal's origin (`https://host`). */
  readonly origin: string
  /**
   * From now on every credential-bearing request goes over https: the portal said so (`ssl: true` in a token
   * answer). An http URL is upgraded when it uses the default port, and refused otherwise.
   */
  readonly requireSsl: () => void
}

/** Statuses of a redirect that carries a `Location` (RFC 9110 §15.4). */
const redirectStatuses = new Set([301, 302, 303, 307, 308])

/** How many redirects one request may follow. */
export const maxRedirects = 5

const inBrowser = typeof (globalThis as { document?: unknown }).document !== "undefined"

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

/** A request ready for fetch, or the reason it may not be sent. */
type Built =
  | {
      readonly href: string
      readonly init: RequestInit & { readonly method: string; readonly headers: Record<string, string> }
      readonly info: RequestInfo
      /** Credentials will travel over plain http to another machine (allowed by `allowInsecureHttp`). */
      readonly insecure: boolean
    }
  | { readonly refused: PortalFailure }

export const makeHttp = (options: HttpOptions): Http => {
  const rootUrl = new URL(options.restUrl.endsWith("/") ? options.restUrl : `${options.restUrl}/`)
  const root = rootUrl.href
  const rootPath = rootUrl.pathname
  const origin = rootUrl.origin
  let sslRequired = false
  let warnedInsecure = false

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

  const foreign = (path: string): URL | undefined => {
    if (!absolute.test(path)) return undefined
    const url = new URL(path)
    return url.origin === origin ? undefined : url
  }

  const refuse = (request: PortalRequest, field: string, message: string): Built => ({
    refused: new InvalidInput({ operation: request.operation, field, message }),
  })

  /**
   * The transport-security rules for a request that carries a credential (a token, or a secret parameter such
   * as a password): only to a trusted target, never in clear text to another machine, https once the portal
   * said `ssl: true`. Returns the URL to send to (upgraded to https when needed).
   */
  const secure = (
    request: PortalRequest,
    href: string,
    route: Route,
  ): { readonly href: string; readonly insecure: boolean } | { readonly refused: PortalFailure } => {
    // The usual case, without parsing a URL: https inside the boundary.
    if (route.trusted && href.startsWith("https://")) return { href, insecure: false }
    const url = new URL(href)
    if (!route.trusted) {
      return refuse(
        request,
        "url",
        `Refused to send a credential to ${url.origin}: it is neither the portal nor a server the portal lists as its own. Add it to trustedServers if you trust it.`,
      )
    }
    if (url.protocol !== "http:") return { href, insecure: false }
    if (sslRequired) {
      if (url.port !== "") {
        return refuse(
          request,
          "url",
          `The portal requires https (its token answer said ssl: true), and ${url.origin} names an explicit http port that cannot be upgraded: use the portal's https URL.`,
        )
      }
      url.protocol = "https:"
      return { href: url.href, insecure: false }
    }
    if (isLoopback(url)) return { href, insecure: false }
    if (!options.allowInsecureHttp) {
      return refuse(
        request,
        "allowInsecureHttp",
        `Refused to send a credential over plain http to ${url.host}: anyone on the network path could read it. Use the portal's https URL, or pass allowInsecureHttp: true to accept the risk.`,
      )
    }
    return { href, insecure: true }
  }

  /** Builds the fetch input: URL, method, headers and body. */
  const build = (request: PortalRequest, route: Route): Built => {
    const authorization = route.authorization
    let { href, pathname } = target(request.path)
    if (request.query !== undefined) {
      const url = new URL(href)
      for (const [name, value] of Object.entries(request.query)) url.searchParams.set(name, String(value))
      href = url.href
    }
    const info: RequestInfo = { method: request.method, path: pathname }
    if (request.offset !== undefined && !(Number.isSafeInteger(request.offset) && request.offset >= 0)) {
      return refuse(request, "offset", "A download offset is a whole number of bytes, 0 or more.")
    }
    const credentialed = authorization !== undefined || hasSecret(request.params)
    let insecure = false
    if (credentialed) {
      const checked = secure(request, href, route)
      if ("refused" in checked) return checked
      href = checked.href
      insecure = checked.insecure
    }
    // Redirects are followed by hand (see `send`) so that no credential crosses to another origin. A browser hides
    // a redirect it is told not to follow, so there requests without credentials still follow on their own.
    const redirect: RequestRedirect = credentialed || !inBrowser ? "manual" : "follow"
    const params = encodeParams(request.params)
    params.push(["f", "json"])
    const authParams = authorization?.params === undefined ? [] : Object.entries(authorization.params)
    const headers: Record<string, string> = authorization?.headers === undefined ? {} : { ...authorization.headers }
    if (options.userAgent) headers["X-Esri-User-Agent"] = options.userAgent
    if (request.offset !== undefined && request.offset > 0) headers.range = `bytes=${request.offset}-`
    const multipart = request.files !== undefined || request.multipart === true
    let method = request.method
    if (method === "GET") {
      const query = new URLSearchParams(params).toString()
      const withQuery = `${href}${href.includes("?") ? "&" : "?"}${query}`
      // A secret or a body-placed token never travels in a URL; a URL too long for proxies becomes a POST.
      if (multipart || authParams.length > 0 || hasSecret(request.params) || withQuery.length > options.maxUrlLength) {
        method = "POST"
      } else {
        return { href: withQuery, init: { method, headers, redirect }, info, insecure }
      }
    }
    const all = [...params, ...authParams]
    if (multipart) {
      const { body, contentType } = multipartBody(all, Object.entries(request.files ?? {}))
      headers["content-type"] = contentType
      // Not following redirects spares a large body the copy Node's fetch keeps to resend it (see multipartBody).
      return {
        href,
        init: { method, headers, body, redirect: body.size >= unredirectedBodySize ? "error" : redirect },
        info,
        insecure,
      }
    }
    return { href, init: { method, headers, body: new URLSearchParams(all), redirect }, info, insecure }
  }

  // The transfer engine (ky), loaded on the layer's first transfer and kept: never for a program that only exchanges
  // JSON. A failure to load it fails that transfer as any network failure does, and the next transfer tries again.
  let engine: Promise<TransferEngine> | undefined
  const transferEngine = (): Promise<TransferEngine> => {
    engine ??= import("./transfer-engine.ts").then(
      (module) => module.makeTransferEngine(options.network),
      (error: unknown) => {
        engine = undefined
        throw error
      },
    )
    return engine
  }

  /**
   * Sends the request, following redirects by hand (at most {@link maxRedirects}): to the same origin with the
   * same credentials (a 307/308 re-sends the body; a 301/302 POST and any 303 become a body-less GET, as fetch
   * does); to another origin only a read, as a GET without credentials, through the public fetch. Anything else —
   * a body or a write redirected to another origin, a redirect a browser hides, too many hops — fails with a
   * `TransportError` whose reason is `Redirect`.
   */
  const follow = async (
    request: PortalRequest,
    first: Extract<Built, { href: string }>,
    trusted: boolean,
    signal: AbortSignal,
    deadline: number | undefined,
    transfer: boolean,
  ): Promise<Response> => {
    let href = first.href
    let init: RequestInit & { method: string; headers: Record<string, string> } = first.init
    // Whether the current hop is inside the credential boundary: it picks the Network's fetch (and the engine's).
    let inside = trusted
    const upload = request.onUploadProgress
    const download = request.onDownloadProgress
    for (let hops = 0; ; hops++) {
      // A transfer (a multipart upload, a download) goes through the engine (ky), for its byte progress and its
      // timeout on the wait for the answer; a JSON exchange goes straight to the Network's fetch, since ky would only
      // add its per-request cost there (~50 µs of CPU: its option merging and a Request it builds; B3 1.14× → 1.34×
      // of bare fetch). Browsers cannot stream a request body: no upload progress there, and the body goes as built.
      const response = transfer
        ? await (await transferEngine()).send({
            trusted: inside,
            href,
            init,
            signal,
            deadline,
            onUploadProgress: inBrowser ? undefined : upload,
            onDownloadProgress: download,
          })
        : await (inside ? options.network.trusted : options.network.public)(href, { ...init, signal })
      if (init.redirect !== "manual") return response
      if (response.type === "opaqueredirect") {
        throw new RedirectRefused(
          "The portal answered with a redirect the browser does not disclose, and a request with credentials is not sent on blindly: use the portal's final URL.",
          undefined,
        )
      }
      const location = redirectStatuses.has(response.status) ? response.headers.get("location") : null
      if (location === null) return response
      await response.body?.cancel().catch(ignore)
      if (hops >= maxRedirects) throw new RedirectRefused(`More than ${maxRedirects} redirects.`, response.status)
      let next: URL
      try {
        next = new URL(location, href)
      } catch {
        throw new RedirectRefused("The redirect's Location is not a URL.", response.status)
      }
      if (next.protocol !== "https:" && next.protocol !== "http:") {
        throw new RedirectRefused(`The redirect goes to a ${next.protocol} URL.`, response.status)
      }
      const toGet =
        response.status === 303 || ((response.status === 301 || response.status === 302) && init.method === "POST")
      if (toGet) {
        const { "content-type": _type, ...rest } = init.headers
        init = { method: "GET", headers: rest, redirect: "manual" }
      }
      if (next.origin !== new URL(href).origin) {
        if (request.method !== "GET" || init.method !== "GET") {
          throw new RedirectRefused(
            `The portal redirected the request to another origin (${next.origin}); a ${request.method === "GET" ? "request with a body" : "write"} is never sent on to another origin.`,
            response.status,
          )
        }
        // A read goes on without credentials: only what is public (or signed into the URL itself) comes back.
        const headers: Record<string, string> = {}
        if (options.userAgent) headers["X-Esri-User-Agent"] = options.userAgent
        // The range a resumed download asks for is no credential: it goes on (blob storage serves ranges).
        if (init.headers.range !== undefined) headers.range = init.headers.range
        init = { method: "GET", headers, redirect: "manual" }
        inside = false
      }
      href = next.href
    }
  }

  /**
   * Sends the request once, with one AbortController that fires on interruption or after the
   * timeout. `read` consumes the response while the timer still runs, so a JSON answer's body is
   * covered by the timeout, while a byte stream's `read` returns at once (a download may take long).
   */
  const send = <A>(
    request: PortalRequest,
    route: Route,
    transfer: boolean,
    read: (
      response: Response,
      info: RequestInfo,
    ) => Promise<Effect.Effect<A, PortalFailure>> | Effect.Effect<A, PortalFailure>,
  ): Effect.Effect<A, PortalFailure> => {
    const built = build(request, route)
    if ("refused" in built) return Effect.fail(built.refused)
    const timeout = request.timeout ?? options.timeout
    const sent = Effect.callback<A, PortalFailure>((resume) => {
      const controller = new AbortController()
      const deadline = timeout > 0 && timeout < 2_147_483_647 ? Date.now() + timeout : undefined
      // One timer for the whole request, the answer's JSON body included (a byte stream's `read` returns at once,
      // since a download may take long). A fetch that does not tie the body to the signal (a custom one) must not
      // hang on a stalled body either: `stopRead` cancels it.
      let stopRead: ((reason: unknown) => void) | undefined
      const timer =
        deadline === undefined
          ? undefined
          : setTimeout(() => {
              const reason = timeoutError()
              controller.abort(reason)
              stopRead?.(reason)
            }, timeout)
      const fail = (error: unknown) => {
        clearTimeout(timer)
        // ky's own timeout does not reach the request it handed on: stop it here.
        controller.abort()
        resume(Effect.fail(transportFailure(error, request.operation, built.info)))
      }
      follow(request, built, route.trusted, controller.signal, deadline, transfer || built.init.body instanceof Blob)
        .then(
          (response) =>
            new Promise<Effect.Effect<A, PortalFailure>>((resolve, reject) => {
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
      return Effect.sync(() => {
        clearTimeout(timer)
        controller.abort()
      })
    })
    if (!built.insecure || warnedInsecure) return sent
    warnedInsecure = true
    return Effect.andThen(
      Effect.logWarning(
        `allowInsecureHttp: credentials are sent over plain http to ${new URL(built.href).host}; anyone on the network path can read them.`,
      ),
      sent,
    )
  }

  const json: Http["json"] = (request, route) => send(request, route, false, readJson(request))

  const bytes: Http["bytes"] = (request, route) => send(request, route, true, readBytes(request))

  return {
    json,
    bytes,
    resolve,
    pathname: (path) => target(path).pathname,
    foreign,
    origin,
    requireSsl: () => {
      sslRequired = true
    },
  }
}
