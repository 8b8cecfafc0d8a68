/**
 * The HTTP(S) server an emulator listens with: Node's, through Hono's adapter, with mutual TLS when asked, idle
 * keep-alive connections left to the client, and requests Node's parser refuses answered with a portal envelope.
 */
import type { Server } from "node:http"
import { createServer as createHttpsServer } from "node:https"
import type { Duplex } from "node:stream"
import { serve } from "@hono/node-server"
import { envelope, Fault } from "./errors.ts"

/** Where and how to listen (`tls` as `startEmulator` takes it). */
export interface ListenOptions {
  readonly port: number
  readonly hostname: string
  readonly tls?:
    | {
        readonly key: string | Buffer
        readonly cert: string | Buffer
        readonly ca?: string | Buffer | undefined
        readonly requireClientCertificate?: boolean | undefined
      }
    | undefined
}

/** A listening server, as the adapter gives it. */
export type ListeningServer = ReturnType<typeof serve>

/**
 * Starts a server answering with `fetch`. A port in use (EADDRINUSE), an address not on this host: the promise
 * rejects, instead of an unhandled error event.
 */
export const listen = (fetch: Parameters<typeof serve>[0]["fetch"], options: ListenOptions): Promise<ListeningServer> =>
  new Promise<ListeningServer>((resolve, reject) => {
    const { tls } = options
    const base = { fetch, port: options.port, hostname: options.hostname }
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
    started.once("error", reject)
  }).then((server) => {
    keepIdleConnections(server)
    answerParserErrors(server)
    return server
  })

/**
 * Idle keep-alive connections are closed by the client, never by the emulator. Node closes them after 5 s (+1 s)
 * without a request; a client whose event loop stalled longer than that (a test comparing megabytes synchronously
 * on a busy machine, the emulator in the same process) sends its next request on the connection just as the
 * server's timer fires, and the server's close of a connection holding an unread request resets it: ECONNRESET.
 * Without a server-side timeout (and without the `Keep-Alive: timeout` hint, so clients use their own, shorter
 * one) a client only ever reuses a connection it has not closed itself. `stop()` closes what is still open.
 */
const keepIdleConnections = (server: ListeningServer) => {
  if ("keepAliveTimeout" in server) server.keepAliveTimeout = 0
}

/**
 * A request Node's HTTP parser refuses before the app sees it (a URL or headers over 16 KB, a malformed request
 * line) still gets a portal-style JSON envelope instead of Node's bare, empty 400/431.
 */
const answerParserErrors = (server: ListeningServer) => {
  ;(server as Server).on("clientError", (error: NodeJS.ErrnoException, socket: Duplex) => {
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
}
