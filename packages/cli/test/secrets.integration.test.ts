import { readdirSync, readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import type { EmulatorHandle } from "@arcgis-portal/emulator"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { json, run, startPortal, temporaryDirectory, tokenOf } from "./helpers.ts"

let emulator: EmulatorHandle
let home: ReturnType<typeof temporaryDirectory>
const secrets: Array<string> = []

beforeAll(async () => {
  emulator = await startPortal()
  home = temporaryDirectory("cli-secrets-")
  const token = await tokenOf(emulator, "user")
  secrets.push(emulator.accounts.admin.password, emulator.apiKey, token)
  const logins: Array<[ReadonlyArray<string>, string | undefined, Record<string, string>]> = [
    [["--username", "portal_admin", "--password-stdin", "--profile", "password"], emulator.accounts.admin.password, {}],
    [["--api-key", "--profile", "key"], undefined, { ARCGIS_API_KEY: emulator.apiKey }],
    [["--token", "--password-stdin", "--profile", "token"], token, {}],
  ]
  for (const [args, stdin, env] of logins) {
    const result = await run(["login", "--portal", emulator.url, "--verbose", ...args], { home: home.path, stdin, env })
    if (result.code !== 0) throw new Error(`login ${args.join(" ")}: ${result.stderr}`)
  }
})
afterAll(async () => {
  await emulator?.stop()
  home?.cleanup()
})

describe("secrets", () => {
  it("no command, run with --verbose under any profile, prints a password, an API key or a token", async () => {
    const csv = join(home.path, "users.csv")
    writeFileSync(csv, "username,email,password\nsecret_tester,st@example.com,a-password-in-a-file\n")
    const data = join(home.path, "data.csv")
    writeFileSync(data, "a\n1\n")
    const [parks] = json<Array<{ id: string }>>(
      await run(["search", 'title:"City Parks"', "--json"], { home: home.path, env: { ARCGIS_PROFILE: "key" } }),
    )
    const commands: Array<ReadonlyArray<string>> = [
      ["whoami"],
      ["profiles", "list"],
      ["search", "parks"],
      ["search", "parks", "--ndjson"],
      ["item", "get", parks!.id],
      ["item", "get", "0".repeat(32)],
      ["item", "add", data, "--json"],
      ["users", "list"],
      ["users", "import", csv, "--dry-run"],
      ["groups", "list"],
      ["roles", "list"],
      ["bulk", "share", "--query", "title:nothing-matches", "--org", "--dry-run"],
      ["resources", "list", parks!.id],
      ["datastores", "list"],
    ]
    const outputs: Array<string> = []
    let requestLines = 0
    for (const profile of ["password", "key", "token"])
      for (const command of commands) {
        const result = await run([...command, "--verbose"], { home: home.path, env: { ARCGIS_PROFILE: profile } })
        outputs.push(result.stdout, result.stderr)
        requestLines += result.stderr.split("\n").filter((line) => line.startsWith("[request] ")).length
      }
    expect(requestLines).toBeGreaterThan(50)
    const everything = outputs.join("\n")
    for (const secret of secrets)
      expect(everything.includes(secret), `a secret of ${secret.length} characters`).toBe(false)
    expect(everything).not.toContain("a-password-in-a-file")
  })

  it("the profile files are 0600 and none holds a secret in plaintext", () => {
    const directory = join(home.path, ".arcgis-portal")
    for (const file of readdirSync(directory)) {
      const text = readFileSync(join(directory, file), "utf8")
      for (const secret of secrets) expect(text.includes(secret), file).toBe(false)
    }
  })
})
