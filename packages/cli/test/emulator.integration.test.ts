import { existsSync } from "node:fs"
import { join } from "node:path"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { json, run, start, temporaryDirectory } from "./helpers.ts"

let home: ReturnType<typeof temporaryDirectory>
beforeEach(() => {
  home = temporaryDirectory("cli-emulator-")
})
afterEach(() => home.cleanup())

/** Starts `arcgis-portal emulator <args>` and waits for the URL on its first line. */
const startEmulatorCommand = async (args: ReadonlyArray<string>) => {
  let output = ""
  const started = start(["emulator", "--port", "0", ...args], { home: home.path, timeoutMs: 120_000 })
  const url = await new Promise<string>((resolve, reject) => {
    started.child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8")
      const found = /^ArcGIS portal emulator at (\S+) \(REST root \S+\)$/m.exec(output)?.[1]
      if (found !== undefined) resolve(found)
    })
    started.child.on("exit", (code) =>
      reject(new Error(`the emulator exited (${code}) before it listened:\n${output}`)),
    )
  })
  return { ...started, url, output: () => output }
}

describe("emulator", () => {
  it("runs a seeded portal the other commands use; Ctrl-C stops it with exit 0; --data-dir keeps its state", async () => {
    const dataDir = join(home.path, "portal-data")
    const first = await startEmulatorCommand(["--data-dir", dataDir])
    expect(first.output()).toContain("publisher publisher_one / publisher-pass-local")
    expect(first.output()).toContain(`arcgis-portal login --portal ${first.url} --username publisher_one`)
    const login = await run(["login", "--portal", first.url, "--username", "publisher_one", "--password-stdin"], {
      home: home.path,
      stdin: "publisher-pass-local",
    })
    expect(login.code).toBe(0)
    const found = json<Array<{ title: string }>>(await run(["search", "parks", "--json"], { home: home.path }))
    expect(found.map((item) => item.title)).toContain("City Parks")
    const created = json<{ id: string }>(
      await run(["groups", "create", "Kept across restarts", "--json"], { home: home.path }),
    )
    first.child.kill("SIGINT")
    const stopped = await first.result
    expect(stopped.code).toBe(0)
    expect(stopped.stderr).toContain("Emulator stopped.")
    expect(existsSync(join(dataDir, "emulator.lock"))).toBe(false)

    const second = await startEmulatorCommand(["--data-dir", dataDir])
    await run(["login", "--portal", second.url, "--username", "publisher_one", "--password-stdin"], {
      home: home.path,
      stdin: "publisher-pass-local",
    })
    const groups = json<Array<{ id: string }>>(
      await run(["groups", "list", "--query", "title:Kept", "--json"], { home: home.path }),
    )
    expect(groups.map((group) => group.id)).toEqual([created.id])
    second.child.kill("SIGTERM")
    expect((await second.result).code).toBe(0)
  })

  it("--no-seed starts an org with only the administrator; a bad option is a usage error", async () => {
    const bare = await startEmulatorCommand(["--no-seed"])
    expect(bare.output()).toContain("admin     portal_admin / admin-pass-local")
    expect(bare.output()).not.toContain("publisher_one /")
    expect(bare.output()).toContain(`arcgis-portal login --portal ${bare.url} --username portal_admin`)
    expect(bare.output()).toContain("API key: none (--no-seed)")
    bare.child.kill("SIGINT")
    expect((await bare.result).code).toBe(0)
    const wrong = await run(["emulator", "--port", "70000"], { home: home.path })
    expect(wrong.code).toBe(2)
    expect(wrong.stderr).toContain("--port must be from 0 to 65535")
  })
})
