/**
 * The built CLI (`dist/cli.js`, the package's bin) in its own Node processes: `--help`, `--version`, mistakes on the
 * command line (exit 2), failed starts (exit 1), each a single line on stderr without a stack trace; the start banner;
 * the data directory lock; stopping on SIGINT and SIGTERM; the options that shape answers (`--no-ranges`,
 * `--download-rate`).
 */
import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process"
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { startEmulator } from "../src/index.ts"

const packageDir = fileURLToPath(new URL("..", import.meta.url))
const cli = join(packageDir, "dist", "cli.js")
const packageJson = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")) as {
  version: string
  engines: { node: string }
}

const newestSource = (directory: string): number =>
  Math.max(
    ...readdirSync(directory, { withFileTypes: true }).map((entry) => {
      const path = join(directory, entry.name)
      return entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs
    }),
  )

// Turbo builds the package before its tests; a `vitest run` on its own may find no build, or an older one.
beforeAll(() => {
  if (existsSync(cli) && statSync(cli).mtimeMs >= newestSource(join(packageDir, "src"))) return
  execFileSync(
    process.execPath,
    [join(packageDir, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.build.json"],
    {
      cwd: packageDir,
      stdio: "pipe",
    },
  )
})

const scratch = mkdtempSync(join(tmpdir(), "emulator-cli-"))
const children = new Set<ChildProcess>()
afterAll(() => {
  for (const child of children) child.kill("SIGKILL")
  rmSync(scratch, { recursive: true, force: true })
})

interface Ended {
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  readonly stdout: string
  readonly stderr: string
}

interface Running {
  readonly child: ChildProcess
  readonly stdout: () => string
  readonly stderr: () => string
  readonly ended: Promise<Ended>
}

const spawnCli = (
  args: ReadonlyArray<string>,
  options: { env?: Record<string, string>; nodeOptions?: ReadonlyArray<string> } = {},
): Running => {
  const child = spawn(process.execPath, [...(options.nodeOptions ?? []), cli, ...args], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ARCGIS_PORTAL_EMULATOR_DEBUG: "", ...options.env },
  })
  children.add(child)
  let stdout = ""
  let stderr = ""
  child.stdout?.on("data", (chunk: Buffer) => {
    stdout += chunk.toString()
  })
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString()
  })
  const ended = new Promise<Ended>((resolve) =>
    // `close`, not `exit`: everything the process wrote has been read by then.
    child.on("close", (code, signal) => {
      children.delete(child)
      resolve({ code, signal, stdout, stderr })
    }),
  )
  return { child, stdout: () => stdout, stderr: () => stderr, ended }
}

/** Runs the CLI to its end. */
const run = (args: ReadonlyArray<string>, options?: Parameters<typeof spawnCli>[1]): Promise<Ended> =>
  spawnCli(args, options).ended

/** Starts the CLI and waits for its whole banner; fails when the process ends first. */
const launch = async (args: ReadonlyArray<string>): Promise<Running> => {
  const running = spawnCli(args)
  await new Promise<void>((resolve, reject) => {
    const check = () => {
      if (running.stdout().includes("Stop with Ctrl-C.")) resolve()
    }
    running.child.stdout?.on("data", check)
    void running.ended.then((ended) =>
      reject(new Error(`the emulator ended before it started: ${JSON.stringify(ended)}`)),
    )
  })
  return running
}

/** A single line, with no stack trace. */
const expectOneLine = (stderr: string): string => {
  expect(stderr).toMatch(/^arcgis-portal-emulator: [^\n]+\n$/)
  expect(stderr).not.toMatch(/^\s+at /m)
  return stderr.trimEnd()
}

