/**
 * Two emulators in one process as two different orgs (`startEmulator`'s `org` option: id, name, urlKey and a suffix
 * for the seeded usernames), as a content-cloning test needs them: features read from one and written to the other,
 * each org's tokens good only at its own origin, and a restarted data directory keeping the org it was seeded with.
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type EmulatorHandle, startEmulator } from "../src/index.ts"
import { client, type Json } from "./helpers.ts"

let source: EmulatorHandle
let target: EmulatorHandle
const dataDir = mkdtempSync(join(tmpdir(), "emulator-orgs-"))

beforeAll(async () => {
  source = await startEmulator({ jobMillis: 0 })
  target = await startEmulator({
    jobMillis: 0,
    dataDir,
    org: { id: "TargetOrg0000001", name: "Target Org", urlKey: "target", usernameSuffix: "_tgt" },
  })
})
afterAll(async () => {
  await source.stop()
  await target.stop()
  rmSync(dataDir, { recursive: true, force: true })
})

const form = (params: Record<string, string>) => new URLSearchParams({ f: "json", ...params })
const post = async (url: string, token: string, params: Record<string, string>) =>
  (await (
    await fetch(url, { method: "POST", headers: { "X-Esri-Authorization": `Bearer ${token}` }, body: form(params) })
  ).json()) as Json

describe("two orgs in one process", () => {
  it("each has its own origin, org id, name, urlKey and users", async () => {
    expect(new URL(source.url).origin).not.toBe(new URL(target.url).origin)
    expect(target.accounts).toMatchObject({
      admin: { username: "portal_admin_tgt" },
      publisher: { username: "publisher_one_tgt", password: source.accounts.publisher.password },
      user: { username: "user_one_tgt" },
      viewer: { username: "viewer_one_tgt" },
    })
    expect(source.accounts.publisher.username).toBe("publisher_one")
    const sourceToken = await client(source).signIn(source.accounts.publisher)
    const targetToken = await client(target).signIn(target.accounts.publisher)
    const self = await client(target).json("portals/self", { method: "GET", token: targetToken })
    expect([self.id, self.name, self.urlKey, self.user.username]).toEqual([
      "TargetOrg0000001",
      "Target Org",
      "target",
      "publisher_one_tgt",
    ])
    const sourceSelf = await client(source).json("portals/self", { method: "GET", token: sourceToken })
    expect([sourceSelf.name, sourceSelf.urlKey, sourceSelf.id === self.id]).toEqual([
      "Emulated Portal",
      undefined,
      false,
    ])
    // The seeded content belongs to the renamed accounts; the source's names are no users of the target.
    const content = await client(target).json("content/users/publisher_one_tgt", { method: "GET", token: targetToken })
    expect(content.items.map((item: Json) => item.owner)).toContain("publisher_one_tgt")
    expect((await client(target).json("generateToken", { params: source.accounts.publisher })).error.code).toBe(400)
    // Each org's token is good only at its own origin.
    expect((await client(target).json("community/self", { method: "GET", token: sourceToken })).error.code).toBe(498)
  })

  it("features read from one org's layer are written to the other's", async () => {
    const make = async (emulator: EmulatorHandle, owner: string, token: string) => {
      const created = await client(emulator).json(`content/users/${owner}/createService`, {
        params: { createParameters: JSON.stringify({ name: "Copied" }) },
        token,
      })
      const fields = [{ name: "NAME", type: "esriFieldTypeString" }]
      const admin = created.serviceurl.replace("/rest/services/", "/rest/admin/services/")
      const definition = { layers: [{ id: 0, name: "Places", geometryType: "esriGeometryPoint", fields }] }
      expect(
        (await post(`${admin}/addToDefinition`, token, { addToDefinition: JSON.stringify(definition) })).success,
      ).toBe(true)
      return `${created.serviceurl}/0`
    }
    const sourceToken = await client(source).signIn(source.accounts.publisher)
    const targetToken = await client(target).signIn(target.accounts.publisher)
    const from = await make(source, source.accounts.publisher.username, sourceToken)
    const to = await make(target, target.accounts.publisher.username, targetToken)
    const features = [1, 2, 3].map((index) => ({
      attributes: { NAME: `p${index}` },
      geometry: { x: index, y: -index },
    }))
    await post(`${from}/addFeatures`, sourceToken, { features: JSON.stringify(features) })
    const read = await post(`${from}/query`, sourceToken, { where: "1=1", outFields: "NAME" })
    const written = await post(`${to}/addFeatures`, targetToken, { features: JSON.stringify(read.features) })
    expect(written.addResults.map((result: Json) => result.success)).toEqual([true, true, true])
    const copied = await post(`${to}/query`, targetToken, { where: "1=1", outFields: "*" })
    expect(copied.features).toEqual(
      features.map((feature, index) => ({ ...feature, attributes: { OBJECTID: index + 1, ...feature.attributes } })),
    )
    // A source token does not write to the target.
    expect((await post(`${to}/addFeatures`, sourceToken, { features: "[]" })).error.code).toBe(498)
  })

  it("a restarted data directory keeps the org and the accounts it was seeded with", async () => {
    await target.stop()
    target = await startEmulator({ jobMillis: 0, dataDir })
    expect(target.accounts.admin.username).toBe("portal_admin_tgt")
    expect(target.seeded).toBe(true)
    const token = await client(target).signIn(target.accounts.admin)
    const self = await client(target).json("portals/self", { method: "GET", token })
    expect([self.id, self.name]).toEqual(["TargetOrg0000001", "Target Org"])
  })

  it("org options are checked before anything starts", async () => {
    await expect(startEmulator({ org: { id: "short" } })).rejects.toThrow(/org\.id must be 16 letters or digits/)
    await expect(startEmulator({ org: { usernameSuffix: "/x" } })).rejects.toThrow(/org\.usernameSuffix/)
    await expect(startEmulator({ org: { urlKey: "a b" } })).rejects.toThrow(/org\.urlKey/)
    await expect(startEmulator({ org: { name: " " } })).rejects.toThrow(/org\.name/)
  })
})
