/**
 * The files an item request carries — data (a `file`, `text`, or a loopback `dataUrl`), a thumbnail (a file or a
 * loopback `thumbnailUrl`) and metadata — staged after validation, then written before the row commits.
 */

import type { Context } from "../../context.ts"
import { badRequest } from "../../errors.ts"
import { dataPath, infoPath, moveInto, writeBytes } from "../../files.ts"
import type { Params, UploadedFile } from "../../request.ts"
import { thumbnailName } from "../thumbnails.ts"

/** The uploaded file of a multipart field (the field name in any case). */
export const fileOf = (params: Params, field: string): UploadedFile | undefined =>
  params.files.find((file) => file.field.toLowerCase() === field.toLowerCase())

/** Loopback-only fetch for `dataUrl`/`thumbnailurl`: the emulator never reaches out to the internet. */
const fetchLoopback = async (raw: string): Promise<Uint8Array> => {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw badRequest("Invalid URL.", ["The URL could not be parsed."])
  }
  if (!["127.0.0.1", "localhost", "[::1]"].includes(url.hostname) || !/^https?:$/.test(url.protocol)) {
    throw badRequest("Unable to fetch the URL.", ["The emulator only fetches loopback URLs."])
  }
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(10_000) })
    if (!response.ok) throw new Error(String(response.status))
    return new Uint8Array(await response.arrayBuffer())
  } catch {
    throw badRequest("Unable to fetch the URL.", ["The URL did not answer."])
  }
}

/** Files to move (uploads) and to write (bytes), each to its place under the item's folder. */
export interface FileWrites {
  readonly moves: Array<[string, string]>
  readonly writes: Array<[string, Uint8Array | string]>
}

/** Data, thumbnail and metadata a request carries, staged to be written after validation; sets their columns. */
export const stageFiles = async (
  context: Context,
  id: string,
  columns: Record<string, string | number | null>,
): Promise<FileWrites> => {
  const { params, dataDir } = context
  const moves: Array<[string, string]> = []
  const writes: Array<[string, Uint8Array | string]> = []
  const file = fileOf(params, "file")
  const text = params.get("text")
  const dataUrl = params.get("dataUrl")
  if (file !== undefined) {
    moves.push([file.path, dataPath(dataDir, id)])
    columns.name = file.fileName
    columns.size = file.size
  } else if (text !== undefined) {
    writes.push([dataPath(dataDir, id), text])
    columns.size = Buffer.byteLength(text)
  } else if (dataUrl !== undefined) {
    const bytes = await fetchLoopback(dataUrl)
    writes.push([dataPath(dataDir, id), bytes])
    columns.size = bytes.byteLength
    columns.name = new URL(dataUrl).pathname.split("/").pop() || null
  }
  const thumbnail = fileOf(params, "thumbnail")
  const thumbnailUrl = params.get("thumbnailUrl")
  if (thumbnail !== undefined) {
    if (thumbnail.size > 10 * 1_048_576) throw badRequest("Thumbnail too large.", ["Thumbnails are at most 10 MB."])
    const name = thumbnailName(thumbnail.fileName)
    moves.push([thumbnail.path, infoPath(dataDir, id, `thumbnail/${name}`)])
    columns.thumbnail = `thumbnail/${name}`
  } else if (thumbnailUrl) {
    const bytes = await fetchLoopback(thumbnailUrl)
    writes.push([infoPath(dataDir, id, "thumbnail/thumbnail.png"), bytes])
    columns.thumbnail = "thumbnail/thumbnail.png"
  }
  const metadata = fileOf(params, "metadata")
  if (metadata !== undefined) moves.push([metadata.path, infoPath(dataDir, id, "metadata/metadata.xml")])
  return { moves, writes }
}

/** Writes staged files into place (each atomically: a rename). */
export const applyFiles = (files: FileWrites) => {
  for (const [from, to] of files.moves) moveInto(from, to)
  for (const [to, data] of files.writes) writeBytes(to, data)
}
