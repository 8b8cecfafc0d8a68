import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import { type AuthStrategy, anonymous, bodyAuthorization } from "../src/AuthStrategy.ts"
import * as AuthConformance from "../src/testing/AuthConformance.ts"
import { generateTokenStrategy, password } from "./helpers.ts"

// A tiny password strategy (generateToken with a Redacted password): the suite passes.
AuthConformance.run({ name: "generateToken", make: () => generateTokenStrategy(), secrets: [password] })

// A strategy whose tokens come from outside the portal, placed in the POST body: the suite passes.
AuthConformance.run({
  name: "out-of-band token in the body",
  make: (portal) => ({
    name: "outOfBand",
    acquire: () => Effect.sync(() => ({ token: Redacted.make(portal.issueToken()), expires: undefined })),
    authorize: bodyAuthorization,
  }),
})

// No tokens at all: the token rules are skipped, the others pass.
AuthConformance.run({ name: "anonymous", make: () => anonymous })

const caseNamed = (options: AuthConformance.Options, fragment: string) => {
  const found = AuthConformance.cases(options).find((item) => item.name.includes(fragment))
  if (found === undefined) throw new Error(`no case ${fragment}`)
  return found
}

describe("the suite catches broken strategies", () => {
  it("a token in a custom header", async () => {
    const options: AuthConformance.Options = {
      name: "customHeader",
      make: (portal) => ({
        name: "customHeader",
        acquire: () => Effect.sync(() => ({ token: Redacted.make(portal.issueToken()), expires: undefined })),
        authorize: (token) => ({ headers: { "X-Debug-Token": Redacted.value(token) } }),
      }),
    }
    await expect(caseNamed(options, "X-Esri-Authorization").run()).rejects.toThrow(/X-Esri-Authorization/)
  })

  it("a strategy that logs its token", async () => {
    const options: AuthConformance.Options = {
      name: "chatty",
      make: (portal) => ({
        name: "chatty",
        acquire: () =>
          Effect.suspend(() => {
            const token = portal.issueToken()
            return Effect.as(Effect.logDebug(`got token ${token}`), { token: Redacted.make(token), expires: undefined })
          }),
      }),
    }
    await expect(caseNamed(options, "no secret").run()).rejects.toThrow(/a secret appeared in a log/)
  })

  it("a strategy that keeps its password in a plain property", async () => {
    const secret = "plain-text-password-9876"
    const options: AuthConformance.Options = {
      name: "leaky",
      secrets: [secret],
      make: () => Object.assign(generateTokenStrategy(), { password: secret }),
    }
    await expect(caseNamed(options, "no secret").run()).rejects.toThrow(/the strategy value itself/)
  })

  it("a strategy that caches its own token and never renews it", async () => {
    let cached: string | undefined
    const options: AuthConformance.Options = {
      name: "selfCaching",
      make: (portal) => ({
        name: "selfCaching",
        acquire: () =>
          Effect.sync(() => {
            cached ??= portal.issueToken()
            return { token: Redacted.make(cached), expires: undefined }
          }),
      }),
    }
    await expect(caseNamed(options, "rejected (498)").run()).rejects.toThrow(/should succeed/)
  })

  it("a strategy that reports a longer expiry than the portal gave", async () => {
    const base = generateTokenStrategy()
    const options: AuthConformance.Options = {
      name: "longLived",
      make: (): AuthStrategy => ({
        ...base,
        acquire: (context) =>
          Effect.map(base.acquire!(context), (grant) => ({ ...grant, expires: Date.now() + 3_600_000 })),
      }),
    }
    await expect(caseNamed(options, "expired").run()).rejects.toThrow(/expiry/)
  })
})
