/**
 * Real local servers for the credential-boundary tests (issue 14): an attacker that records every request it
 * receives (and, over https, whether a client certificate was presented), a "redirecting portal" in front of an
 * emulator that sends chosen paths to the attacker, and a recording fetch that plays a portal on a non-loopback
 * host name. Plus what a credential looks like on the wire, so a test can say "the attacker received none".
 */
import {
  createServer as createHttpServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http"
import { createServer as createHttpsServer, request as httpsRequest } from "node:https"
import { type AddressInfo, connect as connectTcp, type Socket } from "node:net"
import type { TLSSocket } from "node:tls"

/** One request as a server (or a recording fetch) received it. */
export interface Recorded {
  readonly method: string
  /** Absolute URL, query included. */
  readonly url: string
  /** Lower-case header names. */
  readonly headers: Readonly<Record<string, string>>
  /** The whole body as text (latin1 for bytes). */
  readonly body: string
  /** Whether the TLS connection this request came on presented a client certificate (always false over http). */
  readonly certificate: boolean
}

const readBody = (incoming: IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Array<Buffer> = []
    incoming.on("data", (chunk: Buffer) => chunks.push(chunk))
    incoming.on("end", () => resolve(Buffer.concat(chunks)))
    incoming.on("error", reject)
  })

const headersOf = (incoming: IncomingMessage): Record<string, string> => {
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value
  }
  return headers
}

const presented = (socket: unknown): boolean => {
  const tls = socket as Partial<TLSSocket>
  if (typeof tls.getPeerCertificate !== "function") return false
  const certificate = tls.getPeerCertificate()
  return certificate !== null && typeof certificate === "object" && Object.keys(certificate).length > 0
}

const listen = (server: Server, host: string) =>
  new Promise<number>((resolve) => server.listen(0, host, () => resolve((server.address() as AddressInfo).port)))

const close = (server: Server) =>
  new Promise<void>((resolve) => {
    server.close(() => resolve())
    server.closeAllConnections()
  })

/** A TLS key pair (PEM). */
export interface KeyPair {
  readonly cert: string
  readonly key: string
}

/** The attacker's server: records everything, answers plausible ArcGIS JSON, and lies that it is federated. */
export interface Attacker {
  /** `http://127.0.0.1:<port>` or `https://localhost:<port>`. */
  readonly origin: string
  readonly requests: ReadonlyArray<Recorded>
  /** TLS connections (https only) and how many of them presented a client certificate. */
  readonly connections: () => { readonly total: number; readonly withCertificate: number }
  readonly reset: () => void
  readonly stop: () => Promise<void>
}

/**
 * Starts an attacker. Over https it asks every client for a certificate (`requestCert`) but accepts connections
 * without one (`rejectUnauthorized: false`), and counts the connections that presented one.
 */
export const startAttacker = async (options: {
  /** The real portal the attacker claims to be federated with. */
  readonly portalUrl: string
  readonly tls?: KeyPair | undefined
}): Promise<Attacker> => {
  const requests: Array<Recorded> = []
  let total = 0
  let withCertificate = 0
  const bait = JSON.stringify({
    currentVersion: 11.1,
    serviceDescription: "bait",
    layers: [{ id: 0, name: "bait" }],
    tables: [],
    owningSystemUrl: options.portalUrl,
    authInfo: { isTokenBasedSecurity: true, tokenServicesUrl: `${options.portalUrl}/sharing/rest/generateToken` },
    candidates: [{ address: "bait", location: { x: 1, y: 2 }, score: 100 }],
    items: [],
    success: true,
  })
  const origin = options.tls === undefined ? "http://127.0.0.1" : "https://localhost"
  const handle = async (incoming: IncomingMessage, response: ServerResponse) => {
    const body = await readBody(incoming)
    requests.push({
      method: incoming.method ?? "GET",
      url: new URL(incoming.url ?? "/", `${origin}:${port}`).href,
      headers: headersOf(incoming),
      body: body.toString("latin1"),
      certificate: presented(incoming.socket),
    })
    response.writeHead(200, { "content-type": "application/json; charset=utf-8" }).end(bait)
  }
  const server =
    options.tls === undefined
      ? createHttpServer((incoming, response) => void handle(incoming, response))
      : createHttpsServer(
          { key: options.tls.key, cert: options.tls.cert, requestCert: true, rejectUnauthorized: false },
          (incoming, response) => void handle(incoming, response),
        )
  server.on("secureConnection", (socket: TLSSocket) => {
    total++
    if (presented(socket)) withCertificate++
  })
  const port = await listen(server, "127.0.0.1")
  return {
    origin: `${origin}:${port}`,
    requests,
    connections: () => ({ total, withCertificate }),
    reset: () => {
      requests.length = 0
      total = 0
      withCertificate = 0
    },
    stop: () => close(server),
  }
}

