/**
 * Creating a clone in the target — text items with their data rewritten, URL items, files byte for byte (a large one
 * created first without its data, which follows through a multipart update) — each sent so that it never makes two
 * items: the source keyword and the in-progress marker travel in the creating request itself, and after an ambiguous
 * failure the clone is looked up (by the id chosen for it, else by its source keyword) before the request is sent
 * again. Also the item's thumbnail and metadata, and finishing a text/file/URL clone an earlier run left unfinished
 * (its missing data included).
 */
import { PartStream, PortalError, type PortalRequest, RetryPolicy, Transport } from "@arcgis-portal/core"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { itemData } from "../../endpoints/items/itemData.ts"
import { itemInfo } from "../../endpoints/items/itemInfo.ts"
import { addItem } from "../../endpoints/users/addItem.ts"
import { status } from "../../endpoints/users/status.ts"
import { updateItem, updateItemMultipartStart } from "../../endpoints/users/updateItem.ts"
import type { Item } from "../../ItemSchema.ts"
import { isAlreadyExists, isAmbiguous, newItemId } from "../../internal/reconcile.ts"
import { defaultCommitSchedule, propertyParams, uploadMultipart } from "../../internal/upload.ts"
import * as Job from "../../Job.ts"
import { isMissingInfoFile } from "../download.ts"
import { rewriteText, rewriteUrl } from "./references.ts"
import {
  blobOf,
  type CloneRun,
  cloneKeywords,
  folderItems,
  operation,
  phrase,
  rewritesOf,
  searchAll,
  sourceKeyword,
  sourcesOf,
} from "./run.ts"
import type { SourceNode } from "./walk.ts"

/** The clone of `sourceId` the target owner has, if any (found by its source keyword). */
export const findClone = (
  run: CloneRun,
  sourceId: string,
): Effect.Effect<Item | undefined, PortalError.PortalFailure> =>
  Effect.map(
    searchAll(
      run.target,
      `${operation}.reconcile`,
      `owner:${phrase(run.owner)} AND typekeywords:${phrase(sourceKeyword(sourceId))}`,
    ),
    (items) => items.find((item) => item.owner === run.owner && sourcesOf(item).includes(sourceId)),
  )

/**
 * Sends a create once; after an ambiguous failure (the request may have been applied) asks `find` for what it may
 * have created, and sends it again only when nothing is there, at most as often as the target's retry policy says.
 */
export const createOnce = <A>(
  run: CloneRun,
  send: Effect.Effect<A, PortalError.PortalFailure>,
  find: Effect.Effect<A | undefined, PortalError.PortalFailure>,
): Effect.Effect<A, PortalError.PortalFailure> => {
  const policy = run.target.portal.retry
  const attempt = (n: number): Effect.Effect<A, PortalError.PortalFailure> =>
    Effect.catch(send, (error: PortalError.PortalFailure) => {
      if (!isAmbiguous(error) && !isAlreadyExists(error)) return Effect.fail(error)
      return Effect.flatMap(find, (found) => {
        if (found !== undefined) return Effect.succeed(found)
        if (isAlreadyExists(error) || n >= policy.times) return Effect.fail(error)
        return Effect.andThen(Effect.flatMap(RetryPolicy.delayFor(policy, error, n), Effect.sleep), attempt(n + 1))
      })
    })
  return attempt(0)
}

/** The properties of a clone: the source item's, its keywords with the source keyword and the marker. */
export const cloneProperties = (run: CloneRun, item: Item): PortalRequest.Params =>
  propertyParams({
    title: item.title,
    type: item.type,
    typeKeywords: cloneKeywords(item, item.id),
    tags: item.tags,
    snippet: item.snippet ?? undefined,
    description: item.description ?? undefined,
    accessInformation: item.accessInformation ?? undefined,
    licenseInfo: item.licenseInfo ?? undefined,
    culture: item.culture ?? undefined,
    spatialReference: item.spatialReference ?? undefined,
    extent: item.extent && item.extent.length === 2 ? item.extent : undefined,
    properties: item.properties ?? undefined,
    url: rewriteUrl(item.url, rewritesOf(run)),
  })

