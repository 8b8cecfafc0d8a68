/**
 * Starts the emulator: a real HTTP server (Hono on Node) speaking the portal Sharing REST API under
 * `/portal/sharing/rest`, with its state in SQLite and files under `dataDir`.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs"
import type { IncomingMessage } from "node:http"
import { createServer as createHttpsServer } from "node:https"
import type { AddressInfo } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { setTimeout as sleep } from "node:timers/promises"
import type { TLSSocket } from "node:tls"
import { type HttpBindings, serve } from "@hono/node-server"
import { Hono } from "hono"
import { resolveCaller } from "./internal/authorization.ts"
import { portalAdminRoutes } from "./internal/community.ts"
import type { Context } from "./internal/context.ts"
import { crashPoint } from "./internal/crash-point.ts"
import { serverAdminRoutes } from "./internal/datastores.ts"
import { openDatabase } from "./internal/db.ts"
import { envelope, Fault, methodNotAllowed, notFoundPath, RawBody, Redirect } from "./internal/fault.ts"
import { type FaultOptions, makeFaults } from "./internal/faults.ts"
import { sha256 } from "./internal/ids.ts"
import { type DataDirectoryLock, lockDataDirectory } from "./internal/lock.ts"
import { findUser, privilegesOf, type UserRow } from "./internal/model.ts"
import { recover } from "./internal/recovery.ts"
import { readParams } from "./internal/request.ts"
import { type Route, routes } from "./internal/routes.ts"
import { type SeededAccounts, seed, seededAccounts } from "./internal/seed.ts"
import { serverRoutes } from "./internal/server.ts"

export type { FaultKind, FaultOptions } from "./internal/faults.ts"
export type { SeededAccounts } from "./internal/seed.ts"

export interface Options {
  /** Default 0: an ephemeral port. */
  readonly port?: number | undefined
  /** Default 127.0.0.1. */
  readonly host?: string | undefined
  /** Where state lives. Default: a fresh temporary directory, removed on stop. */
  readonly dataDir?: string | undefined
  /** Seed the sample org (default true); `false` creates only the administrator. */
  readonly seed?: boolean | undefined
  /** Caps every token's lifetime, for expiry tests. */
  readonly tokenTtlSeconds?: number | undefined
  /** The longest token a caller may ask for, in minutes. Default 20 160 (two weeks). */
  readonly maxTokenMinutes?: number | undefined
  /**
   * More API keys (the seeded one, for the publisher, is always there). A key acts as its user with `privileges`
   * — what it may do is always the intersection with its user's role; default: the user's role's privileges when
   * the emulator starts. Ownership gives a key no right its privileges do not name (README, "Authorization").
   */
  readonly apiKeys?:
    | ReadonlyArray<{
        readonly key: string
        readonly username: string
        readonly privileges?: ReadonlyArray<string> | undefined
      }>
    | undefined
  /** Largest item resource file, in bytes. Default 25 MB (the Python module's documented limit). */
  readonly resourceMaxBytes?: number | undefined
  /** How long publish/export/createService jobs report `processing`. Default 300 ms. */
  readonly jobMillis?: number | undefined
  /**
   * Serve HTTPS. With `requireClientCertificate`, the TLS layer demands a client certificate signed
   * by `ca` (others cannot connect), and the certificate's subject CN is taken as the portal user,
   * as behind a PKI web adaptor: requests need no token, and `generateToken` needs no password.
   */
  readonly tls?:
    | {
        readonly key: string | Buffer
        readonly cert: string | Buffer
        readonly ca?: string | Buffer | undefined
        readonly requireClientCertificate?: boolean | undefined
        /** The host name in the emulator's URLs (the server certificate's name). Default: `host`. */
        readonly hostname?: string | undefined
      }
    | undefined
  /** Fault injection, off by default. */
  readonly faults?: FaultOptions | undefined
  /**
   * Milliseconds every answer waits before the request is handled: the network and server time of a real
   * portal, which parallel requests spend at the same time. A timer, not work: the emulator stays free for
   * other requests meanwhile. Default 0.
   */
  readonly latencyMs?: number | undefined
  /**
   * The org requires HTTPS (`allSSL` in `portals/self`): `generateToken` and `oauth2/token` answer `ssl: true`,
   * which tells clients to send the token over https only. Default false.
   */
  readonly allSsl?: boolean | undefined
}

