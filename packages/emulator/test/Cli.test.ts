/**
 * The CLI's pieces in this process: the command line, the banner, a start failure as one line, and the data
 * directory lock. `Cli.integration.test.ts` runs the built CLI itself.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterEach, describe, expect, it, vi } from "vitest"
import * as CommandLine from "../src/CommandLine.ts"
import { type Command, optionSpecs, parseCommandLine, usage } from "../src/internal/cli-args.ts"
import { banner, describeStartFailure } from "../src/internal/cli-output.ts"
import { lockDataDirectory, lockFileName } from "../src/internal/lock.ts"

const errorOf = (command: Command): string => {
  expect(command._tag).toBe("UsageError")
  return command._tag === "UsageError" ? command.message : ""
}

describe("command line", () => {
  it("defaults: port 7080 on 127.0.0.1, a temporary data directory, seeded", () => {
    expect(parseCommandLine([])).toEqual({
      _tag: "Start",
      options: {
        port: 7080,
        host: "127.0.0.1",
        dataDir: undefined,
        seed: true,
        tokenTtlSeconds: undefined,
        latencyMs: undefined,
      },
    })
  })

  it("reads every option, as `--name value` or `--name=value`", () => {
    expect(
      parseCommandLine([
        "--port=0",
        "--host",
        "::1",
        "--data-dir",
        "./portal data",
        "--no-seed",
        "--token-ttl",
        "3600",
        "--latency=12.5",
      ]),
    ).toEqual({
      _tag: "Start",
      options: { port: 0, host: "::1", dataDir: "./portal data", seed: false, tokenTtlSeconds: 3600, latencyMs: 12.5 },
    })
  })

  it("--no-ranges and --download-rate: ranges answered whole, file bodies at a rate", () => {
    expect(parseCommandLine(["--no-ranges", "--download-rate", "65536"])).toMatchObject({
      _tag: "Start",
      options: { serveRanges: false, downloadBytesPerSecond: 65_536 },
    })
    expect(parseCommandLine(["--download-rate=1048576.5"])).toMatchObject({
      options: { serveRanges: undefined, downloadBytesPerSecond: 1_048_576.5 },
    })
  })

  it("emulatorOptions: every option of the command line reaches startEmulator", () => {
    const parsed = parseCommandLine([
      "--port=0",
      "--host=::1",
      "--data-dir=d",
      "--no-seed",
      "--token-ttl=60",
      "--latency=5",
      "--no-ranges",
      "--download-rate=1000",
    ])
    expect(parsed._tag).toBe("Start")
    if (parsed._tag !== "Start") return
    expect(CommandLine.emulatorOptions(parsed.options)).toStrictEqual({
      port: 0,
      host: "::1",
      dataDir: "d",
      seed: false,
      tokenTtlSeconds: 60,
      latencyMs: 5,
      serveRanges: false,
      downloadBytesPerSecond: 1000,
    })
    expect(Object.keys(CommandLine.emulatorOptions(parsed.options)).sort()).toEqual(Object.keys(parsed.options).sort())
  })

  it("every option but --help and --version configures a start, with how its value is read", () => {
    expect(CommandLine.startOptionSpecs.map((spec) => spec.name)).toEqual(
      optionSpecs.map((spec) => spec.name).filter((name) => name !== "help" && name !== "version"),
    )
    expect(CommandLine.startOptionSpecs.filter((spec) => spec.kind === "switch").map((spec) => spec.name)).toEqual([
      "no-seed",
      "no-ranges",
    ])
    for (const spec of CommandLine.startOptionSpecs) if (spec.kind !== "switch") expect(spec.value).toMatch(/^<.+>$/)
  })

  it("--help and -h, --version and -v, wherever they are", () => {
    expect(parseCommandLine(["--port", "1", "--help"])._tag).toBe("Help")
    expect(parseCommandLine(["-h"])._tag).toBe("Help")
    expect(parseCommandLine(["--version"])._tag).toBe("Version")
    expect(parseCommandLine(["--bogus", "-v"])._tag).toBe("Version")
  })

  it.each([
    [["--bogus"], 'unknown option "--bogus"'],
    [["--bogus=1"], 'unknown option "--bogus"'],
    [["-x"], 'unknown option "-x"'],
    [["extra"], 'unexpected argument "extra"'],
    [["--port", "abc"], '--port must be an integer from 0 to 65535, got "abc"'],
    [["--port", "65536"], "--port must be an integer from 0 to 65535"],
    [["--port", "-1"], '--port must be an integer from 0 to 65535, got "-1"'],
    [["--port", "80.5"], "--port must be an integer from 0 to 65535"],
    [["--port="], '--port must be an integer from 0 to 65535, got ""'],
    [["--port"], "--port needs a value: --port <port>"],
    [["--data-dir", "--port", "1"], "--data-dir needs a value"],
    [["--host", ""], "--host must not be empty"],
    [["--token-ttl", "-5"], '--token-ttl must be a non-negative number of seconds, got "-5"'],
    [["--token-ttl", "1e3"], "--token-ttl must be a non-negative number of seconds"],
    [["--latency", "abc"], '--latency must be a non-negative number of milliseconds, got "abc"'],
    [["--latency", "Infinity"], "--latency must be a non-negative number"],
    [["--no-seed=yes"], "--no-seed takes no value"],
    [["--no-ranges=false"], "--no-ranges takes no value"],
    [["--download-rate", "0"], '--download-rate must be a positive number of bytes per second, got "0"'],
    [["--download-rate", "fast"], "--download-rate must be a positive number of bytes per second"],
    [["--download-rate"], "--download-rate needs a value: --download-rate <bytes/s>"],
    [["--latency", "9".repeat(400)], "--latency must be a non-negative number of milliseconds"],
  ])("%j is refused: %s", (args, message) => {
    expect(errorOf(parseCommandLine(args))).toContain(message)
  })

  it("an error stays one line, whatever the value holds", () => {
    const message = errorOf(parseCommandLine(["--port", `1\n    at evil (x.js:1:1)\n${"9".repeat(500)}`]))
    expect(message).not.toContain("\n")
    expect(message.length).toBeLessThan(200)
  })

  it("--help lists every option with its default", () => {
    const text = usage()
    for (const spec of optionSpecs) {
      const line = text.split("\n").find((candidate) => candidate.includes(`--${spec.name}`))
      expect(line, spec.name).toBeDefined()
      if (spec.short !== undefined) expect(line).toContain(`-${spec.short}, `)
      if (spec.default !== undefined) expect(line).toContain(`(default: ${spec.default})`)
    }
    expect(text).toContain("(default: 7080)")
    expect(text).toContain("(default: 127.0.0.1)")
    expect(text).toContain("ARCGIS_PORTAL_EMULATOR_DEBUG=1")
    expect(text).toContain("seed-secrets.json")
  })
})

const handle = {
  url: "http://127.0.0.1:7080/portal",
  restUrl: "http://127.0.0.1:7080/portal/sharing/rest",
  dataDir: "/data/portal",
  accounts: {
    admin: { username: "portal_admin", password: "admin-pass-local" },
    publisher: { username: "publisher_one", password: "publisher-pass-local" },
    user: { username: "user_one", password: "user-pass-local" },
    viewer: { username: "viewer_one", password: "viewer-pass-local" },
  },
  apiKey: "AAPKexample",
  app: { clientId: "ClientIdExample1", clientSecret: "client-secret-example" },
  recovered: { orphanItems: 0, temporaryFiles: 0 },
}

describe("banner", () => {
  it("URL, REST root, accounts, API key and OAuth app, marked local-only", () => {
    const text = banner(handle, { seeded: true, temporaryDataDir: false })
    expect(text.split("\n")[0]).toBe(
      "ArcGIS portal emulator at http://127.0.0.1:7080/portal (REST root http://127.0.0.1:7080/portal/sharing/rest)",
    )
    for (const account of Object.values(handle.accounts))
      expect(text).toContain(`${account.username} / ${account.password}`)
    expect(text).toMatch(/^API key \(local-only secret; acts as publisher_one\): AAPKexample$/m)
    expect(text).toMatch(
      /^OAuth app \(local-only secrets\): client id ClientIdExample1, client secret client-secret-example$/m,
    )
    expect(text).toContain(join("/data/portal", "seed-secrets.json"))
    expect(text).not.toContain("Recovered")
  })

  it("--no-seed: only the administrator, no API key", () => {
    const text = banner(handle, { seeded: false, temporaryDataDir: true })
    expect(text).toContain("portal_admin / admin-pass-local")
    expect(text).not.toContain("publisher_one")
    expect(text).not.toContain("AAPKexample")
    expect(text).toContain("client id ClientIdExample1")
    expect(text).toContain("(temporary, removed on exit")
  })

  it("ends with the commands to try, when the caller gives them", () => {
    const text = banner(handle, { seeded: true, temporaryDataDir: false, tryIt: ["arcgis-portal users list"] })
    expect(text.endsWith("Stop with Ctrl-C.\n\nTry it from another terminal:\n  arcgis-portal users list\n")).toBe(true)
    expect(banner(handle, { seeded: true, temporaryDataDir: false })).not.toContain("Try it")
  })

  it("says what start-up recovery removed", () => {
    const text = banner(
      { ...handle, recovered: { orphanItems: 2, temporaryFiles: 1 } },
      { seeded: true, temporaryDataDir: false },
    )
    expect(text).toContain("removed 2 unreferenced item folders and 1 temporary files")
  })
})

describe("a start failure in one line", () => {
  const runtime = { nodeVersion: "v22.4.0", requiredNode: ">=22.19" }
  const listenError = (code: string, address: string, port: number) =>
    Object.assign(new Error(`listen ${code}: address already in use ${address}:${port}`), {
      code,
      syscall: "listen",
      address,
      port,
    })

  it("a port in use names the address and EADDRINUSE", () => {
    expect(
      describeStartFailure(listenError("EADDRINUSE", "127.0.0.1", 7080), { host: "127.0.0.1", port: 7080 }, runtime),
    ).toMatch(/^cannot listen on 127\.0\.0\.1:7080: the port is in use \(EADDRINUSE\)/)
    expect(describeStartFailure(listenError("EADDRINUSE", "::1", 80), { host: "::1", port: 80 }, runtime)).toContain(
      "[::1]:80",
    )
  })

  it("a Node without node:sqlite gets the version it needs", () => {
    const error = Object.assign(new Error("No such built-in module: node:sqlite"), {
      code: "ERR_UNKNOWN_BUILTIN_MODULE",
    })
    expect(describeStartFailure(error, { host: "127.0.0.1", port: 0 }, runtime)).toBe(
      "this Node (v22.4.0) has no node:sqlite, which the emulator keeps its state in: use Node >=22.19",
    )
  })

  it("anything else: its message, on one line", () => {
    expect(describeStartFailure(new Error("first\n  second"), { host: "127.0.0.1", port: 0 }, runtime)).toBe(
      "first second",
    )
    expect(describeStartFailure("plain", { host: "127.0.0.1", port: 0 }, runtime)).toBe("plain")
  })
})

describe("data directory lock", () => {
  const directories: Array<string> = []
  const directory = () => {
    const created = mkdtempSync(join(tmpdir(), "emulator-lock-"))
    directories.push(created)
    return created
  }
  afterEach(() => {
    vi.restoreAllMocks()
    for (const each of directories.splice(0)) rmSync(each, { recursive: true, force: true })
  })
  const lockOf = (dataDir: string) => JSON.parse(readFileSync(join(dataDir, lockFileName), "utf8")) as { pid: number }

  it("holds the pid; a second lock in this process is refused; release removes it", () => {
    const dataDir = directory()
    const lock = lockDataDirectory(dataDir)
    expect(lockOf(dataDir).pid).toBe(process.pid)
    expect(() => lockDataDirectory(dataDir)).toThrow(
      `${dataDir} is in use by another emulator (pid ${process.pid}, this process)`,
    )
    lock.release()
    lock.release()
    expect(existsSync(join(dataDir, lockFileName))).toBe(false)
    lockDataDirectory(dataDir).release()
  })

  it("our own pid written by an earlier process (a restarted container) is stale: taken over with a warning", () => {
    const dataDir = directory()
    writeFileSync(join(dataDir, lockFileName), JSON.stringify({ pid: process.pid, started: 1 }))
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {})
    const lock = lockDataDirectory(dataDir)
    expect(warn).toHaveBeenCalledOnce()
    expect(String(warn.mock.calls[0]?.[0])).toContain(`taking over the lock of pid ${process.pid}`)
    lock.release()
  })

  it("an unreadable lock (a crash while it was written) is taken over", () => {
    const dataDir = directory()
    writeFileSync(join(dataDir, lockFileName), "")
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {})
    const lock = lockDataDirectory(dataDir)
    expect(String(warn.mock.calls[0]?.[0])).toContain("an unknown process")
    expect(lockOf(dataDir).pid).toBe(process.pid)
    lock.release()
  })

  it("release leaves a lock another process has taken over since", () => {
    const dataDir = directory()
    const lock = lockDataDirectory(dataDir)
    writeFileSync(join(dataDir, lockFileName), JSON.stringify({ pid: 1, started: 1 }))
    lock.release()
    expect(lockOf(dataDir).pid).toBe(1)
  })
})
