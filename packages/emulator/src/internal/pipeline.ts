/**
 * The request pipeline: how one HTTP request becomes one portal answer. Its stages, in order:
 *
 * 1. **drain** — wraps every answer: what is left of the request body is read before the answer goes out;
 * 2. **latency** — the emulated network and server time (`latencyMs`), a timer;
 * 3. **CORS** — preflights answered, CORS headers added (the org's `allowedOrigins`);
 * 4. **parse** — which API and route table the path belongs to, and the path within it, percent-decoded once;
 * 5. **fault injection** — a dropped connection, a slow answer, a 429 or a 503 instead of the answer (and the
 *    request log entry);
 * 6. **route** — the route for the path (404) and the method (405 for POST-only `write` routes);
 * 7. **read** — the parameters (query and body, multipart files to disk);
 * 8. **authenticate** — who is asking: the caller the authorization module resolves from the token or certificate;
 * 9. **handle** — the route's handler, given the request context;
 * 10. **render** — JSON (`f=pjson` pretty), a file, or a redirect; or, for a failure, the error envelope.
 */
import { rmSync } from "node:fs"
import type { IncomingMessage } from "node:http"
import { join } from "node:path"
import { setTimeout as sleep } from "node:timers/promises"
import type { TLSSocket } from "node:tls"
import type { HttpBindings } from "@hono/node-server"
import { Hono } from "hono"
import type { LogEntry } from "../Emulator.ts"
import { resolveCaller } from "./authentication.ts"
import type { Context, Settings } from "./context.ts"
import { envelope, Fault, methodNotAllowed, notFoundPath, RawBody, Redirect } from "./errors.ts"
import type { FaultKind, FaultOptions } from "./fault-injection.ts"
import { type Params, readParams } from "./request.ts"
import type { Route } from "./route.ts"
import { type Api, apis } from "./routes.ts"
import type { Database } from "./storage/database.ts"
import { orgPropertiesText } from "./storage/portal.ts"
import { findUser, type UserRow } from "./storage/users.ts"
import { paced } from "./throughput.ts"

/** What the pipeline reads of a running emulator; latency, faults and the stop flag change while it runs. */
export interface EmulatorState {
  readonly db: Database
  readonly dataDir: string
  readonly settings: Settings
  /** Every request, as `requestLog()` gives it. */
  readonly log: Array<LogEntry>
  /** The portal's URL (`http://127.0.0.1:<port>/portal`), known once the server listens. */
  portalUrl: string
  latencyMs: number
  /** The throughput cap of file answers (`downloadBytesPerSecond`), if any. */
  downloadBytesPerSecond: number | undefined
  /** The throughput cap of request bodies (`uploadBytesPerSecond`), read as each body starts; if any. */
  uploadBytesPerSecond: number | undefined
  faults: FaultOptions | undefined
  /** The fault injected into the next request to `path`, if any (fault-injection.ts). */
  nextFault: (path: string) => FaultKind | undefined
  /** Set by `stop()`: requests still waiting out their latency get a bare 503. */
  stopped: boolean
}

// ---------------------------------------------------------------- 1. drain

/** The most of a request body read (and dropped) after an early answer before the connection is closed instead. */
const drainLimitBytes = 64 * 1_048_576

/**
 * Reads what is left of a request body before its answer goes out; `false` when more than {@link drainLimitBytes}
 * were left (the answer then closes the connection). An answer sent while the body is still arriving — a 404, a
 * refused upload, a body over the size limit — would otherwise leave unread bytes on a keep-alive connection, which
 * Hono's clean-up then closes if they have not arrived 500 ms later: under a slow event loop, or from a slow client,
 * a reset for a client that has sent its next request on that connection.
 */
const drainBody = (incoming: IncomingMessage): Promise<boolean> =>
  new Promise((resolve) => {
    if (incoming.readableEnded || incoming.destroyed) {
      resolve(true)
      return
    }
    let size = 0
    const finish = (complete: boolean) => {
      incoming.off("data", onData)
      incoming.off("end", onEnd)
      incoming.off("close", onEnd)
      incoming.off("error", onEnd)
      resolve(complete)
    }
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength
      if (size > drainLimitBytes) finish(false)
    }
    const onEnd = () => finish(true)
    incoming.on("data", onData)
    incoming.on("end", onEnd)
    incoming.on("close", onEnd)
    incoming.on("error", onEnd)
    incoming.resume()
  })

