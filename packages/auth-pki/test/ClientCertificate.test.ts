import { inspect } from "node:util"
import { Network } from "@arcgis-portal/core"
import { AuthConformance } from "@arcgis-portal/core/testing"
import { describe, expect, it } from "@effect/vitest"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import { ClientCertificate, clientCertificate } from "../src/index.ts"

const key = "-----BEGIN PRIVATE KEY-----\nUNIT-TEST-PRIVATE-KEY-MATERIAL-0123456789\n-----END PRIVATE KEY-----\n"
const passphrase = "unit-test-passphrase-4242"
const cert = "-----BEGIN CERTIFICATE-----\nUNIT-TEST-CERTIFICATE\n-----END CERTIFICATE-----\n"

AuthConformance.run({
  name: "clientCertificate",
  make: () => clientCertificate({ cert, key: Redacted.make(key), passphrase: Redacted.make(passphrase) }),
  secrets: [key, passphrase, "UNIT-TEST-PRIVATE-KEY-MATERIAL"],
})

AuthConformance.run({
  name: "clientCertificate (certificate only)",
  make: () => clientCertificate({ cert, key }, { token: false }),
  secrets: ["UNIT-TEST-PRIVATE-KEY-MATERIAL"],
})

AuthConformance.run({
  name: "clientCertificate wrapping an inner strategy",
  make: (portal) =>
    clientCertificate(
      { pfx: Redacted.make(new TextEncoder().encode(key)), passphrase },
      {
        inner: {
          name: "outOfBand",
          acquire: () => Effect.sync(() => ({ token: Redacted.make(portal.issueToken()), expires: undefined })),
        },
      },
    ),
  secrets: [passphrase, "UNIT-TEST-PRIVATE-KEY-MATERIAL"],
})

describe("clientCertificate", () => {
  it("no rendering of the strategy shows the key or the passphrase", () => {
    const strategy = clientCertificate({ cert, key, passphrase })
    for (const text of [
      JSON.stringify(strategy),
      String(strategy),
      inspect(strategy, { showHidden: true, depth: 10 }),
    ]) {
      expect(text).not.toContain("UNIT-TEST-PRIVATE-KEY-MATERIAL")
      expect(text).not.toContain(passphrase)
    }
  })

  it.effect("its transport is a scoped Network that declares its TLS identity for a wrapping transport", () =>
    Effect.gen(function* () {
      const strategy = clientCertificate({ cert, key: Redacted.make(key) }, { ca: cert, verifyCert: false })
      expect(strategy.transport).toBeDefined()
      const network = Context.get(yield* Layer.build(strategy.transport!), Network.Network)
      expect(network.name).toBe("clientCertificate")
      expect(network.tlsIdentity?.()).toMatchObject({ cert, key, ca: [cert], rejectUnauthorized: false })
      // Only the trusted fetch presents the certificate.
      expect(network.public).not.toBe(network.trusted)
      expect(Object.getOwnPropertySymbols(strategy)).toEqual([])
    }).pipe(Effect.scoped),
  )

  it.live("after its scope closes, the trusted fetch refuses to open a connection (its agents are closed)", () =>
    Effect.gen(function* () {
      const network = yield* Effect.scoped(
        Effect.map(Layer.build(ClientCertificate.layer({ cert, key })), (context) =>
          Context.get(context, Network.Network),
        ),
      )
      const error = yield* Effect.flip(Effect.tryPromise(() => network.trusted("https://127.0.0.1:9/")))
      expect(String(error.cause)).toMatch(/closed with its scope/)
    }),
  )

  it("is named after the inner strategy it wraps and delegates to it", () => {
    const authorize = () => ({ params: { token: "x" } })
    const strategy = clientCertificate({ cert, key }, { inner: { name: "builtInUser", authorize } })
    expect(strategy.name).toBe("clientCertificate(builtInUser)")
    expect(strategy.authorize).toBe(authorize)
    expect(strategy.acquire).toBeUndefined()
  })
})
