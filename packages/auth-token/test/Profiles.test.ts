import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { inspect } from "node:util"
import { afterEach, describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import { fromProfile, type Keyring, Profiles } from "../src/node/index.ts"

const secret = "profile-secret-Zq9!-do-not-leak"
const directories: Array<string> = []
const fresh = () => {
  const directory = mkdtempSync(join(tmpdir(), "auth-token-profiles-"))
  directories.push(directory)
  return directory
}
afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true })
})

const renderings = (value: unknown) => [
  JSON.stringify(value),
  String(value),
  inspect(value, { depth: 9, showHidden: true }),
]
const filesOf = (directory: string) => readdirSync(directory).map((name) => join(directory, name))
const modeOf = (path: string) => statSync(path).mode & 0o777

const memoryKeyring = () => {
  const entries = new Map<string, string>()
  const keyring: Keyring = {
    get: (account) => entries.get(account) ?? null,
    set: (account, value) => void entries.set(account, value),
    delete: (account) => void entries.delete(account),
  }
  return { keyring, entries }
}

describe("Profiles (encrypted file)", () => {
  it.effect("round trip: save, list, load, delete", () =>
    Effect.gen(function* () {
      const directory = fresh()
      const options = { directory, keyring: "off" as const }
      const saved = yield* Profiles.save(
        "work",
        { url: "https://host/portal", auth: "builtInUser", username: "jsmith", secret },
        options,
      )
      expect(saved.secretStore).toBe("file")
      expect((yield* Profiles.list(options)).map((profile) => profile.name)).toEqual(["work"])
      const loaded = yield* Profiles.load("work", options)
      expect(loaded).toMatchObject({
        name: "work",
        url: "https://host/portal",
        auth: "builtInUser",
        username: "jsmith",
      })
      expect(Redacted.value(loaded.secret!)).toBe(secret)
      expect(yield* Profiles.delete("work", options)).toBe(true)
      expect(yield* Profiles.list(options)).toEqual([])
      expect(yield* Profiles.delete("work", options)).toBe(false)
      const error = yield* Effect.flip(Profiles.load("work", options))
      expect(error.reason).toBe("NotFound")
    }),
  )

  it.effect("files are 0600 (directory 0700) and never hold the secret in plaintext", () =>
    Effect.gen(function* () {
      const directory = join(fresh(), "nested")
      yield* Profiles.save("k", { url: "https://host/portal", auth: "apiKey", secret }, { directory, keyring: "off" })
      expect(modeOf(directory)).toBe(0o700)
      const files = filesOf(directory)
      expect(files.map((path) => path.slice(directory.length + 1)).sort()).toEqual([
        "profiles.json",
        "profiles.key",
        "secrets.json",
      ])
      for (const path of files) {
        expect(modeOf(path)).toBe(0o600)
        const bytes = readFileSync(path)
        expect(bytes.toString("utf8")).not.toContain(secret)
        expect(bytes.toString("latin1")).not.toContain(Buffer.from(secret).toString("base64"))
      }
    }),
  )

  it.effect("profiles, summaries and errors render without the secret", () =>
    Effect.gen(function* () {
      const directory = fresh()
      const options = { directory, keyring: "off" as const }
      const summary = yield* Profiles.save("p", { url: "https://host/portal", auth: "apiKey", secret }, options)
      const loaded = yield* Profiles.load("p", options)
      const connection = yield* fromProfile("p", options)
      const wrong = yield* Effect.flip(Profiles.load("missing", options))
      const invalid = yield* Effect.flip(
        Profiles.save("bad name/..", { url: "https://host", auth: "apiKey", secret }, options),
      )
      for (const value of [summary, loaded, connection, wrong, invalid]) {
        for (const text of renderings(value)) expect(text).not.toContain(secret)
      }
    }),
  )

  it.effect("with a passphrase: scrypt-derived key, no key file; the wrong passphrase is a typed error", () =>
    Effect.gen(function* () {
      const directory = fresh()
      const options = { directory, keyring: "off" as const, passphrase: Redacted.make("long passphrase") }
      yield* Profiles.save("p", { url: "https://host/portal", auth: "apiKey", secret }, options)
      expect(filesOf(directory).some((path) => path.endsWith("profiles.key"))).toBe(false)
      expect(Redacted.value((yield* Profiles.load("p", options)).secret!)).toBe(secret)
      const wrong = yield* Effect.flip(Profiles.load("p", { ...options, passphrase: "another one" }))
      expect(wrong).toMatchObject({ _tag: "ProfileError", reason: "SecretUnavailable" })
      const none = yield* Effect.flip(Profiles.load("p", { directory, keyring: "off" }))
      expect(none.reason).toBe("SecretUnavailable")
    }),
  )

  it.effect("a key file readable by others is refused", () =>
    Effect.gen(function* () {
      const directory = fresh()
      const options = { directory, keyring: "off" as const }
      yield* Profiles.save("p", { url: "https://host/portal", auth: "apiKey", secret }, options)
      chmodSync(join(directory, "profiles.key"), 0o644)
      const error = yield* Effect.flip(Profiles.load("p", options))
      expect(error.reason).toBe("InsecurePermissions")
    }),
  )

  it.effect("an entry copied under another name does not decrypt (bound to its name)", () =>
    Effect.gen(function* () {
      const directory = fresh()
      const options = { directory, keyring: "off" as const }
      yield* Profiles.save("a", { url: "https://host/portal", auth: "apiKey", secret }, options)
      yield* Profiles.save("b", { url: "https://host/portal", auth: "apiKey", secret: "other" }, options)
      const path = join(directory, "secrets.json")
      const file = JSON.parse(readFileSync(path, "utf8"))
      file.entries.b = file.entries.a
      const { writeFileSync } = yield* Effect.promise(() => import("node:fs"))
      writeFileSync(path, JSON.stringify(file), { mode: 0o600 })
      expect((yield* Effect.flip(Profiles.load("b", options))).reason).toBe("SecretUnavailable")
    }),
  )

  it.effect("no secret store at all is a clear typed error", () =>
    Effect.gen(function* () {
      const directory = fresh()
      // The secrets file cannot be written (a directory is in its way) and there is no keyring.
      mkdirSync(join(directory, "secrets.json"), { mode: 0o700 })
      const error = yield* Effect.flip(
        Profiles.save("p", { url: "https://host/portal", auth: "apiKey", secret }, { directory, keyring: "off" }),
      )
      expect(error).toMatchObject({ _tag: "ProfileError", reason: "NoSecretStore", profile: "p" })
      expect(error.message).toMatch(/No OS keyring is available/)
      for (const text of renderings(error)) expect(text).not.toContain(secret)
    }),
  )

  it.effect("keyring: required without a working keyring fails with NoSecretStore", () =>
    Effect.gen(function* () {
      const directory = fresh()
      const failing: Keyring = {
        get: () => {
          throw new Error("no secret service")
        },
        set: () => {
          throw new Error("no secret service")
        },
        delete: () => undefined,
      }
      const error = yield* Effect.flip(
        Profiles.save("p", { url: "https://host/portal", auth: "apiKey", secret }, { directory, keyring: failing }),
      )
      expect(error.reason).toBe("NoSecretStore")
      const available = yield* Effect.promise(() => Profiles.detectSystemKeyring())
      if (available === undefined) {
        const required = yield* Effect.flip(
          Profiles.save(
            "p",
            { url: "https://host/portal", auth: "apiKey", secret },
            { directory, keyring: "required" },
          ),
        )
        expect(required.reason).toBe("NoSecretStore")
      }
    }),
  )

  it.effect("auto: falls back to the encrypted file when the system keyring does not work here", () =>
    Effect.gen(function* () {
      const directory = fresh()
      const available = yield* Effect.promise(() => Profiles.detectSystemKeyring())
      const saved = yield* Profiles.save("p", { url: "https://host/portal", auth: "apiKey", secret }, { directory })
      expect(saved.secretStore).toBe(available === undefined ? "file" : "keyring")
      expect(Redacted.value((yield* Profiles.load("p", { directory })).secret!)).toBe(secret)
      yield* Profiles.delete("p", { directory })
    }),
  )

  it.effect("invalid profiles are refused", () =>
    Effect.gen(function* () {
      const options = { directory: fresh(), keyring: "off" as const }
      const cases = [
        ["../x", { url: "https://host", auth: "apiKey", secret }],
        ["p", { url: "ftp://host", auth: "apiKey", secret }],
        ["p", { url: "https://host", auth: "builtInUser", secret }],
        ["p", { url: "https://host", auth: "oauth", secret }],
        ["p", { url: "https://host", auth: "apiKey", secret: "" }],
      ] as const
      for (const [name, input] of cases) {
        expect((yield* Effect.flip(Profiles.save(name, input, options))).reason).toBe("InvalidProfile")
      }
    }),
  )
})