// ---------------------------------------------------------------- 3. CORS

/**
 * CORS like the portal: browsers on other origins may call the API; the org's `allowedOrigins` (portals/self/update)
 * restricts them when it is not empty. `undefined`: this origin gets no CORS headers.
 */
const corsHeaders = (db: Database, origin: string): Record<string, string> | undefined => {
  const allowed = (JSON.parse(orgPropertiesText(db) ?? "{}") as { allowedOrigins?: unknown }).allowedOrigins
  const list = Array.isArray(allowed) ? allowed.filter((entry): entry is string => typeof entry === "string") : []
  if (list.length > 0 && !list.includes(origin)) return undefined
  return {
    "access-control-allow-origin": origin,
    "access-control-allow-methods": "GET, POST",
    "access-control-allow-headers": "content-type, x-esri-authorization, authorization, x-esri-user-agent",
    "access-control-max-age": "600",
    vary: "origin",
  }
}

// ---------------------------------------------------------------- 4. parse

/** The API a request addresses and the path within it. */
interface Located {
  readonly api: Api
  readonly path: string
}

/**
 * The API and path a request's URL path addresses; `undefined` for no API, or a path that does not decode. The one
 * percent-decoding of a path: route captures are decoded text, which handlers never decode again (a `%25E0` in the
 * URL is the text `%E0`, not a malformed escape).
 */
const locate = (pathname: string): Located | undefined => {
  const decode = (rest: string) => {
    try {
      return decodeURIComponent(rest.replace(/^\/+|\/+$/g, ""))
    } catch {
      return undefined
    }
  }
  for (const api of apis) {
    if (pathname === api.prefix || pathname.startsWith(`${api.prefix}/`)) {
      const path = decode(pathname.slice(api.prefix.length))
      return path === undefined ? undefined : { api, path }
    }
  }
  return undefined
}

// ---------------------------------------------------------------- 6. route

/** The route answering `path` (404 when none) for `method` (405 for anything but GET and POST, and GET to `write`). */
const matchRoute = (located: Located | undefined, method: string): { route: Route; path: string } => {
  if (located === undefined) throw notFoundPath()
  const route = located.api.routes.find((candidate) => candidate.pattern.test(located.path))
  if (route === undefined) throw notFoundPath()
  if (method !== "GET" && method !== "POST") throw methodNotAllowed()
  // `late-write` routes refuse a GET in their handler, after their lookups (route.ts).
  if (route.kind === "write" && method !== "POST") throw methodNotAllowed()
  return { route, path: located.path }
}

// ---------------------------------------------------------------- 8. authenticate

const bearer = (header: string | undefined): string | undefined => {
  if (!header) return undefined
  const match = /^Bearer\s+(.+)$/i.exec(header.trim())
  return match?.[1]
}

/** The user a client certificate the TLS layer verified names (its subject CN), like a PKI web adaptor. */
const userOfCertificate = (db: Database, incoming: IncomingMessage): UserRow | undefined => {
  const socket = incoming.socket as TLSSocket
  if (typeof socket.getPeerCertificate !== "function" || !socket.authorized) return undefined
  const subject = socket.getPeerCertificate().subject as { CN?: string | Array<string> } | undefined
  const name = Array.isArray(subject?.CN) ? subject.CN[0] : subject?.CN
  const user = name === undefined ? undefined : findUser(db, name)
  return user !== undefined && user.disabled === 0 ? user : undefined
}

/**
 * The handler's context: who is asking — the caller `authorization.ts` resolves from the token (`token` parameter,
 * `X-Esri-Authorization` or `Authorization: Bearer`) or, without one, a verified client certificate — and the rest
 * of the request.
 */
