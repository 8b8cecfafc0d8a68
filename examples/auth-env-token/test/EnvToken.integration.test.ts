import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { type AuthStrategy, Portal, RetryPolicy, Transport } from "@arcgis-portal/core"
import { type EmulatorHandle, startEmulator } from "@arcgis-portal/emulator"
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { envToken } from "../src/index.ts"

let emulator: EmulatorHandle
let directory: string

beforeAll(async () => {
  // Short-lived tokens, so a test can watch one expire and the plugin pick up the rotated one.
  emulator = await startEmulator({ tokenTtlSeconds: 1 })
  directory = mkdtempSync(join(tmpdir(), "env-token-integration-"))
})
afterAll(async () => {
  await emulator?.stop()
  rmSync(directory, { recursive: true, force: true })
})

/** A token for the seeded publisher, as an operator's script would obtain it. */
const mint = async (): Promise<string> => {
  const response = await fetch(`${emulator.restUrl}/generateToken`, {
    method: "POST",
    body: new URLSearchParams({
      username: "publisher_one",
      password: "publisher-pass-local",
      client: "referer",
      referer: "env-token-tests",
      f: "json",
    }),
  })
  return ((await response.json()) as { token: string }).token
}

const username = (auth: AuthStrategy.AuthStrategy) =>
  Effect.gen(function* () {
    const transport = yield* Transport.Transport
    const self = (yield* transport.json({ operation: "Test.self", method: "GET", path: "portals/self" })) as {
      user?: { username?: string }
    }
    return self.user?.username
  }).pipe(Effect.provide(Portal.layer({ url: emulator.url, auth, retry: RetryPolicy.none })))

describe("envToken against the emulator", () => {
  it.live("the emulator's API key, from a variable, acts as the publisher", () =>
    Effect.gen(function* () {
      expect(yield* username(envToken({ env: { ARCGIS_TOKEN: emulator.apiKey } }))).toBe("publisher_one")
    }),
  )

  it.live("a rotated secrets file is re-read after the portal rejects the expired token", () =>
    Effect.gen(function* () {
      const file = join(directory, "token")
      writeFileSync(file, yield* Effect.promise(mint))
      const auth = envToken({ env: {}, file })
      const program = Effect.gen(function* () {
        const transport = yield* Transport.Transport
        const self = () => transport.json({ operation: "Test.self", method: "GET", path: "portals/self" })
        yield* self()
        // The first token expires; the operator's rotation writes a new one.
        yield* Effect.sleep("1200 millis")
        writeFileSync(file, `${yield* Effect.promise(mint)}\n`)
        emulator.clearRequestLog()
        return (yield* self()) as { user?: { username?: string } }
      }).pipe(Effect.provide(Portal.layer({ url: emulator.url, auth, retry: RetryPolicy.none })))
      const self = yield* program
      expect(self.user?.username).toBe("publisher_one")
      expect(emulator.requestLog().map((entry) => entry.errorCode)).toEqual([498, undefined])
    }),
  )
})
