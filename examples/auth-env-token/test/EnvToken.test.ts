import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { AuthStrategy, Portal, RetryPolicy, Transport } from "@arcgis-portal/core"
import { AuthConformance, ScriptedFetch } from "@arcgis-portal/core/testing"
import { afterEach, describe, expect, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import { envToken } from "../src/index.ts"

// The contract every plugin meets. The variable is a getter: each read is a "rotated" secret.
AuthConformance.run({
  name: "envToken (variable)",
  make: (portal) =>
    envToken({
      variable: "ARCGIS_TOKEN",
      env: {
        get ARCGIS_TOKEN() {
          return portal.issueToken()
        },
      },
    }),
})

AuthConformance.run({
  name: "envToken (variable, token in the POST body)",
  make: (portal) =>
    envToken({
      env: {
        get ARCGIS_TOKEN() {
          return portal.issueToken()
        },
      },
      authorize: AuthStrategy.bodyAuthorization,
    }),
})

const directories: Array<string> = []
const tokenFile = (content: string) => {
  const directory = mkdtempSync(join(tmpdir(), "env-token-"))
  directories.push(directory)
  const path = join(directory, "token")
  writeFileSync(path, content)
  return path
}
afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true })
})

const self = Effect.gen(function* () {
  const transport = yield* Transport.Transport
  return yield* transport.json({ operation: "Test.self", method: "GET", path: "portals/self" })
})

/** A portal that accepts the tokens in `accepted` and answers 498 to any other. */
const portal = (accepted: (token: string | undefined) => boolean) =>
  ScriptedFetch.make((request) => {
    const token = ScriptedFetch.tokenOf(request)
    return accepted(token)
      ? { json: { ok: true, token } }
      : { json: { error: { code: 498, message: "Invalid token.", details: [] } } }
  })

const layer = (scripted: ScriptedFetch.ScriptedFetch, auth: AuthStrategy.AuthStrategy) =>
  Portal.layer({ url: "https://portal.test/portal", auth, fetch: scripted.fetch, retry: RetryPolicy.none })

const failureOf = (exit: Exit.Exit<unknown, unknown>) =>
  Exit.isFailure(exit) ? (Cause.squash(exit.cause) as { _tag?: string; reason?: string; message?: string }) : undefined

describe("envToken", () => {
  it.live("sends the variable's token in the X-Esri-Authorization header", () =>
    Effect.gen(function* () {
      const scripted = portal((token) => token === "from-variable")
      yield* self.pipe(Effect.provide(layer(scripted, envToken({ env: { ARCGIS_TOKEN: " from-variable\n" } }))))
      expect(scripted.requests[0]?.headers.get("x-esri-authorization")).toBe("Bearer from-variable")
    }),
  )

  it.live("falls back to the secrets file when the variable is unset", () =>
    Effect.gen(function* () {
      const scripted = portal((token) => token === "from-file")
      const file = tokenFile("from-file\n")
      yield* self.pipe(Effect.provide(layer(scripted, envToken({ env: {}, file }))))
      expect(ScriptedFetch.tokenOf(scripted.requests[0]!)).toBe("from-file")
    }),
  )

  it.live("re-reads the secrets file after the portal rejects the token", () =>
    Effect.gen(function* () {
      const file = tokenFile("first-token")
      let current = "first-token"
      const scripted = portal((token) => token === current)
      const auth = envToken({ env: {}, file })
      yield* Effect.gen(function* () {
        yield* self
        // The secret is rotated: the portal now refuses the old token and the file holds the new one.
        current = "second-token"
        writeFileSync(file, "second-token\n")
        yield* self
      }).pipe(Effect.provide(layer(scripted, auth)))
      expect(scripted.requests.map(ScriptedFetch.tokenOf)).toEqual(["first-token", "first-token", "second-token"])
    }),
  )

  it.live("no token anywhere: an AuthError naming the variable", () =>
    Effect.gen(function* () {
      const exit = yield* Effect.exit(
        self.pipe(
          Effect.provide(
            layer(
              portal(() => true),
              envToken({ env: {} }),
            ),
          ),
        ),
      )
      expect(failureOf(exit)).toMatchObject({ _tag: "AuthError", reason: "AcquisitionFailed" })
      expect(failureOf(exit)?.message).toMatch(/ARCGIS_TOKEN/)
    }),
  )

  it.live("a missing or empty secrets file: an AuthError naming the file, never its content", () =>
    Effect.gen(function* () {
      const missing = join(tmpdir(), "env-token-does-not-exist", "token")
      const empty = tokenFile("   \n")
      for (const file of [missing, empty]) {
        const exit = yield* Effect.exit(
          self.pipe(
            Effect.provide(
              layer(
                portal(() => true),
                envToken({ env: {}, file }),
              ),
            ),
          ),
        )
        expect(failureOf(exit)).toMatchObject({ _tag: "AuthError", reason: "AcquisitionFailed" })
        expect(failureOf(exit)?.message).toContain(file)
      }
    }),
  )

  it.live("a token that stays rejected: one retry, then a typed AuthError", () =>
    Effect.gen(function* () {
      const scripted = portal(() => false)
      const exit = yield* Effect.exit(
        self.pipe(Effect.provide(layer(scripted, envToken({ env: { ARCGIS_TOKEN: "revoked-token-123" } })))),
      )
      expect(failureOf(exit)).toMatchObject({ _tag: "AuthError", reason: "InvalidToken" })
      expect(scripted.requests).toHaveLength(2)
      expect(String(failureOf(exit))).not.toContain("revoked-token-123")
    }),
  )
})