const authenticate = (
  state: EmulatorState,
  request: { readonly method: string; readonly params: Params; readonly incoming: IncomingMessage },
  header: (name: string) => string | undefined,
): Context => {
  const { db } = state
  const { params, incoming } = request
  const token = params.get("token") || bearer(header("x-esri-authorization")) || bearer(header("authorization"))
  // A client certificate the TLS layer verified identifies its user, like a PKI web adaptor.
  const certificateUser = token ? undefined : userOfCertificate(db, incoming)
  const requestIp = incoming.socket.remoteAddress ?? ""
  // Who is asking, and what they may do: the authorization module's answer, also for bound tokens.
  const caller = resolveCaller(db, { token, certificateUser, requestIp, referer: header("referer") })
  return {
    db,
    params,
    method: request.method,
    caller,
    user: caller.user,
    portalUrl: state.portalUrl,
    settings: state.settings,
    requestIp,
    certificateUser,
    dataDir: state.dataDir,
  }
}

// ---------------------------------------------------------------- 10. render

/** A JSON answer (`pretty`: indented, for `f=pjson`). */
const json = (body: unknown, pretty: boolean, status = 200, headers: Record<string, string> = {}) =>
  new Response(pretty ? JSON.stringify(body, null, 2) : JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
  })

/**
 * A `Range` header's single range `bytes=<first>-[<last>]` (RFC 9110 §14.1.2) within a body of `size` bytes:
 * `undefined` for anything else (several ranges, a suffix range, no header), which is answered whole — a server may
 * ignore a range; `"unsatisfiable"` when `first` is past the end.
 */
export const rangeOf = (
  header: string | undefined,
  size: number,
): { readonly start: number; readonly end: number } | "unsatisfiable" | undefined => {
  if (header === undefined) return undefined
  const match = /^\s*bytes\s*=\s*(\d{1,16})\s*-\s*(\d{0,16})\s*$/i.exec(header)
  if (match === null) return undefined
  const start = Number(match[1])
  const last = match[2] === "" ? size - 1 : Number(match[2])
  if (start >= size) return "unsatisfiable"
  if (last < start) return undefined
  return { start, end: Math.min(last, size - 1) }
}

/**
 * A handler's answer on the wire: a redirect, a file (paced to `rate` bytes per second when the emulated network
 * has a throughput), or JSON. A file that can open a range answers a GET's `Range`
 * with 206 and that range, or 416 when it starts past the end (unless the emulator is started with
 * `serveRanges: false`: then the whole, as a server without range support).
 */
const render = (body: unknown, pretty: boolean, range: string | undefined, rate: number | undefined): Response => {
  if (body instanceof Redirect) return new Response(null, { status: 302, headers: { location: body.location } })
  if (body instanceof RawBody) {
    const headers: Record<string, string> = { "content-type": body.contentType }
    if (body.fileName)
      headers["content-disposition"] = `attachment; filename="${body.fileName.replace(/["\\\r\n]/g, "_")}"`
    if (body.openRange !== undefined && body.size !== undefined && body.size > 0) {
      headers["accept-ranges"] = "bytes"
      const wanted = rangeOf(range, body.size)
      if (wanted === "unsatisfiable") {
        if (body.body instanceof ReadableStream) body.body.cancel().catch(() => undefined)
        return new Response(null, { status: 416, headers: { ...headers, "content-range": `bytes */${body.size}` } })
      }
      const partial = wanted === undefined ? undefined : body.openRange(wanted.start, wanted.end)
      if (wanted !== undefined && partial !== undefined) {
        if (body.body instanceof ReadableStream) body.body.cancel().catch(() => undefined)
        headers["content-range"] = `bytes ${wanted.start}-${wanted.end}/${body.size}`
        headers["content-length"] = String(wanted.end - wanted.start + 1)
        return new Response((rate === undefined ? partial : paced(partial, rate)) as BodyInit, { status: 206, headers })
      }
    }
    if (body.size !== undefined) headers["content-length"] = String(body.size)
    const stream = rate !== undefined && body.body instanceof ReadableStream ? paced(body.body, rate) : body.body
    return new Response(stream as BodyInit, { headers })
  }
  return json(body, pretty)
}

/**
 * What a thrown error answers: a `Fault` as it is; a value nested too deeply for the engine (a JSON bomb parsed from a
 * parameter, then walked or serialized) as the caller's bad input wherever it surfaces — the handler's transaction
 * has been rolled back; anything else as a 500, logged.
 */
const failureOf = (error: unknown): Fault => {
  if (error instanceof Fault) return error
  if (error instanceof RangeError && /call stack/i.test(error.message))
    return new Fault(400, "Invalid request", undefined, ["A parameter value is nested too deeply."])
  console.error("[emulator] unexpected error", error)
  return new Fault(500, "Unable to process the request.", undefined, ["An unexpected error occurred."])
}

