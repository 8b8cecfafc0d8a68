/**
 * A `fetch` that answers from a script and records what it was sent.
 *
 * @example
 * import { ScriptedFetch } from "@arcgis-portal/core/testing"
 * const scripted = ScriptedFetch.make(() => ({ json: { currentVersion: "2024.1" } }))
 *
 * @module
 */

/** A request as the scripted fetch saw it. */
export interface Recorded {
  readonly method: string
  readonly url: URL
  readonly headers: Headers
  /** Body parameters (form or multipart), file parts excluded. */
  readonly body: Readonly<Record<string, string>>
  /** File parts of a multipart body. */
  readonly files: Readonly<Record<string, { readonly fileName: string; readonly bytes: Uint8Array }>>
  readonly contentType: string | undefined
  /** The request's abort signal (aborted when the SDK interrupts or times out the request). */
  readonly signal: AbortSignal
}

/** What the script answers. */
export type Reply =
  | {
      readonly status?: number | undefined
      readonly json?: unknown
      readonly body?: string | Uint8Array | ReadableStream<Uint8Array> | undefined
      readonly headers?: Readonly<Record<string, string>> | undefined
    }
  /** The connection was refused: the request never reached the server. */
  | "refused"
  /** The connection dropped after the request was sent. */
  | "reset"
  /** Never answers (until the request is aborted). */
  | "hang"

/** A fake `fetch` answering from a script, and the requests it received; made with {@link make}. */
export interface ScriptedFetch {
  /** Pass it to `Portal.layer({ url, auth, fetch })` (or `Network.layer`) to route the SDK's requests here. */
  readonly fetch: typeof globalThis.fetch
  /** Every request received, in order. */
  readonly requests: Array<Recorded>
}

const networkError = (code: string) =>
  Object.assign(new TypeError("fetch failed"), { cause: Object.assign(new Error(code), { code }) })

/** Makes a scripted fetch; `script` gets each request and its 0-based index. */
export const make = (script: (request: Recorded, index: number) => Reply | Promise<Reply>): ScriptedFetch => {
  const requests: Array<Recorded> = []
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init)
    const contentType = request.headers.get("content-type") ?? undefined
    const body: Record<string, string> = {}
    const files: Record<string, { fileName: string; bytes: Uint8Array }> = {}
    if (request.method !== "GET" && request.body !== null) {
      const form = await request.formData()
      for (const [name, value] of form.entries()) {
        // Own properties even for a field named `__proto__`.
        const entry =
          typeof value === "string" ? value : { fileName: value.name, bytes: new Uint8Array(await value.arrayBuffer()) }
        Object.defineProperty(typeof value === "string" ? body : files, name, {
          value: entry,
          enumerable: true,
          writable: true,
          configurable: true,
        })
      }
    }
    const recorded: Recorded = {
      method: request.method,
      url: new URL(request.url),
      headers: request.headers,
      body,
      files,
      contentType,
      signal: request.signal,
    }
    const index = requests.length
    requests.push(recorded)
    const reply = await script(recorded, index)
    if (reply === "refused") throw networkError("ECONNREFUSED")
    if (reply === "reset") throw networkError("ECONNRESET")
    if (reply === "hang") {
      return new Promise<Response>((_, reject) => {
        const abort = () => reject(request.signal.reason ?? new DOMException("Aborted", "AbortError"))
        if (request.signal.aborted) abort()
        else request.signal.addEventListener("abort", abort, { once: true })
      })
    }
    const headers = new Headers(reply.headers ?? {})
    let payload: BodyInit | null = null
    if (reply.json !== undefined) {
      payload = JSON.stringify(reply.json)
      if (!headers.has("content-type")) headers.set("content-type", "application/json; charset=utf-8")
    } else if (reply.body !== undefined) {
      payload = reply.body as BodyInit
    }
    return new Response(payload, { status: reply.status ?? 200, headers })
  }
  return { fetch: fetch as typeof globalThis.fetch, requests }
}

/** The token a recorded request carried, wherever it was put (header, body or query). */
export const tokenOf = (request: Recorded): string | undefined => {
  const header = request.headers.get("x-esri-authorization") ?? request.headers.get("authorization")
  if (header?.startsWith("Bearer ")) return header.slice("Bearer ".length)
  return request.body.token ?? request.url.searchParams.get("token") ?? undefined
}

/** The request's path relative to `/sharing/rest/`, for matching in scripts. */
export const route = (request: Recorded): string => request.url.pathname.replace(/^.*\/sharing\/rest\/?/, "")
