/** Item files on disk: data, parts, thumbnails and metadata, written atomically and read as streams. */

import {
  closeSync,
  createReadStream,
  existsSync,
  fstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs"
import { type FileHandle, open } from "node:fs/promises"
import { join } from "node:path"
import { Readable } from "node:stream"

export const itemDir = (dataDir: string, id: string) => join(dataDir, "items", id)
export const dataPath = (dataDir: string, id: string) => join(itemDir(dataDir, id), "data")
export const partsDir = (dataDir: string, id: string) => join(itemDir(dataDir, id), "parts")
export const infoPath = (dataDir: string, id: string, path: string) => join(itemDir(dataDir, id), "info", path)

/** Moves an uploaded file into place (same file system: a rename, never a copy in memory). */
export const moveInto = (from: string, to: string): void => {
  mkdirSync(join(to, ".."), { recursive: true })
  renameSync(from, to)
}

export const writeBytes = (to: string, data: Uint8Array | string): void => {
  mkdirSync(join(to, ".."), { recursive: true })
  const temporary = `${to}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`
  writeFileSync(temporary, data)
  renameSync(temporary, to)
}

export const sizeOf = (path: string): number => (existsSync(path) ? statSync(path).size : 0)

export const stream = (path: string): ReadableStream<Uint8Array> =>
  Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>

/**
 * A file to send: its size and its bytes, both from one open descriptor. Files are replaced by rename (`writeBytes`,
 * `moveInto`), so a size read by path and bytes read by path a moment later can belong to two versions of the file —
 * and a `Content-Length` that does not match the bytes sent corrupts the next answer on a keep-alive connection
 * (clients read "Parse Error: Expected HTTP/"; found with reads racing updates under load). `undefined` when there
 * is no such file.
 */
export const openFile = (
  path: string,
):
  | {
      readonly stream: ReadableStream<Uint8Array>
      readonly size: number
      /**
       * The bytes `start`–`end` (inclusive) of the same file, opened again: `undefined` when the path no longer names
       * the very file measured (gone, or replaced by a rename since), so a range never mixes two versions.
       */
      readonly range: (start: number, end: number) => ReadableStream<Uint8Array> | undefined
    }
  | undefined => {
  let descriptor: number
  try {
    descriptor = openSync(path, "r")
  } catch {
    return undefined
  }
  const stats = fstatSync(descriptor)
  if (!stats.isFile() || stats.size === 0) {
    closeSync(descriptor)
    return stats.isFile() ? { stream: new Blob([]).stream(), size: 0, range: () => undefined } : undefined
  }
  // `end` is inclusive: exactly `size` bytes, even if the file grows while it is read.
  const bytes = createReadStream("", { fd: descriptor, start: 0, end: stats.size - 1 })
  const range = (start: number, end: number): ReadableStream<Uint8Array> | undefined => {
    let again: number
    try {
      again = openSync(path, "r")
    } catch {
      return undefined
    }
    const now = fstatSync(again)
    if (now.ino !== stats.ino || now.dev !== stats.dev || now.size !== stats.size || now.mtimeMs !== stats.mtimeMs) {
      closeSync(again)
      return undefined
    }
    return Readable.toWeb(createReadStream("", { fd: again, start, end })) as ReadableStream<Uint8Array>
  }
  return { stream: Readable.toWeb(bytes) as ReadableStream<Uint8Array>, size: stats.size, range }
}

/** How much of a part is copied at a time when the parts are concatenated. */
const copyBufferSize = 1024 * 1024

/** A buffer for {@link appendParts}: one per copy in progress (a copy awaits between reads, so none is shared). */
export const copyBuffer = (): Buffer => Buffer.allocUnsafe(copyBufferSize)

/**
 * Appends the numbered parts of `dir`, in order, to `out` through `buffer`. File handles and one reused 1 MiB buffer:
 * ~2.5× less CPU than piping 64 KiB stream chunks (512 MiB: ~300 vs ~800 ms), without blocking the event loop like
 * sync I/O. `stop` is asked before each part (an assembly that was abandoned stops there).
 */
export const appendParts = async (
  out: FileHandle,
  dir: string,
  numbers: Iterable<number>,
  buffer: Buffer,
  stop: () => boolean = () => false,
): Promise<void> => {
  for (const number of numbers) {
    if (stop()) return
    const part = await open(join(dir, String(number)), "r")
    try {
      for (;;) {
        const { bytesRead } = await part.read(buffer, 0, buffer.byteLength, null)
        if (bytesRead === 0) break
        let written = 0
        while (written < bytesRead) written += (await out.write(buffer, written, bytesRead - written)).bytesWritten
      }
    } finally {
      await part.close()
    }
  }
}

/**
 * Concatenates the numbered parts into `to` (a temporary file renamed into place, so `to` is never seen half
 * written); returns the size.
 */
export const concatenateParts = async (dir: string, numbers: ReadonlyArray<number>, to: string): Promise<number> => {
  mkdirSync(join(to, ".."), { recursive: true })
  const temporary = `${to}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`
  const out = await open(temporary, "w")
  try {
    await appendParts(out, dir, numbers, copyBuffer())
    await out.close()
  } catch (error) {
    await out.close().catch(() => undefined)
    rmSync(temporary, { force: true })
    throw error
  }
  renameSync(temporary, to)
  return sizeOf(to)
}

export const partNumbers = (dir: string): Array<number> =>
  existsSync(dir)
    ? readdirSync(dir)
        .filter((name) => /^\d+$/.test(name))
        .map(Number)
        .sort((a, b) => a - b)
    : []

export const removeItemFiles = (dataDir: string, id: string): void =>
  rmSync(itemDir(dataDir, id), { recursive: true, force: true })
export const removeDir = (dir: string): void => rmSync(dir, { recursive: true, force: true })

// Maps, not objects, wherever a key comes from a request: `x.constructor` is a file name, not a key of every object.
const types = new Map([
  ["json", "application/json"],
  ["csv", "text/csv"],
  ["txt", "text/plain"],
  ["xml", "application/xml"],
  ["pdf", "application/pdf"],
  ["png", "image/png"],
  ["jpg", "image/jpeg"],
  ["jpeg", "image/jpeg"],
  ["gif", "image/gif"],
  ["zip", "application/zip"],
  ["py", "text/x-python"],
  ["geojson", "application/geo+json"],
])
export const contentTypeOf = (name: string | null): string =>
  types.get((name ?? "").split(".").pop()?.toLowerCase() ?? "") ?? "application/octet-stream"