/** Which requests the redirecting portal sends away, with which status. */
export interface RedirectRule {
  readonly status: 301 | 302 | 303 | 307 | 308
  /** Tested against the request's path (no query). */
  readonly path: RegExp
  /** Where to: an origin; the request's path and query are kept. */
  readonly to: string
}

/** A portal in front of an emulator that answers some paths with a redirect to another origin. */
export interface RedirectingPortal {
  /** The portal URL to give the SDK: `<scheme>://<host>:<port>/portal`. */
  readonly url: string
  readonly setRule: (rule: RedirectRule | undefined) => void
  /** How many redirects it answered since the last `setRule`. */
  readonly redirected: () => number
  readonly stop: () => Promise<void>
}

const hopByHop = new Set(["connection", "keep-alive", "transfer-encoding", "upgrade", "proxy-connection", "host"])

/**
 * Starts a redirecting portal in front of `target` (an emulator's origin). Over TLS it requires a client
 * certificate signed by `ca` and forwards as the same user: with the key pair in `clients` whose name is the
 * presented certificate's subject CN (a TLS-terminating front end of a PKI portal).
 */
export const startRedirectingPortal = async (options: {
  readonly target: string
  readonly tls?:
    | { readonly server: KeyPair; readonly ca: string; readonly clients: Readonly<Record<string, KeyPair>> }
    | undefined
}): Promise<RedirectingPortal> => {
  let rule: RedirectRule | undefined
  let redirected = 0
  const target = new URL(options.target)
  const tls = options.tls
  const handle = async (incoming: IncomingMessage, response: ServerResponse) => {
    const url = new URL(incoming.url ?? "/", "http://front.invalid")
    const current = rule
    if (current?.path.test(url.pathname)) {
      redirected++
      await readBody(incoming)
      response.writeHead(current.status, { location: `${current.to}${url.pathname}${url.search}` }).end()
      return
    }
    const body = await readBody(incoming)
    const headers: Record<string, string> = {}
    for (const [name, value] of Object.entries(headersOf(incoming))) if (!hopByHop.has(name)) headers[name] = value
    headers["content-length"] = String(body.byteLength)
    const subject = tls === undefined ? undefined : (incoming.socket as TLSSocket).getPeerCertificate().subject
    const name = Array.isArray(subject?.CN) ? subject.CN[0] : subject?.CN
    const client = tls === undefined || name === undefined ? undefined : tls.clients[name]
    const send = tls === undefined ? httpRequest : httpsRequest
    const outgoing = send(
      {
        host: target.hostname,
        port: target.port,
        method: incoming.method,
        path: incoming.url,
        headers,
        ...(tls === undefined ? {} : { ca: tls.ca, servername: target.hostname, ...client }),
      },
      (answer) => {
        const back: Record<string, string> = {}
        for (const [key, value] of Object.entries(answer.headers)) {
          if (value !== undefined && !hopByHop.has(key)) back[key] = Array.isArray(value) ? value.join(", ") : value
        }
        response.writeHead(answer.statusCode ?? 502, back)
        answer.pipe(response)
      },
    )
    outgoing.on("error", () => response.writeHead(502).end())
    outgoing.end(body)
  }
  const listener = (incoming: IncomingMessage, response: ServerResponse) => {
    handle(incoming, response).catch(() => response.writeHead(502).end())
  }
  const server =
    tls === undefined
      ? createHttpServer(listener)
      : createHttpsServer(
          { key: tls.server.key, cert: tls.server.cert, ca: tls.ca, requestCert: true, rejectUnauthorized: true },
          listener,
        )
  const port = await listen(server, "127.0.0.1")
  return {
    url: `${tls === undefined ? "http://127.0.0.1" : "https://localhost"}:${port}/portal`,
    setRule: (next) => {
      rule = next
      redirected = 0
    },
    redirected: () => redirected,
    stop: () => close(server),
  }
}