describe.concurrent("usage", () => {
  it.each([["--help"], ["-h"]])("%s prints the usage with every option and its default, exit 0", async (flag) => {
    const { code, stdout, stderr } = await run([flag])
    expect([code, stderr]).toEqual([0, ""])
    expect(stdout).toMatch(/^Usage: arcgis-portal-emulator \[options\]/)
    for (const option of ["--port", "--host", "--data-dir", "--no-seed", "--token-ttl", "--latency", "--version"])
      expect(stdout).toContain(option)
    expect(stdout).toContain("(default: 7080)")
  })

  it.each([["--version"], ["-v"]])("%s prints the package's version, exit 0", async (flag) => {
    expect(await run([flag])).toMatchObject({ code: 0, stdout: `${packageJson.version}\n`, stderr: "" })
  })

  it.each([
    [["--bogus"], /unknown option "--bogus"/],
    [["--port", "abc"], /--port must be an integer from 0 to 65535, got "abc"/],
    [["--port", "65536"], /--port must be an integer from 0 to 65535/],
    [["--port"], /--port needs a value/],
    [["--data-dir"], /--data-dir needs a value/],
    [["--token-ttl", "-1"], /--token-ttl must be a non-negative number/],
    [["--latency", "soon"], /--latency must be a non-negative number/],
    [["positional"], /unexpected argument "positional"/],
  ])("%j: one line, exit 2", async (args, message) => {
    const { code, stdout, stderr } = await run(args)
    expect(code).toBe(2)
    expect(stdout).toBe("")
    expect(expectOneLine(stderr)).toMatch(message)
  })

  it("a start failure is one line, exit 1; ARCGIS_PORTAL_EMULATOR_DEBUG=1 adds the stack", async () => {
    const notADirectory = join(scratch, "a-file")
    writeFileSync(notADirectory, "")
    const plain = await run(["--port", "0", "--data-dir", notADirectory])
    expect(plain.code).toBe(1)
    expect(expectOneLine(plain.stderr)).toContain(notADirectory)
    const debug = await run(["--port", "0", "--data-dir", notADirectory], {
      env: { ARCGIS_PORTAL_EMULATOR_DEBUG: "1" },
    })
    expect(debug.code).toBe(1)
    expect(debug.stderr).toMatch(/^\s+at /m)
  })

  it("a Node without node:sqlite gets a one-line hint, exit 1", async (context) => {
    // Node 24 can still switch node:sqlite off, which is how an older Node looks to the emulator.
    const probe = spawnSync(process.execPath, [
      "--no-experimental-sqlite",
      "-e",
      "import('node:sqlite').then(() => process.exit(0), () => process.exit(3))",
    ])
    if (probe.status !== 3) context.skip()
    const { code, stderr } = await run(["--port", "0"], { nodeOptions: ["--no-experimental-sqlite"] })
    expect(code).toBe(1)
    expect(expectOneLine(stderr)).toBe(
      `arcgis-portal-emulator: this Node (${process.version}) has no node:sqlite, which the emulator keeps its state in: use Node ${packageJson.engines.node}`,
    )
  })
})

