import { createHash } from "node:crypto"
import { inspect } from "node:util"
import { PortalSelf } from "@arcgis-portal/core"
import { ScriptedFetch, TokenPortal } from "@arcgis-portal/core/testing"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import { TestClock } from "effect/testing"
import {
  type AuthorizationStorage,
  beginAuthorization,
  clientCredentials,
  completeAuthorization,
  pkce,
} from "../src/index.ts"
import { call, layerFor, portalUrl } from "./helpers.ts"

const clientSecret = "client-secret-0123456789"
const isToken = (request: ScriptedFetch.Recorded) => ScriptedFetch.route(request) === "oauth2/token"
const isRevoke = (request: ScriptedFetch.Recorded) => ScriptedFetch.route(request) === "oauth2/revokeToken"

const memoryStorage = (): AuthorizationStorage & { readonly entries: Map<string, string> } => {
  const entries = new Map<string, string>()
  return {
    entries,
    getItem: (key) => entries.get(key) ?? null,
    setItem: (key, value) => void entries.set(key, value),
    removeItem: (key) => void entries.delete(key),
  }
}

describe("clientCredentials", () => {
  const app = () => clientCredentials({ clientId: "APP", clientSecret: Redacted.make(clientSecret), expiration: 30 })
  const appPortal = (ttlSeconds = 1_800) =>
    TokenPortal.make({
      isTokenRequest: isToken,
      issue: (n) => ({ json: { access_token: `app-${n}`, expires_in: ttlSeconds } }),
    })

  it.effect("POSTs grant_type=client_credentials with the secret only in the body", () =>
    Effect.gen(function* () {
      const fake = appPortal()
      expect((yield* call().pipe(Effect.provide(layerFor(fake.scripted, app())))).ok).toBe("app-1")
      const [request] = fake.tokenRequests()
      expect(request?.method).toBe("POST")
      expect(request?.url.search).toBe("")
      expect(request?.body).toMatchObject({
        client_id: "APP",
        client_secret: clientSecret,
        grant_type: "client_credentials",
        expiration: "30",
      })
      expect(TokenPortal.urlsContain(fake.scripted, [clientSecret])).toBe(false)
    }),
  )

  it.effect("asks for a new app token shortly before expiry (test clock)", () =>
    Effect.gen(function* () {
      const fake = appPortal(100)
      yield* Effect.gen(function* () {
        expect((yield* call()).ok).toBe("app-1")
        yield* TestClock.adjust(85_000)
        expect((yield* call()).ok).toBe("app-1")
        yield* TestClock.adjust(6_000)
        expect((yield* call()).ok).toBe("app-2")
      }).pipe(Effect.provide(layerFor(fake.scripted, app())))
      expect(fake.tokenRequests()).toHaveLength(2)
    }),
  )

  it.effect("498 → exactly one new token for 32 concurrent calls", () =>
    Effect.gen(function* () {
      const fake = appPortal()
      yield* Effect.gen(function* () {
        yield* call()
        fake.reject("app-1")
        const results = yield* Effect.all(
          Array.from({ length: 32 }, () => call()),
          { concurrency: "unbounded" },
        )
        expect(new Set(results.map((result) => result.ok))).toEqual(new Set(["app-2"]))
      }).pipe(Effect.provide(layerFor(fake.scripted, app())))
      expect(fake.tokenRequests()).toHaveLength(2)
    }),
  )

  it.effect("a failed renewal fails all 32 callers with the same typed error", () =>
    Effect.gen(function* () {
      const fake = appPortal()
      const errors = yield* Effect.gen(function* () {
        yield* call()
        fake.reject("app-1")
        fake.failTokens()
        return yield* Effect.all(
          Array.from({ length: 32 }, () => Effect.flip(call())),
          { concurrency: "unbounded" },
        )
      }).pipe(Effect.provide(layerFor(fake.scripted, app())))
      expect(fake.tokenRequests()).toHaveLength(2)
      expect(new Set(errors.map((error) => `${error._tag}:${error.message}`)).size).toBe(1)
      expect(errors[0]?._tag).toBe("AuthError")
      for (const text of [String(errors[0]), JSON.stringify(errors[0]), inspect(errors[0], { depth: 9 })]) {
        expect(text).not.toContain(clientSecret)
      }
    }),
  )
})

