import { inspect } from "node:util"
import { AuthConformance } from "@arcgis-portal/core/testing"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import { throughProxy } from "../src/index.ts"

const proxyPassword = "proxy-password-UNIT-5150"
const userPassword = "user-password-UNIT-2112"

AuthConformance.run({
  name: "throughProxy around a password strategy",
  secrets: [proxyPassword, userPassword],
  make: () =>
    throughProxy(
      { host: "127.0.0.1", port: 3128, username: "proxy-user", password: Redacted.make(proxyPassword) },
      {
        name: "builtInUser",
        acquire: (context) =>
          Effect.map(
            context.send({
              operation: "Test.generateToken",
              method: "POST",
              path: "generateToken",
              params: { username: "publisher_one", password: Redacted.make(userPassword), client: "referer" },
              credentials: "none",
            }),
            (body) => {
              const { token, expires } = body as { token: string; expires: number }
              return { token: Redacted.make(token), expires }
            },
          ),
      },
    ),
})

AuthConformance.run({
  name: "throughProxy alone (anonymous)",
  secrets: [proxyPassword],
  make: () => throughProxy({ host: "127.0.0.1", port: 3128, username: "proxy-user", password: proxyPassword }),
})

describe("throughProxy", () => {
  it("no rendering of the strategy shows the proxy password", () => {
    const strategy = throughProxy({ host: "proxy.test", port: 8080, username: "u", password: proxyPassword })
    for (const text of [
      JSON.stringify(strategy),
      String(strategy),
      inspect(strategy, { showHidden: true, depth: 10 }),
    ]) {
      expect(text).not.toContain(proxyPassword)
    }
  })

  it("delegates to the inner strategy and is named after it", () => {
    const authorize = () => ({ params: { token: "x" } })
    const strategy = throughProxy({ host: "proxy.test", port: 8080 }, { name: "apiKey", authorize })
    expect(strategy.name).toBe("throughProxy(apiKey)")
    expect(strategy.authorize).toBe(authorize)
    expect(strategy.fetch).toBeTypeOf("function")
  })

  it("refuses an inner transport it cannot combine with", () => {
    expect(() => throughProxy({ host: "proxy.test", port: 8080 }, { name: "custom", fetch: globalThis.fetch })).toThrow(
      /cannot be combined with a proxy/,
    )
  })
})
