/**
 * Reading an item's data, metadata and thumbnail (Python `Item.download`, `get_data`, `metadata`,
 * `download_metadata`, `download_thumbnail`, `get_thumbnail`, `get_thumbnail_link`): byte streams from `data` and
 * the item's info files, never held in memory whole, and `getData`'s reading of them as JSON, text or bytes.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/item-data.htm
 * @see https://developers.arcgis.com/rest/users-groups-and-items/item-info-file.htm
 */
import { PortalError, Transport } from "@arcgis-portal/core"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { itemData } from "../endpoints/items/itemData.ts"
import { infoPath, itemInfo } from "../endpoints/items/itemInfo.ts"
import type { ItemsShape } from "../Items.ts"
import type { GetDataOptions, ItemReference } from "../ItemsOptions.ts"
import type { ContentContext } from "../internal/context.ts"
import { checkInfoPath, checkItemId, refuse } from "../internal/validate.ts"

/**
 * Whether a failed info-file download (`downloadMetadata`) means the item simply has no such file: the portal
 * answers a missing metadata file with HTTP 400/404/500 or a not-found envelope. `metadata` reads it as
 * `undefined`, as Python's `Item.metadata` and `Item.download_metadata` return `None`.
 *
 * @see arcgis.gis.Item.download_metadata
 */
export const isMissingInfoFile = (error: PortalError.PortalFailure): boolean =>
  PortalError.isNotFound(error) ||
  (error._tag === "PortalError" && (error.code === 400 || error.code === 500)) ||
  (error._tag === "TransportError" && error.reason === "HttpStatus")

/** `true` when bytes decode as UTF-8 without a NUL (used when the portal sent no content type). */
const isUtf8Text = (bytes: Uint8Array): boolean => {
  if (bytes.includes(0)) return false
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes)
    return true
  } catch {
    return false
  }
}

const textTypes = /json|text|xml|javascript|csv/i

const metadataFile = "metadata/metadata.xml"

/** Drops the first `count` bytes of a byte stream (a whole answer to a request for a range). */
const skipBytes = <E>(stream: Stream.Stream<Uint8Array, E>, count: number): Stream.Stream<Uint8Array, E> => {
  if (count === 0) return stream
  let left = count
  return stream.pipe(
    Stream.map((chunk) => {
      if (left === 0) return chunk
      const dropped = Math.min(left, chunk.byteLength)
      left -= dropped
      return chunk.subarray(dropped)
    }),
    Stream.filter((chunk) => chunk.byteLength > 0),
  )
}

/**
 * `Items.download`: `data` as a byte stream from `offset` on, `onProgress` following it as it is read (in bytes of
 * the whole file).
 */
export const download =
  (context: ContentContext): ItemsShape["download"] =>
  (item, options = {}) =>
    Stream.unwrap(
      Effect.gen(function* () {
        const operation = "Items.download"
        yield* checkItemId(operation, item.id)
        const offset = options.offset ?? 0
        if (!(Number.isSafeInteger(offset) && offset >= 0)) {
          return yield* refuse(operation, "offset", "The offset is a whole number of bytes, 0 or more.")
        }
        const report = options.onProgress
        // Where the answer's body starts in the file: known once the answer is in, before its body is read.
        let start = 0
        const response = yield* context.bytes(
          itemData,
          operation,
          { id: item.id },
          {
            onDownloadProgress:
              report === undefined
                ? undefined
                : (progress) =>
                    report({
                      bytes: start + progress.bytes,
                      total: progress.total === undefined ? undefined : start + progress.total,
                    }),
            ...(offset > 0 ? { offset } : {}),
          },
        )
        start = response.offset
        return skipBytes(response.stream, Math.max(0, offset - response.offset))
      }),
    )

/** `Items.downloadMetadata`: the info file `metadata/metadata.xml` as a byte stream. */
export const downloadMetadata =
  (context: ContentContext): ItemsShape["downloadMetadata"] =>
  (item) =>
    Stream.unwrap(
      Effect.map(
        Effect.flatMap(checkItemId("Items.downloadMetadata", item.id), () =>
          context.bytes(itemInfo, "Items.downloadMetadata", { id: item.id, file: metadataFile }),
        ),
        (response) => response.stream,
      ),
    )

/** `Items.downloadThumbnail`: the item's thumbnail info file as a byte stream; `InvalidInput` when it has none. */
export const downloadThumbnail =
  (context: ContentContext): ItemsShape["downloadThumbnail"] =>
  (item) =>
    Stream.unwrap(
      Effect.gen(function* () {
        const operation = "Items.downloadThumbnail"
        yield* checkItemId(operation, item.id)
        if (!item.thumbnail) return yield* refuse(operation, "thumbnail", "The item has no thumbnail.")
        const file = yield* checkInfoPath(operation, item.thumbnail)
        return (yield* context.bytes(itemInfo, operation, { id: item.id, file })).stream
      }),
    )

/** `Items.getThumbnail`: the thumbnail's bytes; `undefined` when the item has none. */
export const getThumbnail = (context: ContentContext): ItemsShape["getThumbnail"] => {
  const thumbnail = downloadThumbnail(context)
  return (item) =>
    item.thumbnail
      ? Transport.collectBytes(thumbnail(item))
      : Effect.flatMap(checkItemId("Items.getThumbnail", item.id), () => Effect.succeed(undefined))
}

/** `Items.getThumbnailLink`: the thumbnail's URL; `undefined` when the item has none. */
export const getThumbnailLink =
  (context: ContentContext): ItemsShape["getThumbnailLink"] =>
  (item) =>
    item.thumbnail ? context.transport.url(infoPath(item.id, item.thumbnail)) : undefined

/** `Items.getData`: `data` read whole, as JSON (unless `tryJson: false`), text, bytes, or empty. */
export const getData = (context: ContentContext): ItemsShape["getData"] =>
  Effect.fn("Items.getData")(function* (item: ItemReference, options: GetDataOptions = {}) {
    const operation = "Items.getData"
    yield* checkItemId(operation, item.id)
    const response = yield* context.bytes(
      itemData,
      operation,
      { id: item.id },
      { onDownloadProgress: options.onProgress },
    )
    const bytes = yield* Transport.collectBytes(response.stream)
    if (bytes.byteLength === 0) return { kind: "empty" } as const
    const contentType = response.contentType
    const looksTextual = contentType === undefined ? isUtf8Text(bytes) : textTypes.test(contentType)
    if (!looksTextual) return { kind: "bytes", bytes, contentType } as const
    const text = new TextDecoder().decode(bytes)
    if (options.tryJson !== false) {
      try {
        return { kind: "json", json: JSON.parse(text) as unknown } as const
      } catch {
        // Not JSON: return the text.
      }
    }
    return { kind: "text", text } as const
  })

/** `Items.metadata`: the metadata XML as text; `undefined` when the item has none ({@link isMissingInfoFile}). */
export const metadata = (context: ContentContext): ItemsShape["metadata"] => {
  const metadataBytes = downloadMetadata(context)
  return Effect.fn("Items.metadata")(function* (item: ItemReference) {
    return yield* Effect.catch(
      Effect.map(Transport.collectBytes(metadataBytes(item)), (bytes) =>
        bytes.byteLength === 0 ? undefined : new TextDecoder().decode(bytes),
      ),
      (error: PortalError.PortalFailure) => (isMissingInfoFile(error) ? Effect.succeed(undefined) : Effect.fail(error)),
    )
  })
}
