/**
 * Test helpers: an emulator per test file, a temporary HOME per test (profiles live there), and the bundled
 * binary spawned as a real process — on pipes, or on a pseudo-terminal through util-linux `script`.
 */
import { spawn } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { type EmulatorHandle, startEmulator } from "@arcgis-portal/emulator"

type Account = "admin" | "publisher" | "user" | "viewer"

export const binary = fileURLToPath(new URL("../dist/arcgis-portal.js", import.meta.url))

/** What a run of the binary left behind. */
export interface Result {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

export interface RunOptions {
  /** The temporary home (HOME and the profiles' directory). */
  readonly home: string
  readonly stdin?: string | undefined
  readonly env?: Readonly<Record<string, string | undefined>> | undefined
  readonly timeoutMs?: number | undefined
  /** Called with each chunk of stderr as it arrives (to answer an OAuth sign-in while the process waits). */
  readonly onStderr?: ((text: string) => void) | undefined
  readonly cwd?: string | undefined
}

const baseEnv = (home: string, env: RunOptions["env"]) => {
  const result: Record<string, string> = {}
  for (const [key, value] of Object.entries(process.env))
    if (value !== undefined && !key.startsWith("ARCGIS_")) result[key] = value
  Object.assign(result, { HOME: home, ARCGIS_PORTAL_KEYRING: "off", NO_COLOR: "1" })
  for (const [key, value] of Object.entries(env ?? {})) {
    if (value === undefined) delete result[key]
    else result[key] = value
  }
  return result
}

/** Starts `arcgis-portal <args>` with pipes for stdin, stdout and stderr; `result` settles when it exits. */
export const start = (args: ReadonlyArray<string>, options: RunOptions) => {
  const child = spawn(process.execPath, [binary, ...args], {
    env: baseEnv(options.home, options.env),
    stdio: ["pipe", "pipe", "pipe"],
    cwd: options.cwd ?? options.home,
  })
  const result = new Promise<Result>((resolve, reject) => {
    let stdout = ""
    let stderr = ""
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk
    })
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk
      options.onStderr?.(chunk)
    })
    const timer = setTimeout(() => {
      child.kill("SIGKILL")
      reject(new Error(`arcgis-portal ${args.join(" ")} timed out\nstdout: ${stdout}\nstderr: ${stderr}`))
    }, options.timeoutMs ?? 60_000)
    child.on("error", reject)
    child.on("close", (code) => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr })
    })
  })
  child.stdin.end(options.stdin ?? "")
  return { child, result }
}

/** Runs `arcgis-portal <args>` with pipes for stdin, stdout and stderr. */
export const run = (args: ReadonlyArray<string>, options: RunOptions): Promise<Result> => start(args, options).result

/** A seeded account's token, for checking the portal's state from a test. */
const tokens = new Map<string, Promise<string>>()

export const tokenOf = (emulator: EmulatorHandle, account: Account): Promise<string> => {
  const key = `${emulator.url} ${account}`
  const known = tokens.get(key)
  if (known !== undefined) return known
  const token = generate(emulator, account)
  tokens.set(key, token)
  return token
}

const generate = async (emulator: EmulatorHandle, account: Account): Promise<string> => {
  const response = await fetch(`${emulator.restUrl}/generateToken`, {
    method: "POST",
    body: new URLSearchParams({ f: "json", ...emulator.accounts[account], client: "referer", referer: "cli-test" }),
  })
  return ((await response.json()) as { token: string }).token
}

/** Calls the portal's REST API directly (GET with a query, POST with a form), as `account`. */
export const rest = async <A = Record<string, unknown>>(
  emulator: EmulatorHandle,
  account: Account,
  path: string,
  params: Readonly<Record<string, string>> = {},
  method: "GET" | "POST" = "GET",
): Promise<A> => {
  const token = await tokenOf(emulator, account)
  const headers = { "X-Esri-Authorization": `Bearer ${token}` }
  const query = new URLSearchParams({ f: "json", ...params })
  const response =
    method === "GET"
      ? await fetch(`${emulator.restUrl}/${path}?${query}`, { headers })
      : await fetch(`${emulator.restUrl}/${path}`, { method: "POST", headers, body: query })
  return (await response.json()) as A
}

const shellQuote = (text: string) => `'${text.replaceAll("'", "'\\''")}'`

/**
 * Runs `arcgis-portal <args>` on a pseudo-terminal (util-linux `script`), as a person at a terminal would: stdin,
 * stdout and stderr are the terminal, so stdout and stderr arrive merged. Each answer is typed once its prompt has
 * appeared (typed earlier, the terminal would echo it before the program turns echo off).
 */