/** A failure in the envelope of its API: the portal's, or the admin APIs' own. */
const renderFailure = (failure: Fault, admin: boolean, pretty: boolean): Response =>
  admin
    ? json(
        { status: "error", messages: [failure.message, ...failure.details], code: failure.code },
        pretty,
        failure.httpStatus,
      )
    : json(envelope(failure), pretty, failure.httpStatus)

// ---------------------------------------------------------------- the app

/** The Hono app answering every request of a running emulator. */
export const createApp = (state: EmulatorState) => {
  const app = new Hono<{ Bindings: HttpBindings }>()
  // 1. First, so that it wraps every answer, early ones included (404, 405, faults, a refused or oversized body).
  app.use("*", async (c, next) => {
    await next()
    if (!(await drainBody(c.env.incoming))) c.res.headers.set("connection", "close")
  })
  // 2. A timer, not work: parallel requests wait at the same time.
  app.use("*", async (_c, next) => {
    if (state.latencyMs > 0) {
      await sleep(state.latencyMs)
      // Stopped while this request waited: the database is closed and nobody reads the answer.
      if (state.stopped) return new Response(null, { status: 503 })
    }
    await next()
  })
  // 3.
  app.use("*", async (c, next) => {
    const origin = c.req.header("origin")
    const headers = origin === undefined ? undefined : corsHeaders(state.db, origin)
    if (c.req.method === "OPTIONS") return new Response(null, { status: 204, headers: headers ?? {} })
    await next()
    if (headers !== undefined) for (const [name, value] of Object.entries(headers)) c.res.headers.set(name, value)
  })
  app.all("*", async (c) => {
    const incoming: IncomingMessage = c.env.incoming
    const url = new URL(c.req.url)
    const method = c.req.method.toUpperCase()
    // 4.
    const located = locate(url.pathname)
    // 5. A dropped connection or a delay first; a 429 or 503 once the request is logged.
    const fault = located === undefined ? undefined : state.nextFault(located.path)
    if (fault === "reset") {
      incoming.socket.destroy()
      return new Response(null)
    }
    if (fault === "slow") await new Promise((resolve) => setTimeout(resolve, state.faults?.slowMs ?? 2_000))
    // Failures are pretty-printed by the query's `f` (the body is not read yet, or could not be).
    const pretty = (url.searchParams.get("f") ?? "").toLowerCase() === "pjson"
    const entry: { method: string; path: string; errorCode?: number } = { method, path: url.pathname }
    state.log.push(entry)
    if (fault === "429") {
      entry.errorCode = 429
      return json(envelope(new Fault(429, "Rate limit exceeded. Please try again later.", "CONT_0049")), pretty, 200, {
        "retry-after": String(state.faults?.retryAfterSeconds ?? 1),
      })
    }
    if (fault === "503") {
      entry.errorCode = 503
      return json(envelope(new Fault(503, "Service temporarily unavailable.")), pretty, 503)
    }
    const uploads: Array<string> = []
    try {
      // 6.
      const { route, path } = matchRoute(located, method)
      // 7.
      const params = await readParams(url, method, incoming, join(state.dataDir, "uploads"), state.uploadBytesPerSecond)
      for (const file of params.files) uploads.push(file.path)
      // 8.
      const context = authenticate(state, { method, params, incoming }, (name) => c.req.header(name))
      // 9.
      const body = await route.handle(context, route.pattern.exec(path) as RegExpExecArray)
      if (fault === "reset-after") {
        incoming.socket.destroy()
        return new Response(null)
      }
      // 10. Answers are pretty-printed by the parameters' `f`, body included.
      const range = method === "GET" && state.settings.serveRanges !== false ? c.req.header("range") : undefined
      return render(body, (params.get("f") ?? "json").toLowerCase() === "pjson", range, state.downloadBytesPerSecond)
    } catch (error) {
      const failure = failureOf(error)
      entry.errorCode = failure.code
      return renderFailure(failure, located?.api.admin === true, pretty)
    } finally {
      // Uploaded files a handler did not move into place are not kept.
      for (const upload of uploads) rmSync(upload, { force: true })
    }
  })
  return app
}
