/**
 * The transfers of `item add|update|download`: a file uploaded as a new item (over 10 MiB in parts, which resume when
 * the same command is run again), an item's properties or data replaced, and an item's data downloaded to a file
 * (through `<file>.partial`, resumed where an interrupted run stopped) — each with a byte progress bar on a terminal.
 */
import { randomBytes } from "node:crypto"
import { rm, stat } from "node:fs/promises"
import { basename, extname, join, resolve as resolvePath } from "node:path"
import type { Job } from "@arcgis-portal/content"
import { Content, type ItemSchema, Items } from "@arcgis-portal/content"
import { NodeContent } from "@arcgis-portal/content/node"
import type { PortalError } from "@arcgis-portal/core"
import { type Portal, PortalSelf, Transport } from "@arcgis-portal/core"
import { Groups, Users } from "@arcgis-portal/users-groups-roles"
import type { Command } from "effect/cli"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import { list } from "../commands/common.ts"
import type { addConfig, downloadConfig, updateConfig } from "../commands/item.ts"
import { withPortal } from "../connection.ts"
import { failed, usage } from "../errors.ts"
import { Output } from "../output.ts"
import { bytes } from "../table.ts"
import * as Uploads from "../uploads.ts"
import { findItem } from "./lookups.ts"

/** What these commands fail with besides the CLI's own failures (named here for the declarations tsc emits). */
export type Failure = PortalError.PortalFailure | Job.JobFailed

/** The services the item commands use (these and the others of `item.ts`). */
export const features: Layer.Layer<
  Content.Content | Items.Items | Groups.Groups | Users.Users,
  never,
  Portal.Portal | Transport.Transport
> = Layer.mergeAll(Content.layer, Items.layer, Groups.layer, Users.layer)

/** Item types guessed from a file's extension (`--type` wins). */
const typesByExtension: Record<string, string> = {
  ".csv": "CSV",
  ".pdf": "PDF",
  ".geojson": "GeoJson",
  ".xlsx": "Microsoft Excel",
  ".xls": "Microsoft Excel",
  ".docx": "Microsoft Word",
  ".pptx": "Microsoft Powerpoint",
  ".kml": "KML",
  ".kmz": "KML",
  ".gpkg": "GeoPackage",
  ".png": "Image",
  ".jpg": "Image",
  ".jpeg": "Image",
  ".tif": "Image",
  ".txt": "Text",
}

/** Files above this size go through the portal's multipart upload, which can resume. */
const multipartThreshold = 10 * 1024 * 1024

const propertiesOf = (input: {
  readonly title: Option.Option<string>
  readonly tags: Option.Option<string>
  readonly snippet: Option.Option<string>
  readonly description: Option.Option<string>
}) => ({
  ...(Option.isSome(input.title) ? { title: input.title.value } : {}),
  ...(Option.isSome(input.tags) ? { tags: list(input.tags.value) } : {}),
  ...(Option.isSome(input.snippet) ? { snippet: input.snippet.value } : {}),
  ...(Option.isSome(input.description) ? { description: input.description.value } : {}),
})

const fileInfo = (path: string) =>
  Effect.tryPromise({
    try: () => stat(path),
    catch: () => usage(`cannot read ${path}`),
  }).pipe(
    Effect.filterOrFail(
      (info) => info.isFile(),
      () => usage(`not a file: ${path}`),
    ),
  )

/** Starts a multipart item and returns its id (chosen here on Enterprise, recorded before anything is sent). */
const startMultipart = (
  owner: string,
  folder: string | undefined,
  properties: Record<string, unknown>,
  fileName: string,
  key: Uploads.UploadKey,
) =>
  Effect.gen(function* () {
    const transport = yield* Transport.Transport
    const self = yield* (yield* PortalSelf.PortalSelf).get("Cli.itemAdd")
    let folderId: string | undefined
    if (folder !== undefined && folder !== "/") {
      const folders = yield* (yield* Users.Users).folders(owner)
      const found = folders.find((entry) => entry.title.toLowerCase() === folder.toLowerCase())
      if (found === undefined) return yield* usage(`${owner} has no folder "${folder}"`)
      folderId = found.id
    }
    // Enterprise takes the id from us: recorded first, a start whose answer was lost still resumes.
    const chosen = self.isPortal === true ? randomBytes(16).toString("hex") : undefined
    if (chosen !== undefined) yield* Uploads.remember(key, chosen)
    const path = `content/users/${encodeURIComponent(owner)}${folderId === undefined ? "" : `/${folderId}`}/addItem`
    const answer = (yield* transport.json({
      operation: "Cli.itemAdd.start",
      method: "POST",
      path,
      params: {
        ...(properties as Record<string, string>),
        multipart: true,
        filename: fileName,
        ...(chosen === undefined ? {} : { itemIdToCreate: chosen }),
      },
    })) as { id?: unknown; itemId?: unknown }
    const id = typeof answer.id === "string" ? answer.id : typeof answer.itemId === "string" ? answer.itemId : chosen
    if (id === undefined) return yield* failed("the portal did not say which item it started")
    if (chosen === undefined) yield* Uploads.remember(key, id)
    return id
  })

