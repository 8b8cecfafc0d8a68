/**
 * Reads a request's parameters like the portal — query and body merged, names case-insensitive, multipart streamed to
 * disk — and the helpers that read list, boolean and JSON parameters with the portal's limits. A body is read at most at
 * the emulated network's upload rate (`uploadBytesPerSecond`, throughput.ts), with backpressure to the client.
 */
import { createWriteStream, mkdirSync, rmSync, type WriteStream } from "node:fs"
import type { IncomingMessage } from "node:http"
import { join } from "node:path"
import Busboy from "busboy"
import { badRequest, type Fault } from "./errors.ts"
import { hex32 } from "./ids.ts"
import { bodyOf } from "./throughput.ts"

export const maxParamBytes = 1_048_576
const maxFormBytes = 16 * 1_048_576

export interface UploadedFile {
  readonly field: string
  readonly fileName: string
  readonly path: string
  readonly size: number
}

export interface Params {
  /** The value of a parameter, whatever the case of its name. */
  readonly get: (name: string) => string | undefined
  /** The parameter names as the caller spelled them (lookups with `get` ignore case). */
  readonly names: () => ReadonlyArray<string>
  readonly files: ReadonlyArray<UploadedFile>
}

const tooLarge = (name: string) => badRequest("Invalid request", [`The value of '${name}' is too large.`])

const make = (entries: Array<[string, string]>, files: Array<UploadedFile>): Params => {
  const map = new Map<string, string>()
  const spelled = new Map<string, string>()
  for (const [name, value] of entries) {
    if (typeof name !== "string" || name === "" || typeof value !== "string") continue
    if (value.length > maxParamBytes) throw tooLarge(name.slice(0, 64))
    map.set(name.toLowerCase(), value)
    spelled.set(name.toLowerCase(), name)
  }
  return { get: (name) => map.get(name.toLowerCase()), names: () => [...spelled.values()], files }
}

const readBody = (incoming: IncomingMessage, uploadRate: number | undefined): Promise<string> =>
  new Promise((resolve, reject) => {
    const body = bodyOf(incoming, uploadRate)
    const chunks: Array<Buffer> = []
    let size = 0
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength
      if (size > maxFormBytes) {
        reject(badRequest("Invalid request", ["The request body is too large."]))
        body.stream.off("data", onData)
        body.release()
        return
      }
      chunks.push(chunk)
    }
    body.stream.on("data", onData)
    body.stream.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")))
    incoming.on("error", () => reject(badRequest("Invalid request", ["The request body could not be read."])))
  })

const readMultipart = (
  incoming: IncomingMessage,
  uploadDir: string,
  uploadRate: number | undefined,
): Promise<{ fields: Array<[string, string]>; files: Array<UploadedFile> }> =>
  new Promise((resolve, reject) => {
    let busboy: Busboy.Busboy
    try {
      busboy = Busboy({ headers: incoming.headers, limits: { fieldSize: maxParamBytes, fields: 1_000, files: 50 } })
    } catch {
      reject(badRequest("Invalid request", ["The multipart body could not be parsed."]))
      return
    }
    const body = bodyOf(incoming, uploadRate)
    const fields: Array<[string, string]> = []
    const files: Array<UploadedFile> = []
    const pending: Array<Promise<void>> = []
    // Every file this body started writing, stored or not, so a failed parse leaves none behind.
    const started: Array<{ path: string; out: WriteStream }> = []
    let failure: Fault | undefined
    let settled = false
    const fail = (fault: Fault) => {
      if (settled) return
      settled = true
      body.stream.unpipe(busboy)
      body.release()
      for (const { out } of started) if (!out.writableFinished) out.destroy()
      void Promise.allSettled(pending).then(() => {
        for (const { path } of started) rmSync(path, { force: true })
        reject(fault)
      })
    }
    const unparsable = () => fail(badRequest("Invalid request", ["The multipart body could not be parsed."]))
    busboy.on("field", (name, value, info) => {
      if (info.valueTruncated) failure = tooLarge(name.slice(0, 64))
      else fields.push([name, value])
    })
    busboy.on("file", (field, stream, info) => {
      if (settled) {
        stream.resume()
        return
      }
      mkdirSync(uploadDir, { recursive: true })
      const path = join(uploadDir, hex32())
      const out = createWriteStream(path)
      started.push({ path, out })
      let size = 0
      stream.on("data", (chunk: Buffer) => {
        size += chunk.byteLength
      })
      pending.push(
        new Promise((done, failed) => {
          let stored = false
          out.on("finish", () => {
            stored = true
            files.push({ field: field ?? "", fileName: info.filename || field, path, size })
          })
          // `close` follows both a finished and a destroyed write, so the file handle is released either way.
          out.on("close", () => (stored ? done() : failed(new Error("file part not stored"))))
          out.on("error", () => out.destroy())
          stream.on("error", () => out.destroy())
          stream.pipe(out)
        }),
      )
    })
    busboy.on("error", unparsable)
    incoming.on("aborted", unparsable)
    incoming.on("error", unparsable)
    busboy.on("close", () => {
      Promise.all(pending).then(
        () => {
          if (failure) fail(failure)
          else if (!settled) {
            settled = true
            resolve({ fields, files })
          }
        },
        () => fail(badRequest("Invalid request", ["A file part could not be stored."])),
      )
    })
    body.stream.pipe(busboy)
  })

