import { inspect } from "node:util"
import { Auth, Portal, RetryPolicy, Transport } from "@arcgis-portal/core"
import { type EmulatorHandle, startEmulator } from "@arcgis-portal/emulator"
import { Certificates } from "@arcgis-portal/emulator/testing"
import { afterAll, beforeAll, describe, expect, it, vi } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as Redacted from "effect/Redacted"
import { Agent } from "undici"
import { clientCertificate } from "../src/index.ts"
import { ClientKeys } from "../src/testing/index.ts"

let pki: Certificates.TestPki
let emulator: EmulatorHandle
const passphrase = "client-key-passphrase-7731"

beforeAll(async () => {
  pki = await Certificates.createTestPki({ usernames: ["publisher_one"] })
  emulator = await startEmulator({
    tls: {
      key: pki.server.key,
      cert: pki.server.cert,
      ca: pki.ca.cert,
      requireClientCertificate: true,
      hostname: "localhost",
    },
  })
})
afterAll(async () => {
  await emulator?.stop()
})

const keyBody = (pem: string) => pem.split("\n")[1] ?? pem

const self = Effect.gen(function* () {
  const transport = yield* Transport.Transport
  return (yield* transport.json({ operation: "Test.self", method: "GET", path: "portals/self" })) as {
    user?: { username?: string }
  }
})

const layer = (auth: Portal.Options["auth"], options: Portal.Options = {}) =>
  Portal.layer({ url: emulator.url, auth, retry: RetryPolicy.none, timeout: 10_000, ...options })

const renderings = (exit: Exit.Exit<unknown, unknown>) => {
  if (Exit.isSuccess(exit)) return []
  const error = Cause.squash(exit.cause)
  return [
    Cause.pretty(exit.cause),
    JSON.stringify(error),
    String(error),
    inspect(error, { depth: 10, showHidden: true }),
  ]
}

const failureOf = (exit: Exit.Exit<unknown, unknown>) =>
  Exit.isFailure(exit) ? (Cause.squash(exit.cause) as { _tag?: string; reason?: string; message?: string }) : undefined

