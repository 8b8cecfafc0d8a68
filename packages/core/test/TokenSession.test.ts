import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Redacted from "effect/Redacted"
import { TestClock } from "effect/testing"
import type { AuthStrategy } from "../src/AuthStrategy.ts"
import type { PortalFailure } from "../src/PortalError.ts"
import * as TokenSession from "../src/TokenSession.ts"
import * as Transport from "../src/Transport.ts"
import * as ScriptedFetch from "../src/testing/ScriptedFetch.ts"
import { generateTokenStrategy, isGenerateToken, layerFor } from "./helpers.ts"

const invalidToken = { json: { error: { code: 498, message: "Invalid token.", details: [] } } }

/**
 * A scripted portal: generateToken issues tok-1, tok-2… valid for `ttl` ms of the Effect clock;
 * other calls answer 498 for tokens listed in `rejected`, otherwise `{ ok: token }`.
 */
const portal = (
  options: {
    ttl?: number
    rejected?: (token: string) => boolean
    /** Tokens issued already past their expiry: what a request sees when it waited longer than its token lived. */
    expiredOnArrival?: (token: string) => boolean
    failToken?: boolean
  } = {},
) => {
  let issued = 0
  let now = 0
  const scripted = ScriptedFetch.make((request) => {
    if (isGenerateToken(request)) {
      if (options.failToken) {
        return {
          json: {
            error: { code: 400, message: "Unable to generate token.", details: ["Invalid username or password."] },
          },
        }
      }
      issued += 1
      const token = `tok-${issued}`
      const expires = options.expiredOnArrival?.(token) ? now - 1 : now + (options.ttl ?? 3_600_000)
      return { json: { token, expires, ssl: true } }
    }
    const token = ScriptedFetch.tokenOf(request)
    if (token === undefined) return { json: { error: { code: 499, message: "Token Required", details: [] } } }
    if (options.rejected?.(token)) return invalidToken
    return { json: { ok: token } }
  })
  return {
    scripted,
    issued: () => issued,
    setNow: (value: number) => {
      now = value
    },
    tokenRequests: () => scripted.requests.filter(isGenerateToken).length,
  }
}

const call = (path = "portals/self") =>
  Effect.gen(function* () {
    const transport = yield* Transport.Transport
    return (yield* transport.json({ operation: "Test.call", method: "GET", path })) as { ok: string }
  })