/**
 * Parses the query string and the body (url-encoded or multipart) of a request, the body read at most at `uploadRate`
 * bytes per second when one is given (the emulator's `uploadBytesPerSecond`).
 */
export const readParams = async (
  url: URL,
  method: string,
  incoming: IncomingMessage,
  uploadDir: string,
  uploadRate?: number,
): Promise<Params> => {
  const entries: Array<[string, string]> = [...url.searchParams.entries()]
  if (method !== "POST") return make(entries, [])
  const type = (incoming.headers["content-type"] ?? "").toLowerCase()
  if (type.startsWith("multipart/form-data")) {
    const { fields, files } = await readMultipart(incoming, uploadDir, uploadRate)
    return make([...entries, ...fields], files)
  }
  const text = await readBody(incoming, uploadRate)
  if (type.includes("application/json")) {
    let parsed: unknown
    try {
      parsed = JSON.parse(text)
    } catch {
      throw badRequest("Invalid request", ["The JSON body could not be parsed."])
    }
    if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) {
      for (const [name, value] of Object.entries(parsed))
        entries.push([name, typeof value === "string" ? value : JSON.stringify(value)])
    }
    return make(entries, [])
  }
  return make([...entries, ...new URLSearchParams(text).entries()], [])
}

/**
 * The most values a list parameter (comma-separated or a JSON array: `tags`, `groups`, `relationshipTypes`,
 * `users`…) may hold: far above any real call, far below what turns one request into tens of thousands of SQL
 * variables (SQLite refuses more than 32,766) or of queries.
 */
export const maxListValues = 1_000

/** `values`, or a 400 envelope when a list parameter holds more than `max` of them. */
export const limitList = <A>(name: string, values: Array<A>, max = maxListValues): Array<A> => {
  if (values.length > max)
    throw badRequest("Invalid request", [`'${name.slice(0, 64)}' holds ${values.length} values; at most ${max}.`])
  return values
}

/** A JSON parameter: `undefined` when absent, a 400 envelope when it is not valid JSON. */
export const jsonParam = (params: Params, name: string): unknown => {
  const raw = params.get(name)
  if (raw === undefined || raw === "") return undefined
  try {
    return JSON.parse(raw)
  } catch {
    throw badRequest("Invalid request", [`'${name}' must be valid JSON.`])
  }
}

/** A `true`/`false` parameter (any case); `undefined` when absent or empty, a 400 envelope for anything else. */
export const boolParam = (params: Params, name: string): boolean | undefined => {
  const raw = params.get(name)
  if (raw === undefined || raw === "") return undefined
  const lower = raw.toLowerCase()
  if (lower === "true") return true
  if (lower === "false") return false
  throw badRequest("Invalid request", [`'${name}' must be true or false.`])
}

/** A comma-separated list parameter, trimmed, without empty values; more than `limitList` allows is a 400 envelope. */
export const commaList = (params: Params, name: string): Array<string> =>
  limitList(
    name,
    (params.get(name) ?? "")
      .split(",")
      .map((entry) => entry.trim())
      .filter((entry) => entry !== ""),
  )
