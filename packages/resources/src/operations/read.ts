/**
 * `Resources.bytes` and `Resources.get` (Python `ResourceManager.get`): a resource's bytes as a stream from
 * `content/items/<id>/resources/<path>`, never buffered whole; `get` then parses JSON (unless `tryJson: false`),
 * decodes text types, and hands back anything else as the stream.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/item-resources.htm
 */
import { Transport } from "@arcgis-portal/core"
import * as Effect from "effect/Effect"
import { resource as resourceEndpoint } from "../endpoints/items/resource.ts"
import { idOf, type ResourcesContext } from "../internal/context.ts"
import { checkItem, checkPath, extensionOf } from "../internal/validation.ts"
import type { ResourcesShape } from "../Resources.ts"
import type { BytesOptions, GetOptions, ItemReference } from "../ResourcesOptions.ts"

const textTypes = new Set(["txt", "xml", "svg", "csv", "geojson"])

/** The resource's bytes, sent as `Resources.get` (the operation its errors name, from `bytes` and `get` alike). */
const read = (context: ResourcesContext, item: ItemReference, file: string, options: BytesOptions) =>
  Effect.gen(function* () {
    const id = idOf(item)
    yield* checkItem("Resources.get", id, undefined)
    const resource = yield* checkPath("Resources.get", "file", file)
    return yield* context.bytes(
      resourceEndpoint,
      "Resources.get",
      { id, resource },
      {
        onDownloadProgress: options.onProgress,
      },
    )
  })

/** `Resources.bytes`: the file as a stream, whatever its type. */
export const bytes = (context: ResourcesContext): ResourcesShape["bytes"] =>
  Effect.fn("Resources.bytes")(function* (item: ItemReference, file: string, options: BytesOptions = {}) {
    return yield* read(context, item, file, options)
  })

/** `Resources.get`: JSON parsed, text decoded (with its bytes), anything else as the stream. */
export const get = (context: ResourcesContext): ResourcesShape["get"] =>
  Effect.fn("Resources.get")(function* (item: ItemReference, file: string, options: GetOptions = {}) {
    const response = yield* read(context, item, file, { onProgress: options.onProgress })
    const type = (response.contentType ?? "").toLowerCase()
    const extension = extensionOf(file)
    const json = type.includes("json") || extension === "json"
    const text = type.startsWith("text/") || type.includes("xml") || textTypes.has(extension)
    if (!json && !text) return { _tag: "Bytes", response } as const
    const raw = yield* Transport.collectBytes(response.stream)
    const decoded = new TextDecoder().decode(raw)
    if (json && options.tryJson !== false) {
      try {
        return { _tag: "Json", value: JSON.parse(decoded), contentType: response.contentType } as const
      } catch {
        // Not JSON after all: hand back the text.
      }
    }
    return { _tag: "Text", text: decoded, bytes: raw, contentType: response.contentType } as const
  })
