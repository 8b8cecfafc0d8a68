/**
 * Crash safety: SIGKILL the emulator process in the middle of a burst of writes, restart it on the
 * same dataDir, and check that the database opens, every acknowledged write is there, and no record
 * lacks its file; and SIGKILL it at every step of its very first start, and check that the next start
 * serves the complete seed.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { type EmulatorHandle, startEmulator } from "../src/index.ts"
import { openDatabase, schemaVersion } from "../src/internal/storage/database.ts"
import { type ChildEmulator, launch, launchOrFail } from "./child-emulator.ts"
import { client, type Json } from "./helpers.ts"

const dataDir = mkdtempSync(join(tmpdir(), "emulator-crash-"))
const children: Array<ChildEmulator> = []

afterAll(() => {
  for (const { child } of children) child.kill("SIGKILL")
  rmSync(dataDir, { recursive: true, force: true })
})

/** The CLI, from the sources, in its own process. */
const start = async () => {
  const started = await launchOrFail({ dataDir })
  children.push(started)
  return started
}

const form = (params: Record<string, string>) => new URLSearchParams({ f: "json", ...params })

describe("crash safety", () => {
  it("every acknowledged write survives a SIGKILL mid-burst; nothing half-written", async () => {
    const first = await start()
    const token = (
      (await (
        await fetch(`${first.restUrl}/generateToken`, {
          method: "POST",
          body: form({ username: "publisher_one", password: "publisher-pass-local" }),
        })
      ).json()) as { token: string }
    ).token
    const acknowledged = new Map<string, string>()
    let stop = false
    const worker = async (worker: number) => {
      for (let index = 0; !stop; index++) {
        const text = JSON.stringify({ worker, index, payload: "x".repeat(2_000) })
        try {
          const response = await fetch(`${first.restUrl}/content/users/publisher_one/addItem`, {
            method: "POST",
            body: form({ token, title: `Burst ${worker}-${index}`, type: "Web Map", text, tags: "burst" }),
          })
          const body = (await response.json()) as { success?: boolean; id?: string }
          if (body.success && body.id) acknowledged.set(body.id, text)
        } catch {
          return
        }
      }
    }
    const workers = Array.from({ length: 8 }, (_, index) => worker(index))
    while (acknowledged.size < 150) await new Promise((resolve) => setTimeout(resolve, 5))
    first.child.kill("SIGKILL")
    stop = true
    await Promise.allSettled(workers)

    const second = await start()
    const fresh = (
      (await (
        await fetch(`${second.restUrl}/generateToken`, {
          method: "POST",
          body: form({ username: "publisher_one", password: "publisher-pass-local" }),
        })
      ).json()) as { token: string }
    ).token
    for (const [id, text] of acknowledged) {
      const data = await fetch(`${second.restUrl}/content/items/${id}/data?token=${fresh}`)
      expect(await data.text(), id).toBe(text)
    }
    // Every item the database holds has its data: no record without its file.
    let next = 1
    let seen = 0
    while (next > 0) {
      const page = (await (
        await fetch(`${second.restUrl}/search`, {
          method: "POST",
          body: form({ token: fresh, q: "tags:burst", num: "100", start: String(next) }),
        })
      ).json()) as {
        results: Array<{ id: string; size: number }>
        nextStart: number
      }
      for (const item of page.results) {
        const data = await fetch(`${second.restUrl}/content/items/${item.id}/data?token=${fresh}`)
        expect((await data.text()).length, item.id).toBe(item.size)
        seen += 1
      }
      next = page.nextStart
    }
    expect(seen).toBeGreaterThanOrEqual(acknowledged.size)
    await second.stop()
  }, 60_000)
})

describe("start-up recovery", () => {
  it("removes item folders no record refers to and temporary files never renamed", async () => {
    const { startEmulator } = await import("../src/index.ts")
    const { mkdirSync, writeFileSync, existsSync } = await import("node:fs")
    const directory = mkdtempSync(join(tmpdir(), "emulator-recover-"))
    try {
      const first = await startEmulator({ dataDir: directory })
      await first.stop()
      const orphan = join(directory, "items", "0123456789abcdef0123456789abcdef")
      mkdirSync(orphan, { recursive: true })
      writeFileSync(join(orphan, "data"), "left behind")
      writeFileSync(join(directory, "seed.json.tmp-123-abc"), "half")
      const second = await startEmulator({ dataDir: directory })
      expect(second.recovered).toEqual({ orphanItems: 1, temporaryFiles: 1 })
      expect(existsSync(orphan)).toBe(false)
      await second.stop()
    } finally {
      rmSync(directory, { recursive: true, force: true })
    }
  })
})

/**
 * The seed as a fresh start makes it: every account signs in, every seeded item has its data and thumbnail, the
 * groups and folders are there, and the secrets the data directory keeps (API key, OAuth app) work.
 */
