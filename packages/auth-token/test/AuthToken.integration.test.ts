import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { type AuthStrategy, Portal, Transport } from "@arcgis-portal/core"
import { type EmulatorHandle, startEmulator } from "@arcgis-portal/emulator"
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import { apiKey, builtInUser, staticToken } from "../src/index.ts"
import { fromProfile, Profiles } from "../src/node/index.ts"

let emulator: EmulatorHandle
let shortLived: EmulatorHandle

beforeAll(async () => {
  ;[emulator, shortLived] = await Promise.all([startEmulator(), startEmulator({ tokenTtlSeconds: 2 })])
})
afterAll(async () => {
  await Promise.all([emulator?.stop(), shortLived?.stop()])
})

const me = Effect.gen(function* () {
  const transport = yield* Transport.Transport
  return (yield* transport.json({ operation: "Test.me", method: "GET", path: "community/self" })) as {
    username?: string
  }
})

const layer = (target: EmulatorHandle, auth: AuthStrategy.AuthStrategy) => Portal.layer({ url: target.url, auth })
const tokenRequests = (target: EmulatorHandle) =>
  target.requestLog().filter((entry) => entry.path.endsWith("/generateToken")).length

describe("auth-token against the emulator", () => {
  it.live("builtInUser signs in with generateToken", () =>
    Effect.gen(function* () {
      const { username, password } = emulator.accounts.publisher
      const self = yield* me.pipe(
        Effect.provide(layer(emulator, builtInUser({ username, password: Redacted.make(password) }))),
      )
      expect(self.username).toBe(username)
    }),
  )

  it.live("builtInUser with a wrong password fails with a typed AuthError", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(
        me.pipe(
          Effect.provide(layer(emulator, builtInUser({ username: "publisher_one", password: "wrong-pass-123" }))),
        ),
      )
      expect(error._tag).toBe("AuthError")
      expect(String(error)).not.toContain("wrong-pass-123")
    }),
  )

  it.live("builtInUser renews a short-lived token (tokenTtlSeconds: 2) before it expires", () =>
    Effect.gen(function* () {
      const { username, password } = shortLived.accounts.publisher
      shortLived.clearRequestLog()
      const started = Date.now()
      yield* Effect.gen(function* () {
        expect((yield* me).username).toBe(username)
        yield* Effect.sleep(2_300)
        const results = yield* Effect.all(
          Array.from({ length: 16 }, () => me),
          { concurrency: "unbounded" },
        )
        expect(results.every((self) => self.username === username)).toBe(true)
      }).pipe(Effect.provide(layer(shortLived, builtInUser({ username, password }))))
      // One token, then one renewal per token lifetime that elapsed (renewed 0.2 s before its end): 2 on an idle
      // machine; with busy CPUs the 16 reads can outlive a 2-second token again. 16 concurrent readers renewing on
      // their own would be far more.
      const lifetimes = Math.ceil((Date.now() - started) / 1_800)
      expect(tokenRequests(shortLived)).toBeGreaterThanOrEqual(2)
      expect(tokenRequests(shortLived)).toBeLessThanOrEqual(1 + lifetimes)
      // Renewed before expiry: the emulator never had to reject a token.
      expect(shortLived.requestLog().some((entry) => entry.errorCode === 498)).toBe(false)
    }),
  )

  it.live("apiKey acts as its user", () =>
    Effect.gen(function* () {
      const self = yield* me.pipe(Effect.provide(layer(emulator, apiKey(Redacted.make(emulator.apiKey)))))
      expect(self.username).toBe(emulator.accounts.publisher.username)
    }),
  )

  it.live("staticToken uses a token obtained elsewhere; a bogus one fails with AuthError", () =>
    Effect.gen(function* () {
      const { username, password } = emulator.accounts.publisher
      const response = yield* Effect.promise(() =>
        fetch(`${emulator.restUrl}/generateToken`, {
          method: "POST",
          body: new URLSearchParams({ username, password, client: "referer", referer: "test", f: "json" }),
        }).then((answer) => answer.json() as Promise<{ token: string; expires: number }>),
      )
      const self = yield* me.pipe(
        Effect.provide(layer(emulator, staticToken(Redacted.make(response.token), { expires: response.expires }))),
      )
      expect(self.username).toBe(username)
      const error = yield* Effect.flip(me.pipe(Effect.provide(layer(emulator, staticToken("not-a-token")))))
      expect(error).toMatchObject({ _tag: "AuthError", reason: "InvalidToken" })
    }),
  )

  it.live("profiles round trip: save, fromProfile, sign in; nothing readable on disk", () =>
    Effect.gen(function* () {
      const directory = mkdtempSync(join(tmpdir(), "auth-token-it-"))
      try {
        const options = { directory, keyring: "off" as const }
        const { username, password } = emulator.accounts.publisher
        yield* Profiles.save(
          "emulator",
          { url: emulator.url, auth: "builtInUser", username, secret: password },
          options,
        )
        yield* Profiles.save("key", { url: emulator.url, auth: "apiKey", secret: emulator.apiKey }, options)
        for (const name of ["emulator", "key"]) {
          const self = yield* me.pipe(
            Effect.provide(Layer.unwrap(Effect.map(fromProfile(name, options), Portal.layer))),
          )
          expect(self.username).toBe(username)
        }
        for (const file of readdirSync(directory)) {
          const text = readFileSync(join(directory, file), "utf8")
          expect(text).not.toContain(password)
          expect(text).not.toContain(emulator.apiKey)
        }
      } finally {
        rmSync(directory, { recursive: true, force: true })
      }
    }),
  )

  it.live("an oauth profile resumes a session from its refresh token", () =>
    Effect.gen(function* () {
      const directory = mkdtempSync(join(tmpdir(), "auth-token-it-"))
      try {
        const refreshToken = yield* Effect.promise(() => signInWithCode(emulator))
        const options = { directory, keyring: "off" as const }
        yield* Profiles.save(
          "oauth",
          { url: emulator.url, auth: "oauth", clientId: emulator.app.clientId, secret: refreshToken },
          options,
        )
        const self = yield* me.pipe(
          Effect.provide(Layer.unwrap(Effect.map(fromProfile("oauth", options), Portal.layer))),
        )
        expect(self.username).toBe(emulator.accounts.publisher.username)
      } finally {
        rmSync(directory, { recursive: true, force: true })
      }
    }),
  )

  it.live("an oauth profile near the end of its refresh token exchanges it, and the stored one is replaced", () =>
    Effect.gen(function* () {
      const directory = mkdtempSync(join(tmpdir(), "auth-token-it-"))
      try {
        const first = yield* Effect.promise(() => signInWithCode(emulator))
        const options = { directory, keyring: "off" as const }
        // An hour left: within a day of its end, so the profile exchanges it (with the sign-in's redirect URI).
        yield* Profiles.save(
          "rotating",
          {
            url: emulator.url,
            auth: "oauth",
            clientId: emulator.app.clientId,
            redirectUri: "http://127.0.0.1/callback",
            refreshTokenExpires: Date.now() + 3_600_000,
            secret: first,
          },
          options,
        )
        emulator.clearRequestLog()
        const signedIn = (name: string) =>
          me.pipe(Effect.provide(Layer.unwrap(Effect.map(fromProfile(name, options), Portal.layer))))
        expect((yield* signedIn("rotating")).username).toBe(emulator.accounts.publisher.username)
        const stored = yield* Profiles.load("rotating", options)
        const second = Redacted.value(stored.secret!)
        expect(second).not.toBe(first)
        for (const file of readdirSync(directory)) {
          const text = readFileSync(join(directory, file), "utf8")
          expect(text).not.toContain(first)
          expect(text).not.toContain(second)
        }
        // The portal revoked the first refresh token; the stored (rotated) one signs the next run in.
        const revoked = yield* Effect.promise(() =>
          fetch(`${emulator.restUrl}/oauth2/token`, {
            method: "POST",
            body: new URLSearchParams({
              client_id: emulator.app.clientId,
              grant_type: "refresh_token",
              refresh_token: first,
              f: "json",
            }),
          }).then((answer) => answer.json() as Promise<{ error?: { code?: number } }>),
        )
        expect(revoked.error?.code).toBe(498)
        expect((yield* signedIn("rotating")).username).toBe(emulator.accounts.publisher.username)
      } finally {
        rmSync(directory, { recursive: true, force: true })
      }
    }),
  )
})