/** The source item's thumbnail and metadata as files (each absent when the item has none). */
export const infoFilesOf = (
  run: CloneRun,
  item: Item,
  which: { readonly thumbnail: boolean; readonly metadata: boolean },
): Effect.Effect<Record<string, PortalRequest.FilePart>, PortalError.PortalFailure> =>
  Effect.gen(function* () {
    const files: Record<string, PortalRequest.FilePart> = {}
    const read = (file: string) =>
      Effect.catch(
        Effect.flatMap(run.source.bytes(itemInfo, `${operation}.info`, { id: item.id, file }), (response) =>
          Effect.map(Transport.collectBytes(response.stream), (bytes) =>
            bytes.byteLength === 0 ? undefined : { bytes, type: response.contentType },
          ),
        ),
        (error: PortalError.PortalFailure) =>
          isMissingInfoFile(error) ? Effect.succeed(undefined) : Effect.fail(error),
      )
    if (which.thumbnail && item.thumbnail) {
      const thumbnail = yield* read(item.thumbnail)
      const name = item.thumbnail.split("/").pop() || "thumbnail.png"
      if (thumbnail !== undefined)
        files.thumbnail = { content: blobOf(thumbnail.bytes, thumbnail.type), fileName: name }
    }
    if (which.metadata && (item.typeKeywords ?? []).includes("Metadata")) {
      const metadata = yield* read("metadata/metadata.xml")
      if (metadata !== undefined)
        files.metadata = { content: blobOf(metadata.bytes, "text/xml"), fileName: "metadata.xml" }
    }
    return files
  })

/** Sends `addItem` once (see {@link createOnce}); the id is the preserved source id, or one chosen here. */
const addOnce = (
  run: CloneRun,
  sourceId: string,
  params: PortalRequest.Params,
  files: Record<string, PortalRequest.FilePart>,
): Effect.Effect<string, PortalError.PortalFailure> => {
  // A client-chosen id makes the look-up exact where the portal takes one (ArcGIS Enterprise).
  const id = run.settings.preserveItemId ? sourceId : run.targetIsPortal ? newItemId() : undefined
  const send = Effect.flatMap(
    run.target.call(addItem, `${operation}.addItem`, {
      owner: run.owner,
      folderId: run.folderId,
      params: id === undefined ? params : { ...params, itemIdToCreate: id },
      files,
    }),
    (created) => {
      const createdId = created.id ?? created.itemId
      return createdId === undefined
        ? Effect.fail(
            new PortalError.DecodeError({
              operation,
              request: { method: "POST", path: "addItem" },
              message: "addItem answered without the new item's id.",
            }),
          )
        : Effect.succeed(createdId as string)
    },
  )
  const find =
    id === undefined
      ? Effect.map(findClone(run, sourceId), (item) => item?.id)
      : Effect.map(PortalError.orUndefined(run.target.item(`${operation}.reconcile`, id)), (item) =>
          item !== undefined && item.owner === run.owner && sourcesOf(item).includes(sourceId) ? item.id : undefined,
        )
  return createOnce(run, send, find)
}

/**
 * Sends the source item's data to its clone `id` through a multipart update (`update` with `multipart=true`, then
 * parts → commit → status), the source's bytes streamed into the parts as they arrive. The clone exists before any
 * byte is sent, carrying its source keyword and the in-progress marker, so a run stopped anywhere in here leaves a
 * clone the next run finds and finishes ({@link resumeItem}) — never a second one. A failed read of the source fails
 * the step with the source's own error (its code and messageCode), not the upload's.
 */
const uploadData = (
  run: CloneRun,
  item: Item,
  id: string,
  properties: PortalRequest.Params,
): Effect.Effect<void, PortalError.PortalFailure | Job.JobFailed> =>
  Effect.gen(function* () {
    const fileName = item.name || "data"
    const size = typeof item.size === "number" && item.size >= 0 ? item.size : undefined
    const clone = yield* run.target.item(`${operation}.item`, id)
    yield* run.target.call(updateItemMultipartStart, `${operation}.upload`, {
      item: clone,
      params: { multipart: true, filename: fileName },
    })
    const response = yield* run.source.bytes(itemData, `${operation}.data`, { id: item.id })
    // The upload source takes only InvalidInput as its failure: the source's own error is kept here and given back.
    let sourceFailure: PortalError.PortalFailure | undefined
    const bytes = Stream.mapError(response.stream, (error) => {
      sourceFailure = error
      return new PortalError.InvalidInput({
        operation,
        field: "source",
        message: `Reading the source item's data failed: ${error.message}`,
      })
    })
    yield* Effect.catch(
      uploadMultipart(
        run.target,
        `${operation}.upload`,
        { id, owner: run.owner },
        PartStream.fromBytes(bytes, { name: fileName, size: size ?? response.contentLength }),
        { ...properties, url: undefined },
        {
          onProgress: (progress) =>
            run.notify({ stage: "bytes", sourceId: item.id, bytes: progress.bytes, total: progress.total }),
          wait: { schedule: defaultCommitSchedule },
        },
        false,
      ),
      (error: PortalError.PortalFailure | Job.JobFailed) => Effect.fail(sourceFailure ?? error),
    )
  })

