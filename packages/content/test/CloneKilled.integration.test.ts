// Clone.clone in a child Node process killed (SIGKILL) in the middle of copying a hosted layer's features, then
// run again here until done: one clone of each item, and exactly the source's features — none twice, none missing.
// The child runs the package's built `dist` (build it first), against two emulators started by this test.
import { spawn } from "node:child_process"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { createRequire } from "node:module"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { pathToFileURL } from "node:url"
import { Portal } from "@arcgis-portal/core"
import { SignIn } from "@arcgis-portal/core/testing"
import { type EmulatorHandle, startEmulator } from "@arcgis-portal/emulator"
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { Clone } from "../src/index.ts"

type Json = Record<string, any>

const call = async (url: string, params: Record<string, string> = {}, token?: string): Promise<Json> => {
  const body = new URLSearchParams({ ...params, f: "json", ...(token ? { token } : {}) })
  const answer = (await (await fetch(url, { method: "POST", body })).json()) as Json
  if (answer.error) throw new Error(`${url}: ${JSON.stringify(answer.error)}`)
  return answer
}
const tokenFor = async (emulator: EmulatorHandle, account: { username: string; password: string }) =>
  (await call(`${emulator.restUrl}/generateToken`, { ...account, client: "requestip" })).token as string

const featureCount = 300
let source: EmulatorHandle
let target: EmulatorHandle
let layer: string
let map: string
let directory: string

beforeAll(async () => {
  ;[source, target] = await Promise.all([startEmulator({ jobMillis: 20 }), startEmulator({ jobMillis: 20 })])
  directory = mkdtempSync(join(tmpdir(), "clone-killed-"))
  const token = await tokenFor(source, source.accounts.publisher)
  const me = `${source.restUrl}/content/users/publisher_one`
  const created = await call(
    `${me}/createService`,
    {
      createParameters: JSON.stringify({ name: "KilledParks", spatialReference: { wkid: 4326 } }),
      outputType: "featureService",
      title: "Killed parks",
    },
    token,
  )
  layer = created.itemId
  const server = source.url.replace(/\/portal$/, "/server")
  const fields = [
    { name: "OBJECTID", type: "esriFieldTypeOID" },
    { name: "SEQ", type: "esriFieldTypeInteger" },
  ]
  await call(
    `${server}/rest/admin/services/Hosted/KilledParks/FeatureServer/addToDefinition`,
    { addToDefinition: JSON.stringify({ layers: [{ id: 0, name: "Parks", objectIdField: "OBJECTID", fields }] }) },
    token,
  )
  const features = Array.from({ length: featureCount }, (_, index) => ({
    attributes: { SEQ: index },
    geometry: { x: index / 10, y: 0 },
  }))
  await call(`${created.serviceurl}/0/addFeatures`, { features: JSON.stringify(features) }, token)
  const webMap = { operationalLayers: [{ itemId: layer, url: `${created.serviceurl}/0` }] }
  map = (await call(`${me}/addItem`, { title: "Killed map", type: "Web Map", text: JSON.stringify(webMap) }, token)).id
})

afterAll(async () => {
  await Promise.all([source?.stop(), target?.stop()])
  if (directory) rmSync(directory, { recursive: true, force: true })
})

/** The child's program: the same clone, one progress event per line on stdout. */
const childProgram = () => {
  const require = createRequire(import.meta.url)
  const url = (specifier: string) => JSON.stringify(pathToFileURL(require.resolve(specifier)).href)
  return `
const { Clone } = await import(${url("@arcgis-portal/content")})
const { Portal } = await import(${url("@arcgis-portal/core")})
const { SignIn } = await import(${url("@arcgis-portal/core/testing")})
const Effect = await import(${url("effect/Effect")})
const [sourceUrl, targetUrl, map] = process.argv.slice(2)
const program = Clone.clone([map], {
  source: Portal.layer({ url: sourceUrl, auth: SignIn.generateToken({ username: "publisher_one", password: "publisher-pass-local" }) }),
  featurePageSize: 5,
  concurrency: 1,
  onProgress: (event) => process.stdout.write(JSON.stringify(event) + "\\n"),
}).pipe(Effect.provide(Portal.layer({ url: targetUrl, auth: SignIn.generateToken({ username: "portal_admin", password: "admin-pass-local" }) })))
await Effect.runPromise(program)
process.stdout.write("done\\n")
`
}

