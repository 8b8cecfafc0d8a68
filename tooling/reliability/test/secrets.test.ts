/**
 * Suite-wide secret scan: representative flows run with a capturing Logger (every level), a recording Tracer
 * and a fetch that records every request URL. No password, token, API key or client secret may appear in a log
 * line, span name, attribute or event, an error rendering (String, JSON, util.inspect, Cause.pretty) or a URL;
 * no POST carries a token in its query string.
 */
import { inspect } from "node:util"
import { clientCredentials } from "@arcgis-portal/auth-oauth"
import { apiKey } from "@arcgis-portal/auth-token"
import { Content, Items } from "@arcgis-portal/content"
import { type AuthStrategy, Portal } from "@arcgis-portal/core"
import { Datastores } from "@arcgis-portal/datastores"
import { type EmulatorHandle, startEmulator } from "@arcgis-portal/emulator"
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Redacted from "effect/Redacted"
import * as References from "effect/References"
import * as Tracer from "effect/Tracer"
import { signIn } from "./helpers.ts"

let emulator: EmulatorHandle
beforeAll(async () => {
  emulator = await startEmulator()
})
afterAll(async () => {
  await emulator.stop()
})

const captured: Array<string> = []
const urls: Array<{ method: string; url: string }> = []
const tokens = new Set<string>()
const spans: Array<Tracer.NativeSpan> = []

const logger = Logger.make((entry) => {
  captured.push(inspect(entry.message, { depth: 10 }))
  captured.push(inspect(entry.fiber.getRef(References.CurrentLogAnnotations), { depth: 10 }))
  captured.push(Cause.pretty(entry.cause))
})
const tracer = Tracer.make({
  span: (options) => {
    const span = new Tracer.NativeSpan(options)
    spans.push(span)
    return span
  },
})

/** Records the URL of every request, and learns the tokens the portal hands out (to look for them later). */
const recordingFetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
  const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url
  urls.push({ method: (init?.method ?? (input instanceof Request ? input.method : "GET")).toUpperCase(), url })
  const response = await globalThis.fetch(input, init)
  if (/generateToken|oauth2\/token/.test(url)) {
    const body = (await response.clone().json()) as { token?: string; access_token?: string; refresh_token?: string }
    for (const value of [body.token, body.access_token, body.refresh_token]) if (value) tokens.add(value)
  }
  return response
}) as typeof globalThis.fetch

const observed = <A, E>(
  auth: AuthStrategy.AuthStrategy,
  program: Effect.Effect<A, E, Content.Content | Items.Items | Datastores.Datastores>,
) => {
  const runtime = ManagedRuntime.make(
    Layer.mergeAll(Content.layer, Items.layer, Datastores.layer()).pipe(
      Layer.provideMerge(Portal.layer({ url: emulator.url, auth, fetch: recordingFetch })),
      Layer.provideMerge(Logger.layer([logger])),
      Layer.provideMerge(Layer.succeed(References.MinimumLogLevel, "All")),
      Layer.provideMerge(Layer.succeed(Tracer.Tracer, tracer)),
    ),
  )
  return runtime
    .runPromise(
      Effect.tapCause(Effect.withSpan(program, "secret-scan"), (cause) =>
        Effect.sync(() => {
          captured.push(Cause.pretty(cause))
          for (const error of Cause.prettyErrors(cause)) captured.push(String(error), inspect(error, { depth: 10 }))
          for (const reason of cause.reasons)
            if (reason._tag === "Fail") {
              const error = reason.error
              captured.push(String(error), JSON.stringify(error), inspect(error, { depth: 10 }))
            }
        }),
      ),
    )
    .then(
      (value) => ({ ok: true as const, value }),
      (error: unknown) => ({ ok: false as const, error }),
    )
    .finally(() => runtime.dispose())
}

describe("no secret anywhere", () => {
  it("sign-in, API key, OAuth app login, server exchange, upload and failing calls", async () => {
    const publisher = signIn(emulator, emulator.accounts.publisher)
    // builtInUser: an upload (multipart form with a file), an update, a failing call (another user's item).
    const uploaded = await observed(
      publisher,
      Effect.gen(function* () {
        const content = yield* Content.Content
        const items = yield* Items.Items
        const item = yield* content.add({
          properties: { title: "Secret scan", type: "CSV" },
          data: new File(["name,x\na,1\n"], "scan.csv", { type: "text/csv" }),
        })
        yield* items.update(item, { properties: { snippet: "scanned" } })
        yield* items.delete({ id: "ffffffffffffffffffffffffffffffff", owner: "portal_admin" })
      }),
    )
    expect(uploaded.ok).toBe(false)
    // A wrong password: the acquisition fails.
    const wrong = await observed(
      signIn(emulator, { username: "publisher_one", password: "wrong-password-value" }),
      Effect.flatMap(Content.Content, (content) => content.search("owner:publisher_one")),
    )
    expect(wrong.ok).toBe(false)
    // API key.
    expect(
      (
        await observed(
          apiKey(emulator.apiKey),
          Effect.flatMap(Content.Content, (content) => content.search("owner:publisher_one")),
        )
      ).ok,
    ).toBe(true)
    // OAuth app login (client credentials).
    await observed(
      clientCredentials({ clientId: emulator.app.clientId, clientSecret: Redacted.make(emulator.app.clientSecret) }),
      Effect.flatMap(Content.Content, (content) => content.search("type:CSV", { outsideOrg: true })),
    )
    // Datastores: a server token exchanged from the portal token.
    expect(
      (
        await observed(
          signIn(emulator, emulator.accounts.admin),
          Effect.flatMap(Datastores.Datastores, (d) => d.search()),
        )
      ).ok,
    ).toBe(true)

    for (const span of spans) {
      captured.push(span.name, inspect(span._attributes, { depth: 10 }), inspect(span._events, { depth: 10 }))
    }
    for (const { url } of urls) captured.push(url)
    const secrets = [
      emulator.accounts.publisher.password,
      emulator.accounts.admin.password,
      "wrong-password-value",
      emulator.apiKey,
      emulator.app.clientSecret,
      ...tokens,
    ]
    expect(tokens.size).toBeGreaterThanOrEqual(3)
    expect(spans.length).toBeGreaterThan(10)
    const haystack = captured.join("\n")
    expect(haystack.length).toBeGreaterThan(1000)
    for (const secret of secrets) {
      expect(secret.length).toBeGreaterThan(8)
      expect(haystack.includes(secret), `a secret (${secret.slice(0, 3)}…) leaked`).toBe(false)
      expect(haystack.includes(encodeURIComponent(secret))).toBe(false)
    }
    for (const { method, url } of urls) {
      if (method !== "POST") continue
      const query = new URL(url).searchParams
      expect(query.has("token") || query.has("password") || query.has("client_secret")).toBe(false)
    }
  })
})
