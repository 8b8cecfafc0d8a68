import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, relative } from "node:path"
import { inspect } from "node:util"
import { ScriptedFetch } from "@arcgis-portal/core/testing"
import { afterEach, describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import { TestClock } from "effect/testing"
import {
  type ClientCertificateFactory,
  fromProfile,
  type Keyring,
  type PkiCredentials,
  Profiles,
} from "../src/node/index.ts"
import { call, layerFor } from "./helpers.ts"

const token = "static-token-Kq7-never-on-disk"
const passphrase = "key-passphrase-Wm3-never-on-disk"
const keyPem =
  "-----BEGIN ENCRYPTED PRIVATE KEY-----\nKEY-MATERIAL-THAT-STAYS-IN-ITS-FILE\n-----END ENCRYPTED PRIVATE KEY-----\n"
const certPem = "-----BEGIN CERTIFICATE-----\nCERTIFICATE-BODY\n-----END CERTIFICATE-----\n"

const directories: Array<string> = []
const fresh = () => {
  const directory = mkdtempSync(join(tmpdir(), "auth-token-kinds-"))
  directories.push(directory)
  return directory
}
afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true })
})

/** Every file of the store, as text, and the parsed `profiles.json`. */
const onDisk = (directory: string) => {
  const texts = readdirSync(directory).map((name) => readFileSync(join(directory, name), "latin1"))
  const profiles = JSON.parse(readFileSync(join(directory, "profiles.json"), "utf8")) as {
    profiles: Record<string, Record<string, unknown>>
  }
  return { texts, profiles: profiles.profiles }
}

/** The secret appears in no file of the store, neither as text nor in base64. */
const expectNowhere = (directory: string, secret: string) => {
  for (const text of onDisk(directory).texts) {
    expect(text).not.toContain(secret)
    expect(text).not.toContain(Buffer.from(secret).toString("base64"))
  }
}

const memoryKeyring = () => {
  const entries = new Map<string, string>()
  const keyring: Keyring = {
    get: (account) => entries.get(account) ?? null,
    set: (account, value) => void entries.set(account, value),
    delete: (account) => void entries.delete(account),
  }
  return { keyring, entries }
}

describe("token profiles", () => {
  it.effect("round trip: the token encrypted, its expiry and user in profiles.json; nothing secret in clear", () =>
    Effect.gen(function* () {
      const directory = fresh()
      const options = { directory, keyring: "off" as const }
      const expires = new Date("2031-05-01T00:00:00Z")
      const saved = yield* Profiles.save(
        "ci",
        { url: "https://host/portal", auth: "token", username: "jsmith", expires, secret: Redacted.make(token) },
        options,
      )
      expect(saved).toEqual({
        name: "ci",
        url: "https://host/portal",
        auth: "token",
        username: "jsmith",
        expires: expires.getTime(),
        secretStore: "file",
      })
      const loaded = yield* Profiles.load("ci", options)
      expect(Redacted.value(loaded.secret!)).toBe(token)
      expect(loaded.expires).toBe(expires.getTime())
      expect(onDisk(directory).profiles.ci).toEqual({
        name: "ci",
        url: "https://host/portal",
        auth: "token",
        username: "jsmith",
        expires: expires.getTime(),
        secretStore: "file",
      })
      expectNowhere(directory, token)
      for (const text of [JSON.stringify(loaded), String(loaded), inspect(loaded, { depth: 9 })])
        expect(text).not.toContain(token)
    }),
  )

  it.effect("in the keyring: the token is the keyring's, and no file holds it", () =>
    Effect.gen(function* () {
      const directory = fresh()
      const { keyring, entries } = memoryKeyring()
      const saved = yield* Profiles.save(
        "ci",
        { url: "https://host/portal", auth: "token", secret: token },
        { directory, keyring },
      )
      expect(saved.secretStore).toBe("keyring")
      expect(entries.get("profile:ci")).toBe(token)
      expectNowhere(directory, token)
    }),
  )

  it.effect("fromProfile sends the token until its saved expiry, then fails without sending", () =>
    Effect.gen(function* () {
      const options = { directory: fresh(), keyring: "off" as const }
      yield* Profiles.save("t", { url: "https://host/portal", auth: "token", expires: 60_000, secret: token }, options)
      const connection = yield* fromProfile("t", options)
      expect(connection.auth.name).toBe("staticToken")
      const scripted = ScriptedFetch.make(() => ({ json: { ok: true } }))
      const error = yield* Effect.gen(function* () {
        yield* call()
        yield* TestClock.adjust(61_000)
        return yield* Effect.flip(call())
      }).pipe(Effect.provide(layerFor(scripted, connection.auth)))
      expect(scripted.requests).toHaveLength(1)
      expect(scripted.requests[0]?.headers.get("x-esri-authorization")).toBe(`Bearer ${token}`)
      expect(error).toMatchObject({ _tag: "AuthError" })
      expect(error.message).toMatch(/expired/)
    }),
  )

  it.effect("a token profile needs its token", () =>
    Effect.gen(function* () {
      const options = { directory: fresh(), keyring: "off" as const }
      const error = yield* Effect.flip(Profiles.save("t", { url: "https://host/portal", auth: "token" }, options))
      expect(error.reason).toBe("InvalidProfile")
    }),
  )
})

