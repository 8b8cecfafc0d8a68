/**
 * `GIS.connect({ profile })` with a certificate (`pki`) profile: the facade's Node entry loads auth-pki (its optional
 * peer) for it and signs in with the client certificate against the emulator's mutual-TLS listener — the profile
 * holds only the files' paths.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Profiles } from "@arcgis-portal/auth-token/node"
import { type EmulatorHandle, startEmulator } from "@arcgis-portal/emulator"
import { Certificates } from "@arcgis-portal/emulator/testing"
import * as Effect from "effect/Effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { GIS } from "../src/node/index.ts"

let emulator: EmulatorHandle
let home = ""
const previousHome = process.env.HOME

beforeAll(async () => {
  const pki = await Certificates.createTestPki({ usernames: ["publisher_one"] })
  emulator = await startEmulator({
    tls: { key: pki.server.key, cert: pki.server.cert, ca: pki.ca.cert, requireClientCertificate: true },
  })
  home = mkdtempSync(join(tmpdir(), "gis-pki-profile-"))
  const client = pki.clients.publisher_one
  if (client === undefined) throw new Error("no client certificate")
  const file = (name: string, text: string) => {
    const path = join(home, name)
    writeFileSync(path, text)
    return path
  }
  const certFile = file("client.crt", client.cert)
  const keyFile = file("client.key", client.key)
  const caFile = file("ca.crt", pki.ca.cert)
  process.env.HOME = home
  await Effect.runPromise(
    Profiles.save(
      "gis-pki",
      { url: emulator.url, auth: "pki", certFile, keyFile, caFile },
      { directory: join(home, ".arcgis-portal"), keyring: "off" },
    ),
  )
})
afterAll(async () => {
  process.env.HOME = previousHome
  await emulator?.stop()
  rmSync(home, { recursive: true, force: true })
})

describe("GIS.connect with a pki profile", () => {
  it("signs in with the profile's client certificate", async () => {
    const gis = await GIS.connect({ profile: "gis-pki" })
    expect((await gis.users.me())?.username).toBe("publisher_one")
  })
})
