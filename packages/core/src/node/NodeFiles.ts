/**
 * Files on disk as upload sources and download targets. A file path becomes a Blob backed by the
 * file (`fs.openAsBlob`): slicing it for parts or sending it in a multipart body reads it lazily.
 *
 * @module
 */
import { openAsBlob } from "node:fs"
import { open, rename, rm } from "node:fs/promises"
import { basename } from "node:path"
import { Readable } from "node:stream"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { InvalidInput } from "../PortalError.ts"
import type { FilePart } from "../PortalRequest.ts"
import { fromBlob, fromReadableStream, type UploadSource } from "../Upload.ts"

const refuse = (operation: string, field: string, message: string) => new InvalidInput({ operation, field, message })

/** A file on disk as a Blob that is read only when sent. */
export const blobFromPath = (path: string): Effect.Effect<Blob, InvalidInput> =>
  Effect.tryPromise({
    try: () => openAsBlob(path),
    catch: () => refuse("NodeFiles.blobFromPath", "path", `Cannot read the file ${basename(path)}.`),
  })

/** A file on disk as a multipart file part. */
export const filePart = (path: string, fileName?: string): Effect.Effect<FilePart, InvalidInput> =>
  Effect.map(blobFromPath(path), (content) => ({ content, fileName: fileName ?? basename(path) }))

/** A file on disk as an upload source (parts sliced lazily from the file). */
export const uploadFromPath = (path: string, name?: string): Effect.Effect<UploadSource, InvalidInput> =>
  Effect.map(blobFromPath(path), (blob) => fromBlob(blob, name ?? basename(path)))

/** A Node readable stream as an upload source (parts cut as bytes arrive). */
export const uploadFromNodeStream = (
  stream: Readable,
  options: { readonly name: string; readonly size?: number | undefined },
): UploadSource => fromReadableStream(Readable.toWeb(stream) as ReadableStream<Uint8Array>, options)

/**
 * Writes a byte stream to `path`: to a temporary file first, renamed into place when complete,
 * so a failed or interrupted download never leaves a truncated file behind. Returns the bytes
 * written. Chunks are written as they arrive; the file is never held in memory.
 */
export const writeFile = <E, R>(
  bytes: Stream.Stream<Uint8Array, E, R>,
  path: string,
): Effect.Effect<number, E | InvalidInput, R> => {
  const temporary = `${path}.part-${process.pid}-${Math.random().toString(36).slice(2)}`
  const failed = () => refuse("NodeFiles.writeFile", "path", `Cannot write ${basename(path)}.`)
  return Effect.acquireUseRelease(
    Effect.tryPromise({ try: () => open(temporary, "w"), catch: failed }),
    (handle) =>
      Effect.gen(function* () {
        let written = 0
        yield* Stream.runForEach(bytes, (chunk) =>
          Effect.tryPromise({
            try: async () => {
              let offset = 0
              while (offset < chunk.byteLength) {
                const { bytesWritten } = await handle.write(chunk, offset)
                offset += bytesWritten
              }
              written += chunk.byteLength
            },
            catch: failed,
          }),
        )
        yield* Effect.tryPromise({ try: () => handle.close(), catch: failed })
        yield* Effect.tryPromise({ try: () => rename(temporary, path), catch: failed })
        return written
      }),
    (handle, exit) =>
      Effect.promise(async () => {
        await handle.close().catch(() => undefined)
        if (exit._tag === "Failure") await rm(temporary, { force: true })
      }),
  )
}