describe("pki profiles", () => {
  const files = (directory: string) => {
    const cert = join(directory, "me.crt")
    const key = join(directory, "me.key")
    const pfx = join(directory, "me.p12")
    const ca = join(directory, "ca.pem")
    writeFileSync(cert, certPem)
    writeFileSync(key, keyPem)
    writeFileSync(pfx, Buffer.from([0x30, 0x82, 0x01, 0x02, 0xfe]))
    writeFileSync(ca, "-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n")
    return { cert, key, pfx, ca }
  }

  it.effect(
    "certificate and key paths (made absolute) in profiles.json, the passphrase encrypted, no key material",
    () =>
      Effect.gen(function* () {
        const directory = fresh()
        const { cert, key, ca } = files(directory)
        const options = { directory: join(directory, "store"), keyring: "off" as const }
        const saved = yield* Profiles.save(
          "corp",
          {
            url: "https://pki.example.com/portal",
            auth: "pki",
            certFile: relative(process.cwd(), cert),
            keyFile: key,
            caFile: ca,
            secret: Redacted.make(passphrase),
          },
          options,
        )
        expect(saved).toEqual({
          name: "corp",
          url: "https://pki.example.com/portal",
          auth: "pki",
          certFile: cert,
          keyFile: key,
          caFile: ca,
          secretStore: "file",
        })
        const loaded = yield* Profiles.load("corp", options)
        expect(Redacted.value(loaded.secret!)).toBe(passphrase)
        expect(onDisk(options.directory).profiles.corp).toEqual({ ...saved })
        expectNowhere(options.directory, passphrase)
        for (const text of onDisk(options.directory).texts) expect(text).not.toContain("KEY-MATERIAL")
      }),
  )

  it.effect("a PKCS#12 path with its passphrase in the keyring; without a passphrase nothing secret is kept", () =>
    Effect.gen(function* () {
      const directory = fresh()
      const { pfx } = files(directory)
      const { keyring, entries } = memoryKeyring()
      const options = { directory: join(directory, "store"), keyring }
      const withPassphrase = yield* Profiles.save(
        "p12",
        { url: "https://pki.example.com/portal", auth: "pki", pfxFile: pfx, secret: passphrase },
        options,
      )
      expect(withPassphrase).toMatchObject({ pfxFile: pfx, secretStore: "keyring" })
      expect(entries.get("profile:p12")).toBe(passphrase)
      expectNowhere(options.directory, passphrase)

      // Saved again without a passphrase: the old one is removed from the keyring, the profile has no secret.
      const without = yield* Profiles.save(
        "p12",
        { url: "https://pki.example.com/portal", auth: "pki", pfxFile: pfx },
        options,
      )
      expect(without.secretStore).toBe("none")
      expect(entries.has("profile:p12")).toBe(false)
      expect((yield* Profiles.load("p12", options)).secret).toBeUndefined()
    }),
  )

  it.effect("a secret kind replaced by a pki profile without passphrase leaves no secret in secrets.json", () =>
    Effect.gen(function* () {
      const directory = fresh()
      const { pfx } = files(directory)
      const options = { directory: join(directory, "store"), keyring: "off" as const }
      yield* Profiles.save("p", { url: "https://host/portal", auth: "apiKey", secret: token }, options)
      yield* Profiles.save("p", { url: "https://host/portal", auth: "pki", pfxFile: pfx }, options)
      const secrets = JSON.parse(readFileSync(join(options.directory, "secrets.json"), "utf8"))
      expect(secrets.entries).toEqual({})
    }),
  )

  it.effect("key material, both kinds of files, or no files at all are refused, and the error shows no key", () =>
    Effect.gen(function* () {
      const directory = fresh()
      const { cert, key, pfx } = files(directory)
      const options = { directory: join(directory, "store"), keyring: "off" as const }
      const url = "https://pki.example.com/portal"
      const cases = [
        { url, auth: "pki" as const, certFile: cert, keyFile: keyPem },
        { url, auth: "pki" as const, certFile: cert, keyFile: key, pfxFile: pfx },
        { url, auth: "pki" as const, certFile: cert },
        { url, auth: "pki" as const, pfxFile: pfx, secret: "" },
      ]
      for (const input of cases) {
        const error = yield* Effect.flip(Profiles.save("bad", input, options))
        expect(error.reason).toBe("InvalidProfile")
        expect(`${error.message} ${inspect(error)}`).not.toContain("KEY-MATERIAL")
      }
      expect(yield* Profiles.list(options)).toEqual([])
    }),
  )

  it.effect("fromProfile reads the files and passes the key and passphrase Redacted to clientCertificate", () =>
    Effect.gen(function* () {
      const directory = fresh()
      const { cert, key, pfx, ca } = files(directory)
      const options = { directory: join(directory, "store"), keyring: "off" as const }
      yield* Profiles.save(
        "pem",
        {
          url: "https://pki.example.com/portal",
          auth: "pki",
          certFile: cert,
          keyFile: key,
          caFile: ca,
          secret: passphrase,
        },
        options,
      )
      yield* Profiles.save("p12", { url: "https://pki.example.com/portal", auth: "pki", pfxFile: pfx }, options)
      const given: Array<{ credentials: PkiCredentials; ca: string | undefined }> = []
      const clientCertificate: ClientCertificateFactory = (credentials, certificateOptions) => {
        given.push({ credentials, ca: certificateOptions.ca })
        return { name: "clientCertificate" }
      }
      const missing = yield* Effect.flip(fromProfile("pem", options))
      expect(missing.reason).toBe("InvalidProfile")
      expect(missing.message).toContain("@arcgis-portal/auth-pki")

      const pem = yield* fromProfile("pem", { ...options, clientCertificate })
      expect(pem).toMatchObject({ url: "https://pki.example.com/portal", auth: { name: "clientCertificate" } })
      const first = given[0]!
      expect("cert" in first.credentials && first.credentials.cert).toBe(certPem)
      expect("key" in first.credentials && Redacted.isRedacted(first.credentials.key)).toBe(true)
      expect("key" in first.credentials && Redacted.value(first.credentials.key)).toBe(keyPem)
      expect(first.credentials.passphrase && Redacted.value(first.credentials.passphrase)).toBe(passphrase)
      expect(first.ca).toContain("BEGIN CERTIFICATE")

      yield* fromProfile("p12", { ...options, clientCertificate })
      const second = given[1]!
      expect("pfx" in second.credentials && [...Redacted.value(second.credentials.pfx)]).toEqual([
        0x30, 0x82, 0x01, 0x02, 0xfe,
      ])
      expect(second.credentials.passphrase).toBeUndefined()
      expect(second.ca).toBeUndefined()

      rmSync(key)
      const unreadable = yield* Effect.flip(fromProfile("pem", { ...options, clientCertificate }))
      expect(unreadable).toMatchObject({ _tag: "ProfileError", reason: "FileUnavailable", profile: "pem" })
      expect(unreadable.message).toContain(key)
    }),
  )
})
