/**
 * What the tests share: an emulator per test file with an administrator's connection (to arrange data and to check
 * what a script did, through the SDK), and a way to run a script as a real process with exactly the environment
 * given — the way a user runs it.
 */
import { spawn } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { type EmulatorHandle, startEmulator } from "@arcgis-portal/emulator"
import { GIS } from "@arcgis-portal/gis"
import { expect } from "vitest"

export const packageDir = fileURLToPath(new URL("../", import.meta.url))

export interface RunResult {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

export type Environment = { readonly [name: string]: string | undefined }

/** The output of every script run in this test file, for {@link secretLeaks}. */
const outputs: Array<{ readonly command: string; readonly text: string }> = []

/**
 * Where a secret appears in the output of any script run in this test file so far: one line per leak, naming the
 * command and the secret's length (never the secret). Empty when nothing leaked.
 */
export const secretLeaks = (secrets: ReadonlyArray<string | undefined>): Array<string> => {
  const known = secrets.filter((secret): secret is string => secret !== undefined && secret.length >= 4)
  expect(outputs.length).toBeGreaterThan(0)
  return outputs.flatMap(({ command, text }) =>
    known
      .filter((secret) => text.includes(secret))
      .map((secret) => `${command}: a secret of ${secret.length} characters`),
  )
}

/**
 * Runs `node src/<script>.ts ...args` (Node's own type stripping, as the README says) with `env` as its whole
 * environment — nothing of the test process's environment leaks in but PATH and HOME.
 */
export const run = (
  script: string,
  args: ReadonlyArray<string>,
  env: Environment,
  options: { readonly cwd?: string; readonly timeoutMs?: number } = {},
): Promise<RunResult> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(packageDir, "src", `${script}.ts`), ...args], {
      cwd: options.cwd ?? packageDir,
      env: Object.fromEntries(
        Object.entries({ PATH: process.env.PATH, HOME: process.env.HOME, ...env }).filter(
          (entry): entry is [string, string] => entry[1] !== undefined,
        ),
      ),
      stdio: ["ignore", "pipe", "pipe"],
    })
    let stdout = ""
    let stderr = ""
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk
    })
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk
    })
    // A hang guard: SIGTERM first (the launcher then stops its emulator), SIGKILL if that is not enough.
    const timer = setTimeout(() => {
      child.kill("SIGTERM")
      setTimeout(() => child.kill("SIGKILL"), 5_000).unref()
    }, options.timeoutMs ?? 240_000)
    child.on("error", reject)
    child.on("close", (code) => {
      clearTimeout(timer)
      outputs.push({ command: [script, ...args].join(" "), text: `${stdout}\n${stderr}` })
      resolve({ code, stdout, stderr })
    })
  })

/** Expects an exit code, showing the script's output when it differs (the output holds no secret: see secrets test). */
export const expectExit = (result: RunResult, code: number): void => {
  expect(result.code, `exit code; stdout:\n${result.stdout}\nstderr:\n${result.stderr}`).toBe(code)
}

export interface Portal {
  readonly emulator: EmulatorHandle
  /** The seeded administrator's connection, to arrange and check. */
  readonly gis: GIS
  /** The environment of a script signed in as the administrator. */
  readonly env: Environment
  /** A temporary directory for CSV files, removed by `close`. */
  readonly dir: string
  readonly close: () => Promise<void>
}

export const startPortal = async (): Promise<Portal> => {
  const emulator = await startEmulator()
  const admin = emulator.accounts.admin
  const gis = await GIS.connect({ url: emulator.url, username: admin.username, password: admin.password })
  const dir = mkdtempSync(join(tmpdir(), "admin-scripts-test-"))
  return {
    emulator,
    gis,
    env: { ARCGIS_PORTAL_URL: emulator.url, ARCGIS_USERNAME: admin.username, ARCGIS_PASSWORD: admin.password },
    dir,
    close: async () => {
      await gis.close()
      await emulator.stop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

export const collect = async <A>(iterable: AsyncIterable<A>): Promise<Array<A>> => {
  const list: Array<A> = []
  for await (const value of iterable) list.push(value)
  return list
}

/** Adds items `count` at a time (the emulator answers faster than one at a time, and the order does not matter). */
export const inParallel = async <A, B>(
  values: ReadonlyArray<A>,
  work: (value: A, index: number) => Promise<B>,
  count = 8,
): Promise<Array<B>> => {
  const results: Array<B> = new Array(values.length)
  let next = 0
  await Promise.all(
    Array.from({ length: Math.min(count, values.length) }, async () => {
      while (next < values.length) {
        const index = next++
        results[index] = await work(values[index] as A, index)
      }
    }),
  )
  return results
}

/** The lines of a script's output that start with `prefix` (after `line N`), for checks per row. */
export const linesWith = (output: string, text: string): Array<string> =>
  output.split("\n").filter((line) => line.includes(text))
