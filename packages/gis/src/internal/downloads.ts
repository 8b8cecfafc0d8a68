/**
 * Python's downloads: `item.download()` and `item.download_metadata()` return `None` when there is nothing to
 * download, otherwise the path of the file written. Here the first bytes are awaited before any file is opened, so
 * an item without data (an empty answer) or without metadata (the portal's "no such file") writes nothing and
 * resolves `undefined`.
 */
import type { PortalError } from "@arcgis-portal/core"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Sink from "effect/Sink"
import * as Stream from "effect/Stream"
import type { FileSystem } from "./session.ts"

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
