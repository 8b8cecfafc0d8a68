/** How a proxy's refusal, as fetch reports it, becomes a TransportError: the portal was never reached. */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Portal from "../src/Portal.ts"
import * as Transport from "../src/Transport.ts"

const failingWith = (cause: Error) =>
  (async () => {
    throw Object.assign(new TypeError("fetch failed"), { cause })
  }) as typeof globalThis.fetch

const get = (fetch: typeof globalThis.fetch) =>
  Effect.flatMap(Transport.Transport, (transport) =>
    transport.json({ operation: "test.get", method: "GET", path: "portals/self", params: {} }),
  ).pipe(
    Effect.provide(
      Portal.layer({ url: "https://portal.example.com/portal", fetch, retry: { times: 0, base: 1, maxDelay: 1 } }),
    ),
    Effect.flip,
  )

describe("proxy refusals", () => {
  it.effect("PROXY_REFUSED_403: HttpStatus 403, never reached the server", () =>
    Effect.gen(function* () {
      const error = yield* get(failingWith(Object.assign(new Error("refused"), { code: "PROXY_REFUSED_403" })))
      expect(error).toMatchObject({ _tag: "TransportError", reason: "HttpStatus", status: 403, reachedServer: false })
    }),
  )

  it.effect("undici's 'Proxy response (407)': the proxy-credentials error", () =>
    Effect.gen(function* () {
      const error = yield* get(failingWith(new Error("Proxy response (407) !== 200 when HTTP Tunneling")))
      expect(error).toMatchObject({ _tag: "TransportError", status: 407, reachedServer: false })
    }),
  )

  it.effect("a message that merely mentions 407 is a network error, not a proxy refusal", () =>
    Effect.gen(function* () {
      const error = yield* get(failingWith(new Error("connect ECONNRESET 10.0.0.7:407")))
      expect(error).toMatchObject({ _tag: "TransportError", reason: "Network" })
    }),
  )
})
