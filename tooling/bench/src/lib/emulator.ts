/** Starts the emulator in a child process, signs in, and seeds what the benchmarks need. */
import { spawn } from "node:child_process"
import { createInterface } from "node:readline"
import { benchRoot, firstJsonLine } from "./proc.ts"

export interface Emulator {
  readonly url: string
  readonly restUrl: string
  readonly apiKey: string
  readonly dataDir: string
  readonly publisher: { readonly username: string; readonly password: string }
  /** A publisher token (generateToken, 14 days). */
  readonly token: string
  readonly pid: number
  /** The emulated latency of every answer from now on (`latencyMs` of the emulator), once the emulator says so. */
  readonly setLatency: (latencyMs: number) => Promise<void>
  readonly stop: () => Promise<void>
}

export const startEmulatorProcess = async (
  options: {
    readonly dataDir?: string
    readonly latencyMs?: number
    /** The emulator's per-connection upload cap (its network model, B2). */
    readonly uploadBytesPerSecond?: number
  } = {},
): Promise<Emulator> => {
  const child = spawn(process.execPath, [`${benchRoot}src/emulator-server.ts`, JSON.stringify(options)], {
    cwd: benchRoot,
    stdio: ["pipe", "pipe", "pipe"],
  })
  const handle = (await firstJsonLine(child, "emulator")) as Omit<Emulator, "token" | "pid" | "stop">
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()))
  // After its first line, the emulator process answers each command (a JSON line on its stdin) with one
  // `{"ack":…}` line, in order.
  const waiting: Array<(ack: Record<string, unknown>) => void> = []
  createInterface({ input: child.stdout }).on("line", (line) => {
    let parsed: { ack?: Record<string, unknown> }
    try {
      parsed = JSON.parse(line) as { ack?: Record<string, unknown> }
    } catch {
      return
    }
    if (parsed.ack !== undefined) waiting.shift()?.(parsed.ack)
  })
  const command = (value: Record<string, unknown>) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const onExit = () => reject(new Error(`emulator exited before it answered ${JSON.stringify(value)}`))
      child.once("exit", onExit)
      waiting.push((ack) => {
        child.off("exit", onExit)
        resolve(ack)
      })
      child.stdin.write(`${JSON.stringify(value)}\n`)
    })
  const setLatency = async (latencyMs: number) => {
    const ack = await command({ latencyMs })
    if (ack.latencyMs !== latencyMs) throw new Error(`emulator refused latencyMs ${latencyMs}: ${JSON.stringify(ack)}`)
  }
  const stop = async () => {
    child.stdin.end()
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000)
    await exited
    clearTimeout(timer)
  }
  try {
    const response = await fetch(`${handle.restUrl}/generateToken`, {
      method: "POST",
      body: new URLSearchParams({
        f: "json",
        username: handle.publisher.username,
        password: handle.publisher.password,
        client: "requestip",
        expiration: "20160",
      }),
    })
    const body = (await response.json()) as { token?: string; error?: unknown }
    if (typeof body.token !== "string") throw new Error(`generateToken failed: ${JSON.stringify(body)}`)
    return { ...handle, token: body.token, pid: child.pid!, setLatency, stop }
  } catch (error) {
    await stop()
    throw error
  }
}

/** GET `<restUrl>/<path>?f=json&…` with the publisher token in the header. */
export const getJson = async (emulator: Emulator, path: string, params: Record<string, string> = {}) => {
  const query = new URLSearchParams({ f: "json", ...params })
  const response = await fetch(`${emulator.restUrl}/${path}?${query}`, {
    headers: { "X-Esri-Authorization": `Bearer ${emulator.token}` },
  })
  const body = (await response.json()) as Record<string, unknown>
  if (body.error !== undefined) throw new Error(`${path}: ${JSON.stringify(body.error)}`)
  return body
}

export const postForm = async (emulator: Emulator, path: string, body: FormData | URLSearchParams) => {
  const response = await fetch(`${emulator.restUrl}/${path}`, {
    method: "POST",
    headers: { "X-Esri-Authorization": `Bearer ${emulator.token}` },
    body,
  })
  const json = (await response.json()) as Record<string, unknown>
  if (json.error !== undefined) throw new Error(`${path}: ${JSON.stringify(json.error)}`)
  return json
}

/** The tag every B1 item carries. */
export const pagingTag = "benchpaging"

/** How many items `q` finds. */
export const countItems = async (emulator: Emulator, q: string): Promise<number> =>
  (await getJson(emulator, "search", { q, num: "1" })).total as number

/**
 * Adds items tagged {@link pagingTag} through `addItem` (`concurrency` requests at once) until the
 * search finds `count` of them. Returns how many were added and how long it took.
 */
export const seedPagingItems = async (
  emulator: Emulator,
  count: number,
  concurrency = 16,
): Promise<{ readonly added: number; readonly ms: number }> => {
  const have = await countItems(emulator, `tags:${pagingTag}`)
  const missing = Math.max(0, count - have)
  const started = performance.now()
  let next = have
  const end = have + missing
  const addOne = async (n: number) => {
    const body = new URLSearchParams({
      f: "json",
      title: `Bench item ${String(n).padStart(5, "0")}`,
      type: "Web Map",
      tags: `${pagingTag},bench`,
      snippet: "An item for the paging benchmark.",
      text: JSON.stringify({ operationalLayers: [], baseMap: { baseMapLayers: [] }, version: "2.31" }),
    })
    await postForm(emulator, `content/users/${emulator.publisher.username}/addItem`, body)
  }
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < end) {
        const n = next++
        await addOne(n)
      }
    }),
  )
  return { added: missing, ms: performance.now() - started }
}
