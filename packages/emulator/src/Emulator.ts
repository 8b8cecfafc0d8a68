/**
 * Starts the emulator: a real HTTP server (Hono on Node) speaking the portal Sharing REST API under
 * `/portal/sharing/rest`, with its state in SQLite and files under `dataDir`.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs"
import type { IncomingMessage } from "node:http"
import { createServer as createHttpsServer } from "node:https"
import type { AddressInfo } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { setTimeout as sleep } from "node:timers/promises"
import type { TLSSocket } from "node:tls"
import { type HttpBindings, serve } from "@hono/node-server"
import { Hono } from "hono"
import { portalAdminRoutes } from "./internal/community.ts"
import type { Context } from "./internal/context.ts"
import { serverAdminRoutes } from "./internal/datastores.ts"
import { openDatabase } from "./internal/db.ts"
import { envelope, Fault, invalidToken, methodNotAllowed, notFoundPath, RawBody, Redirect } from "./internal/fault.ts"
import { type FaultOptions, makeFaults } from "./internal/faults.ts"
import { sha256 } from "./internal/ids.ts"
import { findUser, type UserRow } from "./internal/model.ts"
import { recover } from "./internal/recovery.ts"
import { readParams } from "./internal/request.ts"
import { type Route, routes } from "./internal/routes.ts"
import { type SeededAccounts, seed, seededAccounts, writeAtomic } from "./internal/seed.ts"
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
  /** More API keys, each acting as its user (the seeded one, for the publisher, is always there). */
  readonly apiKeys?: ReadonlyArray<{ readonly key: string; readonly username: string }> | undefined
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

const checkLatency = (latencyMs: number): number => {
  if (!Number.isFinite(latencyMs) || latencyMs < 0)
    throw new RangeError(`latencyMs must be a non-negative number of milliseconds, got ${latencyMs}`)
  return latencyMs
}

/** Starts an emulator. */
export const startEmulator = async (options: Options = {}): Promise<EmulatorHandle> => {
  let latencyMs = checkLatency(options.latencyMs ?? 0)
  const ownsDataDir = options.dataDir === undefined
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), "arcgis-portal-emulator-"))
  mkdirSync(dataDir, { recursive: true })
  const db = openDatabase(join(dataDir, "portal.sqlite"))
  const recovered = recover(db, dataDir)
  const secretsFile = join(dataDir, "seed-secrets.json")
  const existing = db.prepare("SELECT COUNT(*) AS n FROM portal").get() as { n: number }
  let secrets: { apiKey: string; app: { clientId: string; clientSecret: string } }
  if (existing.n === 0) {
    secrets = seed(db, dataDir, options.seed ?? true)
    writeAtomic(secretsFile, JSON.stringify(secrets))
  } else {
    secrets = JSON.parse(readFileSync(secretsFile, "utf8")) as typeof secrets
  }
  for (const { key, username } of options.apiKeys ?? []) {
    if (findUser(db, username) === undefined) throw new Error(`apiKeys: no user ${username} in this org`)
    db.prepare("INSERT OR REPLACE INTO api_keys (key_hash, username, privileges, created) VALUES (?, ?, '[]', ?)").run(
      sha256(key),
      username,
      Date.now(),
    )
  }
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

  const userOf = (token: string): UserRow | undefined => {
    const row = db.prepare("SELECT username, expires FROM tokens WHERE token_hash = ?").get(sha256(token)) as
      | { username: string | null; expires: number }
      | undefined
    if (row !== undefined) {
      if (row.expires <= Date.now()) throw invalidToken()
      if (row.username === null) return undefined
      const user = findUser(db, row.username)
      if (user === undefined || user.disabled === 1) throw invalidToken()
      return user
    }
    const key = db.prepare("SELECT username FROM api_keys WHERE key_hash = ?").get(sha256(token)) as
      | { username: string }
      | undefined
    if (key === undefined) throw invalidToken()
    const owner = findUser(db, key.username)
    if (owner === undefined || owner.disabled === 1) throw invalidToken()
    return owner
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
      const user = token ? userOf(token) : certificateUser
      const context: Context = {
        db,
        params,
        method,
        user,
        portalUrl,
        settings,
        requestIp: incoming.socket.remoteAddress ?? "",
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

  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
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
      () => resolve(started),
    )
  })
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
      if (ownsDataDir) rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