/** Runs the child until `kill` says so (then SIGKILL); resolves with the lines it printed. */
const runChild = (kill: (line: string) => boolean) =>
  new Promise<ReadonlyArray<string>>((resolve, reject) => {
    const script = join(directory, "clone-child.mjs")
    writeFileSync(script, childProgram())
    const child = spawn(process.execPath, [script, source.url, target.url, map], { stdio: ["ignore", "pipe", "pipe"] })
    const lines: Array<string> = []
    let buffer = ""
    let errors = ""
    child.stdout.on("data", (chunk: Buffer) => {
      buffer += chunk.toString()
      const parts = buffer.split("\n")
      buffer = parts.pop() ?? ""
      for (const line of parts) {
        lines.push(line)
        if (kill(line)) child.kill("SIGKILL")
      }
    })
    child.stderr.on("data", (chunk: Buffer) => {
      errors += chunk.toString()
    })
    child.on("error", reject)
    child.on("exit", (code, signal) =>
      signal === "SIGKILL" || code === 0 ? resolve(lines) : reject(new Error(`child exited ${code}: ${errors}`)),
    )
  })

describe("Clone.clone in a killed process", () => {
  it.live("killed mid-copy, run again: one clone of each item and every feature exactly once", () =>
    Effect.gen(function* () {
      const lines = yield* Effect.promise(() =>
        runChild((line) => {
          const event = line.startsWith("{") ? (JSON.parse(line) as Json) : {}
          return event.stage === "features" && event.copied >= featureCount / 3
        }),
      )
      expect(lines).not.toContain("done")
      const admin = yield* Effect.promise(() => tokenFor(target, target.accounts.admin))
      const clones = (id: string) =>
        Effect.promise(
          async () =>
            (await call(`${target.restUrl}/search`, { q: `typekeywords:"source-${id}"` }, admin))
              .results as Array<Json>,
        )
      const partial = yield* clones(layer)
      expect(partial).toHaveLength(1)
      expect(partial[0]!.typeKeywords).toContain("clone-in-progress")
      const copiedBefore = (yield* Effect.promise(() =>
        call(`${partial[0]!.url}/0/query`, { where: "1=1", returnCountOnly: "true" }, admin),
      )).count as number
      expect(copiedBefore).toBeGreaterThan(0)
      expect(copiedBefore).toBeLessThan(featureCount)

      const result = yield* Clone.clone([map], {
        source: Portal.layer({ url: source.url, auth: SignIn.generateToken(source.accounts.publisher) }),
        featurePageSize: 50,
      }).pipe(Effect.provide(Portal.layer({ url: target.url, auth: SignIn.generateToken(target.accounts.admin) })))
      expect(result.failed).toEqual([])
      expect(result.updated.map((outcome) => outcome.sourceId)).toEqual([layer])
      for (const id of [layer, map]) {
        const found = yield* clones(id)
        expect(found).toHaveLength(1)
        expect(found[0]!.typeKeywords).not.toContain("clone-in-progress")
      }
      const sequence = (yield* Effect.promise(() =>
        call(`${partial[0]!.url}/0/query`, { where: "1=1", outFields: "SEQ", resultRecordCount: "1000" }, admin),
      )).features.map((feature: Json) => feature.attributes.SEQ as number)
      expect(sequence.sort((a: number, b: number) => a - b)).toEqual(
        Array.from({ length: featureCount }, (_, index) => index),
      )
    }),
  )
})
