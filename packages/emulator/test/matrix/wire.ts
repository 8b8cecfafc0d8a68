/** The matrix's HTTP client: one call to any of the emulator's four APIs, its answer read once. */
import { Agent, request as httpRequest } from "node:http"
import type { EmulatorHandle } from "../../src/index.ts"

/** What the matrix needs of a running emulator (which runs in its own process). */
export type Portal = Pick<EmulatorHandle, "url" | "restUrl" | "apiKey" | "app" | "dataDir" | "accounts">

/** Which API a call goes to: the Sharing API, the federated server, the Portal Admin API, the server admin API. */
export type Base = "rest" | "server" | "portaladmin" | "serveradmin"

export interface Call {
  readonly base?: Base
  readonly path: string
  readonly method?: "GET" | "POST"
  readonly params?: Record<string, string>
  readonly files?: Record<string, readonly [Blob, string]>
  /** Sent as `X-Esri-Authorization: Bearer`; none for anonymous calls. */
  readonly token?: string | undefined
  readonly headers?: Record<string, string>
}

export interface Answer {
  readonly status: number
  readonly json: Record<string, any> | undefined
  readonly text: string
}

export const baseUrl = (emulator: Portal, base: Base): string => {
  const server = emulator.url.replace(/\/portal$/, "/server")
  switch (base) {
    case "rest":
      return emulator.restUrl
    case "server":
      return `${server}/rest`
    case "portaladmin":
      return `${emulator.url}/portaladmin`
    case "serveradmin":
      return `${server}/admin`
  }
}

/** Keep-alive connections: tens of thousands of small requests, sent with `node:http` (far less work than fetch). */
const agent = new Agent({ keepAlive: true, maxSockets: 16 })

export const send = async (emulator: Portal, call: Call): Promise<Answer> => {
  const method = call.method ?? "POST"
  const url = new URL(`${baseUrl(emulator, call.base ?? "rest")}/${call.path}`)
  url.searchParams.set("f", "json")
  const headers: Record<string, string> = { ...(call.headers ?? {}) }
  if (call.token) headers["X-Esri-Authorization"] = `Bearer ${call.token}`
  let body: Buffer | undefined
  if (method === "GET") for (const [name, value] of Object.entries(call.params ?? {})) url.searchParams.set(name, value)
  else if (call.files !== undefined) {
    const form = new FormData()
    for (const [name, value] of Object.entries(call.params ?? {})) form.append(name, value)
    for (const [name, [blob, fileName]] of Object.entries(call.files)) form.append(name, blob, fileName)
    const encoded = new Request(url, { method, body: form })
    body = Buffer.from(await encoded.arrayBuffer())
    headers["content-type"] = encoded.headers.get("content-type") ?? ""
  } else {
    body = Buffer.from(new URLSearchParams(call.params ?? {}).toString())
    headers["content-type"] = "application/x-www-form-urlencoded"
  }
  if (body !== undefined) headers["content-length"] = String(body.byteLength)
  const { status, text } = await new Promise<{ status: number; text: string }>((resolve, reject) => {
    const request = httpRequest(url, { method, headers, agent }, (response) => {
      const chunks: Array<Buffer> = []
      response.on("data", (chunk: Buffer) => chunks.push(chunk))
      response.on("end", () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString() }))
      response.on("error", reject)
    })
    request.on("error", reject)
    request.end(body)
  })
  let json: Record<string, any> | undefined
  try {
    const parsed = JSON.parse(text) as unknown
    json = typeof parsed === "object" && parsed !== null ? (parsed as Record<string, any>) : undefined
  } catch {
    json = undefined
  }
  return { status, json, text }
}

/** Runs `work` over `items` with at most `limit` in flight. */
export const pool = async <A, B>(items: ReadonlyArray<A>, limit: number, work: (item: A) => Promise<B>) => {
  const results: Array<B> = new Array(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const index = next++
      results[index] = await work(items[index] as A)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return results
}