/** Plays the browser through the emulator's sign-in page (no PKCE) and returns a refresh token. */
const signInWithCode = async (target: EmulatorHandle): Promise<string> => {
  const redirectUri = "http://127.0.0.1/callback"
  const authorize = new URL(`${target.restUrl}/oauth2/authorize`)
  for (const [name, value] of Object.entries({
    client_id: target.app.clientId,
    response_type: "code",
    redirect_uri: redirectUri,
  }))
    authorize.searchParams.set(name, value)
  const html = await (await fetch(authorize)).text()
  const form = new URLSearchParams()
  for (const match of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    form.set(
      match[1] ?? "",
      (match[2] ?? "").replace(/&#(\d+);/g, (_, code) => String.fromCharCode(Number(code))),
    )
  }
  form.set("username", target.accounts.publisher.username)
  form.set("password", target.accounts.publisher.password)
  form.set("action", "signin")
  const answer = await fetch(`${target.restUrl}/oauth2/authorize`, { method: "POST", body: form, redirect: "manual" })
  const code = new URL(answer.headers.get("location") ?? "").searchParams.get("code") ?? ""
  const token = (await (
    await fetch(`${target.restUrl}/oauth2/token`, {
      method: "POST",
      body: new URLSearchParams({
        client_id: target.app.clientId,
        grant_type: "authorization_code",
        code,
        redirect_uri: redirectUri,
        f: "json",
      }),
    })
  ).json()) as { refresh_token: string }
  return token.refresh_token
}
