import { inspect } from "node:util"
import { ScriptedFetch, TokenPortal } from "@arcgis-portal/core/testing"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import { TestClock } from "effect/testing"
import { apiKey, builtInUser, staticToken } from "../src/index.ts"
import { call, layerFor } from "./helpers.ts"

const password = "correct-horse-battery-staple-42"
const isGenerateToken = (request: ScriptedFetch.Recorded) => ScriptedFetch.route(request) === "generateToken"

/** generateToken issues tok-n valid for `ttl` ms from the moment the script runs (on the test clock). */
const userPortal = (ttl = 3_600_000) => {
  let now = 0
  const portal = TokenPortal.make({
    isTokenRequest: isGenerateToken,
    issue: (n) => ({ json: { token: `tok-${n}`, expires: now + ttl, ssl: true } }),
  })
  return { ...portal, setNow: (value: number) => (now = value) }
}

describe("staticToken", () => {
  it.effect("sends the token in the X-Esri-Authorization header and asks for nothing", () =>
    Effect.gen(function* () {
      const scripted = ScriptedFetch.make(() => ({ json: { ok: true } }))
      yield* call().pipe(Effect.provide(layerFor(scripted, staticToken("static-tok"))))
      expect(scripted.requests).toHaveLength(1)
      expect(scripted.requests[0]?.headers.get("x-esri-authorization")).toBe("Bearer static-tok")
      expect(scripted.requests[0]?.url.searchParams.has("token")).toBe(false)
    }),
  )

  it.effect("a rejected token is retried once, then fails with AuthError InvalidToken", () =>
    Effect.gen(function* () {
      const scripted = ScriptedFetch.make(() => ({ json: { error: { code: 498, message: "Invalid token." } } }))
      const error = yield* Effect.flip(call().pipe(Effect.provide(layerFor(scripted, staticToken("static-tok")))))
      expect(error._tag).toBe("AuthError")
      expect(error._tag === "AuthError" && error.reason).toBe("InvalidToken")
      expect(scripted.requests).toHaveLength(2)
    }),
  )

  it.effect("a function source is read again after a 498 (a rotated token)", () =>
    Effect.gen(function* () {
      let current = "rotating-1"
      const scripted = ScriptedFetch.make((request) =>
        ScriptedFetch.tokenOf(request) === "rotating-1"
          ? { json: { error: { code: 498, message: "Invalid token." } } }
          : { json: { ok: ScriptedFetch.tokenOf(request) } },
      )
      const result = yield* Effect.gen(function* () {
        const first = yield* Effect.flip(call())
        current = "rotating-2"
        return { first, second: yield* call() }
      }).pipe(
        Effect.provide(
          layerFor(
            scripted,
            staticToken(() => current),
          ),
        ),
      )
      expect(result.first._tag).toBe("AuthError")
      expect(result.second.ok).toBe("rotating-2")
    }),
  )

  it.effect("after a known expiry, fails with AuthError without sending", () =>
    Effect.gen(function* () {
      const scripted = ScriptedFetch.make(() => ({ json: { ok: true } }))
      const error = yield* Effect.gen(function* () {
        yield* call()
        yield* TestClock.adjust(120_000)
        return yield* Effect.flip(call())
      }).pipe(Effect.provide(layerFor(scripted, staticToken(Redacted.make("static-tok"), { expires: 100_000 }))))
      expect(error._tag).toBe("AuthError")
      expect(error.message).toMatch(/expired/)
      expect(scripted.requests).toHaveLength(1)
    }),
  )
})

describe("apiKey", () => {
  it.effect("sends the key as a bearer token, with no expiry", () =>
    Effect.gen(function* () {
      const scripted = ScriptedFetch.make(() => ({ json: { ok: true } }))
      yield* Effect.gen(function* () {
        yield* call()
        yield* TestClock.adjust(365 * 24 * 3_600_000)
        yield* call()
      }).pipe(Effect.provide(layerFor(scripted, apiKey(Redacted.make("AAPK-key")))))
      expect(scripted.requests.map((request) => request.headers.get("x-esri-authorization"))).toEqual([
        "Bearer AAPK-key",
        "Bearer AAPK-key",
      ])
    }),
  )

  it("the strategy value shows no key", () => {
    const strategy = apiKey("AAPK-very-secret")
    for (const text of [
      JSON.stringify(strategy),
      String(strategy),
      inspect(strategy, { showHidden: true, depth: 9 }),
    ]) {
      expect(text).not.toContain("AAPK-very-secret")
    }
  })
})