/** An HTTP CONNECT proxy (what `throughProxy` talks to) that checks its Basic credentials and records the tunnels. */
export interface ConnectProxy {
  readonly host: string
  readonly port: number
  /** `host:port` of every tunnel it opened. */
  readonly tunnels: ReadonlyArray<string>
  readonly stop: () => Promise<void>
}

export const startConnectProxy = async (credentials: {
  readonly username: string
  readonly password: string
}): Promise<ConnectProxy> => {
  const tunnels: Array<string> = []
  const sockets = new Set<Socket>()
  const expected = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString("base64")}`
  const server = createHttpServer((_, response) => response.writeHead(405).end())
  server.on("connect", (incoming: IncomingMessage, client: Socket, head: Buffer) => {
    sockets.add(client)
    client.on("close", () => sockets.delete(client))
    client.on("error", () => client.destroy())
    if (incoming.headers["proxy-authorization"] !== expected) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="proxy"\r\n\r\n')
      return
    }
    const target = incoming.url ?? ""
    const separator = target.lastIndexOf(":")
    tunnels.push(target)
    const upstream = connectTcp({ host: target.slice(0, separator), port: Number(target.slice(separator + 1)) }, () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n")
      upstream.write(head)
      upstream.pipe(client)
      client.pipe(upstream)
    })
    sockets.add(upstream)
    upstream.on("close", () => sockets.delete(upstream))
    upstream.on("error", () => client.destroy())
  })
  const port = await listen(server, "127.0.0.1")
  return {
    host: "127.0.0.1",
    port,
    tunnels,
    stop: () => {
      for (const socket of sockets) socket.destroy()
      return close(server)
    },
  }
}

const urlOf = (input: RequestInfo | URL): string =>
  typeof input === "string" ? input : input instanceof URL ? input.href : input.url

const textOf = async (body: BodyInit | null | undefined): Promise<string> => {
  if (body === undefined || body === null) return ""
  if (typeof body === "string") return body
  if (body instanceof URLSearchParams) return body.toString()
  if (body instanceof Blob) return Buffer.from(await body.arrayBuffer()).toString("latin1")
  if (body instanceof FormData) {
    const parts: Array<string> = []
    for (const [name, value] of body.entries()) {
      parts.push(`name="${name}"\r\n\r\n${typeof value === "string" ? value : await value.text()}`)
    }
    return parts.join("\r\n")
  }
  if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) {
    return Buffer.from(body instanceof ArrayBuffer ? body : body.buffer).toString("latin1")
  }
  return "<stream>"
}

/** Records a fetch call as a {@link Recorded} (the body is read from its Blob/URLSearchParams, not consumed). */
export const recordCall = async (input: RequestInfo | URL, init: RequestInit | undefined): Promise<Recorded> => {
  const request = input instanceof Request ? input : undefined
  const headers: Record<string, string> = {}
  new Headers(init?.headers ?? request?.headers).forEach((value, name) => {
    headers[name.toLowerCase()] = value
  })
  const body = init?.body !== undefined ? await textOf(init.body) : request ? await request.clone().text() : ""
  return {
    method: (init?.method ?? request?.method ?? "GET").toUpperCase(),
    url: urlOf(input),
    headers,
    body,
    certificate: false,
  }
}

/**
 * A fetch that records every call and sends it on to `rewrite(url)` — how a test plays a portal on a host name
 * that is not this machine (`http://gis.example.test:<port>/portal` → 127.0.0.1). `rewrite` returning
 * `undefined` answers 502 without sending anything.
 */