export interface LogEntry {
  readonly method: string
  /** The path only: never a query string, a token or a body. */
  readonly path: string
  readonly errorCode?: number | undefined
}

export interface EmulatorHandle {
  /** `http://127.0.0.1:<port>/portal` */
  readonly url: string
  /** `http://127.0.0.1:<port>/portal/sharing/rest` */
  readonly restUrl: string
  readonly port: number
  readonly dataDir: string
  /** The seeded accounts (passwords are for this local emulator only). */
  readonly accounts: SeededAccounts
  /** An API key bound to the publisher. */
  readonly apiKey: string
  /** A registered OAuth app. */
  readonly app: { readonly clientId: string; readonly clientSecret: string }
  readonly requestLog: () => ReadonlyArray<LogEntry>
  readonly clearRequestLog: () => void
  readonly setFaults: (faults: FaultOptions | undefined) => void
  /** Changes {@link Options.latencyMs} for the requests that arrive from now on. */
  readonly setLatency: (latencyMs: number) => void
  readonly stop: () => Promise<void>
  /** What start-up recovery cleaned after an earlier crash (orphan item files, temporary files). */
  readonly recovered: { readonly orphanItems: number; readonly temporaryFiles: number }
}

const prefix = "/portal/sharing/rest"
const serverPrefix = "/server/rest"
const portalAdminPrefix = "/portal/portaladmin"
const serverAdminPrefix = "/server/admin"

/** The route table and the path within it: the portal's Sharing API or the federated server. */
const locate = (pathname: string): { table: ReadonlyArray<Route>; path: string; admin: boolean } | undefined => {
  // The one percent-decoding of a path: route captures are decoded text, which handlers never decode again (a
  // `%25E0` in the URL is the text `%E0`, not a malformed escape). Undecodable paths are not found.
  const decode = (rest: string) => {
    try {
      return decodeURIComponent(rest.replace(/^\/+|\/+$/g, ""))
    } catch {
      return undefined
    }
  }
  for (const [start, table] of [
    [prefix, routes],
    [serverPrefix, serverRoutes],
    [portalAdminPrefix, portalAdminRoutes],
    [serverAdminPrefix, serverAdminRoutes],
  ] as const) {
    if (pathname === start || pathname.startsWith(`${start}/`)) {
      const path = decode(pathname.slice(start.length))
      return path === undefined
        ? undefined
        : { table, path, admin: start === portalAdminPrefix || start === serverAdminPrefix }
    }
  }
  return undefined
}

const bearer = (header: string | undefined): string | undefined => {
  if (!header) return undefined
  const match = /^Bearer\s+(.+)$/i.exec(header.trim())
  return match?.[1]
}

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

const checkLatency = (latencyMs: number): number => {
  if (!Number.isFinite(latencyMs) || latencyMs < 0)
    throw new RangeError(`latencyMs must be a non-negative number of milliseconds, got ${latencyMs}`)
  return latencyMs
}

/**
 * Starts an emulator. A data directory another emulator is using is refused (an error naming the directory and the
 * pid holding it); one left locked by a crashed emulator is taken over with a warning.
 */
export const startEmulator = async (options: Options = {}): Promise<EmulatorHandle> => {
  checkLatency(options.latencyMs ?? 0)
  const ownsDataDir = options.dataDir === undefined
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), "arcgis-portal-emulator-"))
  mkdirSync(dataDir, { recursive: true })
  crashPoint("data directory created")
  const lock = lockDataDirectory(dataDir)
  try {
    return await start(options, dataDir, ownsDataDir, lock)
  } catch (error) {
    lock.release()
    if (ownsDataDir) rmSync(dataDir, { recursive: true, force: true })
    throw error
  }
}

