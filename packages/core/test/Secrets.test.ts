import * as util from "node:util"
import { describe, expect, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Redacted from "effect/Redacted"
import type { AuthStrategy } from "../src/AuthStrategy.ts"
import * as Transport from "../src/Transport.ts"
import * as ScriptedFetch from "../src/testing/ScriptedFetch.ts"
import { generateTokenStrategy, isGenerateToken, layerFor, password } from "./helpers.ts"

const token = "tok-VERY-SECRET-0123456789"
const secrets = [token, password]

const renderings = (exit: Exit.Exit<unknown, unknown>): Array<string> => {
  if (!Exit.isFailure(exit)) return ["success"]
  const out = [Cause.pretty(exit.cause), String(exit.cause), util.inspect(exit.cause, { depth: 10 })]
  const error = Cause.squash(exit.cause)
  out.push(JSON.stringify(error), String(error), util.inspect(error, { depth: 10, showHidden: true }))
  if (error instanceof Error) out.push(error.message, error.stack ?? "")
  return out
}

const withToken: AuthStrategy = {
  name: "static",
  acquire: () => Effect.succeed({ token: Redacted.make(token), expires: undefined }),
}

const run = (reply: ScriptedFetch.Reply, auth: AuthStrategy, method: "GET" | "POST" = "POST") =>
  Effect.gen(function* () {
    const scripted = ScriptedFetch.make((request) =>
      isGenerateToken(request) ? { json: { token, expires: 9_999_999_999_999 } } : reply,
    )
    const exit = yield* Effect.exit(
      Effect.gen(function* () {
        const transport = yield* Transport.Transport
        return yield* transport.json({
          operation: "Test.secret",
          method,
          path: "content/users/someone/items/0123456789abcdef0123456789abcdef/update",
          params: { title: "x", secret: Redacted.make(password) },
          timeout: 30,
        })
      }).pipe(Effect.provide(layerFor(scripted, auth, { retry: { times: 0, base: 0, maxDelay: 0 } }))),
    )
    return { exit, scripted }
  })

describe("no secret in any error rendering or URL", () => {
  const cases: Array<[string, ScriptedFetch.Reply]> = [
    [
      "a portal error envelope",
      { json: { error: { code: 400, messageCode: "CONT_0001", message: "nope", details: ["d"] } } },
    ],
    ["an invalid token", { json: { error: { code: 498, message: "Invalid token.", details: [] } } }],
    ["a network failure", "reset"],
    ["a refused connection", "refused"],
    ["a timeout", "hang"],
    ["an HTTP 500 page", { status: 500, body: "<html>oops</html>" }],
    ["a body that is not JSON", { body: "not json" }],
  ]
  for (const [name, reply] of cases) {
    for (const [strategyName, strategy] of [
      ["a static token", withToken],
      ["a built-in user", generateTokenStrategy()],
    ] as const) {
      it.live(`${name} with ${strategyName}`, () =>
        Effect.gen(function* () {
          const { exit, scripted } = yield* run(reply, strategy)
          expect(Exit.isFailure(exit)).toBe(true)
          for (const text of renderings(exit)) for (const secret of secrets) expect(text).not.toContain(secret)
          for (const request of scripted.requests)
            for (const secret of secrets) expect(request.url.href).not.toContain(secret)
        }),
      )
    }
  }

  it.live("a failed token acquisition (bad password) does not leak the password", () =>
    Effect.gen(function* () {
      const scripted = ScriptedFetch.make(() => ({
        json: {
          error: { code: 400, message: "Unable to generate token.", details: ["Invalid username or password."] },
        },
      }))
      const exit = yield* Effect.exit(
        Effect.gen(function* () {
          const transport = yield* Transport.Transport
          return yield* transport.json({ operation: "Test.x", method: "GET", path: "portals/self" })
        }).pipe(Effect.provide(layerFor(scripted, generateTokenStrategy()))),
      )
      for (const text of renderings(exit)) expect(text).not.toContain(password)
      expect(scripted.requests[0]?.method).toBe("POST")
      expect(scripted.requests[0]?.url.href).not.toContain(password)
      expect(scripted.requests[0]?.body.password).toBe(password)
    }),
  )

  it("a Redacted secret renders as <redacted>", () => {
    const secret = Redacted.make(password)
    expect(String(secret)).not.toContain(password)
    expect(JSON.stringify({ secret })).not.toContain(password)
    expect(util.inspect(secret)).not.toContain(password)
  })
})