describe("builtInUser", () => {
  const user = () => builtInUser({ username: "publisher_one", password: Redacted.make(password) })

  it.effect("POSTs generateToken with client=referer; the password only in the body", () =>
    Effect.gen(function* () {
      const fake = userPortal()
      const result = yield* call().pipe(Effect.provide(layerFor(fake.scripted, user())))
      expect(result.ok).toBe("tok-1")
      const [request] = fake.tokenRequests()
      expect(request?.method).toBe("POST")
      expect(request?.url.search).toBe("")
      expect(request?.body).toMatchObject({
        username: "publisher_one",
        password,
        client: "referer",
        referer: "arcgis-portal",
        expiration: "60",
        f: "json",
      })
      expect(request?.headers.get("x-esri-authorization")).toBeNull()
      expect(TokenPortal.urlsContain(fake.scripted, [password])).toBe(false)
    }),
  )

  it.effect("a plain-string password is accepted and still kept out of URLs", () =>
    Effect.gen(function* () {
      const fake = userPortal()
      yield* call().pipe(
        Effect.provide(layerFor(fake.scripted, builtInUser({ username: "u", password, expiration: 5, referer: "x" }))),
      )
      expect(fake.tokenRequests()[0]?.body).toMatchObject({ password, expiration: "5", referer: "x" })
      expect(TokenPortal.urlsContain(fake.scripted, [password])).toBe(false)
    }),
  )

  it.effect("renews shortly before expiry (test clock), not before", () =>
    Effect.gen(function* () {
      const fake = userPortal(100_000)
      yield* Effect.gen(function* () {
        expect((yield* call()).ok).toBe("tok-1")
        yield* TestClock.adjust(85_000)
        expect((yield* call()).ok).toBe("tok-1")
        yield* TestClock.adjust(6_000)
        fake.setNow(91_000)
        expect((yield* call()).ok).toBe("tok-2")
      }).pipe(Effect.provide(layerFor(fake.scripted, user())))
      expect(fake.tokenRequests()).toHaveLength(2)
    }),
  )

  it.effect("498 → exactly one new token for 32 concurrent calls", () =>
    Effect.gen(function* () {
      const fake = userPortal()
      yield* Effect.gen(function* () {
        yield* call()
        fake.reject("tok-1")
        const results = yield* Effect.all(
          Array.from({ length: 32 }, () => call()),
          { concurrency: "unbounded" },
        )
        expect(new Set(results.map((result) => result.ok))).toEqual(new Set(["tok-2"]))
      }).pipe(Effect.provide(layerFor(fake.scripted, user())))
      expect(fake.tokenRequests()).toHaveLength(2)
    }),
  )

  it.effect("a failed renewal fails all 32 callers with the same typed error, after one attempt", () =>
    Effect.gen(function* () {
      const fake = userPortal()
      const errors = yield* Effect.gen(function* () {
        yield* call()
        fake.reject("tok-1")
        fake.failTokens()
        return yield* Effect.all(
          Array.from({ length: 32 }, () => Effect.flip(call())),
          { concurrency: "unbounded" },
        )
      }).pipe(Effect.provide(layerFor(fake.scripted, user())))
      expect(fake.tokenRequests()).toHaveLength(2)
      expect(new Set(errors.map((error) => `${error._tag}:${error.message}`))).toEqual(
        new Set(["AuthError:Unable to generate token."]),
      )
      for (const error of errors) {
        for (const text of [String(error), JSON.stringify(error), inspect(error, { depth: 9 })]) {
          expect(text).not.toContain(password)
        }
      }
    }),
  )

  it.effect("a token response without a token is a DecodeError that does not echo the body", () =>
    Effect.gen(function* () {
      const scripted = ScriptedFetch.make(() => ({ json: { nope: "leaky-body" } }))
      const error = yield* Effect.flip(call().pipe(Effect.provide(layerFor(scripted, user()))))
      expect(error._tag).toBe("DecodeError")
      expect(String(error)).not.toContain("leaky-body")
    }),
  )

  it("the strategy value shows no password", () => {
    const strategy = user()
    for (const text of [
      JSON.stringify(strategy),
      String(strategy),
      inspect(strategy, { showHidden: true, depth: 9 }),
    ]) {
      expect(text).not.toContain(password)
    }
  })
})
