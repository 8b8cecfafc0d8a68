/**
 * OAuth refresh storms: a PKCE session (signed in through the emulator's authorize page) whose access token has
 * expired; 64 concurrent calls share one `grant_type=refresh_token` request, and a refused refresh fails them all alike.
 */

import type { PkceStrategy } from "@arcgis-portal/auth-oauth"
import { type AuthorizationStorage, beginAuthorization, completeAuthorization } from "@arcgis-portal/auth-oauth"
import { Content } from "@arcgis-portal/content"
import { Portal } from "@arcgis-portal/core"
import { type EmulatorHandle, startEmulator } from "@arcgis-portal/emulator"
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Redacted from "effect/Redacted"
import { count } from "./helpers.ts"

let emulator: EmulatorHandle
beforeAll(async () => {
  emulator = await startEmulator({ tokenTtlSeconds: 2 })
})
afterAll(async () => {
  await emulator.stop()
})

const redirectUri = "http://127.0.0.1/callback"
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

const memoryStorage = (): AuthorizationStorage => {
  const entries = new Map<string, string>()
  return {
    getItem: (key) => entries.get(key) ?? null,
    setItem: (key, value) => void entries.set(key, value),
    removeItem: (key) => void entries.delete(key),
  }
}

/** Plays the browser: loads the sign-in page, posts its hidden inputs back with the credentials, returns the redirect. */
const playBrowser = async (authorizeUrl: string): Promise<string> => {
  const html = await (await fetch(authorizeUrl)).text()
  const form = new URLSearchParams()
  for (const match of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    form.set(
      match[1] ?? "",
      (match[2] ?? "").replace(/&#(\d+);/g, (_, code) => String.fromCharCode(Number(code))),
    )
  }
  form.set("username", emulator.accounts.publisher.username)
  form.set("password", emulator.accounts.publisher.password)
  form.set("action", "signin")
  const answer = await fetch(new URL("authorize", authorizeUrl), { method: "POST", body: form, redirect: "manual" })
  expect(answer.status).toBe(302)
  return answer.headers.get("location") ?? ""
}

const signIn = async (): Promise<PkceStrategy> => {
  const storage = memoryStorage()
  const request = await Effect.runPromise(
    beginAuthorization({ portalUrl: emulator.url, clientId: emulator.app.clientId, redirectUri, storage }),
  )
  const location = await playBrowser(request.url)
  return Effect.runPromise(completeAuthorization({ callbackUrl: location, storage }))
}

/** The `grant_type` of every `oauth2/token` request the SDK sends (the emulator's log keeps paths only). */
const grantRecorder = () => {
  const grants: Array<string> = []
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url
    if (/\/oauth2\/token\/?(\?|$)/.test(url)) {
      const request = new Request(input, init)
      const form = await request.clone().formData()
      grants.push(String(form.get("grant_type") ?? "?"))
      return globalThis.fetch(request)
    }
    return globalThis.fetch(input, init)
  }) as typeof globalThis.fetch
  return { grants, fetch }
}

const calls = 64
const storm = <A, E>(runtime: ManagedRuntime.ManagedRuntime<Content.Content, unknown>, flip: boolean) =>
  runtime.runPromise(
    Effect.forEach(
      Array.from({ length: calls }, (_, index) => index),
      () => {
        const call = Effect.flatMap(Content.Content, (content) =>
          content.search("owner:publisher_one", { maxItems: 1, outsideOrg: true }),
        )
        return (flip ? Effect.flip(call) : call) as Effect.Effect<A, E, Content.Content>
      },
      { concurrency: "unbounded" },
    ),
  )

const runtimeOf = (auth: PkceStrategy, fetch: typeof globalThis.fetch) =>
  ManagedRuntime.make(Content.layer.pipe(Layer.provideMerge(Portal.layer({ url: emulator.url, auth, fetch }))))

describe("OAuth (PKCE) refresh storms", () => {
  it("64 concurrent calls on an expired access token → exactly 1 oauth2/token (grant_type=refresh_token), all succeed", async () => {
    const auth = await signIn()
    const recorder = grantRecorder()
    const runtime = runtimeOf(auth, recorder.fetch)
    try {
      // Warm up on the access token from the code exchange (also caches portals/self). With busy CPUs the warm-up can
      // itself outlive that 2-second token (and refresh it): only what follows the expiry below is counted.
      await storm(runtime, false)
      await sleep(2_200) // the 2-second access token has expired
      recorder.grants.length = 0
      const before = count(emulator, "/oauth2/token")
      const started = Date.now()
      const results = await storm<ReadonlyArray<unknown>, never>(runtime, false)
      expect(results).toHaveLength(calls)
      // One refresh per 2-second access-token lifetime the storm spans: exactly one on an idle machine; with busy
      // CPUs the 64 calls can outlive the new token too. 64 callers refreshing on their own would be far more.
      const lifetimes = Math.max(1, Math.ceil((Date.now() - started) / 1_800))
      const refreshes = count(emulator, "/oauth2/token") - before
      expect(refreshes).toBeGreaterThanOrEqual(1)
      expect(refreshes).toBeLessThanOrEqual(lifetimes)
      expect(recorder.grants).toEqual(Array.from({ length: refreshes }, () => "refresh_token"))
    } finally {
      await runtime.dispose()
    }
  })

  it("a refused refresh (refresh token revoked) fails all 64 with the same typed error, 1 attempt, no retry loop", async () => {
    const auth = await signIn()
    const recorder = grantRecorder()
    const runtime = runtimeOf(auth, recorder.fetch)
    try {
      await storm(runtime, false)
      // A refresh during the warm-up (busy CPUs) is not what this test is about.
      recorder.grants.length = 0
      // Revoked on the portal's side (an admin, another device signing out): the SDK does not know.
      const refreshToken = Redacted.value(auth.session()!.refreshToken)
      const revoked = await fetch(`${emulator.restUrl}/oauth2/revokeToken`, {
        method: "POST",
        body: new URLSearchParams({ f: "json", client_id: emulator.app.clientId, auth_token: refreshToken }),
      })
      expect(await revoked.json()).toEqual({ success: true })
      await sleep(2_200)
      const before = emulator.requestLog().length
      const errors = await storm<{ _tag: string; reason?: string; code?: number }, never>(runtime, true)
      expect(errors).toHaveLength(calls)
      const kinds = new Set(errors.map((error) => `${error._tag}/${error.reason}/${error.code}`))
      // The portal's answer to the refresh (498 "Invalid refresh_token"), the same object shape for every caller.
      expect([...kinds]).toEqual(["AuthError/InvalidToken/498"])
      await sleep(300) // anything still retrying would show up now
      const sent = emulator.requestLog().slice(before)
      expect(sent.map((entry) => entry.path.replace(/^.*\/sharing\/rest\//, ""))).toEqual(["oauth2/token"])
      expect(recorder.grants).toEqual(["refresh_token"])
    } finally {
      await runtime.dispose()
    }
  })
})
