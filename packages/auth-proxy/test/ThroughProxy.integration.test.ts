import { inspect } from "node:util"
import { clientCertificate } from "@arcgis-portal/auth-pki"
import { Auth, type AuthStrategy, Portal, RetryPolicy, Transport } from "@arcgis-portal/core"
import { type EmulatorHandle, startEmulator } from "@arcgis-portal/emulator"
import { Certificates } from "@arcgis-portal/emulator/testing"
import { afterAll, beforeAll, describe, expect, it, vi } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as Redacted from "effect/Redacted"
import * as References from "effect/References"
import { Server } from "proxy-chain"
import { ProxyAgent } from "undici"
import { throughProxy } from "../src/index.ts"

const proxyUser = "proxy-user"
const proxyPassword = "proxy-password-INTEGRATION-8086"

let emulator: EmulatorHandle
let secure: EmulatorHandle
let pki: Certificates.TestPki
let proxy: Server
/** Every request the proxy saw (a CONNECT per tunnel), and whether it let it through. */
const seen: Array<{ hostname: string; port: number; allowed: boolean }> = []

beforeAll(async () => {
  emulator = await startEmulator()
  pki = await Certificates.createTestPki({ usernames: ["publisher_one"] })
  secure = await startEmulator({
    tls: {
      key: pki.server.key,
      cert: pki.server.cert,
      ca: pki.ca.cert,
      requireClientCertificate: true,
      hostname: "localhost",
    },
  })
  proxy = new Server({
    port: 0,
    host: "127.0.0.1",
    prepareRequestFunction: ({ username, password, hostname, port }) => {
      const allowed = username === proxyUser && password === proxyPassword
      seen.push({ hostname, port, allowed })
      return { requestAuthentication: !allowed, failMsg: "Bad proxy credentials" }
    },
  })
  await proxy.listen()
})
afterAll(async () => {
  await proxy?.close(true)
  await emulator?.stop()
  await secure?.stop()
})

const proxyAt = (password = proxyPassword) => ({
  host: "127.0.0.1",
  port: proxy.port,
  username: proxyUser,
  password: Redacted.make(password),
})

/** A built-in user (generateToken with a Redacted password), as @arcgis-portal/auth-token's builtInUser. */
const builtInUser = (username: string, password: string): AuthStrategy.AuthStrategy => ({
  name: "builtInUser",
  acquire: (context) =>
    Effect.map(
      context.send({
        operation: "Test.generateToken",
        method: "POST",
        path: "generateToken",
        params: { username, password: Redacted.make(password), client: "referer", referer: "auth-proxy-tests" },
        credentials: "none",
      }),
      (body) => {
        const { token, expires } = body as { token: string; expires: number }
        return { token: Redacted.make(token), expires }
      },
    ),
})

const self = Effect.gen(function* () {
  const transport = yield* Transport.Transport
  return (yield* transport.json({ operation: "Test.self", method: "GET", path: "portals/self" })) as {
    user?: { username?: string }
  }
})

/** Runs `effect` against `url`, collecting every log line. */
const run = <A>(
  url: string,
  auth: AuthStrategy.AuthStrategy,
  effect: Effect.Effect<A, unknown, Transport.Transport | Auth.Auth>,
) => {
  const logs: Array<string> = []
  const layer = Layer.mergeAll(
    Portal.layer({ url, auth, retry: RetryPolicy.none, timeout: 10_000 }),
    Logger.layer([Logger.make((entry) => logs.push(Logger.formatJson.log(entry)))], { mergeWithExisting: false }),
  )
  return Effect.map(
    Effect.exit(effect.pipe(Effect.provide(layer), Effect.provideService(References.MinimumLogLevel, "All"))),
    (exit) => ({ exit, logs }),
  )
}

const renderings = (exit: Exit.Exit<unknown, unknown>) => {
  if (Exit.isSuccess(exit)) return []
  const error = Cause.squash(exit.cause)
  return [
    Cause.pretty(exit.cause),
    JSON.stringify(error),
    String(error),
    inspect(error, { depth: 10, showHidden: true }),
    inspect(exit.cause, { depth: 10 }),
  ]
}

const failureOf = (exit: Exit.Exit<unknown, unknown>) =>
  Exit.isFailure(exit)
    ? (Cause.squash(exit.cause) as { _tag?: string; reason?: string; message?: string; status?: number })
    : undefined

