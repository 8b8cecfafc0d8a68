/**
 * `arcgis-portal emulator` as a real process: a seeded portal the other commands use, state kept with --data-dir, stop
 * on Ctrl-C/SIGTERM with exit 0, --no-seed; and the same options as `arcgis-portal-emulator` (the emulator's table),
 * checked by the emulator's own rules.
 */
import { existsSync } from "node:fs"
import { join } from "node:path"
import { parseCommandLine, startOptionSpecs } from "@arcgis-portal/emulator/cli"
import { type Command, Completions } from "effect/cli"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { command } from "../src/Cli.ts"
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

describe("emulator: the options of arcgis-portal-emulator", () => {
  it("has exactly the emulator's options, each with the same kind of value", () => {
    const emulator = command.subcommands
      .flatMap((group) => group.commands)
      .find((entry: Command.Command.Any) => entry.name === "emulator")
    expect(emulator).toBeDefined()
    const flags = Completions.fromCommand(emulator as Command.Command.Any).flags
    expect(flags.map((flag) => flag.name)).toEqual(startOptionSpecs.map((spec) => spec.name))
    const kinds = { switch: "Boolean", text: "String", integer: "Int", number: "Finite" } as const
    for (const spec of startOptionSpecs)
      expect(flags.find((flag) => flag.name === spec.name)?.type._tag, spec.name).toBe(kinds[spec.kind])
  })

  it("starts with every option as arcgis-portal-emulator reads it: --no-ranges answers a Range whole, --token-ttl caps tokens", async () => {
    const options = [
      "--host",
      "127.0.0.1",
      "--data-dir",
      join(home.path, "every-option"),
      "--token-ttl",
      "600",
      "--latency",
      "1.5",
      "--no-ranges",
      "--download-rate",
      "1048576",
    ]
    // The emulator's own command line accepts the same words.
    expect(parseCommandLine(["--port", "0", ...options])._tag).toBe("Start")
    const running = await startEmulatorCommand(options)
    try {
      const restUrl = /\(REST root (\S+)\)/.exec(running.output())?.[1] ?? ""
      const apiKey = /^API key .*: (\S+)$/m.exec(running.output())?.[1] ?? ""
      const signedIn = (await (
        await fetch(`${restUrl}/generateToken`, {
          method: "POST",
          body: new URLSearchParams({
            username: "publisher_one",
            password: "publisher-pass-local",
            client: "requestip",
            expiration: "60",
            f: "json",
          }),
        })
      ).json()) as { expires: number }
      expect(signedIn.expires - Date.now()).toBeLessThanOrEqual(600_000)
      const found = (await (
        await fetch(`${restUrl}/search?f=json&q=${encodeURIComponent('title:"Park Inventory"')}&token=${apiKey}`)
      ).json()) as { results: ReadonlyArray<{ id: string; size: number }> }
      const data = await fetch(`${restUrl}/content/items/${found.results[0]?.id}/data?token=${apiKey}`, {
        headers: { range: "bytes=5-" },
      })
      expect(data.status).toBe(200)
      expect((await data.arrayBuffer()).byteLength).toBe(found.results[0]?.size)
    } finally {
      running.child.kill("SIGTERM")
      expect((await running.result).code).toBe(0)
    }
  })

  it("a value the emulator refuses is a usage error with its words: exit 2", async () => {
    const rate = await run(["emulator", "--download-rate", "0"], { home: home.path })
    expect(rate.code).toBe(2)
    expect(rate.stderr).toContain("--download-rate must be more than 0 bytes per second")
    const empty = await run(["emulator", "--data-dir="], { home: home.path })
    expect(empty.code).toBe(2)
    expect(empty.stderr).toContain("--data-dir must not be empty")
  })
})