describe("token session", () => {
  it.effect("32 concurrent fibers on an expired token cause exactly one refresh", () =>
    Effect.gen(function* () {
      const fake = portal({ ttl: 60_000 })
      const layer = layerFor(fake.scripted, generateTokenStrategy())
      yield* Effect.gen(function* () {
        expect((yield* call()).ok).toBe("tok-1")
        yield* TestClock.adjust(61_000)
        fake.setNow(61_000)
        const results = yield* Effect.all(
          Array.from({ length: 32 }, () => call()),
          { concurrency: "unbounded" },
        )
        expect(new Set(results.map((result) => result.ok))).toEqual(new Set(["tok-2"]))
      }).pipe(Effect.provide(layer))
      expect(fake.tokenRequests()).toBe(2)
    }),
  )

  it.effect("renews shortly before expiry (skew), not after", () =>
    Effect.gen(function* () {
      const fake = portal({ ttl: 100_000 })
      yield* Effect.gen(function* () {
        yield* call()
        yield* TestClock.adjust(85_000)
        expect((yield* call()).ok).toBe("tok-1")
        yield* TestClock.adjust(6_000)
        expect((yield* call()).ok).toBe("tok-2")
      }).pipe(Effect.provide(layerFor(fake.scripted, generateTokenStrategy())))
    }),
  )

  it.effect("a 498 invalidates the token, gets a new one and retries the request once", () =>
    Effect.gen(function* () {
      const fake = portal({ rejected: (token) => token === "tok-1" })
      const result = yield* call().pipe(Effect.provide(layerFor(fake.scripted, generateTokenStrategy())))
      expect(result.ok).toBe("tok-2")
      expect(fake.scripted.requests.map((r) => ScriptedFetch.route(r))).toEqual([
        "generateToken",
        "portals/self",
        "generateToken",
        "portals/self",
      ])
    }),
  )

  it.effect("32 concurrent 498s lead to one refresh", () =>
    Effect.gen(function* () {
      const fake = portal({ rejected: (token) => token === "tok-1" })
      yield* Effect.gen(function* () {
        const results = yield* Effect.all(
          Array.from({ length: 32 }, () => call()),
          { concurrency: "unbounded" },
        )
        expect(new Set(results.map((result) => result.ok))).toEqual(new Set(["tok-2"]))
      }).pipe(Effect.provide(layerFor(fake.scripted, generateTokenStrategy())))
      expect(fake.tokenRequests()).toBe(2)
    }),
  )

  it.effect("a token the portal keeps rejecting fails after one retry, with no loop", () =>
    Effect.gen(function* () {
      const fake = portal({ rejected: () => true })
      const error = yield* Effect.flip(call().pipe(Effect.provide(layerFor(fake.scripted, generateTokenStrategy()))))
      expect(error._tag === "AuthError" && error.reason).toBe("InvalidToken")
      expect(fake.tokenRequests()).toBe(2)
      expect(fake.scripted.requests).toHaveLength(4)
    }),
  )

  it.effect(
    "a renewed token that expired before the request was served is renewed again, and the request succeeds",
    () =>
      Effect.gen(function* () {
        // tok-1 is refused while fresh (the first renewal is always made); tok-2 had expired by the time the portal
        // saw the request (a long queue on a busy machine): refused, explained by time, renewed once more.
        const fake = portal({
          rejected: (token) => token === "tok-1" || token === "tok-2",
          expiredOnArrival: (token) => token === "tok-2",
        })
        const result = yield* call().pipe(Effect.provide(layerFor(fake.scripted, generateTokenStrategy())))
        expect(result.ok).toBe("tok-3")
        expect(fake.scripted.requests.map((r) => ScriptedFetch.route(r))).toEqual([
          "generateToken",
          "portals/self",
          "generateToken",
          "portals/self",
          "generateToken",
          "portals/self",
        ])
      }),
  )

  it.effect("tokens that keep expiring before they are served are renewed a bounded number of times", () =>
    Effect.gen(function* () {
      const fake = portal({ rejected: () => true, expiredOnArrival: (token) => token !== "tok-1" })
      const error = yield* Effect.flip(call().pipe(Effect.provide(layerFor(fake.scripted, generateTokenStrategy()))))
      expect(error._tag === "AuthError" && error.reason).toBe("InvalidToken")
      // The first token, then four renewals: five tokens, five requests — never a loop.
      expect(fake.tokenRequests()).toBe(5)
      expect(fake.scripted.requests).toHaveLength(10)
    }),
  )

  it.effect("invalidate says whether a rejection is explained by time", () =>
    Effect.gen(function* () {
      let n = 0
      const session = TokenSession.make(() =>
        Effect.map(
          Effect.clockWith((clock) => clock.currentTimeMillis),
          (now) => ({
            token: Redacted.make(`t${++n}`),
            expires: now + 10_000,
          }),
        ),
      )
      const first = yield* session.get
      // Refused while fresh: not explained by time.
      expect(yield* session.invalidate(first.token)).toBe(false)
      const second = yield* session.get
      // A rejection of the replaced token: the session has a newer one.
      expect(yield* session.invalidate(first.token)).toBe(true)
      // Refused inside its renewal margin (the last tenth of its life): explained by time.
      yield* TestClock.adjust(9_500)
      expect(yield* session.invalidate(second.token)).toBe(true)
    }),
  )

  it.effect("a failed acquisition fails all 32 callers with the same typed error, one token request", () =>
    Effect.gen(function* () {
      const fake = portal({ failToken: true })
      const results = yield* Effect.all(
        Array.from({ length: 32 }, () => Effect.flip(call())),
        { concurrency: "unbounded" },
      ).pipe(Effect.provide(layerFor(fake.scripted, generateTokenStrategy())))
      expect(fake.tokenRequests()).toBe(1)
      for (const error of results) {
        expect(error._tag).toBe("AuthError")
        if (error._tag === "AuthError") {
          expect(error.reason).toBe("AcquisitionFailed")
          expect(error.message).toBe("Unable to generate token.")
          expect(error.details).toEqual(["Invalid username or password."])
        }
      }
      expect(fake.scripted.requests.filter((r) => !isGenerateToken(r))).toHaveLength(0)
    }),
  )

  it.effect("an interrupted waiter does not cancel the acquisition for the others", () =>
    Effect.gen(function* () {
      let acquisitions = 0
      const session = TokenSession.make(() =>
        Effect.gen(function* () {
          acquisitions += 1
          yield* Effect.sleep(1_000)
          return { token: Redacted.make(`t${acquisitions}`), expires: undefined }
        }),
      )
      const first = yield* Effect.forkChild(session.get)
      const second = yield* Effect.forkChild(session.get)
      yield* Effect.yieldNow
      yield* Fiber.interrupt(first)
      yield* TestClock.adjust(1_000)
      const grant = yield* Fiber.join(second)
      expect(Redacted.value(grant.token)).toBe("t1")
      expect(acquisitions).toBe(1)
    }),
  )

  it.effect("invalidating a token the session already replaced is a no-op", () =>
    Effect.gen(function* () {
      let n = 0
      const session = TokenSession.make(() =>
        Effect.sync(() => ({ token: Redacted.make(`t${++n}`), expires: undefined })),
      )
      const first = yield* session.get
      yield* session.invalidate(first.token)
      const second = yield* session.get
      yield* session.invalidate(first.token)
      const third = yield* session.get
      expect([Redacted.value(second.token), Redacted.value(third.token)]).toEqual(["t2", "t2"])
    }),
  )

  it.effect("federated servers get their own token, exchanged once from the portal token", () =>
    Effect.gen(function* () {
      const exchanges: Array<Record<string, string>> = []
      const scripted = ScriptedFetch.make((request) => {
        if (isGenerateToken(request) && request.body.serverUrl) {
          exchanges.push(request.body)
          return { json: { token: "server-tok", expires: 10_000_000 } }
        }
        if (isGenerateToken(request)) return { json: { token: "portal-tok", expires: 10_000_000 } }
        // The server is the portal's own: listed in portals/self/servers (the credential boundary asks once).
        if (ScriptedFetch.route(request) === "portals/self/servers") {
          return { json: { servers: [{ url: "https://server.test/arcgis", adminUrl: "https://server.test/arcgis" }] } }
        }
        if (ScriptedFetch.route(request) === "portals/self") return { json: { id: "0123456789ABCDEF", isPortal: true } }
        return { json: { ok: ScriptedFetch.tokenOf(request) } }
      })
      const strategy: AuthStrategy = generateTokenStrategy()
      const results = yield* Effect.gen(function* () {
        const transport = yield* Transport.Transport
        const request = {
          operation: "Test.admin",
          method: "POST" as const,
          path: "https://server.test/arcgis/admin/data/items",
          credentials: { server: "https://server.test/arcgis" },
          idempotent: true,
        }
        return yield* Effect.all(
          Array.from({ length: 8 }, () => transport.json(request)),
          { concurrency: "unbounded" },
        )
      }).pipe(Effect.provide(layerFor(scripted, strategy)))
      expect(results.every((result) => (result as { ok: string }).ok === "server-tok")).toBe(true)
      expect(exchanges).toHaveLength(1)
      expect(exchanges[0]?.token).toBe("portal-tok")
      expect(exchanges[0]?.serverUrl).toBe("https://server.test/arcgis")
    }),
  )

  it.effect("anonymous requests carry no token and are not retried on 499", () =>
    Effect.gen(function* () {
      const fake = portal()
      const error: PortalFailure = yield* Effect.flip(call().pipe(Effect.provide(layerFor(fake.scripted))))
      expect(error._tag === "AuthError" && error.reason).toBe("TokenRequired")
      expect(fake.scripted.requests).toHaveLength(1)
    }),
  )
})
