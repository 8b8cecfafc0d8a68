/**
 * The emulator's CLI in a separate Node process, run from the TypeScript sources (so a test always runs the code it
 * sits next to, built or not): a process a test can SIGKILL, or one whose event loop can hang without hanging the
 * test, which then notices through its own timers.
 */
import { type ChildProcess, spawn } from "node:child_process"
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs"
import { stripTypeScriptTypes } from "node:module"
import { tmpdir } from "node:os"
import { dirname, join, relative } from "node:path"
import { fileURLToPath } from "node:url"
import { afterAll } from "vitest"

const packageDir = fileURLToPath(new URL("..", import.meta.url))

let compiled: { readonly directory: string; readonly cli: string } | undefined
// Registered when a test file imports this module, so it runs after that file's last test.
afterAll(() => {
  if (compiled !== undefined) rmSync(compiled.directory, { recursive: true, force: true })
  compiled = undefined
})
/**
 * The sources as JavaScript, once per test file: Node can run the `.ts` files itself, but transforming them costs
 * each process a second or more, which a test starting dozens of processes pays once this way. Imports of packages
 * resolve through a link to the package's own `node_modules`.
 */
const compiledCli = (): string => {
  if (compiled !== undefined) return compiled.cli
  const out = mkdtempSync(join(tmpdir(), "emulator-compiled-"))
  writeFileSync(join(out, "package.json"), JSON.stringify({ type: "module" }))
  symlinkSync(join(packageDir, "node_modules"), join(out, "node_modules"), "dir")
  const walk = (directory: string) => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const path = join(directory, entry.name)
      if (entry.isDirectory()) walk(path)
      else if (entry.name.endsWith(".ts")) {
        const target = join(out, relative(packageDir, path)).replace(/\.ts$/, ".js")
        mkdirSync(dirname(target), { recursive: true })
        const code = stripTypeScriptTypes(readFileSync(path, "utf8"), { mode: "transform" })
        writeFileSync(target, code.replace(/((?:from|import)\s*\(?\s*"\.{1,2}\/[^"]+)\.ts"/g, '$1.js"'))
      }
    }
  }
  walk(join(packageDir, "src"))
  compiled = { directory: out, cli: join(out, "src", "cli.js") }
  return compiled.cli
}

export interface ChildEmulator {
  readonly child: ChildProcess
  readonly restUrl: string
  /** Everything the process wrote to stdout and stderr so far. */
  readonly output: () => string
  /** Resolves with the exit code or signal once the process has ended. */
  readonly exited: Promise<number | NodeJS.Signals | null>
  /** SIGTERM (the CLI stops cleanly; SIGKILL after 5 s), then waits for the exit. */
  readonly stop: () => Promise<void>
}

export interface LaunchOptions {
  readonly dataDir: string
  readonly env?: Readonly<Record<string, string>> | undefined
}

/**
 * Starts the CLI; resolves once it prints its REST root, or with `undefined` when the process ends first (a test hook
 * killed it). `process.execPath` is the Node that runs vitest.
 */
export const launch = (options: LaunchOptions): Promise<{ started: ChildEmulator | undefined; output: string }> =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, [compiledCli(), "--port", "0", "--data-dir", options.dataDir], {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, ...options.env },
    })
    let output = ""
    let settled = false
    const exited = new Promise<number | NodeJS.Signals | null>((done) =>
      // `close`, not `exit`: everything the process wrote has been read by then.
      child.on("close", (code, signal) => done(signal ?? code)),
    )
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const match = /REST root (\S+)\)/.exec(output)
      if (match?.[1] && !settled) {
        settled = true
        const restUrl = match[1]
        resolve({
          started: {
            child,
            restUrl,
            output: () => output,
            exited,
            stop: async () => {
              if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM")
              // A process whose event loop is stuck never runs its SIGTERM handler.
              const stuck = setTimeout(() => child.kill("SIGKILL"), 5_000)
              await exited
              clearTimeout(stuck)
            },
          },
          output,
        })
      }
    }
    child.stdout?.on("data", onData)
    child.stderr?.on("data", onData)
    void exited.then(() => {
      if (!settled) {
        settled = true
        resolve({ started: undefined, output })
      }
    })
  })

/** Starts the CLI and fails when it does not come up. */
export const launchOrFail = async (options: LaunchOptions): Promise<ChildEmulator> => {
  const { started, output } = await launch(options)
  if (started === undefined) throw new Error(`the emulator exited before it started:\n${output}`)
  return started
}
