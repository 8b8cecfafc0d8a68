import { readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import type { EmulatorHandle } from "@arcgis-portal/emulator"
import { Certificates } from "@arcgis-portal/emulator/testing"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { json, run, startPortal, temporaryDirectory } from "./helpers.ts"

let emulator: EmulatorHandle
let pki: Certificates.TestPki
let home: ReturnType<typeof temporaryDirectory>

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
  home = temporaryDirectory("cli-pki-")
})
afterAll(async () => {
  await emulator?.stop()
  home?.cleanup()
})

const write = (name: string, text: string) => {
  const path = join(home.path, name)
  writeFileSync(path, text, { mode: 0o600 })
  return path
}

describe("login with a client certificate", () => {
  it("signs in as the certificate's user; the profile keeps only the paths; commands run over mutual TLS", async () => {
    const client = pki.clients.publisher_one!
    const cert = write("me.crt", client.cert)
    const key = write("me.key", client.key)
    const ca = write("ca.pem", pki.ca.cert)
    const login = await run(
      ["login", "--portal", emulator.url, "--cert", cert, "--key", key, "--ca", ca, "--verbose"],
      {
        home: home.path,
      },
    )
    expect(login.stderr).toContain("[request] POST /portal/sharing/rest/generateToken → 200")
    expect(login.code).toBe(0)
    expect(login.stdout).toContain(
      `Signed in to ${emulator.url} as publisher_one (profile default, client certificate; no secret saved)`,
    )
    const saved = readFileSync(join(home.path, ".arcgis-portal", "profiles.json"), "utf8")
    expect(saved).toContain(key)
    expect(saved).not.toContain(client.key.split("\n")[1])
    expect(json(await run(["whoami", "--json"], { home: home.path }))).toMatchObject({
      username: "publisher_one",
      auth: "pki",
    })
    const found = json<Array<{ title: string }>>(await run(["search", "parks", "--json"], { home: home.path }))
    expect(found.map((item) => item.title)).toContain("City Parks")
  })

  it("a certificate from an authority the portal does not trust is refused: exit 3, one line", async () => {
    const cert = write("other.crt", pki.untrusted.cert)
    const key = write("other.key", pki.untrusted.key)
    const ca = write("ca2.pem", pki.ca.cert)
    const result = await run(
      ["login", "--portal", emulator.url, "--cert", cert, "--key", key, "--ca", ca, "--profile", "untrusted"],
      { home: home.path },
    )
    expect(result.code).toBe(3)
    expect(result.stderr.trim().split("\n")[0]).toMatch(
      /^arcgis-portal: the portal refused the connection with this certificate/,
    )
    expect(result.stderr).not.toContain(pki.untrusted.key.split("\n")[1])
  })

  it("a missing key file is reported before anything is sent", async () => {
    const result = await run(
      ["login", "--portal", emulator.url, "--cert", join(home.path, "me.crt"), "--key", join(home.path, "nope.key")],
      { home: home.path, env: { ARCGIS_PROFILE: "missing" } },
    )
    expect(result.code).toBe(3)
    expect(result.stderr).toContain(`cannot read the key file ${join(home.path, "nope.key")}`)
  })
})