describe("Profiles (keyring)", () => {
  it.effect("the secret goes to the keyring, not to any file", () =>
    Effect.gen(function* () {
      const directory = fresh()
      const { keyring, entries } = memoryKeyring()
      const options = { directory, keyring }
      const saved = yield* Profiles.save(
        "ci",
        { url: "https://host/portal", auth: "oauth", clientId: "app", secret },
        options,
      )
      expect(saved.secretStore).toBe("keyring")
      expect([...entries.keys()]).toEqual(["profile:ci"])
      for (const path of filesOf(directory)) expect(readFileSync(path, "utf8")).not.toContain(secret)
      expect(Redacted.value((yield* Profiles.load("ci", options)).secret!)).toBe(secret)
      yield* Profiles.delete("ci", options)
      expect(entries.size).toBe(0)
    }),
  )
})

describe("fromProfile", () => {
  it.effect("builds the strategy of each kind with the profile's url", () =>
    Effect.gen(function* () {
      const options = { directory: fresh(), keyring: "off" as const }
      yield* Profiles.save("u", { url: "https://a/portal", auth: "builtInUser", username: "x", secret }, options)
      yield* Profiles.save("k", { url: "https://b/portal", auth: "apiKey", secret }, options)
      yield* Profiles.save("o", { url: "https://c/portal", auth: "oauth", clientId: "app", secret }, options)
      expect(yield* fromProfile("u", options)).toMatchObject({ url: "https://a/portal", auth: { name: "builtInUser" } })
      expect(yield* fromProfile("k", options)).toMatchObject({ url: "https://b/portal", auth: { name: "apiKey" } })
      expect(yield* fromProfile("o", options)).toMatchObject({
        url: "https://c/portal",
        auth: { name: "oauthRefreshToken" },
      })
      expect((yield* Effect.flip(fromProfile("missing", options))).reason).toBe("NotFound")
    }),
  )
})
