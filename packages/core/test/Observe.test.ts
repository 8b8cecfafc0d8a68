/**
 * `Network.observe` (through `Portal.Options.instrument`): one event per HTTP exchange (each retry, the token request),
 * with the method, origin and path only — never a query string, header, body or secret — and the failure read the
 * way the HTTP layer reads it.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import type { AuthStrategy } from "../src/AuthStrategy.ts"
import * as Network from "../src/Network.ts"
import type { PortalRequest } from "../src/PortalRequest.ts"
import * as Transport from "../src/Transport.ts"
import * as ScriptedFetch from "../src/testing/ScriptedFetch.ts"
import { generateTokenStrategy, layerFor, password, portalUrl } from "./helpers.ts"

const token = "tok-observed-SECRET-9f8e7d"
const staticToken: AuthStrategy = {
  name: "static",
  acquire: () => Effect.succeed({ token: Redacted.make(token), expires: undefined }),
}
const get = (path: string, params?: PortalRequest["params"]): PortalRequest => ({
  operation: "Test.get",
  method: "GET",
  path,
  params,
})
const answer = (fetch: typeof globalThis.fetch, url: string, init?: RequestInit) => fetch(url, init)
const withCode = (code: string) =>
  Object.assign(new TypeError("fetch failed"), { cause: Object.assign(new Error(`connect ${code}`), { code }) })

describe("Network.observe", () => {
  it("reports method, origin and path — no query, no userinfo — with the status and a duration", async () => {
    const events: Array<Network.Exchange> = []
    const network = Network.observe(
      {
        name: "t",
        trusted: async () => new Response("{}", { status: 201 }),
        public: async () => new Response("{}"),
        tlsIdentity: undefined,
      },
      (event) => events.push(event),
    )
    await answer(network.trusted, "https://user:pw@host.test/portal/sharing/rest/search?q=x&token=abc", {
      method: "post",
    })
    await answer(network.public, "https://other.test/a/b?c=d")
    expect(events).toEqual([
      {
        method: "POST",
        origin: "https://host.test",
        path: "/portal/sharing/rest/search",
        status: 201,
        durationMs: expect.any(Number),
        trusted: true,
        failure: undefined,
        code: undefined,
      },
      expect.objectContaining({
        method: "GET",
        origin: "https://other.test",
        path: "/a/b",
        status: 200,
        trusted: false,
      }),
    ])
    expect(JSON.stringify(events)).not.toMatch(/token=|abc|pw@|q=x/)
  })

  it.each([
    ["a refused connection", withCode("ECONNREFUSED"), { failure: "Network", code: "ECONNREFUSED" }],
    ["a certificate not accepted", withCode("CERT_HAS_EXPIRED"), { failure: "Tls", code: "CERT_HAS_EXPIRED" }],
    ["a proxy's refusal", Network.proxyRefused(407), { failure: "Proxy", code: undefined }],
    ["a timeout", Object.assign(new Error("t"), { name: "TimeoutError" }), { failure: "Timeout", code: undefined }],
    ["an abort", Object.assign(new Error("a"), { name: "AbortError" }), { failure: "Aborted", code: undefined }],
    [
      "free text as a code",
      Object.assign(new Error("x"), { code: "see https://h/?token=abc" }),
      { failure: "Network", code: undefined },
    ],
  ] as const)("%s is reported with its failure and only a system code", async (_, thrown, expected) => {
    const events: Array<Network.Exchange> = []
    const failing: typeof globalThis.fetch = async () => Promise.reject(thrown)
    const network = Network.observe({ name: "t", trusted: failing, public: failing, tlsIdentity: undefined }, (event) =>
      events.push(event),
    )
    await expect(network.trusted("https://host.test/x")).rejects.toBe(thrown)
    expect(events).toEqual([expect.objectContaining({ status: undefined, ...expected })])
  })

  it("a hook that throws does not fail the request", async () => {
    const network = Network.observe(
      {
        name: "t",
        trusted: async () => new Response("ok"),
        public: async () => new Response("ok"),
        tlsIdentity: undefined,
      },
      () => {
        throw new Error("logger broke")
      },
    )
    expect(await (await network.trusted("https://host.test/x")).text()).toBe("ok")
  })
})

describe("Portal.Options.instrument with Network.observe", () => {
  it.live("hears the token request and every attempt of a retried read, never a secret", () => {
    const events: Array<Network.Exchange> = []
    const scripted = ScriptedFetch.make((request, index) => {
      if (ScriptedFetch.route(request) === "generateToken")
        return { json: { token, expires: Date.now() + 3_600_000, ssl: true } }
      return index === 1 ? { status: 503, body: "busy" } : { json: { ok: true } }
    })
    return Effect.gen(function* () {
      const transport = yield* Transport.Transport
      yield* transport.json(get("content/items/abc", { q: "secret-query" }))
      expect(events.map((event) => [event.method, event.path, event.status])).toEqual([
        ["POST", "/portal/sharing/rest/generateToken", 200],
        ["GET", "/portal/sharing/rest/content/items/abc", 503],
        ["GET", "/portal/sharing/rest/content/items/abc", 200],
      ])
      expect(events.every((event) => event.origin === new URL(portalUrl).origin && event.trusted)).toBe(true)
      const seen = JSON.stringify(events)
      for (const secret of [token, password, "secret-query"]) expect(seen).not.toContain(secret)
    }).pipe(
      Effect.provide(
        layerFor(scripted, generateTokenStrategy(), {
          instrument: (network) => Network.observe(network, (event) => events.push(event)),
        }),
      ),
    )
  })

  it.effect("without instrument nothing is wrapped: the strategy's token still flows", () => {
    const scripted = ScriptedFetch.make(() => ({ json: { ok: true } }))
    return Effect.gen(function* () {
      const transport = yield* Transport.Transport
      yield* transport.json(get("community/self"))
      expect(ScriptedFetch.tokenOf(scripted.requests[0]!)).toBe(token)
    }).pipe(Effect.provide(layerFor(scripted, staticToken)))
  })
})