export const runOnTerminal = (
  args: ReadonlyArray<string>,
  options: RunOptions & {
    readonly answers?: ReadonlyArray<{ readonly when: RegExp; readonly type: string }> | undefined
  },
): Promise<{ readonly code: number | null; readonly output: string }> =>
  new Promise((resolve, reject) => {
    const command = [process.execPath, binary, ...args].map(shellQuote).join(" ")
    const child = spawn("script", ["-qfec", `stty cols 120 2>/dev/null; ${command}`, "/dev/null"], {
      env: baseEnv(options.home, { TERM: "dumb", ...options.env }),
      stdio: ["pipe", "pipe", "pipe"],
      cwd: options.cwd ?? options.home,
    })
    let output = ""
    const pending = [...(options.answers ?? [])]
    const answer = () => {
      const next = pending[0]
      if (next?.when.test(output)) {
        pending.shift()
        // A moment for the prompt to finish switching the terminal to raw mode.
        setTimeout(() => child.stdin.write(next.type), 200)
      }
    }
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      output += chunk
      answer()
    })
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      output += chunk
    })
    const timer = setTimeout(() => {
      child.kill("SIGKILL")
      reject(new Error(`arcgis-portal ${args.join(" ")} timed out on a terminal\n${output}`))
    }, options.timeoutMs ?? 60_000)
    child.on("error", reject)
    child.on("close", (code) => {
      clearTimeout(timer)
      resolve({ code, output })
    })
  })

/** A fresh temporary directory, removed by `cleanup`. */
export const temporaryDirectory = (prefix: string) => {
  const path = mkdtempSync(join(tmpdir(), prefix))
  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) }
}

/** The emulator of a test file, with a temporary data directory (removed on stop). */
export const startPortal = (options: Parameters<typeof startEmulator>[0] = {}): Promise<EmulatorHandle> =>
  startEmulator({ port: 0, ...options })

/** `login` as a seeded account with `--password-stdin`; fails the test when it does not exit 0. */
export const signIn = async (
  emulator: EmulatorHandle,
  home: string,
  account: Account = "publisher",
  profile?: string,
): Promise<void> => {
  const { username, password } = emulator.accounts[account]
  const result = await run(
    [
      "login",
      "--portal",
      emulator.url,
      "--username",
      username,
      "--password-stdin",
      ...(profile === undefined ? [] : ["--profile", profile]),
    ],
    { home, stdin: password },
  )
  if (result.code !== 0) throw new Error(`login failed (${result.code}): ${result.stderr}`)
}

/**
 * `login --oauth` as a seeded account into `profile`, the browser played by {@link playBrowser} as the sign-in URL
 * appears on stderr; fails the test when the sign-in page does not land home.
 */
export const signInWithOAuth = async (
  emulator: EmulatorHandle,
  home: string,
  account: Account,
  profile: string,
): Promise<Result> => {
  let signedIn: Promise<number> | undefined
  const login = await run(
    ["login", "--portal", emulator.url, "--oauth", "--client-id", emulator.app.clientId, "--profile", profile],
    {
      home,
      onStderr: (text) => {
        const url = /(https?:\/\/\S+\/oauth2\/authorize\S*)/.exec(text)?.[1]
        if (url !== undefined && signedIn === undefined) signedIn = playBrowser(url, emulator.accounts[account])
      },
    },
  )
  const landed = await signedIn
  if (landed !== 200) throw new Error(`the OAuth sign-in page answered ${landed}: ${login.stderr}`)
  return login
}

/** Parses stdout as JSON, with the output in the error when it is not. */
export const json = <A = unknown>(result: Result): A => {
  try {
    return JSON.parse(result.stdout) as A
  } catch {
    throw new Error(`not JSON (exit ${result.code}):\nstdout: ${result.stdout}\nstderr: ${result.stderr}`)
  }
}

/** Every line of NDJSON output, parsed. */
export const ndjson = <A = unknown>(result: Result): Array<A> =>
  result.stdout
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as A)

/** Plays the browser of an OAuth sign-in: loads the portal's sign-in page, posts it, follows the redirect home. */
export const playBrowser = async (
  authorizeUrl: string,
  account: { readonly username: string; readonly password: string },
): Promise<number> => {
  const page = await fetch(authorizeUrl)
  const html = await page.text()
  const form = new URLSearchParams()
  for (const match of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g))
    form.set(
      match[1] ?? "",
      (match[2] ?? "").replace(/&#(\d+);/g, (_, code) => String.fromCharCode(Number(code))),
    )
  form.set("username", account.username)
  form.set("password", account.password)
  form.set("action", "signin")
  const answer = await fetch(new URL("authorize", authorizeUrl), { method: "POST", body: form, redirect: "manual" })
  const location = answer.headers.get("location") ?? ""
  const landing = await fetch(location)
  await landing.text()
  return landing.status
}
