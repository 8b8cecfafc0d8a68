import { inspect } from "node:util"
import { AuthConformance } from "@arcgis-portal/core/testing"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import { clientCertificate, tlsOptionsKey } from "../src/index.ts"

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

  it("exposes its TLS options to a wrapping transport, under a well-known symbol", () => {
    const strategy = clientCertificate({ cert, key: Redacted.make(key) }, { ca: cert, verifyCert: false })
    const tls = (strategy as unknown as Record<symbol, () => Record<string, unknown>>)[tlsOptionsKey]?.()
    expect(tls).toMatchObject({ cert, key, ca: [cert], rejectUnauthorized: false })
    expect(tlsOptionsKey).toBe(Symbol.for("@arcgis-portal/auth/tlsOptions"))
  })

  it("is named after the inner strategy it wraps and delegates to it", () => {
    const authorize = () => ({ params: { token: "x" } })
    const strategy = clientCertificate({ cert, key }, { inner: { name: "builtInUser", authorize } })
    expect(strategy.name).toBe("clientCertificate(builtInUser)")
    expect(strategy.authorize).toBe(authorize)
    expect(strategy.acquire).toBeUndefined()
  })
})