// The target folder's items as the first look of a run read them (see uncommittedClone): what an earlier run left.
const listed = new WeakMap<CloneRun, ReadonlyArray<Item>>()

/**
 * The target owner's clone of `sourceId` in the target folder that the plan's keyword search did not show: an item
 * whose multipart upload an earlier run started and never committed is `partial`, and the portal's search leaves
 * those out — the folder's listing does not. Read once per run, only when a large file is about to be created.
 */
const uncommittedClone = (
  run: CloneRun,
  sourceId: string,
): Effect.Effect<Item | undefined, PortalError.PortalFailure> =>
  Effect.map(
    Effect.suspend(() => {
      const known = listed.get(run)
      if (known !== undefined) return Effect.succeed(known)
      return Effect.tap(folderItems(run.target, `${operation}.reconcile`, run.owner, run.folderId), (items) =>
        Effect.sync(() => void listed.set(run, items)),
      )
    }),
    (items) => items.find((item) => item.owner === run.owner && sourcesOf(item).includes(sourceId)),
  )

/**
 * Creates the clone of a text, file, URL or data-less item (thumbnail and metadata included); returns its id. Its
 * text is rewritten with the mappings known now (its own id is rewritten when the clone is finished).
 */
export const createItem = (
  run: CloneRun,
  node: SourceNode & { readonly item: Item },
): Effect.Effect<string, PortalError.PortalFailure | Job.JobFailed> =>
  Effect.gen(function* () {
    const item = node.item
    const properties = cloneProperties(run, item)
    const info = yield* infoFilesOf(run, item, { thumbnail: true, metadata: true })
    if (node.kind !== "file") {
      const text = node.kind === "text" && node.text !== undefined ? rewriteText(node.text, rewritesOf(run)) : undefined
      return yield* addOnce(run, item.id, { ...properties, text }, info)
    }
    const fileName = item.name || "data"
    const size = typeof item.size === "number" && item.size >= 0 ? item.size : undefined
    if (size !== undefined && size <= run.settings.multipartThreshold) {
      const response = yield* run.source.bytes(itemData, `${operation}.data`, { id: item.id })
      const bytes = yield* Transport.collectBytes(response.stream)
      const file = { content: blobOf(bytes, response.contentType), fileName }
      return yield* addOnce(run, item.id, { ...properties, url: undefined }, { ...info, file })
    }
    // Large (or of unknown size): the clone is created without its data (keyword and marker on it), then the data
    // follows through a multipart update — unless an earlier run left one whose upload never committed.
    const unfinished = yield* uncommittedClone(run, item.id)
    const id = unfinished?.id ?? (yield* addOnce(run, item.id, { ...properties, url: undefined }, info))
    run.created.set(item.id, id)
    yield* uploadData(run, item, id, properties)
    return id
  })

/**
 * Finishing an unfinished clone: the thumbnail and metadata it is missing (text and URL go with the marker), and for a
 * file the data when the clone does not hold all of it (a run stopped during or before its multipart upload).
 */
export const resumeItem = (
  run: CloneRun,
  node: SourceNode & { readonly item: Item },
  clone: Item,
): Effect.Effect<void, PortalError.PortalFailure | Job.JobFailed> =>
  Effect.gen(function* () {
    const files = yield* infoFilesOf(run, node.item, {
      thumbnail: !clone.thumbnail,
      metadata: !(clone.typeKeywords ?? []).includes("Metadata"),
    })
    if (Object.keys(files).length > 0)
      yield* run.target.call(updateItem, `${operation}.info`, { item: clone, params: {}, files })
    if (node.kind === "file" && !(yield* holdsData(run, node.item, clone)))
      yield* uploadData(run, node.item, clone.id, cloneProperties(run, node.item))
  })

/**
 * Whether an unfinished file clone holds all of its source's data: a commit still being assembled is waited for
 * first (an earlier run may have lost the commit's answer); a failed or never committed upload does not hold it.
 */
const holdsData = (run: CloneRun, source: Item, clone: Item): Effect.Effect<boolean, PortalError.PortalFailure> =>
  Effect.gen(function* () {
    const state = run.target.call(status, `${operation}.status`, { item: { id: clone.id, owner: clone.owner } })
    const settled = yield* Effect.catchTag(
      Job.poll(
        { operation, itemId: clone.id, jobId: undefined, jobType: "upload", owner: clone.owner, status: state },
        { schedule: defaultCommitSchedule },
      ),
      "JobFailed",
      () => Effect.succeed(undefined),
    )
    if (settled === undefined) return false
    const now = yield* run.target.item(`${operation}.item`, clone.id)
    return typeof source.size === "number" && source.size >= 0 && now.size === source.size
  })