describe("beginAuthorization", () => {
  it.effect("builds the authorize URL with an S256 challenge of a 43–128 character verifier", () =>
    Effect.gen(function* () {
      const storage = memoryStorage()
      const request = yield* beginAuthorization({
        portalUrl: "https://portal.test/portal/home/",
        clientId: "APP",
        redirectUri: "https://app.test/callback",
        expiration: 1440,
        storage,
      })
      const url = new URL(request.url)
      expect(`${url.origin}${url.pathname}`).toBe("https://portal.test/portal/sharing/rest/oauth2/authorize")
      const verifier = Redacted.value(request.verifier)
      expect(verifier).toMatch(/^[A-Za-z0-9_-]{43,128}$/)
      expect(Object.fromEntries(url.searchParams)).toEqual({
        client_id: "APP",
        response_type: "code",
        redirect_uri: "https://app.test/callback",
        state: request.state,
        code_challenge: createHash("sha256").update(verifier).digest("base64url"),
        code_challenge_method: "S256",
        expiration: "1440",
      })
      expect(url.href).not.toContain(verifier)
      expect(storage.entries.size).toBe(1)
      const other = yield* beginAuthorization({ portalUrl, clientId: "APP", redirectUri: "x:/", storage: false })
      expect(other.state).not.toBe(request.state)
      expect(Redacted.value(other.verifier)).not.toBe(verifier)
    }),
  )
})

const codePortal = () => {
  let refreshes = 0
  return {
    refreshes: () => refreshes,
    ...TokenPortal.make({
      isTokenRequest: (request) => isToken(request) || isRevoke(request),
      issue: (n, request) => {
        if (isRevoke(request)) return { json: { success: true } }
        const grant = request.body.grant_type
        if (grant === "authorization_code") {
          return {
            json: {
              access_token: `access-${n}`,
              expires_in: 1_800,
              username: "jsmith",
              refresh_token: "refresh-1",
              refresh_token_expires_in: 14 * 24 * 3_600,
            },
          }
        }
        refreshes += 1
        if (grant === "exchange_refresh_token") {
          return {
            json: {
              access_token: `access-${n}`,
              expires_in: 1_800,
              username: "jsmith",
              refresh_token: `refresh-x${n}`,
              refresh_token_expires_in: 14 * 24 * 3_600,
            },
          }
        }
        return { json: { access_token: `access-${n}`, expires_in: 1_800, username: "jsmith" } }
      },
    }),
  }
}

