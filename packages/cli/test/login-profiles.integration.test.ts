import { spawn, spawnSync } from "node:child_process"
import { copyFileSync, cpSync, readdirSync, readFileSync, writeFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { Profiles } from "@arcgis-portal/auth-token/node"
import type { EmulatorHandle } from "@arcgis-portal/emulator"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest"
import { binary, json, type Result, run, signInWithOAuth, startPortal, temporaryDirectory, tokenOf } from "./helpers.ts"

let emulator: EmulatorHandle
let home: ReturnType<typeof temporaryDirectory>

beforeAll(async () => {
  emulator = await startPortal()
})
afterAll(async () => {
  await emulator?.stop()
})
beforeEach(() => {
  home = temporaryDirectory("cli-profiles-")
})
afterEach(() => home.cleanup())

const directory = () => join(home.path, ".arcgis-portal")
const profilesFile = () =>
  (
    JSON.parse(readFileSync(join(directory(), "profiles.json"), "utf8")) as {
      profiles: Record<string, Record<string, unknown>>
    }
  ).profiles
const everyFile = () => readdirSync(directory()).map((name) => readFileSync(join(directory(), name), "utf8"))
/** A profile as auth-token reads it (the CLI's store, with the keyring off as the tests run it). */
const stored = (name: string) => Effect.runPromise(Profiles.load(name, { directory: directory(), keyring: "off" }))

const oauthLogin = (profile: string) => signInWithOAuth(emulator, home.path, "user", profile)

describe("profiles of every kind, kept by auth-token", () => {
  it("login --token (from stdin) saves a token profile: its expiry and user in profiles.json, the token encrypted", async () => {
    const token = await tokenOf(emulator, "user")
    const expires = new Date(Date.now() + 3_600_000)
    const login = await run(
      ["login", "--portal", emulator.url, "--token", "--password-stdin", "--token-expires", expires.toISOString()],
      { home: home.path, stdin: token },
    )
    expect(login.code).toBe(0)
    expect(login.stdout).toContain("as user_one (profile default, token; secret encrypted in")
    expect(profilesFile().default).toEqual({
      name: "default",
      url: emulator.url,
      auth: "token",
      username: "user_one",
      expires: expires.getTime(),
      secretStore: "file",
    })
    for (const text of everyFile()) expect(text).not.toContain(token)
    expect(Redacted.value((await stored("default")).secret!)).toBe(token)
    expect(json(await run(["whoami", "--json"], { home: home.path }))).toMatchObject({
      username: "user_one",
      auth: "token",
    })
  })

  it("a token is never taken as an argument value", async () => {
    const token = await tokenOf(emulator, "user")
    const result = await run(["login", "--portal", emulator.url, "--token", token], { home: home.path })
    expect(result.code).toBe(2)
    expect(result.stderr).not.toContain("Signed in")
  })

  it("login --oauth saves the redirect URI and the refresh token's expiry; a refresh token the portal exchanges is saved in its place", async () => {
    const login = await oauthLogin("web")
    expect(login.code).toBe(0)
    const saved = profilesFile().web
    expect(saved).toMatchObject({ auth: "oauth", clientId: emulator.app.clientId, username: "user_one" })
    expect(saved?.redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/)
    expect(saved?.refreshTokenExpires).toBeGreaterThan(Date.now())
    const first = Redacted.value((await stored("web")).secret!)
    for (const text of everyFile()) expect(text).not.toContain(first)

    // The refresh token's last hour: the next command exchanges it (grant_type=exchange_refresh_token, with the
    // saved redirect URI), and the profile keeps the new one.
    const file = JSON.parse(readFileSync(join(directory(), "profiles.json"), "utf8"))
    file.profiles.web.refreshTokenExpires = Date.now() + 3_600_000
    writeFileSync(join(directory(), "profiles.json"), JSON.stringify(file), { mode: 0o600 })
    emulator.clearRequestLog()
    const whoami = await run(["whoami", "--json", "--profile", "web"], { home: home.path })
    expect(json(whoami)).toMatchObject({ username: "user_one", auth: "oauth" })
    const second = Redacted.value((await stored("web")).secret!)
    expect(second).not.toBe(first)
    for (const text of everyFile()) expect(text).not.toContain(second)
    expect(profilesFile().web?.redirectUri).toBe(saved?.redirectUri)
    // The old refresh token was revoked by the exchange; the saved one signs the next command in.
    expect(json(await run(["whoami", "--json", "--profile", "web"], { home: home.path }))).toMatchObject({
      username: "user_one",
    })
  })
})

/**
 * Whether `@napi-rs/keyring` resolves as the bundle's dynamic `import()` resolves it from `directory`: ESM resolution
 * in a child process, without the `NODE_PATH` that `pnpm exec` sets (which an installed CLI does not have).
 */
const keyringResolvesFrom = (directory: string): boolean => {
  const environment = { ...process.env }
  delete environment.NODE_PATH
  const child = spawnSync(process.execPath, ["--input-type=module", "-e", 'import.meta.resolve("@napi-rs/keyring")'], {
    cwd: directory,
    env: environment,
  })
  return child.status === 0
}

/** Runs a copy of the bundle at `path` (as `run` runs the built one), with the keyring left to `auto`. */
const runCopy = (path: string, args: ReadonlyArray<string>, env: Readonly<Record<string, string>>): Promise<Result> =>
  new Promise((resolve, reject) => {
    const environment: Record<string, string> = { HOME: home.path, NO_COLOR: "1", ...env }
    for (const [key, value] of Object.entries(process.env))
      if (value !== undefined && !key.startsWith("ARCGIS_") && key !== "NODE_PATH" && !(key in environment))
        environment[key] = value
    const child = spawn(process.execPath, [path, ...args], { env: environment, cwd: home.path })
    let stdout = ""
    let stderr = ""
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk
    })
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk
    })
    child.on("error", reject)
    child.on("close", (code) => resolve({ code, stdout, stderr }))
    child.stdin.end()
  })

