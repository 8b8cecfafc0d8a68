import { spawnSync } from "node:child_process"
import { fileURLToPath } from "node:url"
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

describe("demo", () => {
  it.live("the tour prints the portal, the signed-in user and their items", () =>
    Effect.gen(function* () {
      const lines: Array<string> = []
      const result = yield* tour({
        url: emulator.url,
        username: emulator.accounts.publisher.username,
        password: Redacted.make(emulator.accounts.publisher.password),
        log: (line) => lines.push(line),
      })
      expect(result.portal).toBe("Emulated Portal")
      expect(result.username).toBe("publisher_one")
      expect(result.items).toEqual(expect.arrayContaining(["Park Inventory", "City Parks", "Parks Feature Service"]))
      expect(lines.join("\n")).not.toContain(emulator.accounts.publisher.password)
      expect(result.content).toMatchObject({ found: true, bytesEqual: true, sharedWith: [] })
      expect(result.resources).toMatchObject({
        listed: ["app/config.json", "images/logo.svg"],
        config: { theme: "dark", zoom: 12 },
      })
      expect(lines.some((line) => line.includes("upload [##############################] 100%"))).toBe(true)
      expect(lines.some((line) => line.includes("publish job: completed"))).toBe(true)
    }),
  )

  it.live("a wrong password fails with the portal's message and no password in it", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(
        tour({
          url: emulator.url,
          username: "publisher_one",
          password: Redacted.make("wrong-password-123"),
          log: () => undefined,
        }),
      )
      expect(String(error)).toContain("Unable to generate token.")
      expect(String(error)).not.toContain("wrong-password-123")
    }),
  )

  it("`pnpm demo` (the built entry point) runs the whole tour and exits 0", () => {
    const main = fileURLToPath(new URL("../dist/main.js", import.meta.url))
    const run = spawnSync(process.execPath, [main], { encoding: "utf8", timeout: 60_000 })
    expect(run.status).toBe(0)
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
})
