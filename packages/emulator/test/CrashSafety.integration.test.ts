/**
 * Crash safety: SIGKILL the emulator process in the middle of a burst of writes, restart it on the
 * same dataDir, and check that the database opens, every acknowledged write is there, and no record
 * lacks its file.
 */
import { type ChildProcess, spawn } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { afterAll, describe, expect, it } from "vitest"

// The built CLI (turbo builds the package before its tests): a real, separate process to kill.
const cli = fileURLToPath(new URL("../dist/cli.js", import.meta.url))
const dataDir = mkdtempSync(join(tmpdir(), "emulator-crash-"))
const children: Array<ChildProcess> = []

afterAll(() => {
  for (const child of children) child.kill("SIGKILL")
  rmSync(dataDir, { recursive: true, force: true })
})

const launch = () =>
  new Promise<{ child: ChildProcess; restUrl: string; output: () => string }>((resolve, reject) => {
    const child = spawn(process.execPath, [cli, "--port", "0", "--data-dir", dataDir], {
      stdio: ["ignore", "pipe", "pipe"],
    })
    children.push(child)
    let output = ""
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString()
      const match = /REST root (\S+)\)/.exec(output)
      if (match?.[1]) resolve({ child, restUrl: match[1], output: () => output })
    })
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString()
    })
    child.on("exit", (code) => reject(new Error(`emulator exited (${code}): ${output}`)))
  })

const form = (params: Record<string, string>) => new URLSearchParams({ f: "json", ...params })

describe("crash safety", () => {
  it("every acknowledged write survives a SIGKILL mid-burst; nothing half-written", async () => {
    const first = await launch()
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

    const second = await launch()
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
    second.child.kill("SIGTERM")
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
