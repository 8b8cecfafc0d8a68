/**
 * How a network plugin's typed refusals (and Node's TLS failures) become TransportErrors: the portal was never
 * reached, nothing is retried, and nothing is recognised by matching a message.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Network from "../src/Network.ts"
import * as Portal from "../src/Portal.ts"
import * as Transport from "../src/Transport.ts"

let calls = 0
const failingWith = (error: unknown) =>
  (async () => {
    calls++
    throw error
  }) as typeof globalThis.fetch

const networkError = (cause: Error) => Object.assign(new TypeError("fetch failed"), { cause })

/** A GET through a Network provided as a layer (as auth-pki and auth-proxy provide theirs). */
const get = (fetch: typeof globalThis.fetch) =>
  Effect.flatMap(Transport.Transport, (transport) =>
    transport.json({ operation: "test.get", method: "GET", path: "portals/self", params: {} }),
  ).pipe(
    Effect.provide(
      Portal.layer({ url: "https://portal.example.com/portal", retry: { times: 3, base: 1, maxDelay: 1 } }).pipe(
        Layer.provide(Network.layer({ name: "test", fetch })),
      ),
    ),
    Effect.flip,
  )

describe("network refusals", () => {
  it.effect("Network.proxyRefused(407): reason Proxy, status 407, never reached the server, not retried", () =>
    Effect.gen(function* () {
      calls = 0
      const error = yield* get(failingWith(Network.proxyRefused(407)))
      expect(error).toMatchObject({ _tag: "TransportError", reason: "Proxy", status: 407, reachedServer: false })
      expect(error.message).toMatch(/HTTP 407 Proxy Authentication Required/)
      expect(calls).toBe(1)
    }),
  )

  it.effect("Network.proxyRefused(403), even as the cause of a fetch failure: reason Proxy, status 403", () =>
    Effect.gen(function* () {
      const error = yield* get(failingWith(networkError(Network.proxyRefused(403))))
      expect(error).toMatchObject({ _tag: "TransportError", reason: "Proxy", status: 403, reachedServer: false })
    }),
  )

  it.effect("Network.tlsRefused: reason Tls with the plugin's message", () =>
    Effect.gen(function* () {
      calls = 0
      const error = yield* get(failingWith(Network.tlsRefused("The server refused the client certificate.")))
      expect(error).toMatchObject({ _tag: "TransportError", reason: "Tls", reachedServer: false })
      expect(error.message).toBe("The server refused the client certificate.")
      expect(calls).toBe(1)
    }),
  )

  it.effect.each([
    "DEPTH_ZERO_SELF_SIGNED_CERT",
    "CERT_HAS_EXPIRED",
    "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
    "ERR_TLS_CERT_ALTNAME_INVALID",
    "ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED",
  ])("Node's TLS failure %s: reason Tls, never reached the server, not retried", (code) =>
    Effect.gen(function* () {
      calls = 0
      const error = yield* get(failingWith(networkError(Object.assign(new Error(code), { code }))))
      expect(error).toMatchObject({ _tag: "TransportError", reason: "Tls", reachedServer: false })
      expect(error.message).toContain(code)
      expect(calls).toBe(1)
    }),
  )

  it.live("a message that mentions a proxy or 407 is only a network error: nothing is matched by message", () =>
    Effect.gen(function* () {
      for (const message of ["Proxy response (407) !== 200 when HTTP Tunneling", "connect ECONNRESET 10.0.0.7:407"]) {
        const error = yield* get(failingWith(networkError(new Error(message))))
        expect(error).toMatchObject({ _tag: "TransportError", reason: "Network" })
      }
    }),
  )
})