describe("completeAuthorization and pkce", () => {
  const begin = (storage: AuthorizationStorage) =>
    beginAuthorization({ portalUrl, clientId: "APP", redirectUri: "https://app.test/callback", storage })

  it.effect("exchanges the code with the verifier, both only in the POST body", () =>
    Effect.gen(function* () {
      const storage = memoryStorage()
      const fake = codePortal()
      const request = yield* begin(storage)
      const auth = yield* completeAuthorization({
        callbackUrl: `https://app.test/callback?code=the-code-123&state=${request.state}`,
        storage,
        fetch: fake.scripted.fetch,
      })
      expect(storage.entries.size).toBe(0)
      const [exchange] = fake.tokenRequests()
      expect(exchange?.method).toBe("POST")
      expect(exchange?.url.search).toBe("")
      expect(exchange?.body).toMatchObject({
        client_id: "APP",
        grant_type: "authorization_code",
        code: "the-code-123",
        redirect_uri: "https://app.test/callback",
        code_verifier: Redacted.value(request.verifier),
      })
      expect((yield* call().pipe(Effect.provide(layerFor(fake.scripted, auth)))).ok).toBe("access-1")
      expect(auth.session()).toMatchObject({ username: "jsmith", clientId: "APP" })
      for (const text of [JSON.stringify(auth.session()), inspect(auth, { depth: 9, showHidden: true })]) {
        expect(text).not.toContain("refresh-1")
      }
    }),
  )

  it.effect("a callback with another state is refused (StateMismatch), and nothing is sent", () =>
    Effect.gen(function* () {
      const storage = memoryStorage()
      const fake = codePortal()
      const request = yield* begin(storage)
      const unknown = yield* Effect.flip(
        completeAuthorization({
          callbackUrl: "https://app.test/callback?code=c&state=forged",
          storage,
          fetch: fake.scripted.fetch,
        }),
      )
      expect(unknown).toMatchObject({ _tag: "OAuthError", reason: "StateMismatch" })
      const explicit = yield* Effect.flip(
        completeAuthorization({
          callbackUrl: "https://app.test/callback?code=c&state=forged",
          state: request.state,
          verifier: request.verifier,
          portalUrl,
          clientId: "APP",
          redirectUri: "https://app.test/callback",
          storage: false,
          fetch: fake.scripted.fetch,
        }),
      )
      expect(explicit).toMatchObject({ _tag: "OAuthError", reason: "StateMismatch" })
      expect(fake.scripted.requests).toHaveLength(0)
    }),
  )

  it.effect("error=access_denied is a typed AccessDenied", () =>
    Effect.gen(function* () {
      const storage = memoryStorage()
      const request = yield* begin(storage)
      const error = yield* Effect.flip(
        completeAuthorization({
          callbackUrl: `https://app.test/callback?error=access_denied&error_description=denied&state=${request.state}`,
          storage,
        }),
      )
      expect(error).toMatchObject({ _tag: "OAuthError", reason: "AccessDenied" })
    }),
  )

  const session = (refreshTokenExpires = 14 * 24 * 3_600_000) =>
    pkce({
      clientId: "APP",
      redirectUri: "https://app.test/callback",
      refreshToken: Redacted.make("refresh-1"),
      refreshTokenExpires,
      accessToken: Redacted.make("access-0"),
      expires: 1_800_000,
      username: "jsmith",
    })

  it.effect("refreshes with grant_type=refresh_token shortly before expiry (test clock)", () =>
    Effect.gen(function* () {
      const fake = codePortal()
      yield* Effect.gen(function* () {
        expect((yield* call()).ok).toBe("access-0")
        yield* TestClock.adjust(1_700_000)
        expect((yield* call()).ok).toBe("access-0")
        yield* TestClock.adjust(60_000)
        expect((yield* call()).ok).toBe("access-1")
      }).pipe(Effect.provide(layerFor(fake.scripted, session())))
      const [refresh] = fake.tokenRequests()
      expect(refresh?.body).toMatchObject({ client_id: "APP", grant_type: "refresh_token", refresh_token: "refresh-1" })
      expect(refresh?.body.redirect_uri).toBeUndefined()
      expect(TokenPortal.urlsContain(fake.scripted, ["refresh-1"])).toBe(false)
    }),
  )

  it.effect("498 → exactly one refresh for 32 concurrent calls", () =>
    Effect.gen(function* () {
      const fake = codePortal()
      yield* Effect.gen(function* () {
        yield* call()
        fake.reject("access-0")
        const results = yield* Effect.all(
          Array.from({ length: 32 }, () => call()),
          { concurrency: "unbounded" },
        )
        expect(new Set(results.map((result) => result.ok))).toEqual(new Set(["access-1"]))
      }).pipe(Effect.provide(layerFor(fake.scripted, session())))
      expect(fake.refreshes()).toBe(1)
    }),
  )

  it.effect("a failed refresh fails all 32 callers with the same typed error", () =>
    Effect.gen(function* () {
      const fake = codePortal()
      const errors = yield* Effect.gen(function* () {
        yield* call()
        fake.reject("access-0")
        fake.failTokens()
        return yield* Effect.all(
          Array.from({ length: 32 }, () => Effect.flip(call())),
          { concurrency: "unbounded" },
        )
      }).pipe(Effect.provide(layerFor(fake.scripted, session())))
      expect(fake.tokenRequests()).toHaveLength(1)
      expect(new Set(errors.map((error) => `${error._tag}:${error.message}`)).size).toBe(1)
      expect(errors[0]?._tag).toBe("AuthError")
    }),
  )

  it.effect("exchanges the refresh token (exchange_refresh_token + redirect_uri) when it nears its end", () =>
    Effect.gen(function* () {
      const fake = codePortal()
      const auth = session(2 * 3_600_000)
      yield* Effect.gen(function* () {
        yield* call()
        yield* TestClock.adjust(1_790_000)
        expect((yield* call()).ok).toBe("access-1")
      }).pipe(Effect.provide(layerFor(fake.scripted, auth)))
      const [exchange] = fake.tokenRequests()
      expect(exchange?.body).toMatchObject({
        grant_type: "exchange_refresh_token",
        refresh_token: "refresh-1",
        redirect_uri: "https://app.test/callback",
      })
      expect(Redacted.value(auth.session()?.refreshToken ?? Redacted.make(""))).toBe("refresh-x1")
    }),
  )

  it.effect("signOut revokes the refresh token; afterwards no token is obtained", () =>
    Effect.gen(function* () {
      const fake = codePortal()
      const auth = session()
      const error = yield* Effect.gen(function* () {
        yield* call()
        yield* auth.signOut
        fake.reject("access-0")
        return yield* Effect.flip(call())
      }).pipe(Effect.provide(layerFor(fake.scripted, auth)))
      const revoke = fake.scripted.requests.find(isRevoke)
      expect(revoke?.method).toBe("POST")
      expect(revoke?.body).toMatchObject({
        client_id: "APP",
        auth_token: "refresh-1",
        token_type_hint: "refresh_token",
      })
      expect(revoke?.headers.get("x-esri-authorization")).toBeNull()
      expect(TokenPortal.urlsContain(fake.scripted, ["refresh-1"])).toBe(false)
      expect(error._tag).toBe("AuthError")
      expect(error.message).toMatch(/Signed out/)
      expect(auth.session()).toBeUndefined()
    }),
  )

  it.effect("signOut forgets the layer's portals/self (the signed-in user): the next read asks the portal again", () =>
    Effect.gen(function* () {
      const fake = codePortal()
      const auth = session()
      yield* Effect.gen(function* () {
        const self = yield* PortalSelf.PortalSelf
        yield* Effect.exit(self.get("Test.self"))
        yield* Effect.exit(self.get("Test.self"))
        yield* auth.signOut
        yield* Effect.exit(self.get("Test.self"))
      }).pipe(Effect.provide(layerFor(fake.scripted, auth)))
      const reads = fake.scripted.requests.filter((request) => request.url.pathname.endsWith("/portals/self"))
      expect(reads).toHaveLength(2)
    }),
  )
})