const expectCompleteSeed = async (emulator: EmulatorHandle, step: string) => {
  const api = client(emulator)
  const tokens = await Promise.all(Object.values(emulator.accounts).map((account) => api.signIn(account)))
  expect(
    tokens.every((token) => typeof token === "string" && token.length > 0),
    step,
  ).toBe(true)
  const admin = tokens[0] ?? ""
  const items = (await api.json("search", { params: { q: "tags:seed", num: "100" }, token: admin })) as Json
  expect(items.total, step).toBe(6)
  await Promise.all(
    (items.results as Array<Json>).map(async (item) => {
      const thumbnail = await api.call(`content/items/${item.id}/info/thumbnail/thumbnail.png`, {
        method: "GET",
        token: admin,
      })
      expect([thumbnail.status, [...new Uint8Array(await thumbnail.arrayBuffer()).subarray(1, 4)]], step).toEqual([
        200,
        [0x50, 0x4e, 0x47], // "PNG"
      ])
      const data = await api.call(`content/items/${item.id}/data`, { method: "GET", token: admin })
      expect((await data.arrayBuffer()).byteLength, `${step}: ${item.title}`).toBe(item.size)
    }),
  )
  expect((items.results as Array<Json>).filter((item) => item.size > 0)).toHaveLength(5)
  const groups = await api.json("community/groups", { method: "GET", params: { q: "seed" }, token: admin })
  expect(groups.total, step).toBe(3)
  const content = await api.json("content/users/publisher_one", { method: "GET", token: admin })
  expect(
    content.folders.map((folder: Json) => folder.title),
    step,
  ).toEqual(["Maps"])
  const self = await api.json("portals/self", { method: "GET", params: { token: emulator.apiKey } })
  expect(self.user?.username, step).toBe("publisher_one")
  const app = await api.json("oauth2/token", {
    params: {
      grant_type: "client_credentials",
      client_id: emulator.app.clientId,
      client_secret: emulator.app.clientSecret,
    },
  })
  expect(app.access_token, step).toBeTypeOf("string")
}

describe("first start: a SIGKILL at every step", () => {
  it("whatever step the first start is killed at, the next start on that directory serves the complete seed", async () => {
    const steps: Array<string> = []
    const failures: Array<unknown> = []
    /** Starts again on a killed first start's directory (in this process) and checks the seed. */
    const restart = async (run: { directory: string; output: string; name: string | undefined }) => {
      try {
        expect(run.name, run.output).toBeTypeOf("string")
        steps.push(run.name ?? "")
        const restarted = await startEmulator({ dataDir: run.directory })
        try {
          await expectCompleteSeed(restarted, run.name ?? "")
          // The secrets file is the one the database's org was seeded with, never one of an earlier try.
          expect(JSON.parse(readFileSync(join(run.directory, "seed-secrets.json"), "utf8")).apiKey).toBe(
            restarted.apiKey,
          )
        } finally {
          await restarted.stop()
        }
      } finally {
        rmSync(run.directory, { recursive: true, force: true })
      }
    }
    let checking: Promise<void> = Promise.resolve()
    let past = false
    // A few first starts at a time, each a process killed at its own step, until one runs past the last step; the
    // directories of one round are checked while the next round's processes start.
    for (let first = 1; !past; first += 4) {
      const runs = await Promise.all(
        [first, first + 1, first + 2, first + 3].map(async (step) => {
          const directory = mkdtempSync(join(tmpdir(), "emulator-first-start-"))
          const { started, output } = await launch({
            dataDir: directory,
            env: { ARCGIS_PORTAL_EMULATOR_KILL_AT_STEP: String(step) },
          })
          if (started !== undefined) {
            await started.stop()
            rmSync(directory, { recursive: true, force: true })
            return undefined
          }
          return { directory, output, name: /killed at start-up step \d+: (.+)/.exec(output)?.[1] }
        }),
      )
      past = runs.includes(undefined)
      await checking
      checking = (async () => {
        for (const run of runs) if (run !== undefined) await restart(run)
      })().catch((error: unknown) => {
        failures.push(error)
      })
    }
    await checking
    if (failures.length > 0) throw failures[0]
    // As many migrations as a fresh database goes through.
    const scratch = mkdtempSync(join(tmpdir(), "emulator-schema-"))
    const database = openDatabase(join(scratch, "portal.sqlite"))
    const migrations = schemaVersion(database)
    database.close()
    rmSync(scratch, { recursive: true, force: true })
    expect(new Set(steps)).toEqual(
      new Set([
        "data directory created",
        ...Array.from({ length: migrations }, (_, index) => `migration ${index + 1} committed`),
        "database opened and migrated",
        "start-up recovery done",
        "seed: rows inserted, not committed",
        "seed: first item data file written",
        "seed: every item data file written",
        "seed: first thumbnail written",
        "seed: every thumbnail written",
        "seed: secrets written, rows not committed",
        "seed: committed",
        "extra API keys stored",
        "listening",
      ]),
    )
  }, 180_000)
})