/** The emulator on a data directory whose lock it holds. */
const start = async (
  options: Options,
  dataDir: string,
  ownsDataDir: boolean,
  lock: DataDirectoryLock,
): Promise<EmulatorHandle> => {
  let latencyMs = checkLatency(options.latencyMs ?? 0)
  const db = openDatabase(join(dataDir, "portal.sqlite"))
  crashPoint("database opened and migrated")
  const recovered = recover(db, dataDir)
  crashPoint("start-up recovery done")
  const secretsFile = join(dataDir, "seed-secrets.json")
  const existing = db.prepare("SELECT COUNT(*) AS n FROM portal").get() as { n: number }
  let secrets: { apiKey: string; app: { clientId: string; clientSecret: string } }
  if (existing.n === 0) {
    // The seed writes the secrets file before its transaction commits: the org exists only with its secrets.
    secrets = seed(db, dataDir, options.seed ?? true, secretsFile)
  } else if (existsSync(secretsFile)) {
    secrets = JSON.parse(readFileSync(secretsFile, "utf8")) as typeof secrets
  } else {
    db.close()
    throw new Error(
      `${secretsFile} is missing while the database holds an org: a crash during the first start of an earlier ` +
        "emulator version (which wrote the file after seeding) left this data directory incomplete. Remove it to start afresh.",
    )
  }
  for (const { key, username, privileges } of options.apiKeys ?? []) {
    const owner = findUser(db, username)
    if (owner === undefined) throw new Error(`apiKeys: no user ${username} in this org`)
    db.prepare("INSERT OR REPLACE INTO api_keys (key_hash, username, privileges, created) VALUES (?, ?, ?, ?)").run(
      sha256(key),
      username,
      JSON.stringify(privileges ?? privilegesOf(db, owner.role_id)),
      Date.now(),
    )
  }
  crashPoint("extra API keys stored")
  const settings = {
    tokenTtlSeconds: options.tokenTtlSeconds,
    maxTokenMinutes: options.maxTokenMinutes ?? 20_160,
    jobMillis: options.jobMillis ?? 300,
    resourceMaxBytes: options.resourceMaxBytes,
    allSsl: options.allSsl,
  }
  let nextFault = makeFaults(options.faults)
  let faultOptions = options.faults
  const log: Array<LogEntry> = []
  let portalUrl = ""
  let stopped = false

  const userOfCertificate = (incoming: IncomingMessage): UserRow | undefined => {
    const socket = incoming.socket as TLSSocket
    if (typeof socket.getPeerCertificate !== "function" || !socket.authorized) return undefined
    const subject = socket.getPeerCertificate().subject as { CN?: string | Array<string> } | undefined
    const name = Array.isArray(subject?.CN) ? subject.CN[0] : subject?.CN
    const user = name === undefined ? undefined : findUser(db, name)
    return user !== undefined && user.disabled === 0 ? user : undefined
  }

  const app = new Hono<{ Bindings: HttpBindings }>()
  // CORS like the portal: browsers on other origins may call the API; the org's `allowedOrigins`
  // (portals/self/update) restricts them when it is not empty.
  const corsHeaders = (origin: string): Record<string, string> | undefined => {
    const row = db.prepare("SELECT properties FROM portal WHERE id = 1").get() as { properties: string } | undefined
    const allowed = (JSON.parse(row?.properties ?? "{}") as { allowedOrigins?: unknown }).allowedOrigins
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
  // First, so that it wraps every answer, early ones included (404, 405, faults, a refused or oversized body).
  app.use("*", async (c, next) => {
    await next()
    if (!(await drainBody(c.env.incoming))) c.res.headers.set("connection", "close")
  })
  app.use("*", async (c, next) => {
    if (latencyMs > 0) {
      await sleep(latencyMs)
      // Stopped while this request waited: the database is closed and nobody reads the answer.
      if (stopped) return new Response(null, { status: 503 })
    }
    const origin = c.req.header("origin")
    const headers = origin === undefined ? undefined : corsHeaders(origin)
    if (c.req.method === "OPTIONS") return new Response(null, { status: 204, headers: headers ?? {} })
    await next()
    if (headers !== undefined) for (const [name, value] of Object.entries(headers)) c.res.headers.set(name, value)
  })
  app.all("*", async (c) => {
    const incoming: IncomingMessage = c.env.incoming
    const url = new URL(c.req.url)
    const method = c.req.method.toUpperCase()
    const located = locate(url.pathname)
    const path = located?.path
    const fault = path === undefined ? undefined : nextFault(path)
    if (fault === "reset") {
      incoming.socket.destroy()
      return new Response(null)
    }
    if (fault === "slow") await new Promise((resolve) => setTimeout(resolve, faultOptions?.slowMs ?? 2_000))
    const pretty = (url.searchParams.get("f") ?? "").toLowerCase() === "pjson"
    const respond = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
      new Response(pretty ? JSON.stringify(body, null, 2) : JSON.stringify(body), {
        status,
        headers: { "content-type": "application/json; charset=utf-8", ...headers },
      })
    const entry: { method: string; path: string; errorCode?: number } = { method, path: url.pathname }
    log.push(entry)
    if (fault === "429") {
      entry.errorCode = 429
      return respond(envelope(new Fault(429, "Rate limit exceeded. Please try again later.", "CONT_0049")), 200, {
        "retry-after": String(faultOptions?.retryAfterSeconds ?? 1),
      })
    }
    if (fault === "503") {
      entry.errorCode = 503
      return respond(envelope(new Fault(503, "Service temporarily unavailable.")), 503)
    }
    const uploads: Array<string> = []
    try {
      if (located === undefined || path === undefined) throw notFoundPath()
      const route = located.table.find((candidate) => candidate.pattern.test(path))
      if (route === undefined) throw notFoundPath()
      if (method !== "GET" && method !== "POST") throw methodNotAllowed()
      if (route.kind === "write" && method !== "POST") throw methodNotAllowed()
      const params = await readParams(url, method, incoming, join(dataDir, "uploads"))
      for (const file of params.files) uploads.push(file.path)
      const f = (params.get("f") ?? "json").toLowerCase()
      const token =
        params.get("token") || bearer(c.req.header("x-esri-authorization")) || bearer(c.req.header("authorization"))
      // A client certificate the TLS layer verified identifies its user, like a PKI web adaptor.
      const certificateUser = token ? undefined : userOfCertificate(incoming)
      const requestIp = incoming.socket.remoteAddress ?? ""
      // Who is asking, and what they may do: the authorization module's answer, also for bound tokens.
      const caller = resolveCaller(db, { token, certificateUser, requestIp, referer: c.req.header("referer") })
      const context: Context = {
        db,
        params,
        method,
        caller,
        user: caller.user,
        portalUrl,
        settings,
        requestIp,
        certificateUser,
        dataDir,
      }
      const match = route.pattern.exec(path) as RegExpExecArray
      const body = await route.handle(context, match)
      if (fault === "reset-after") {
        incoming.socket.destroy()
        return new Response(null)
      }
      if (body instanceof Redirect) return new Response(null, { status: 302, headers: { location: body.location } })
      if (body instanceof RawBody) {
        const headers: Record<string, string> = { "content-type": body.contentType }
        if (body.fileName)
          headers["content-disposition"] = `attachment; filename="${body.fileName.replace(/["\\\r\n]/g, "_")}"`
        if (body.size !== undefined) headers["content-length"] = String(body.size)
        return new Response(body.body as BodyInit, { headers })
      }
      const text = f === "pjson" ? JSON.stringify(body, null, 2) : JSON.stringify(body)
      return new Response(text, { headers: { "content-type": "application/json; charset=utf-8" } })
    } catch (error) {
      // A value nested too deeply for the engine (a JSON bomb parsed from a parameter, then walked or serialized)
      // is the caller's bad input wherever it surfaces; the handler's transaction has been rolled back.
      const tooDeep = error instanceof RangeError && /call stack/i.test(error.message)
      const failure =
        error instanceof Fault
          ? error
          : tooDeep
            ? new Fault(400, "Invalid request", undefined, ["A parameter value is nested too deeply."])
            : new Fault(500, "Unable to process the request.", undefined, ["An unexpected error occurred."])
      if (!(error instanceof Fault) && !tooDeep) console.error("[emulator] unexpected error", error)
      entry.errorCode = failure.code
      if (located?.admin) {
        // The Portal Admin API answers failures in its own envelope.
        return respond(
          { status: "error", messages: [failure.message, ...failure.details], code: failure.code },
          failure.httpStatus,
        )
      }
      return respond(envelope(failure), failure.httpStatus)
    } finally {
      for (const upload of uploads) rmSync(upload, { force: true })
    }
  })

  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const tls = options.tls
    const base = { fetch: app.fetch, port: options.port ?? 0, hostname: options.host ?? "127.0.0.1" }
    const started = serve(
      tls === undefined
        ? base
        : {
            ...base,
            createServer: createHttpsServer,
            serverOptions: {
              key: tls.key,
              cert: tls.cert,
              ...(tls.ca === undefined ? {} : { ca: tls.ca }),
              requestCert: tls.requireClientCertificate === true,
              rejectUnauthorized: tls.requireClientCertificate === true,
            },
          },
      () => {
        started.off("error", reject)
        resolve(started)
      },
    )
    // A port in use (EADDRINUSE), an address not on this host: the start fails, instead of an unhandled error event.
    started.once("error", reject)
  }).catch((error: unknown) => {
    db.close()
    throw error
  })
  // Idle keep-alive connections are closed by the client, never by the emulator. Node closes them after 5 s (+1 s)
  // without a request; a client whose event loop stalled longer than that (a test comparing megabytes synchronously
  // on a busy machine, the emulator in the same process) sends its next request on the connection just as the
  // server's timer fires, and the server's close of a connection holding an unread request resets it: ECONNRESET.
  // Without a server-side timeout (and without the `Keep-Alive: timeout` hint, so clients use their own, shorter
  // one) a client only ever reuses a connection it has not closed itself. `stop()` closes what is still open.
  if ("keepAliveTimeout" in server) server.keepAliveTimeout = 0
  // A request Node's HTTP parser refuses before the app sees it (a URL or headers over 16 KB, a malformed request
  // line) still gets a portal-style JSON envelope instead of Node's bare, empty 400/431.
  server.on("clientError", (error: NodeJS.ErrnoException, socket: import("node:stream").Duplex) => {
    if (!socket.writable) return
    const tooLarge = error.code === "HPE_HEADER_OVERFLOW"
    const status = tooLarge ? 431 : 400
    const body = JSON.stringify(
      envelope(
        new Fault(
          400,
          tooLarge
            ? "The request URL or headers are too long; send the parameters in a POST body."
            : "The request could not be parsed.",
          undefined,
          [],
          status,
        ),
      ),
    )
    socket.end(
      `HTTP/1.1 ${status} ${tooLarge ? "Request Header Fields Too Large" : "Bad Request"}\r\n` +
        `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `Connection: close\r\n\r\n${body}`,
    )
  })
  crashPoint("listening")
  const address = server.address() as AddressInfo
  const host = options.host ?? "127.0.0.1"
  const publicHost = options.tls?.hostname ?? host
  portalUrl = `${options.tls ? "https" : "http"}://${publicHost.includes(":") ? `[${publicHost}]` : publicHost}:${address.port}/portal`
  const accounts: SeededAccounts = {
    admin: { username: seededAccounts.admin.username, password: seededAccounts.admin.password },
    publisher: { username: seededAccounts.publisher.username, password: seededAccounts.publisher.password },
    user: { username: seededAccounts.user.username, password: seededAccounts.user.password },
    viewer: { username: seededAccounts.viewer.username, password: seededAccounts.viewer.password },
  }
  return {
    url: portalUrl,
    restUrl: `${portalUrl}/sharing/rest`,
    port: address.port,
    dataDir,
    accounts,
    apiKey: secrets.apiKey,
    app: secrets.app,
    recovered,
    requestLog: () => [...log],
    clearRequestLog: () => {
      log.length = 0
    },
    setFaults: (faults) => {
      faultOptions = faults
      nextFault = makeFaults(faults)
    },
    setLatency: (next) => {
      latencyMs = checkLatency(next)
    },
    stop: async () => {
      stopped = true
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        ;(server as { closeAllConnections?: () => void }).closeAllConnections?.()
      })
      db.close()
      lock.release()
      if (ownsDataDir) rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
