import { readdirSync, readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { ClientKeys } from "@arcgis-portal/auth-pki/testing"
import type { EmulatorHandle } from "@arcgis-portal/emulator"
import { Certificates } from "@arcgis-portal/emulator/testing"
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest"
import { json, run, runOnTerminal, startPortal, temporaryDirectory } from "./helpers.ts"

const passphrase = "cli-key-passphrase-6620"
const wrong = "cli-not-the-passphrase-1187"

let emulator: EmulatorHandle
let pki: Certificates.TestPki
let files: ReturnType<typeof temporaryDirectory>
let home: ReturnType<typeof temporaryDirectory>
let paths: { cert: string; key: string; pfx: string; ca: string; plainKey: string }

beforeAll(async () => {
  pki = await Certificates.createTestPki({ usernames: ["publisher_one"] })
  emulator = await startPortal({
    tls: {
      key: pki.server.key,
      cert: pki.server.cert,
      ca: pki.ca.cert,
      requireClientCertificate: true,
      hostname: "localhost",
    },
  })
  files = temporaryDirectory("cli-pki-files-")
  const client = pki.clients.publisher_one!
  const write = (name: string, content: string | Uint8Array) => {
    const path = join(files.path, name)
    writeFileSync(path, content, { mode: 0o600 })
    return path
  }
  paths = {
    cert: write("me.crt", client.cert),
    key: write("me.key", ClientKeys.encrypt(client.key, passphrase)),
    plainKey: write("plain.key", client.key),
    pfx: write("me.p12", ClientKeys.pkcs12({ cert: client.cert, key: client.key, passphrase })),
    ca: write("ca.pem", pki.ca.cert),
  }
})
afterAll(async () => {
  await emulator?.stop()
  files?.cleanup()
})
beforeEach(() => {
  home = temporaryDirectory("cli-pki-home-")
})
afterEach(() => home.cleanup())

const keyBody = () => pki.clients.publisher_one!.key.split("\n")[1] ?? ""

/** Every file of the profile store, as text. */
const store = () => {
  const directory = join(home.path, ".arcgis-portal")
  return readdirSync(directory).map((name) => ({ name, text: readFileSync(join(directory, name), "utf8") }))
}
const savedProfile = (name = "default") =>
  (
    JSON.parse(readFileSync(join(home.path, ".arcgis-portal", "profiles.json"), "utf8")) as {
      profiles: Record<string, Record<string, unknown>>
    }
  ).profiles[name]

describe("login --pki with a passphrase-protected key", () => {
  it("--cert/--key (encrypted PKCS#8) with --passphrase-prompt: the paths and the encrypted passphrase are saved; commands use them", async () => {
    const login = await run(
      [
        "login",
        "--portal",
        emulator.url,
        "--pki",
        "--cert",
        paths.cert,
        "--key",
        paths.key,
        "--ca",
        paths.ca,
        "--passphrase-prompt",
        "--password-stdin",
      ],
      { home: home.path, stdin: `${passphrase}\n` },
    )
    expect(login.stderr).toBe("")
    expect(login.code).toBe(0)
    expect(login.stdout).toContain(
      `Signed in to ${emulator.url} as publisher_one (profile default, client certificate; secret encrypted in`,
    )
    expect(savedProfile()).toEqual({
      name: "default",
      url: emulator.url,
      auth: "pki",
      username: "publisher_one",
      certFile: paths.cert,
      keyFile: paths.key,
      caFile: paths.ca,
      secretStore: "file",
    })
    for (const { name, text } of store()) {
      expect(text, name).not.toContain(passphrase)
      expect(text, name).not.toContain(keyBody())
      expect(text, name).not.toContain("ENCRYPTED PRIVATE KEY")
    }
    // The next command decrypts the key with the saved passphrase.
    expect(json(await run(["whoami", "--json"], { home: home.path }))).toMatchObject({
      username: "publisher_one",
      auth: "pki",
    })
  })

  it("--pfx on a terminal: the passphrase is asked without echo; search runs over mutual TLS with the bundle", async () => {
    const result = await runOnTerminal(
      [
        "login",
        "--portal",
        emulator.url,
        "--pfx",
        paths.pfx,
        "--ca",
        paths.ca,
        "--passphrase-prompt",
        "--profile",
        "p12",
      ],
      { home: home.path, answers: [{ when: /Passphrase of .*me\.p12/, type: `${passphrase}\r` }] },
    )
    expect(result.output).toContain("Passphrase of")
    expect(result.output).not.toContain(passphrase)
    expect(result.output).toContain("as publisher_one (profile p12, client certificate;")
    expect(result.code).toBe(0)
    expect(savedProfile("p12")).toMatchObject({ auth: "pki", pfxFile: paths.pfx, caFile: paths.ca })
    expect(savedProfile("p12")?.keyFile).toBeUndefined()
    const found = json<Array<{ title: string }>>(
      await run(["search", "parks", "--json", "--profile", "p12"], { home: home.path }),
    )
    expect(found.map((item) => item.title)).toContain("City Parks")
    for (const { name, text } of store()) expect(text, name).not.toContain(passphrase)
  })

  it("a key without a passphrase keeps no secret at all", async () => {
    const login = await run(
      ["login", "--portal", emulator.url, "--pki", "--cert", paths.cert, "--key", paths.plainKey, "--ca", paths.ca],
      { home: home.path },
    )
    expect(login.code).toBe(0)
    expect(login.stdout).toContain("(profile default, client certificate; no secret saved)")
    expect(savedProfile()).toMatchObject({ keyFile: paths.plainKey, secretStore: "none" })
  })

  it("a wrong or missing passphrase exits 3 with one line saying the key could not be decrypted; nothing is sent or saved", async () => {
    const cases: Array<{ args: ReadonlyArray<string>; stdin?: string; said: RegExp; hint: RegExp }> = [
      {
        args: ["--cert", paths.cert, "--key", paths.key, "--passphrase-prompt", "--password-stdin"],
        stdin: wrong,
        said: /private key could not be decrypted: the passphrase is wrong/,
        hint: /Check the passphrase/,
      },
      {
        args: ["--pfx", paths.pfx, "--password-stdin"],
        stdin: wrong,
        said: /PKCS#12 bundle could not be decrypted: the passphrase is wrong/,
        hint: /Check the passphrase/,
      },
      {
        args: ["--cert", paths.cert, "--key", paths.key],
        said: /private key could not be decrypted: it is protected by a passphrase, and none was given/,
        hint: /--passphrase-prompt/,
      },
    ]
    for (const { args, stdin, said, hint } of cases) {
      emulator.clearRequestLog()
      const result = await run(["login", "--portal", emulator.url, "--ca", paths.ca, ...args], {
        home: home.path,
        stdin,
      })
      expect(result.code, args.join(" ")).toBe(3)
      expect(result.stdout).toBe("")
      const lines = result.stderr.trim().split("\n")
      expect(lines[0]).toMatch(/^arcgis-portal: /)
      expect(lines[0]).toMatch(said)
      expect(lines[1]).toMatch(hint)
      expect(lines).toHaveLength(2)
      expect(result.stderr).not.toContain(wrong)
      expect(result.stderr).not.toContain(passphrase)
      expect(emulator.requestLog()).toHaveLength(0)
    }
    expect((await run(["profiles", "list", "--json"], { home: home.path })).stdout.trim()).toBe("[]")
  })

  it("--pfx with --cert, --pki without files, and --key without --cert are usage errors (exit 2)", async () => {
    for (const [args, said] of [
      [["--pfx", paths.pfx, "--cert", paths.cert], "give --pfx, or --cert and --key, not both"],
      [["--pki"], "--pki needs --cert <file> and --key <file>, or --pfx <file>"],
      [["--key", paths.key], "--key needs --cert"],
      [["--pki", "--api-key"], "choose one way to sign in, not --api-key and --pki"],
    ] as const) {
      const result = await run(["login", "--portal", emulator.url, ...args], { home: home.path })
      expect(result.code, args.join(" ")).toBe(2)
      expect(result.stderr).toContain(said)
    }
  })
})
