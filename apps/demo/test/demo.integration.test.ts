import { spawnSync } from "node:child_process"
import { fileURLToPath } from "node:url"
import { builtInUser } from "@arcgis-portal/auth-token"
import { type EmulatorHandle, startEmulator } from "@arcgis-portal/emulator"
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import { tour } from "../src/Tour.ts"

let emulator: EmulatorHandle
beforeAll(async () => {
  emulator = await startEmulator()
})
afterAll(async () => {
  await emulator.stop()
})

const main = fileURLToPath(new URL("../dist/main.js", import.meta.url))
const runDemo = (...args: Array<string>) =>
  spawnSync(process.execPath, [main, ...args], { encoding: "utf8", timeout: 90_000 })

describe("demo", () => {
  it.live("the tour prints the portal, the signed-in user and their items, and runs every chapter", () =>
    Effect.gen(function* () {
      const lines: Array<string> = []
      const { publisher, admin } = emulator.accounts
      const result = yield* tour({
        url: emulator.url,
        auth: builtInUser({ username: publisher.username, password: Redacted.make(publisher.password) }),
        admin: {
          username: admin.username,
          auth: builtInUser({ username: admin.username, password: Redacted.make(admin.password) }),
        },
        datastoreFolder: emulator.dataDir,
        log: (line) => lines.push(line),
      })
      expect(result.portal).toBe("Emulated Portal")
      expect(result.username).toBe("publisher_one")
      expect(result.items).toEqual(expect.arrayContaining(["Park Inventory", "City Parks", "Parks Feature Service"]))
      expect(lines.join("\n")).not.toContain(publisher.password)
      expect(result.content).toMatchObject({ found: true, bytesEqual: true, sharedWith: [] })
      expect(result.resources).toMatchObject({
        listed: ["app/config.json", "images/logo.svg"],
        config: { theme: "dark", zoom: 12 },
      })
      expect(result.admin).toMatchObject({ cleanedUp: true })
      expect(result.datastore).toMatchObject({ valid: true, refCount: 0 })
      expect(lines.some((line) => line.includes("upload [##############################] 100%"))).toBe(true)
      expect(lines.some((line) => line.includes("publish job: completed"))).toBe(true)
    }),
  )

  it.live("a wrong password fails with the portal's message and no password in it", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(
        tour({
          url: emulator.url,
          auth: builtInUser({ username: "publisher_one", password: Redacted.make("wrong-password-123") }),
          log: () => undefined,
        }),
      )
      expect(String(error)).toContain("Unable to generate token.")
      expect(String(error)).not.toContain("wrong-password-123")
    }),
  )

  it("`pnpm demo` (the built entry point) runs the whole tour and exits 0", () => {
    const run = runDemo()
    expect(run.status, run.stderr).toBe(0)
    expect(run.stdout).toContain("Portal:    Emulated Portal")
    expect(run.stdout).toContain("Signed in: publisher_one")
    expect(run.stdout).toContain("identical to the upload")
    expect(run.stdout).toContain("Members: owner portal_admin")
    expect(run.stdout).toContain("Cleaned up: group, user and role deleted")
    expect(run.stdout).toContain("Validated it: valid")
    expect(run.stdout).toContain("Reference count: 0")
    expect(run.stdout).toContain('["app/config.json","images/logo.svg"]')
    expect(run.stdout).toContain("Stopped the emulator.")
  })

  it.each(["token", "oauth", "pki", "proxy"])(
    "`pnpm demo -- --auth %s` signs in that way and runs the tour",
    (kind) => {
      const run = runDemo("--auth", kind)
      expect(run.status, run.stderr).toBe(0)
      expect(run.stdout).toContain("Signing in with:")
      expect(run.stdout).toContain("Signed in: publisher_one")
      expect(run.stdout).toContain("identical to the upload")
      expect(run.stdout).toContain("Stopped the emulator.")
    },
  )

  it("an unknown --auth is refused", () => {
    const run = runDemo("--auth", "telepathy")
    expect(run.status).toBe(2)
    expect(run.stderr).toContain("--auth must be one of builtin, token, oauth, pki, proxy")
  })
})
