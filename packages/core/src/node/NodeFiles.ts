/**
 * Files on disk as upload sources and download targets. A file path becomes a Blob backed by the
 * file (`fs.openAsBlob`): slicing it for parts or sending it in a multipart body reads it lazily.
 *
 * @module
 */
import { openAsBlob } from "node:fs"
import { open, readFile, rename, rm, stat, writeFile as writeWhole } from "node:fs/promises"
import { basename } from "node:path"
import { Readable } from "node:stream"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { InvalidInput } from "../PortalError.ts"
import type { FilePart } from "../PortalRequest.ts"
import { fromBlob, fromReadableStream, type UploadSource } from "../Upload.ts"

const refuse = (operation: string, field: string, message: string) => new InvalidInput({ operation, field, message })

/**
 * A file on disk as a Blob that is read only when sent. Node's `openAsBlob` reports the size of a file of 4 GiB or
 * more modulo 4 GiB (nodejs/node#52585): such a Blob would send nothing, or a truncated file, so a size that is not
 * the file's is refused, naming `uploadFromNodeStream` (which reads any size).
 */
export const blobFromPath = (path: string): Effect.Effect<Blob, InvalidInput> =>
  Effect.tryPromise({
    try: async () => {
      const [blob, stats] = await Promise.all([openAsBlob(path), stat(path)])
      return { blob, size: stats.size }
    },
    catch: () => refuse("NodeFiles.blobFromPath", "path", `Cannot read the file ${basename(path)}.`),
  }).pipe(
    Effect.flatMap(({ blob, size }) =>
      blob.size === size
        ? Effect.succeed(blob)
        : Effect.fail(
            refuse(
              "NodeFiles.blobFromPath",
              "path",
              `${basename(path)} is ${size} bytes, which this Node reads as ${blob.size} (files of 4 GiB or more, nodejs/node#52585): upload it from a stream (NodeFiles.uploadFromNodeStream) instead.`,
            ),
          ),
    ),
  )

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

/** Whether a process with this id is running on this machine. */
const running = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as { code?: unknown }).code === "EPERM"
  }
}

/** What {@link writeFileResumable} did. */
export interface ResumableWrite {
  /** The file's size once complete. */
  readonly bytes: number
  /** The bytes that were already there from an interrupted run (0 for a fresh write). */
  readonly resumedFrom: number
}

/**
 * Writes a byte stream to `path` so that an interrupted write resumes where it stopped: the bytes go to
 * `<path>.partial`, which a failure or an interruption leaves in place; the next run asks `from(offset)` for the
 * bytes after those already there (a download with `offset`), appends them, and renames the file into place when
 * complete. `<path>.partial.lock` (the writer's process id) keeps two processes from appending to one file; a lock
 * left by a process that no longer runs is taken over. Chunks are written as they arrive; nothing is held in memory.
 */
export const writeFileResumable = <E, R>(
  from: (offset: number) => Stream.Stream<Uint8Array, E, R>,
  path: string,
  options: {
    /**
     * What the bytes are a copy of (an item's id, size and modification time): kept beside the partial file, which is
     * started over when the next run names another version, so bytes of two versions are never joined.
     */
    readonly version?: string | undefined
  } = {},
): Effect.Effect<ResumableWrite, E | InvalidInput, R> => {
  const operation = "NodeFiles.writeFileResumable"
  const partial = `${path}.partial`
  const lock = `${partial}.lock`
  const versionFile = `${partial}.version`
  const failed = () => refuse(operation, "path", `Cannot write ${basename(path)}.`)
  const acquireLock = Effect.tryPromise({
    try: async () => {
      for (let attempt = 0; attempt < 2; attempt++) {
        try {
          await writeWhole(lock, String(process.pid), { flag: "wx" })
          return true
        } catch (error) {
          if ((error as { code?: unknown }).code !== "EEXIST") throw error
          const holder = Number((await readFile(lock, "utf8").catch(() => "")).trim())
          if (Number.isSafeInteger(holder) && holder > 0 && holder !== process.pid && running(holder)) return false
          await rm(lock, { force: true })
        }
      }
      return false
    },
    catch: failed,
  })
  return Effect.acquireUseRelease(
    Effect.flatMap(acquireLock, (locked) =>
      locked
        ? Effect.void
        : Effect.fail(
            refuse(operation, "path", `Another process is writing ${basename(path)}: wait for it to finish.`),
          ),
    ),
    () =>
      Effect.gen(function* () {
        const version = options.version ?? ""
        const kept = yield* Effect.promise(() => readFile(versionFile, "utf8").catch(() => undefined))
        if (kept !== version) {
          yield* Effect.tryPromise({
            try: async () => {
              await rm(partial, { force: true })
              await writeWhole(versionFile, version)
            },
            catch: failed,
          })
        }
        const resumedFrom = yield* Effect.promise(() =>
          stat(partial).then(
            (stats) => (stats.isFile() ? stats.size : 0),
            () => 0,
          ),
        )
        const handle = yield* Effect.tryPromise({ try: () => open(partial, "a"), catch: failed })
        let written = resumedFrom
        yield* Stream.runForEach(from(resumedFrom), (chunk) =>
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
        ).pipe(Effect.ensuring(Effect.promise(() => handle.close().catch(() => undefined))))
        yield* Effect.tryPromise({ try: () => rename(partial, path), catch: failed })
        yield* Effect.promise(() => rm(versionFile, { force: true }))
        return { bytes: written, resumedFrom }
      }),
    () => Effect.promise(() => rm(lock, { force: true })),
  )
}
