/**
 * Python's downloads: `item.download()` and `item.download_metadata()` return `None` when there is nothing to
 * download, otherwise the path of the file written. Here the first bytes are awaited before any file is opened, so
 * an item without data (an empty answer) or without metadata (the portal's "no such file") writes nothing and
 * resolves `undefined`. `item.get_data()`'s value is here too.
 */
import type { Items } from "@arcgis-portal/content"
import type { PortalError, Transport } from "@arcgis-portal/core"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Sink from "effect/Sink"
import * as Stream from "effect/Stream"
import * as Args from "./args.ts"
import { filesOf } from "./inputs.ts"
import type { FileSystem, Session } from "./session.ts"

/** Characters no file name may hold on Windows, macOS or Linux, and control characters. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: replacing control characters is the point
const unsafe = /[<>:"/\\|?*\u0000-\u001f\u007f]/g

/**
 * A file name made from an item's `name` or title (Python: `self.name or self.title`): characters a file system
 * cannot take become `_`; `fallback` (the item id) when nothing usable is left.
 */
export const fileNameOf = (candidates: ReadonlyArray<string | null | undefined>, fallback: string): string => {
  for (const candidate of candidates) {
    if (typeof candidate !== "string") continue
    const name = candidate.replace(unsafe, "_").trim()
    if (name !== "" && name !== "." && name !== "..") return name
  }
  return fallback
}

/**
 * Writes `stream` to `folder/name` unless it has no bytes at all (or fails with an error `missing` says means
 * "there is no such file"): then nothing is written and the result is `undefined`.
 */
export const saveUnlessEmpty = <E extends PortalError.PortalFailure>(
  files: FileSystem,
  stream: Stream.Stream<Uint8Array, E>,
  folder: string | undefined,
  name: string,
  missing: (error: E) => boolean = () => false,
): Effect.Effect<string | undefined, E | PortalError.PortalFailure> =>
  Effect.scoped(
    Effect.gen(function* () {
      const peeled = yield* Stream.peel(
        Stream.filter(stream, (chunk) => chunk.byteLength > 0),
        Sink.head<Uint8Array>(),
      ).pipe(
        Effect.map(Option.some),
        Effect.catchIf(missing, () => Effect.succeed(Option.none())),
      )
      if (Option.isNone(peeled)) return undefined
      const [first, rest] = peeled.value
      if (Option.isNone(first)) return undefined
      return yield* files.write(Stream.concat(Stream.make(first.value), rest), folder, name)
    }),
  )

/**
 * A download written to `folder/name` through a Node connection's file system (`field` names the folder argument in
 * the `InvalidInput` a browser connection gets), `undefined` when there is nothing to write (see `saveUnlessEmpty`).
 */
export const saveDownload = <E extends PortalError.PortalFailure>(
  session: Session,
  operation: string,
  field: string,
  stream: Stream.Stream<Uint8Array, E>,
  folder: string | undefined,
  name: string,
  missing?: (error: E) => boolean,
): Effect.Effect<string | undefined, E | PortalError.PortalFailure> =>
  Effect.flatMap(filesOf(session, operation, field), (files) => saveUnlessEmpty(files, stream, folder, name, missing))

/** An item's data as Python's `get_data` returns it: parsed JSON, text, bytes, or `None` (`undefined`). */
export const dataValue = (data: Items.ItemData): unknown => {
  switch (data.kind) {
    case "json":
      return data.json
    case "text":
      return data.text
    case "bytes":
      return data.bytes
    case "empty":
      return undefined
  }
}

/**
 * A user's or group's thumbnail (Python's `download_thumbnail`) written to `options.saveFolder` under the
 * thumbnail's own name: the checks of its options, then the path, or `undefined` when there is no thumbnail.
 */
export const saveThumbnail = <E>(
  session: Session,
  operation: string,
  options: { readonly saveFolder?: string | undefined },
  thumbnail: string | null | undefined,
  download: Effect.Effect<Transport.ByteResponse | undefined, E>,
): Effect.Effect<string | undefined, E | PortalError.PortalFailure> =>
  Effect.gen(function* () {
    yield* Args.check(
      operation,
      ["options", options, Args.record],
      ["saveFolder", options?.saveFolder, Args.optional(Args.string)],
    )
    const files = yield* filesOf(session, operation, "saveFolder")
    const response = yield* download
    if (response === undefined) return undefined
    const name = (thumbnail ?? "thumbnail.png").split("/").pop() ?? "thumbnail.png"
    return yield* files.write(response.stream, options.saveFolder, name)
  })