describe("a running emulator", () => {
  const dataDir = join(scratch, "portal")
  const lockFile = join(dataDir, "emulator.lock")
  /** A process that has ended: its pid holds no process. */
  const deadPid = spawnSync(process.execPath, ["-e", ""]).pid as number
  let emulator: Running
  let restUrl = ""

  beforeAll(async () => {
    // A lock left behind by a crashed emulator.
    mkdirSync(dataDir)
    writeFileSync(lockFile, JSON.stringify({ pid: deadPid, started: 1 }))
    emulator = await launch(["--port", "0", "--data-dir", dataDir])
    restUrl = /\(REST root (\S+)\)/.exec(emulator.stdout())?.[1] ?? ""
  })

  it("prints the URL, REST root, seeded accounts, API key and OAuth app (local-only secrets)", async () => {
    const banner = emulator.stdout()
    const secrets = JSON.parse(readFileSync(join(dataDir, "seed-secrets.json"), "utf8")) as {
      apiKey: string
      app: { clientId: string; clientSecret: string }
    }
    expect(banner).toMatch(/^ArcGIS portal emulator at http:\/\/127\.0\.0\.1:\d+\/portal \(REST root /)
    expect(restUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/portal\/sharing\/rest$/)
    expect(banner).toContain(`Data directory: ${dataDir}\n`)
    expect(banner).toContain("Seeded accounts (passwords for this local emulator only):")
    for (const line of [
      "portal_admin / admin-pass-local",
      "publisher_one / publisher-pass-local",
      "user_one / user-pass-local",
      "viewer_one / viewer-pass-local",
    ])
      expect(banner).toContain(line)
    expect(banner).toContain(`API key (local-only secret; acts as publisher_one): ${secrets.apiKey}\n`)
    expect(banner).toContain(
      `OAuth app (local-only secrets): client id ${secrets.app.clientId}, client secret ${secrets.app.clientSecret}\n`,
    )
    // The printed key works.
    const self = (await (await fetch(`${restUrl}/portals/self?f=json&token=${secrets.apiKey}`)).json()) as {
      user?: { username?: string }
    }
    expect(self.user?.username).toBe("publisher_one")
  })

  it("took over the stale lock with a one-line warning, and holds it", () => {
    expect(emulator.stderr()).toMatch(
      new RegExp(
        `^\\[emulator\\] [^\\n]*taking over the lock of pid ${deadPid}, which is no longer running[^\\n]*\\n$`,
      ),
    )
    expect(JSON.parse(readFileSync(lockFile, "utf8")).pid).toBe(emulator.child.pid)
  })

  it("a second CLI on the same data dir is refused: one line naming the dir and the pid, exit 1", async () => {
    const { code, stdout, stderr } = await run(["--port", "0", "--data-dir", dataDir])
    expect([code, stdout]).toEqual([1, ""])
    expect(expectOneLine(stderr)).toContain(`${dataDir} is in use by another emulator (pid ${emulator.child.pid})`)
  })

  it("startEmulator on the same data dir is refused too", async () => {
    await expect(startEmulator({ dataDir })).rejects.toThrow(
      `${dataDir} is in use by another emulator (pid ${emulator.child.pid})`,
    )
  })

  it("a port in use: one line naming host:port and EADDRINUSE, exit 1, and no lock left behind", async () => {
    const port = new URL(restUrl).port
    const other = join(scratch, "other")
    const { code, stderr } = await run(["--port", port, "--no-seed", "--data-dir", other])
    expect(code).toBe(1)
    expect(expectOneLine(stderr)).toContain(`cannot listen on 127.0.0.1:${port}: the port is in use (EADDRINUSE)`)
    expect(existsSync(join(other, "emulator.lock"))).toBe(false)
  })

  it("SIGINT stops it (exit 0) and releases the lock", async () => {
    emulator.child.kill("SIGINT")
    expect((await emulator.ended).code).toBe(0)
    expect(existsSync(lockFile)).toBe(false)
  })

  it("restarts on the data dir without a warning, with the same secrets; SIGTERM stops it and releases the lock", async () => {
    const restarted = await launch(["--port", "0", "--data-dir", dataDir])
    const apiKey = (banner: string) => /^API key .*: (\S+)$/m.exec(banner)?.[1]
    expect(apiKey(restarted.stdout())).toBe(apiKey(emulator.stdout()))
    restarted.child.kill("SIGTERM")
    const ended = await restarted.ended
    expect([ended.code, ended.stderr]).toEqual([0, ""])
    expect(existsSync(lockFile)).toBe(false)
  })
})

describe("the banner follows the data directory, not the flag", () => {
  it("a directory first started with --no-seed lists only the administrator when started again without it", async () => {
    const dir = join(scratch, "unseeded")
    const first = await launch(["--port", "0", "--no-seed", "--data-dir", dir])
    first.child.kill("SIGTERM")
    await first.ended
    const again = await launch(["--port", "0", "--data-dir", dir])
    try {
      const banner = again.stdout()
      expect(banner).toContain("portal_admin / ")
      expect(banner).not.toContain("publisher_one")
      expect(banner).not.toContain("user_one")
      expect(banner).toContain("API key: none (--no-seed)")
    } finally {
      again.child.kill("SIGTERM")
      await again.ended
    }
  })
})

describe("--no-ranges and --download-rate reach the emulator", () => {
  it("with a download rate set, a Range on item data is answered whole (200), every byte", async () => {
    const running = await launch(["--port", "0", "--no-ranges", "--download-rate", "1048576"])
    try {
      const restUrl = /\(REST root (\S+)\)/.exec(running.stdout())?.[1] ?? ""
      const apiKey = /^API key .*: (\S+)$/m.exec(running.stdout())?.[1] ?? ""
      const found = (await (
        await fetch(`${restUrl}/search?f=json&q=${encodeURIComponent('title:"Park Inventory"')}&token=${apiKey}`)
      ).json()) as { results: ReadonlyArray<{ id: string; size: number }> }
      const [item] = found.results
      expect(item).toBeDefined()
      const response = await fetch(`${restUrl}/content/items/${item?.id}/data?token=${apiKey}`, {
        headers: { range: "bytes=5-" },
      })
      expect(response.status).toBe(200)
      expect(response.headers.get("content-range")).toBeNull()
      expect((await response.arrayBuffer()).byteLength).toBe(item?.size)
    } finally {
      running.child.kill("SIGTERM")
      await running.ended
    }
  })
})
