import { inspect } from "node:util"
import { Network } from "@arcgis-portal/core"
import { AuthConformance } from "@arcgis-portal/core/testing"
import { describe, expect, it } from "@effect/vitest"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import { ThroughProxy, throughProxy } from "../src/index.ts"

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
    expect(strategy.transport).toBeDefined()
  })

  it.effect("its transport is a scoped Network named after the network it wraps", () =>
    Effect.gen(function* () {
      const network = Context.get(
        yield* Layer.build(ThroughProxy.layer({ host: "proxy.test", port: 8080 })),
        Network.Network,
      )
      expect(network.name).toBe("proxy(direct)")
      expect(network.tlsIdentity).toBeUndefined()
    }).pipe(Effect.scoped),
  )

  it.effect("tunnels the TLS identity of the network below it", () =>
    Effect.gen(function* () {
      const identity = () => ({ cert: "C", key: "K" })
      const below = Layer.succeed(Network.Network, {
        ...Network.direct,
        name: "clientCertificate",
        tlsIdentity: identity,
      })
      const network = Context.get(
        yield* Layer.build(ThroughProxy.layer({ host: "proxy.test", port: 8080 }).pipe(Layer.provide(below))),
        Network.Network,
      )
      expect(network.name).toBe("proxy(clientCertificate)")
      expect(network.tlsIdentity).toBe(identity)
    }).pipe(Effect.scoped),
  )

  it.effect("refuses a network below it that it cannot tunnel: InvalidInput when the layer is built", () =>
    Effect.gen(function* () {
      const custom = Network.layer({ name: "custom", fetch: globalThis.fetch })
      const error = yield* Effect.flip(
        Layer.build(ThroughProxy.layer({ host: "proxy.test", port: 8080 }).pipe(Layer.provide(custom))),
      )
      expect(error).toMatchObject({ _tag: "InvalidInput", field: "inner" })
      expect(error.message).toMatch(/cannot be tunnelled/)
    }).pipe(Effect.scoped),
  )
})