describe("throughProxy through a real HTTP proxy", () => {
  it.live("a built-in user signs in and reads through the proxy", () =>
    Effect.gen(function* () {
      seen.length = 0
      emulator.clearRequestLog()
      const auth = throughProxy(proxyAt(), builtInUser("publisher_one", "publisher-pass-local"))
      const { exit } = yield* run(emulator.url, auth, self)
      expect(Exit.isSuccess(exit) ? exit.value.user?.username : failureOf(exit)?.message).toBe("publisher_one")
      const port = Number(new URL(emulator.url).port)
      expect(seen.length).toBeGreaterThanOrEqual(1)
      expect(seen.every((entry) => entry.allowed && entry.port === port)).toBe(true)
      expect(emulator.requestLog().map((entry) => entry.path)).toEqual(
        expect.arrayContaining([expect.stringMatching(/generateToken$/), expect.stringMatching(/portals\/self$/)]),
      )
    }),
  )

  it.live("the proxy agent is closed when the Portal layer's scope ends, and not before", () =>
    Effect.gen(function* () {
      const close = vi.spyOn(ProxyAgent.prototype, "close")
      try {
        const auth = throughProxy(proxyAt(), builtInUser("publisher_one", "publisher-pass-local"))
        const { exit } = yield* run(
          emulator.url,
          auth,
          Effect.tap(self, () => Effect.sync(() => expect(close).not.toHaveBeenCalled())),
        )
        expect(Exit.isSuccess(exit)).toBe(true)
        expect(close).toHaveBeenCalled()
      } finally {
        close.mockRestore()
      }
    }),
  )

  it.live("wrong proxy credentials while signing in: a TransportError (407) that says the proxy refused", () =>
    Effect.gen(function* () {
      seen.length = 0
      const wrong = "wrong-proxy-password-31337"
      const auth = throughProxy(proxyAt(wrong), builtInUser("publisher_one", "publisher-pass-local"))
      const { exit, logs } = yield* run(emulator.url, auth, self)
      const error = failureOf(exit)
      expect(error).toMatchObject({ _tag: "TransportError", reason: "Proxy", status: 407, reachedServer: false })
      expect(error?.message).toMatch(/proxy refused the connection \(HTTP 407 Proxy Authentication Required\)/)
      expect(seen.length).toBeGreaterThanOrEqual(1)
      expect(seen.some((entry) => entry.allowed)).toBe(false)
      for (const text of [...renderings(exit), ...logs]) {
        expect(text).not.toContain(wrong)
        expect(text).not.toContain("publisher-pass-local")
        expect(text).not.toContain(Buffer.from(`${proxyUser}:${wrong}`).toString("base64"))
      }
    }),
  )

  it.live("wrong proxy credentials without a token: a TransportError that names the refusal", () =>
    Effect.gen(function* () {
      const wrong = "wrong-proxy-password-27182"
      const { exit, logs } = yield* run(emulator.url, throughProxy(proxyAt(wrong)), self)
      const error = failureOf(exit)
      expect(error).toMatchObject({ _tag: "TransportError", reason: "Proxy", status: 407 })
      expect(error?.message).toMatch(/HTTP 407 Proxy Authentication Required/)
      for (const text of [...renderings(exit), ...logs]) expect(text).not.toContain(wrong)
    }),
  )

  it.live("no proxy credential reaches a log or an error when the portal fails", () =>
    Effect.gen(function* () {
      const auth = throughProxy(proxyAt(), builtInUser("publisher_one", "not-the-password-4711"))
      const { exit, logs } = yield* run(emulator.url, auth, self)
      expect(failureOf(exit)?._tag).toBe("AuthError")
      for (const text of [...renderings(exit), ...logs]) {
        expect(text).not.toContain(proxyPassword)
        expect(text).not.toContain("not-the-password-4711")
      }
    }),
  )

  it.live("a client certificate through the proxy: mutual TLS end to end through the tunnel", () =>
    Effect.gen(function* () {
      seen.length = 0
      const client = pki.clients.publisher_one!
      const auth = throughProxy(
        proxyAt(),
        clientCertificate({ cert: client.cert, key: Redacted.make(client.key) }, { ca: pki.ca.cert }),
      )
      expect(auth.name).toBe("throughProxy(clientCertificate)")
      const { exit } = yield* run(
        secure.url,
        auth,
        Effect.gen(function* () {
          const body = yield* self
          const grant = yield* (yield* Auth.Auth).grant
          return { body, grant }
        }),
      )
      expect(Exit.isSuccess(exit) ? exit.value.body.user?.username : failureOf(exit)?.message).toBe("publisher_one")
      expect(Exit.isSuccess(exit) && exit.value.grant !== undefined).toBe(true)
      expect(seen.length).toBeGreaterThanOrEqual(1)
      expect(seen.every((entry) => entry.allowed && entry.hostname === "localhost")).toBe(true)
    }),
  )

  it.live("an untrusted client certificate through the proxy: a typed TransportError", () =>
    Effect.gen(function* () {
      const auth = throughProxy(
        proxyAt(),
        clientCertificate({ cert: pki.untrusted.cert, key: pki.untrusted.key }, { ca: pki.ca.cert, token: false }),
      )
      const { exit } = yield* run(secure.url, auth, self)
      expect(failureOf(exit)?._tag).toBe("TransportError")
      for (const text of renderings(exit)) expect(text).not.toContain(pki.untrusted.key.split("\n")[1])
    }),
  )
})
