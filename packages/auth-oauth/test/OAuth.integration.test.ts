import { Auth, type AuthStrategy, Portal, Transport } from "@arcgis-portal/core"
import { type EmulatorHandle, startEmulator } from "@arcgis-portal/emulator"
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Redacted from "effect/Redacted"
import {
  type AuthorizationStorage,
  beginAuthorization,
  clientCredentials,
  completeAuthorization,
  pkce,
} from "../src/index.ts"
import { loopback } from "../src/node/index.ts"

let emulator: EmulatorHandle
beforeAll(async () => {
  emulator = await startEmulator()
})
afterAll(async () => {
  await emulator?.stop()
})

const redirectUri = "http://127.0.0.1/callback"

const memoryStorage = (): AuthorizationStorage => {
  const entries = new Map<string, string>()
  return {
    getItem: (key) => entries.get(key) ?? null,
    setItem: (key, value) => void entries.set(key, value),
    removeItem: (key) => void entries.delete(key),
  }
}

/** Plays the browser: loads the sign-in page, posts its form with the credentials, returns the redirect. */
const playBrowser = async (authorizeUrl: string, action: "signin" | "cancel" = "signin"): Promise<string> => {
  const page = await fetch(authorizeUrl)
  expect(page.headers.get("content-type")).toMatch(/text\/html/)
  const html = await page.text()
  const form = new URLSearchParams()
  for (const match of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    form.set(
      match[1] ?? "",
      (match[2] ?? "").replace(/&#(\d+);/g, (_, code) => String.fromCharCode(Number(code))),
    )
  }
  expect([...form.keys()]).toEqual(
    expect.arrayContaining([
      "client_id",
      "redirect_uri",
      "response_type",
      "state",
      "code_challenge",
      "code_challenge_method",
    ]),
  )
  form.set("username", emulator.accounts.publisher.username)
  form.set("password", emulator.accounts.publisher.password)
  form.set("action", action)
  const answer = await fetch(new URL("authorize", authorizeUrl), { method: "POST", body: form, redirect: "manual" })
  expect(answer.status).toBe(302)
  return answer.headers.get("location") ?? ""
}

const me = Effect.gen(function* () {
  const transport = yield* Transport.Transport
  return (yield* transport.json({ operation: "Test.me", method: "GET", path: "community/self" })) as {
    username?: string
  }
})

const withPortal = <A, E>(
  auth: AuthStrategy.AuthStrategy,
  effect: Effect.Effect<A, E, Transport.Transport | Auth.Auth>,
) => effect.pipe(Effect.provide(Portal.layer({ url: emulator.url, auth })))

/** Is anything listening on 127.0.0.1:port? */
const listening = (port: number) =>
  fetch(`http://127.0.0.1:${port}/callback`).then(
    () => true,
    () => false,
  )

const signIn = Effect.gen(function* () {
  const storage = memoryStorage()
  const request = yield* beginAuthorization({
    portalUrl: emulator.url,
    clientId: emulator.app.clientId,
    redirectUri,
    storage,
  })
  const location = yield* Effect.promise(() => playBrowser(request.url))
  return yield* completeAuthorization({ callbackUrl: location, storage })
})

const rawMe = (token: string) =>
  fetch(`${emulator.restUrl}/community/self?f=json`, { headers: { "X-Esri-Authorization": `Bearer ${token}` } }).then(
    (response) => response.json() as Promise<{ username?: string; error?: { code: number } }>,
  )

describe("auth-oauth against the emulator", () => {
  it.live("authorization code + PKCE end to end", () =>
    Effect.gen(function* () {
      const auth = yield* signIn
      expect((yield* withPortal(auth, me)).username).toBe(emulator.accounts.publisher.username)
      expect(auth.session()?.username).toBe(emulator.accounts.publisher.username)
    }),
  )

  it.live("a wrong code_verifier is rejected by the portal", () =>
    Effect.gen(function* () {
      const request = yield* beginAuthorization({
        portalUrl: emulator.url,
        clientId: emulator.app.clientId,
        redirectUri,
        storage: false,
      })
      const location = yield* Effect.promise(() => playBrowser(request.url))
      const error = yield* Effect.flip(
        completeAuthorization({
          callbackUrl: location,
          state: request.state,
          verifier: Redacted.make("x".repeat(64)),
          portalUrl: emulator.url,
          clientId: emulator.app.clientId,
          redirectUri,
          storage: false,
        }),
      )
      expect(error).toMatchObject({ _tag: "PortalError", code: 400, message: "Invalid code_verifier." })
    }),
  )

  it.live("a cancelled sign-in is AccessDenied", () =>
    Effect.gen(function* () {
      const storage = memoryStorage()
      const request = yield* beginAuthorization({
        portalUrl: emulator.url,
        clientId: emulator.app.clientId,
        redirectUri,
        storage,
      })
      const location = yield* Effect.promise(() => playBrowser(request.url, "cancel"))
      const error = yield* Effect.flip(completeAuthorization({ callbackUrl: location, storage }))
      expect(error).toMatchObject({ _tag: "OAuthError", reason: "AccessDenied" })
    }),
  )

  it.live("refresh (refresh_token) and exchange (exchange_refresh_token); the old refresh token stops working", () =>
    Effect.gen(function* () {
      const first = yield* signIn
      const saved = first.session()!
      // A resumed session without an access token refreshes first.
      const resumed = pkce({ clientId: saved.clientId, redirectUri, refreshToken: saved.refreshToken })
      expect((yield* withPortal(resumed, me)).username).toBe(emulator.accounts.publisher.username)
      // Near the refresh token's end: exchanged for a new one.
      const nearEnd = pkce({
        clientId: saved.clientId,
        redirectUri,
        refreshToken: saved.refreshToken,
        refreshTokenExpires: Date.now() + 60 * 60_000,
        exchangeWithinMillis: 2 * 60 * 60_000,
      })
      expect((yield* withPortal(nearEnd, me)).username).toBe(emulator.accounts.publisher.username)
      const exchanged = nearEnd.session()!
      expect(Redacted.value(exchanged.refreshToken)).not.toBe(Redacted.value(saved.refreshToken))
      const stale = pkce({ clientId: saved.clientId, redirectUri, refreshToken: saved.refreshToken })
      const error = yield* Effect.flip(withPortal(stale, me))
      expect(error._tag).toBe("AuthError")
      const fresh = pkce({ clientId: saved.clientId, redirectUri, refreshToken: exchanged.refreshToken })
      expect((yield* withPortal(fresh, me)).username).toBe(emulator.accounts.publisher.username)
    }),
  )

  it.live("signOut revokes: the access token stops working and no new one is issued", () =>
    Effect.gen(function* () {
      const auth = yield* signIn
      const { token, after } = yield* withPortal(
        auth,
        Effect.gen(function* () {
          yield* me
          const grant = (yield* (yield* Auth.Auth).grant)!
          const token = Redacted.value(grant.token)
          expect((yield* Effect.promise(() => rawMe(token))).username).toBe(emulator.accounts.publisher.username)
          yield* auth.signOut
          return { token, after: yield* Effect.flip(me) }
        }),
      )
      expect((yield* Effect.promise(() => rawMe(token))).error?.code).toBe(498)
      expect(after._tag).toBe("AuthError")
    }),
  )

  it.live("client credentials: an app token; a wrong secret is a typed AuthError", () =>
    Effect.gen(function* () {
      const app = clientCredentials({
        clientId: emulator.app.clientId,
        clientSecret: Redacted.make(emulator.app.clientSecret),
      })
      const grant = yield* withPortal(
        app,
        Effect.gen(function* () {
          const transport = yield* Transport.Transport
          yield* transport.json({ operation: "Test.self", method: "GET", path: "portals/self" })
          return (yield* (yield* Auth.Auth).grant)!
        }),
      )
      expect(grant.expires).toBeGreaterThan(Date.now())
      expect(grant.refreshToken).toBeUndefined()
      const wrong = clientCredentials({ clientId: emulator.app.clientId, clientSecret: "not-the-secret" })
      const error = yield* Effect.flip(withPortal(wrong, me))
      expect(error._tag).toBe("AuthError")
      expect(String(error)).not.toContain("not-the-secret")
    }),
  )
})

describe("loopback (node)", () => {
  it.live("end to end: the browser lands on the listener, which answers and closes", () =>
    Effect.gen(function* () {
      let port = 0
      let landing: { status: number; text: string } | undefined
      const auth = yield* loopback({
        portalUrl: emulator.url,
        clientId: emulator.app.clientId,
        timeout: 10_000,
        open: async (url) => {
          const redirect = new URL(new URL(url).searchParams.get("redirect_uri") ?? "")
          port = Number(redirect.port)
          expect(redirect.hostname).toBe("127.0.0.1")
          expect(redirect.pathname).toBe("/callback")
          const location = await playBrowser(url)
          const answer = await fetch(location)
          landing = { status: answer.status, text: await answer.text() }
        },
      })
      // `open` returns before the listener has answered: wait for the landing page to be read.
      expect(landing?.status).toBe(200)
      expect(landing?.text).toMatch(/close this window/)
      expect(yield* Effect.promise(() => listening(port))).toBe(false)
      expect((yield* withPortal(auth, me)).username).toBe(emulator.accounts.publisher.username)
    }),
  )

  it.live("a timeout fails with OAuthError Timeout and closes the listener", () =>
    Effect.gen(function* () {
      let port = 0
      const error = yield* Effect.flip(
        loopback({
          portalUrl: emulator.url,
          clientId: emulator.app.clientId,
          timeout: 300,
          open: (url) => {
            port = Number(new URL(new URL(url).searchParams.get("redirect_uri") ?? "").port)
          },
        }),
      )
      expect(error).toMatchObject({ _tag: "OAuthError", reason: "Timeout" })
      expect(port).toBeGreaterThan(0)
      expect(yield* Effect.promise(() => listening(port))).toBe(false)
    }),
  )

  it.live("interruption closes the listener", () =>
    Effect.gen(function* () {
      const opened = yield* Deferred.make<number>()
      const fiber = yield* Effect.forkChild(
        loopback({
          portalUrl: emulator.url,
          clientId: emulator.app.clientId,
          timeout: 60_000,
          open: (url) => {
            Deferred.doneUnsafe(
              opened,
              Effect.succeed(Number(new URL(new URL(url).searchParams.get("redirect_uri") ?? "").port)),
            )
          },
        }),
      )
      const port = yield* Deferred.await(opened)
      expect(yield* Effect.promise(() => listening(port))).toBe(true)
      yield* Fiber.interrupt(fiber)
      expect(yield* Effect.promise(() => listening(port))).toBe(false)
    }),
  )

  it.live("a cancelled sign-in is AccessDenied; stray requests with another state are ignored", () =>
    Effect.gen(function* () {
      let stray = 0
      const error = yield* Effect.flip(
        loopback({
          portalUrl: emulator.url,
          clientId: emulator.app.clientId,
          timeout: 10_000,
          open: async (url) => {
            const redirect = new URL(new URL(url).searchParams.get("redirect_uri") ?? "")
            stray = (await fetch(`${redirect.href}?code=forged&state=forged`)).status
            await fetch(await playBrowser(url, "cancel"))
          },
        }),
      )
      expect(stray).toBe(400)
      expect(error).toMatchObject({ _tag: "OAuthError", reason: "AccessDenied" })
    }),
  )
})