describe("the OS keyring from the bundled CLI", () => {
  it("the bundle leaves @napi-rs/keyring external, and it resolves from where the bundle is installed", () => {
    const chunks = readdirSync(join(dirname(binary), "chunks")).map((name) =>
      readFileSync(join(dirname(binary), "chunks", name), "utf8"),
    )
    const bundle = [readFileSync(binary, "utf8"), ...chunks].join("\n")
    expect(bundle).toMatch(/import\(\s*"@napi-rs\/keyring"\s*\)/)
    expect(keyringResolvesFrom(dirname(binary))).toBe(true)
  })

  it("installed: login reaches the keyring — it holds the secret, or a one-line notice says it does not work here", async () => {
    const name = `keyring-${process.pid}-${Date.now()}`
    const login = await run(["login", "--portal", emulator.url, "--api-key", "--profile", name], {
      home: home.path,
      env: { ARCGIS_API_KEY: emulator.apiKey, ARCGIS_PORTAL_KEYRING: "auto" },
    })
    try {
      expect(login.code).toBe(0)
      expect(login.stderr).not.toContain("not installed")
      if (login.stdout.includes("secret in the OS keyring")) expect(login.stderr).toBe("")
      else
        expect(login.stderr).toBe(
          `arcgis-portal: note: the OS keyring does not work here (no Secret Service or keychain); the secret is kept encrypted in ${join(directory(), "secrets.json")}\n`,
        )
    } finally {
      await run(["logout", "--profile", name], { home: home.path, env: { ARCGIS_PORTAL_KEYRING: "auto" } })
    }
  })

  it("not installed (the bundle alone): login falls back to the encrypted file with a one-line notice", async () => {
    // The bundle copied where no node_modules can be found: the dynamic import of @napi-rs/keyring fails.
    const alone = temporaryDirectory("cli-bundle-alone-")
    try {
      copyFileSync(binary, join(alone.path, "arcgis-portal.js"))
      cpSync(join(dirname(binary), "chunks"), join(alone.path, "chunks"), { recursive: true })
      expect(keyringResolvesFrom(alone.path)).toBe(false)
      const copy = join(alone.path, "arcgis-portal.js")
      const login = await runCopy(copy, ["login", "--portal", emulator.url, "--api-key"], {
        ARCGIS_API_KEY: emulator.apiKey,
      })
      expect(login.code).toBe(0)
      expect(login.stdout).toContain("secret encrypted in")
      expect(login.stderr).toBe(
        `arcgis-portal: note: no OS keyring (the optional @napi-rs/keyring is not installed); the secret is kept encrypted in ${join(directory(), "secrets.json")}\n`,
      )
      for (const text of everyFile()) expect(text).not.toContain(emulator.apiKey)
      const whoami = await runCopy(copy, ["whoami", "--json"], {})
      expect(json(whoami)).toMatchObject({ username: "publisher_one", auth: "apiKey" })
      // With the keyring turned off on purpose, nothing needs saying.
      const off = await runCopy(copy, ["login", "--portal", emulator.url, "--api-key", "--profile", "off"], {
        ARCGIS_API_KEY: emulator.apiKey,
        ARCGIS_PORTAL_KEYRING: "off",
      })
      expect(off.code).toBe(0)
      expect(off.stderr).toBe("")
    } finally {
      alone.cleanup()
    }
  })
})
