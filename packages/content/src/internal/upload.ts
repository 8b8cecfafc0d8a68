/**
 * Sending an item's data: URL, text, a small file in the request itself, or a large file through
 * the multipart flow (start → parts → commit → status). Shared by `Content.add` and `Items.update`.
 */
import { PortalError, type PortalRequest, Upload } from "@arcgis-portal/core"
import * as Effect from "effect/Effect"
import * as Schedule from "effect/Schedule"
import type { ItemData, ItemProperties, UploadOptions } from "../ContentOptions.ts"
import { addPart } from "../endpoints/users/addPart.ts"
import { commit } from "../endpoints/users/commit.ts"
import { parts } from "../endpoints/users/parts.ts"
import { status } from "../endpoints/users/status.ts"
import * as Job from "../Job.ts"
import type { ContentContext } from "./context.ts"
import type { ItemRef } from "./paths.ts"

export const defaultMultipartThreshold = 10 * 1024 * 1024

/**
 * When to read the status of a committed multipart upload again: after 200 ms, then 1.5 times longer
 * each time, up to every 2 s (reached ~4 s after the commit). Assembling the parts takes from a
 * fraction of a second to minutes; with a 2 s poll from the start, any upload not assembled at once
 * waited 2 s more (against the emulator, which assembles 256 MiB in ~0.5 s, that was more than half of
 * the upload's time). A slow commit costs about four more status requests than a 2 s poll.
 */
export const defaultCommitSchedule: Schedule.Schedule<unknown, unknown> = Schedule.min([
  Schedule.exponential("200 millis", 1.5),
  Schedule.spaced("2 seconds"),
])

const isStream = (data: ItemData): data is ReadableStream<Uint8Array> =>
  typeof (data as { getReader?: unknown }).getReader === "function"

const isBlob = (data: ItemData): data is Blob => typeof Blob !== "undefined" && data instanceof Blob

/** Item properties as request parameters (extent flattened to `xmin,ymin,xmax,ymax`). */
export const propertyParams = (properties: ItemProperties | undefined): PortalRequest.Params => {
  if (properties === undefined) return {}
  const extent = properties.extent
  const flat =
    Array.isArray(extent) && extent.every((entry) => Array.isArray(entry))
      ? (extent as ReadonlyArray<ReadonlyArray<number>>).flat().join(",")
      : extent
  return { ...properties, ...(extent === undefined ? {} : { extent: flat }) }
}

/** The file name of a Blob (a File's own name first). */
export const fileNameOf = (blob: Blob, fallback: string | undefined): string =>
  fallback ?? ((blob as { name?: unknown }).name as string | undefined) ?? "upload.bin"

/** How the data travels. */
export type DataPlan =
  | {
      readonly kind: "inline"
      readonly params: PortalRequest.Params
      readonly files: Record<string, PortalRequest.FilePart>
    }
  | { readonly kind: "multipart"; readonly source: Upload.UploadSource }

/** Decides how `data` is sent: inline (params or a file part) or through the multipart flow. */
export const planData = (data: ItemData | undefined, options: UploadOptions): DataPlan => {
  if (data === undefined) return { kind: "inline", params: {}, files: {} }
  if (isBlob(data)) {
    const name = fileNameOf(data, options.fileName)
    if (data.size > (options.multipartThreshold ?? defaultMultipartThreshold) || options.resumeItemId !== undefined) {
      return { kind: "multipart", source: Upload.fromBlob(data, name) }
    }
    return { kind: "inline", params: {}, files: { file: { content: data, fileName: name } } }
  }
  if (isStream(data)) {
    return {
      kind: "multipart",
      source: Upload.fromReadableStream(data, { name: options.fileName ?? "upload.bin" }),
    }
  }
  if ("url" in data) return { kind: "inline", params: { url: data.url }, files: {} }
  const text = typeof data.text === "string" ? data.text : JSON.stringify(data.text)
  return { kind: "inline", params: { text }, files: {} }
}

/** Thumbnail and metadata files as multipart parts (metadata is always named `metadata.xml`). */
export const infoFiles = (options: {
  readonly thumbnail?: Blob | undefined
  readonly metadata?: Blob | undefined
}): Record<string, PortalRequest.FilePart> => ({
  ...(options.thumbnail
    ? { thumbnail: { content: options.thumbnail, fileName: thumbnailName(options.thumbnail) } }
    : {}),
  ...(options.metadata ? { metadata: { content: options.metadata, fileName: "metadata.xml" } } : {}),
})

const thumbnailName = (blob: Blob): string => {
  const own = (blob as { name?: unknown }).name
  if (typeof own === "string" && own !== "") return own
  const subtype = blob.type.startsWith("image/") ? blob.type.slice("image/".length) : "png"
  return `thumbnail.${subtype === "jpeg" ? "jpg" : subtype}`
}

/**
 * A part's bytes from its request's upload progress: the body is the part plus a few hundred bytes of multipart
 * framing (boundaries, headers, `f`, the token), so the body's progress is counted in proportion to the part.
 */
const partBytes =
  (size: number, sent: Upload.PartProgress) =>
  (progress: PortalRequest.ByteProgress): void =>
    sent(
      progress.total === undefined || progress.total === 0
        ? progress.bytes
        : Math.floor((progress.bytes / progress.total) * size),
    )

/**
 * Uploads the parts of `source` to the uncommitted item `item` (skipping the parts it already
 * holds when resuming), commits with `properties`, and waits until the portal has assembled it.
 */
export const uploadMultipart = (
  context: ContentContext,
  operation: string,
  item: ItemRef,
  source: Upload.UploadSource,
  properties: PortalRequest.Params,
  options: UploadOptions,
  resuming: boolean,
): Effect.Effect<void, PortalError.PortalFailure | Job.JobFailed> =>
  Effect.gen(function* () {
    const present = resuming
      ? new Set((yield* context.call(parts, `${operation}.parts`, { item })).parts)
      : new Set<number>()
    yield* Upload.uploadParts({
      source,
      partSize: options.partSize,
      concurrency: options.concurrency,
      onProgress: options.onProgress,
      // Only an observed upload asks for body progress: it makes the engine stream the body through a counter.
      sendPart: (part, sent) =>
        present.has(part.number)
          ? Effect.void
          : Effect.asVoid(
              context.call(
                addPart,
                `${operation}.addPart`,
                { item, partNum: part.number, content: part.content, fileName: source.name },
                options.onProgress === undefined ? undefined : { onUploadProgress: partBytes(part.content.size, sent) },
              ),
            ),
    })
    yield* context.call(commit, `${operation}.commit`, { item, params: properties })
    yield* Job.poll(
      {
        operation,
        itemId: item.id,
        jobId: undefined,
        jobType: "upload",
        owner: item.owner,
        status: context.call(status, `${operation}.status`, { item: { id: item.id, owner: item.owner } }),
      },
      { ...options.wait, schedule: options.wait?.schedule ?? defaultCommitSchedule },
    )
  })

/** Refuses an option combination before anything is sent. */
export const refuse = (operation: string, field: string, message: string) =>
  Effect.fail(new PortalError.InvalidInput({ operation, field, message }))
