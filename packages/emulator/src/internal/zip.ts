/**
 * A small ZIP reader (stored and deflated entries) for resource archives. Entry names are
 * checked before anything is written: absolute paths, `..`, backslashes, drive letters and NULs
 * are refused (zip-slip), as are archives that would expand beyond the limit.
 */
import { inflateRawSync } from "node:zlib"

export interface ZipEntry {
  readonly name: string
  readonly data: Uint8Array
}

export class ZipError extends Error {}

/** Whether a relative path is safe to join under a directory. */
export const safeRelativePath = (path: string): boolean =>
  path !== "" &&
  !path.startsWith("/") &&
  !path.includes("\\") &&
  !path.includes("\0") &&
  !/^[A-Za-z]:/.test(path) &&
  path.split("/").every((segment) => segment !== "" && segment !== "." && segment !== "..")

export const readZip = (buffer: Uint8Array, maxTotalBytes: number): Array<ZipEntry> => {
  const view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength)
  let end = -1
  for (let offset = buffer.byteLength - 22; offset >= Math.max(0, buffer.byteLength - 65_557); offset--) {
    if (view.getUint32(offset, true) === 0x06054b50) {
      end = offset
      break
    }
  }
  if (end < 0) throw new ZipError("The archive is not a ZIP file.")
  const count = view.getUint16(end + 10, true)
  let pointer = view.getUint32(end + 16, true)
  const entries: Array<ZipEntry> = []
  let total = 0
  const decoder = new TextDecoder()
  for (let index = 0; index < count; index++) {
    if (pointer + 46 > buffer.byteLength || view.getUint32(pointer, true) !== 0x02014b50)
      throw new ZipError("The archive's directory is damaged.")
    const method = view.getUint16(pointer + 10, true)
    const compressedSize = view.getUint32(pointer + 20, true)
    const size = view.getUint32(pointer + 24, true)
    const nameLength = view.getUint16(pointer + 28, true)
    const extraLength = view.getUint16(pointer + 30, true)
    const commentLength = view.getUint16(pointer + 32, true)
    const localOffset = view.getUint32(pointer + 42, true)
    const name = decoder.decode(buffer.subarray(pointer + 46, pointer + 46 + nameLength))
    pointer += 46 + nameLength + extraLength + commentLength
    if (name.endsWith("/")) continue
    if (!safeRelativePath(name)) throw new ZipError(`The archive entry '${name.slice(0, 200)}' has an unsafe path.`)
    total += size
    if (total > maxTotalBytes) throw new ZipError("The archive expands beyond the size limit.")
    if (localOffset + 30 > buffer.byteLength || view.getUint32(localOffset, true) !== 0x04034b50)
      throw new ZipError("The archive is damaged.")
    const start = localOffset + 30 + view.getUint16(localOffset + 26, true) + view.getUint16(localOffset + 28, true)
    const compressed = buffer.subarray(start, start + compressedSize)
    let data: Uint8Array
    if (method === 0) data = compressed
    else if (method === 8) {
      try {
        data = inflateRawSync(compressed, { maxOutputLength: Math.max(1, size) })
      } catch {
        throw new ZipError(`The archive entry '${name.slice(0, 200)}' cannot be decompressed.`)
      }
    } else throw new ZipError(`The archive entry '${name.slice(0, 200)}' uses an unsupported compression method.`)
    if (data.byteLength !== size) throw new ZipError("The archive is damaged.")
    entries.push({ name, data })
  }
  return entries
}