export const recordingFetch = (rewrite: (url: URL) => URL | undefined) => {
  const requests: Array<Recorded> = []
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const recorded = await recordCall(input, init)
    requests.push(recorded)
    const target = rewrite(new URL(recorded.url))
    if (target === undefined) return new Response(null, { status: 502 })
    // The SDK calls fetch(url, init); a Request input keeps its method, headers and body on the new URL.
    return input instanceof Request
      ? globalThis.fetch(new Request(target, input), init)
      : globalThis.fetch(target, init)
  }) as typeof globalThis.fetch
  return { fetch, requests }
}

/** Rewrites `from` (a host name, any scheme and port) to the origin `to`, keeping path and query. */
export const rewriteHost =
  (from: string, to: string) =>
  (url: URL): URL | undefined => {
    if (url.hostname !== from) return undefined
    const target = new URL(to)
    return new URL(`${target.origin}${url.pathname}${url.search}`)
  }

/** Parameter names that carry a credential, whatever the endpoint. */
const credentialParams = new Set([
  "token",
  "password",
  "client_secret",
  "refresh_token",
  "code",
  "code_verifier",
  "servertoken",
  "auth_token",
  "access_token",
  "api_key",
])

const credentialHeaders = ["authorization", "x-esri-authorization", "proxy-authorization", "cookie"]

const paramNames = (recorded: Recorded): ReadonlyArray<readonly [string, string]> => {
  const found: Array<readonly [string, string]> = []
  for (const name of new URL(recorded.url).searchParams.keys()) found.push([name, "query"])
  const type = recorded.headers["content-type"] ?? ""
  if (type.includes("multipart/form-data")) {
    for (const match of recorded.body.matchAll(/name="([^"]*)"/g)) found.push([match[1] ?? "", "multipart body"])
  } else if (recorded.body !== "" && !recorded.body.trimStart().startsWith("{")) {
    for (const name of new URLSearchParams(recorded.body).keys()) found.push([name, "body"])
  }
  return found
}

/**
 * Every credential in `requests`, described without its value: a credential header, a credential parameter in the
 * query or body, a known secret anywhere (URL, headers, body — also URL-encoded), a client certificate. Empty when
 * the requests carried none.
 */
export const credentialsIn = (
  requests: ReadonlyArray<Recorded>,
  secrets: Iterable<readonly [label: string, value: string]>,
): Array<string> => {
  const findings: Array<string> = []
  const known = [...secrets].filter(([, value]) => value.length >= 8)
  for (const recorded of requests) {
    const where = `${recorded.method} ${new URL(recorded.url).pathname}`
    for (const name of credentialHeaders)
      if (recorded.headers[name] !== undefined) findings.push(`${where}: header ${name}`)
    for (const [name, place] of paramNames(recorded)) {
      if (credentialParams.has(name.toLowerCase())) findings.push(`${where}: parameter ${name} in the ${place}`)
    }
    const raw = `${recorded.url}\n${JSON.stringify(recorded.headers)}\n${recorded.body}`
    for (const [label, value] of known) {
      if (raw.includes(value) || raw.includes(encodeURIComponent(value))) findings.push(`${where}: ${label}`)
    }
    if (recorded.certificate) findings.push(`${where}: a client certificate`)
  }
  return findings
}

/** Whether a recorded request carries any credential (a quick check for "nothing credential-bearing was sent"). */
export const carriesCredentials = (
  recorded: Recorded,
  secrets: Iterable<readonly [label: string, value: string]>,
): boolean => credentialsIn([recorded], secrets).length > 0
