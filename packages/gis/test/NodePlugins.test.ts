/**
 * `@arcgis-portal/auth-pki` and `@arcgis-portal/auth-proxy` are optional peers: the Node entry imports one only
 * when its argument is given, and says what to install when it is missing (simulated here: the module cannot be
 * found, as Node reports it).
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest"
import { InvalidInput } from "../src/index.ts"
import { GIS } from "../src/node/index.ts"

const notFound = (name: string) =>
  Object.assign(new Error(`Cannot find package '${name}' imported from /app/node_modules/@arcgis-portal/gis`), {
    code: "ERR_MODULE_NOT_FOUND",
  })

vi.mock("@arcgis-portal/auth-pki", () => {
  throw notFound("@arcgis-portal/auth-pki")
})
vi.mock("@arcgis-portal/auth-proxy", () => {
  throw notFound("@arcgis-portal/auth-proxy")
})

let folder: string
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), "gis-plugins-"))
  await writeFile(join(folder, "me.key"), "-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----\n")
  await writeFile(join(folder, "me.crt"), "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n")
})
afterAll(async () => {
  await rm(folder, { recursive: true, force: true })
})

describe("the Node entry without its optional plugins", () => {
  it("keyFile/certFile without @arcgis-portal/auth-pki: InvalidInput naming the package to install", async () => {
    const error = await GIS.connect({
      url: "https://portal.example.com/portal",
      keyFile: join(folder, "me.key"),
      certFile: join(folder, "me.crt"),
    }).catch((failure: unknown) => failure)
    expect(error).toBeInstanceOf(InvalidInput)
    expect(error).toMatchObject({ field: "keyFile" })
    expect((error as InvalidInput).message).toContain("npm install @arcgis-portal/auth-pki")
  })

  it("proxy without @arcgis-portal/auth-proxy: InvalidInput naming the package to install", async () => {
    const error = await GIS.connect({
      url: "https://portal.example.com/portal",
      token: "a-token-for-the-proxy-test",
      proxy: { host: "proxy.example.com", port: 3128 },
    }).catch((failure: unknown) => failure)
    expect(error).toBeInstanceOf(InvalidInput)
    expect(error).toMatchObject({ field: "proxy" })
    expect((error as InvalidInput).message).toContain("npm install @arcgis-portal/auth-proxy")
  })
})