describe("clientCertificate against the HTTPS emulator", () => {
  it.live("a trusted certificate signs in as its user and obtains a token without a password", () =>
    Effect.gen(function* () {
      emulator.clearRequestLog()
      const client = pki.clients.publisher_one!
      const auth = clientCertificate({ cert: client.cert, key: Redacted.make(client.key) }, { ca: pki.ca.cert })
      const result = yield* Effect.gen(function* () {
        const body = yield* self
        const grant = yield* (yield* Auth.Auth).grant
        return { body, grant }
      }).pipe(Effect.provide(layer(auth)))
      expect(result.body.user?.username).toBe("publisher_one")
      expect(result.grant?.token).toBeDefined()
      expect(Redacted.value(result.grant!.token).length).toBeGreaterThan(10)
      const paths = emulator.requestLog().map((entry) => entry.path)
      expect(paths.some((path) => path.endsWith("/generateToken"))).toBe(true)
    }),
  )

  it.live("certificate only: requests carry no token and still act as the user", () =>
    Effect.gen(function* () {
      const client = pki.clients.publisher_one!
      const auth = clientCertificate({ cert: client.cert, key: client.key }, { ca: pki.ca.cert, token: false })
      const body = yield* self.pipe(Effect.provide(layer(auth)))
      expect(body.user?.username).toBe("publisher_one")
    }),
  )

  it.live("the transport's agent is closed when the Portal layer's scope ends, and not before", () =>
    Effect.gen(function* () {
      const close = vi.spyOn(Agent.prototype, "close")
      try {
        const client = pki.clients.publisher_one!
        const auth = clientCertificate({ cert: client.cert, key: client.key }, { ca: pki.ca.cert, token: false })
        yield* Effect.scoped(
          Effect.gen(function* () {
            const context = yield* Layer.build(layer(auth))
            const body = yield* Effect.provideContext(self, context)
            expect(body.user?.username).toBe("publisher_one")
            expect(close).not.toHaveBeenCalled()
          }),
        )
        // Closed with the scope (undici's close also reaches the agent's own pool).
        expect(close).toHaveBeenCalled()
      } finally {
        close.mockRestore()
      }
    }),
  )

  it.live("no client certificate: a typed TransportError", () =>
    Effect.gen(function* () {
      const agent = new Agent({ connect: { ca: pki.ca.cert } })
      const fetch: typeof globalThis.fetch = (input, init) =>
        globalThis.fetch(input, { ...init, dispatcher: agent } as RequestInit)
      const exit = yield* Effect.exit(self.pipe(Effect.provide(layer(undefined, { fetch }))))
      // Under TLS 1.3 the server refuses the missing certificate after the handshake: the client only sees the
      // connection close (a TLS 1.2 server's alert would be reason "Tls").
      expect(failureOf(exit)).toMatchObject({ _tag: "TransportError", reason: "Network" })
      yield* Effect.promise(() => agent.close())
    }),
  )

  it.live("an untrusted certificate: a typed TransportError that shows no key", () =>
    Effect.gen(function* () {
      const auth = clientCertificate(
        { cert: pki.untrusted.cert, key: Redacted.make(pki.untrusted.key) },
        { ca: pki.ca.cert, token: false },
      )
      const exit = yield* Effect.exit(self.pipe(Effect.provide(layer(auth))))
      expect(failureOf(exit)).toMatchObject({ _tag: "TransportError", reason: "Network" })
      for (const text of renderings(exit)) expect(text).not.toContain(keyBody(pki.untrusted.key))
    }),
  )

  it.live("an untrusted certificate while acquiring a token: a TransportError that says the connection failed", () =>
    Effect.gen(function* () {
      const auth = clientCertificate({ cert: pki.untrusted.cert, key: pki.untrusted.key }, { ca: pki.ca.cert })
      const exit = yield* Effect.exit(self.pipe(Effect.provide(layer(auth))))
      const error = failureOf(exit)
      expect(error).toMatchObject({ _tag: "TransportError", reason: "Network" })
      expect(error?.message).toMatch(/connection failed/i)
      for (const text of renderings(exit)) expect(text).not.toContain(keyBody(pki.untrusted.key))
    }),
  )

  it.live("the server certificate is verified: without its CA the connection fails", () =>
    Effect.gen(function* () {
      const client = pki.clients.publisher_one!
      const exit = yield* Effect.exit(
        self.pipe(Effect.provide(layer(clientCertificate({ cert: client.cert, key: client.key }, { token: false })))),
      )
      expect(failureOf(exit)).toMatchObject({ _tag: "TransportError", reason: "Tls" })
      expect(failureOf(exit)?.message).toMatch(/SELF_SIGNED|UNABLE_TO|CERT/)
    }),
  )

  it.live("verifyCert: false works without the CA and warns once", () =>
    Effect.gen(function* () {
      emulator.clearRequestLog()
      const warnings: Array<string> = []
      const client = pki.clients.publisher_one!
      const auth = clientCertificate({ cert: client.cert, key: Redacted.make(client.key) }, { verifyCert: false })
      const body = yield* Effect.gen(function* () {
        const first = yield* self
        // Force a second acquisition: the warning must not repeat.
        const service = yield* Auth.Auth
        const grant = yield* service.grant
        yield* service.invalidate("portal", grant!.token)
        yield* self
        return first
      }).pipe(
        Effect.provide(
          // The warning is logged when the transport layer is built: the logger is provided to the layers too.
          Layer.provideMerge(
            layer(auth),
            Logger.layer(
              [
                Logger.make((entry) => {
                  if (entry.logLevel === "Warn") warnings.push(String(entry.message))
                }),
              ],
              { mergeWithExisting: false },
            ),
          ),
        ),
      )
      expect(body.user?.username).toBe("publisher_one")
      expect(emulator.requestLog().filter((entry) => entry.path.endsWith("/generateToken"))).toHaveLength(2)
      expect(warnings).toHaveLength(1)
      expect(warnings[0]).toMatch(/verifyCert is false/)
    }),
  )

  it.live("an encrypted PEM key (PKCS#8) with its passphrase signs in; the passphrase shows nowhere", () =>
    Effect.gen(function* () {
      const client = pki.clients.publisher_one!
      const key = ClientKeys.encrypt(client.key, passphrase)
      expect(key).toContain("-----BEGIN ENCRYPTED PRIVATE KEY-----")
      const auth = clientCertificate(
        { cert: client.cert, key: Redacted.make(key), passphrase: Redacted.make(passphrase) },
        { ca: pki.ca.cert },
      )
      const body = yield* self.pipe(Effect.provide(layer(auth)))
      expect(body.user?.username).toBe("publisher_one")
      for (const text of [JSON.stringify(auth), String(auth), inspect(auth, { depth: 10, showHidden: true })])
        expect(text).not.toContain(passphrase)
    }),
  )

  it.live("a PKCS#12 bundle (.p12/.pfx) with its passphrase signs in and obtains a token", () =>
    Effect.gen(function* () {
      emulator.clearRequestLog()
      const client = pki.clients.publisher_one!
      const pfx = ClientKeys.pkcs12({ cert: client.cert, key: client.key, passphrase })
      const auth = clientCertificate(
        { pfx: Redacted.make(pfx), passphrase: Redacted.make(passphrase) },
        { ca: pki.ca.cert },
      )
      const body = yield* self.pipe(Effect.provide(layer(auth)))
      expect(body.user?.username).toBe("publisher_one")
      expect(emulator.requestLog().some((entry) => entry.path.endsWith("/generateToken"))).toBe(true)
    }),
  )

  it.live("a wrong or missing passphrase: an InvalidInput that says the key could not be decrypted, nothing sent", () =>
    Effect.gen(function* () {
      const client = pki.clients.publisher_one!
      const key = Redacted.make(ClientKeys.encrypt(client.key, passphrase))
      const pfx = Redacted.make(ClientKeys.pkcs12({ cert: client.cert, key: client.key, passphrase }))
      const wrong = "not-the-passphrase-5150"
      const cases = [
        {
          credentials: { cert: client.cert, key, passphrase: Redacted.make(wrong) },
          said: /private key could not be decrypted: the passphrase is wrong/,
        },
        { credentials: { cert: client.cert, key }, said: /private key could not be decrypted: .*none was given/ },
        {
          credentials: { pfx, passphrase: wrong },
          said: /PKCS#12 bundle could not be decrypted: the passphrase is wrong/,
        },
        { credentials: { pfx }, said: /PKCS#12 bundle could not be decrypted/ },
      ]
      for (const { credentials, said } of cases) {
        emulator.clearRequestLog()
        const exit = yield* Effect.exit(
          self.pipe(Effect.provide(layer(clientCertificate(credentials, { ca: pki.ca.cert })))),
        )
        const error = failureOf(exit) as { _tag?: string; field?: string; message?: string } | undefined
        expect(error).toMatchObject({ _tag: "InvalidInput", field: "passphrase" })
        expect(error?.message).toMatch(said)
        expect(emulator.requestLog()).toHaveLength(0)
        for (const text of renderings(exit)) {
          expect(text).not.toContain(wrong)
          expect(text).not.toContain(passphrase)
          expect(text).not.toContain(keyBody(client.key))
        }
      }
    }),
  )
})
