/**
 * Sign-in for command-line tools (RFC 8252): a one-shot HTTP listener on 127.0.0.1 receives the
 * authorization code, the browser is told it may close the window, the listener is closed (also on
 * timeout and interruption), and the code is exchanged.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import type { PortalError } from "@arcgis-portal/core"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import { OAuthError } from "../OAuthError.ts"
import { beginAuthorization, completeAuthorization, type PkceStrategy } from "../pkce.ts"

/** Options of {@link loopback}. */
export interface LoopbackOptions {
  /** The portal, as a user would type it. */
  readonly portalUrl: string
  /** The app's client id; `http://127.0.0.1/callback` (any port) must be among its redirect URIs. */
  readonly clientId: string
  /** Opens the authorize URL (e.g. with the `open` package). Default: print it on stderr. */
  readonly open?: ((url: string) => void | Promise<void>) | undefined
  /** The port to listen on. Default 0: an ephemeral port. */
  readonly port?: number | undefined
  /** How long to wait for the browser, in milliseconds. Default five minutes. */
  readonly timeout?: number | undefined
  /** The refresh token's lifetime in minutes. */
  readonly expiration?: number | undefined
  /** The fetch for the token request. */
  readonly fetch?: typeof globalThis.fetch | undefined
  /** See `CompleteAuthorizationOptions.allowInsecureHttp`. Default false. */
  readonly allowInsecureHttp?: boolean | undefined
  /** See `PkceOptions.exchangeWithinMillis`. */
  readonly exchangeWithinMillis?: number | undefined
}

const page = (title: string, text: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1><p>${text}</p></body></html>`

const listen = (port: number) =>
  Effect.callback<Server, OAuthError>((resume) => {
    const server = createServer()
    server.once("error", (error: NodeJS.ErrnoException) =>
      resume(
        Effect.fail(
          new OAuthError({
            reason: "Listener",
            message: `Cannot listen on 127.0.0.1:${port} (${error.code ?? "error"}).`,
          }),
        ),
      ),
    )
    server.listen(port, "127.0.0.1", () => resume(Effect.succeed(server)))
  })

const close = (server: Server) =>
  Effect.callback<void>((resume) => {
    server.close(() => resume(Effect.void))
    server.closeAllConnections()
  })

/**
 * Signs a user in from a command-line tool: listens once on `http://127.0.0.1:<port>/callback`,
 * opens (or prints) the authorize URL, waits for the browser to come back, answers it with a small
 * "you can close this window" page, closes the listener, and exchanges the code. Fails with an
 * `OAuthError` (`Timeout`, `AccessDenied`, …) or the portal's error.
 *
 * @see https://developers.arcgis.com/documentation/security-and-authentication/user-authentication/
 * @see arcgis.gis.GIS (the `client_id` argument, which opens a browser sign-in)
 * @example
 * import { Portal } from "@arcgis-portal/core"
 * import { loopback } from "@arcgis-portal/auth-oauth/node"
 * import * as Effect from "effect/Effect"
 * const PortalLive = Effect.map(loopback({ portalUrl: "https://www.arcgis.com", clientId: "APPID" }), (auth) =>
 *   Portal.layer({ url: "https://www.arcgis.com", auth }),
 * )
 */
export const loopback = (
  options: LoopbackOptions,
): Effect.Effect<PkceStrategy, OAuthError | PortalError.PortalFailure> =>
  Effect.gen(function* () {
    const callbackUrl = yield* Effect.scoped(
      Effect.gen(function* () {
        const server = yield* Effect.acquireRelease(listen(options.port ?? 0), close)
        const port = (server.address() as AddressInfo).port
        const redirectUri = `http://127.0.0.1:${port}/callback`
        const request = yield* beginAuthorization({
          portalUrl: options.portalUrl,
          clientId: options.clientId,
          redirectUri,
          expiration: options.expiration,
          storage: false,
        })
        const received = yield* Deferred.make<URL>()
        // Listening for the callback before the browser is sent to the portal: it may come back at once.
        const handle = (incoming: IncomingMessage, response: ServerResponse) => {
          const url = new URL(incoming.url ?? "/", redirectUri)
          const headers = { "content-type": "text/html; charset=utf-8", connection: "close" }
          if (url.pathname !== "/callback" || incoming.method !== "GET") {
            response.writeHead(404, headers).end(page("Not found", "This address only receives a sign-in."))
            return
          }
          if (url.searchParams.get("state") !== request.state) {
            // Not our sign-in (a stale tab, or another page poking the port): ignore it and keep waiting.
            response.writeHead(400, headers).end(page("Sign-in not recognised", "Please start the sign-in again."))
            return
          }
          const denied = url.searchParams.has("error")
          response
            .writeHead(200, headers)
            .end(
              denied
                ? page("Sign-in cancelled", "You can close this window.")
                : page("Signed in", "You can close this window and return to the application."),
            )
          Deferred.doneUnsafe(received, Effect.succeed(url))
        }
        server.on("request", handle)
        const open =
          options.open ??
          ((url: string) => {
            process.stderr.write(`Open this address in a browser to sign in:\n  ${url}\n`)
          })
        const opened = Effect.tryPromise({
          try: async () => open(request.url),
          catch: () => new OAuthError({ reason: "Listener", message: "Could not open the sign-in page." }),
        })
        const url = yield* Effect.timeoutOrElse(Effect.andThen(opened, Deferred.await(received)), {
          duration: options.timeout ?? 5 * 60_000,
          orElse: () =>
            Effect.fail(new OAuthError({ reason: "Timeout", message: "Nobody completed the sign-in in time." })),
        })
        return { url, redirectUri, state: request.state, verifier: request.verifier }
      }),
    )
    return yield* completeAuthorization({
      callbackUrl: callbackUrl.url,
      state: callbackUrl.state,
      verifier: callbackUrl.verifier,
      portalUrl: options.portalUrl,
      clientId: options.clientId,
      redirectUri: callbackUrl.redirectUri,
      storage: false,
      fetch: options.fetch,
      allowInsecureHttp: options.allowInsecureHttp,
      exchangeWithinMillis: options.exchangeWithinMillis,
    })
  })