export const add = (input: Command.Command.Config.Infer<typeof addConfig>) =>
  Effect.gen(function* () {
    const output = yield* Output
    const path = resolvePath(input.file)
    const info = yield* fileInfo(path)
    const type = Option.getOrUndefined(input.type) ?? typesByExtension[extname(path).toLowerCase()]
    if (type === undefined)
      return yield* usage(
        `cannot tell the item type of ${basename(path)}`,
        'Pass --type (for example --type "File Geodatabase").',
      )
    const properties = {
      ...propertiesOf(input),
      title: Option.getOrElse(input.title, () => basename(path, extname(path))),
      type,
    }
    const folder = Option.getOrUndefined(input.folder)
    yield* withPortal(features, (connection) =>
      Effect.gen(function* () {
        const content = yield* Content.Content
        const data = yield* NodeContent.fileFromPath(path)
        const bar = output.progress(`Uploading ${basename(path)}`, info.size)
        const upload = {
          partSize: input.partSize * 1024 * 1024,
          concurrency: Option.getOrUndefined(input.concurrency),
          onProgress: (progress: { readonly bytes: number }) => bar.update(progress.bytes),
        }
        let item: ItemSchema.Item
        if (info.size > multipartThreshold) {
          const self = yield* (yield* PortalSelf.PortalSelf).get("Cli.itemAdd")
          const owner = self.user?.username ?? ""
          const key = { portal: connection.url, owner, path, size: info.size, modified: info.mtimeMs }
          let resumeItemId = yield* Uploads.find(key)
          if (resumeItemId !== undefined && (yield* content.get(resumeItemId)) === undefined) {
            yield* Uploads.forget(key)
            resumeItemId = undefined
          }
          if (resumeItemId !== undefined)
            yield* output.note(
              `Resuming the upload of ${basename(path)} (item ${resumeItemId}); parts already sent are skipped`,
            )
          const id = resumeItemId ?? (yield* startMultipart(owner, folder, properties, basename(path), key))
          item = yield* content
            .add({ properties, data, resumeItemId: id, ...upload })
            .pipe(Effect.ensuring(Effect.sync(bar.finish)))
          yield* Uploads.forget(key)
        } else {
          item = yield* content
            .add({ properties, data, folder, ...upload })
            .pipe(Effect.ensuring(Effect.sync(bar.finish)))
        }
        yield* output.done(`Added "${item.title}" (${item.type}, ${bytes(item.size ?? info.size)}) as ${item.id}`, item)
      }),
    )
  })

export const update = (input: Command.Command.Config.Infer<typeof updateConfig>) =>
  Effect.gen(function* () {
    const output = yield* Output
    const properties = propertiesOf(input)
    if (Object.keys(properties).length === 0 && Option.isNone(input.file))
      return yield* usage("nothing to update: pass --title, --tags, --snippet, --description or --file")
    yield* withPortal(features, () =>
      Effect.gen(function* () {
        const items = yield* Items.Items
        const item = yield* findItem(input.id)
        let data: File | undefined
        let bar = output.progress("", undefined)
        if (Option.isSome(input.file)) {
          const path = resolvePath(input.file.value)
          const info = yield* fileInfo(path)
          data = yield* NodeContent.fileFromPath(path)
          bar = output.progress(`Uploading ${basename(path)}`, info.size)
        }
        const updated = yield* items
          .update(item, {
            properties,
            ...(data === undefined ? {} : { data }),
            onProgress: (progress) => bar.update(progress.bytes),
          })
          .pipe(Effect.ensuring(Effect.sync(bar.finish)))
        yield* output.done(`Updated "${updated.title}" (${updated.id})`, updated)
      }),
    )
  })

export const download = (input: Command.Command.Config.Infer<typeof downloadConfig>) =>
  Effect.gen(function* () {
    const output = yield* Output
    yield* withPortal(features, () =>
      Effect.gen(function* () {
        const item = yield* findItem(input.id)
        const fileName = basename(item.name ?? "") || item.id
        let target = resolvePath(Option.getOrElse(input.output, () => fileName))
        const existing = yield* Effect.promise(() => stat(target).catch(() => undefined))
        if (existing?.isDirectory() === true) target = join(target, fileName)
        const present = yield* Effect.promise(() => stat(target).catch(() => undefined))
        if (present !== undefined && !input.force) {
          if (present.isFile() && item.size !== undefined && present.size === item.size) {
            yield* output.done(`${target} is already complete (${bytes(present.size)}); nothing downloaded`, {
              id: item.id,
              path: target,
              bytes: present.size,
              downloaded: false,
            })
            return
          }
          return yield* usage(`${target} exists`, "Pass --force to overwrite it, or --output to write elsewhere.")
        }
        // An interrupted run left `<target>.partial`: this run asks only for the rest (--force starts over).
        if (input.force) yield* Effect.promise(() => rm(`${target}.partial`, { force: true }))
        const partial = yield* Effect.promise(() => stat(`${target}.partial`).catch(() => undefined))
        if (partial !== undefined && partial.size > 0) {
          yield* output.note(
            `Resuming the download of ${fileName} at ${bytes(partial.size)}; the bytes already there are kept`,
          )
        }
        const bar = output.progress(`Downloading ${fileName}`, item.size)
        const written = yield* NodeContent.downloadToFile(item, target, {
          resume: true,
          onProgress: ({ bytes: done, total }) => bar.update(done, total),
        }).pipe(Effect.ensuring(Effect.sync(bar.finish)))
        yield* output.done(`Downloaded "${item.title}" to ${target} (${bytes(written)})`, {
          id: item.id,
          path: target,
          bytes: written,
          downloaded: true,
        })
      }),
    )
  })
