/** The implementation of `item get|add|update|download|share|unshare|move|delete|protect`. */

import { randomBytes } from "node:crypto"
import { rm, stat } from "node:fs/promises"
import { basename, extname, join, resolve as resolvePath } from "node:path"
import type { Job } from "@arcgis-portal/content"
import { Content, type ItemSchema, Items } from "@arcgis-portal/content"
import { NodeContent } from "@arcgis-portal/content/node"
import type { PortalError } from "@arcgis-portal/core"
import { PortalSelf, Transport } from "@arcgis-portal/core"
import { Groups, Users } from "@arcgis-portal/users-groups-roles"
import type { Command } from "effect/cli"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import { confirm, list } from "../commands/common.ts"
import type {
  addConfig,
  downloadConfig,
  getConfig,
  moveConfig,
  protectConfig,
  removeConfig,
  shareConfig,
  unshareConfig,
  updateConfig,
} from "../commands/item.ts"
import { withPortal } from "../connection.ts"
import { failed, usage } from "../errors.ts"
import { Output } from "../output.ts"
import { bytes, date } from "../table.ts"
import * as Uploads from "../uploads.ts"
import { findGroup, findItem } from "./lookups.ts"

/** What these commands fail with besides the CLI's own failures (named here for the declarations tsc emits). */
export type Failure = PortalError.PortalFailure | Job.JobFailed

/** The services the item commands use. */
const features = Layer.mergeAll(Content.layer, Items.layer, Groups.layer, Users.layer)

/** The item for people: the fields an administrator looks at. */
const itemEntries = (item: ItemSchema.Item): ReadonlyArray<readonly [string, string]> => [
  ["id", item.id],
  ["title", item.title],
  ["type", item.type],
  ["owner", item.owner],
  ["folder", item.ownerFolder ?? "/"],
  ["access", item.access ?? ""],
  ["tags", (item.tags ?? []).join(", ")],
  ["snippet", item.snippet ?? ""],
  ["size", bytes(item.size)],
  ["created", date(item.created)],
  ["modified", date(item.modified)],
  ["url", item.url ?? ""],
  ["protected", item.protected === true ? "yes" : "no"],
]

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

const audience = (org: boolean, everyone: boolean, groups: ReadonlyArray<{ readonly title: string }>) =>
  [
    ...(everyone ? ["everyone"] : []),
    ...(org ? ["the organization"] : []),
    ...groups.map((group) => `group "${group.title}"`),
  ].join(", ")

export const get = (input: Command.Command.Config.Infer<typeof getConfig>) =>
  Effect.gen(function* () {
    const output = yield* Output
    yield* withPortal(features, () =>
      Effect.gen(function* () {
        const item = yield* findItem(input.id)
        yield* output.record(item, itemEntries(item))
      }),
    )
  })

export const remove = (input: Command.Command.Config.Infer<typeof removeConfig>) =>
  Effect.gen(function* () {
    const output = yield* Output
    yield* withPortal(features, () =>
      Effect.gen(function* () {
        const items = yield* Items.Items
        const item = yield* findItem(input.id)
        if (input.dryRun) {
          const check = yield* items.canDelete(item)
          const reason = (check as { error?: { message?: string; messageCode?: string } }).error
          if (!check.success)
            return yield* failed(
              `"${item.title}" (${item.id}) cannot be deleted: ${reason?.message ?? "the portal refused"}${reason?.messageCode ? ` (${reason.messageCode})` : ""}`,
            )
          yield* output.done(`Would delete "${item.title}" (${item.id}); nothing was changed (--dry-run)`, {
            id: item.id,
            deleted: false,
            dryRun: true,
          })
          return
        }
        yield* confirm(`Delete "${item.title}" (${item.id}, ${item.type}, owner ${item.owner})?`, input.yes)
        yield* items.delete(item)
        yield* output.done(`Deleted "${item.title}" (${item.id})`, { id: item.id, deleted: true })
      }),
    )
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
          concurrency: input.concurrency,
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

export const share = (input: Command.Command.Config.Infer<typeof shareConfig>) =>
  Effect.gen(function* () {
    const output = yield* Output
    if (!input.org && !input.everyone && input.groups.length === 0)
      return yield* usage("share with whom? pass --org, --everyone or --group")
    yield* withPortal(features, () =>
      Effect.gen(function* () {
        const items = yield* Items.Items
        const item = yield* findItem(input.id)
        const groups = yield* Effect.forEach(input.groups, findGroup)
        const result = yield* items.share(item, {
          ...(input.org ? { org: true } : {}),
          ...(input.everyone ? { everyone: true } : {}),
          ...(groups.length === 0 ? {} : { groups: groups.map((group) => group.id) }),
        })
        const refused = groups.filter((group) => result.notSharedWith.includes(group.id))
        const shared = groups.filter((group) => !result.notSharedWith.includes(group.id))
        yield* output.done(
          `Shared "${item.title}" (${item.id}) with ${audience(input.org, input.everyone, shared) || "nobody new"}`,
          {
            id: item.id,
            org: input.org,
            everyone: input.everyone,
            sharedWith: shared.map((group) => group.id),
            notSharedWith: result.notSharedWith,
          },
        )
        if (refused.length > 0)
          return yield* failed(
            `not shared with ${refused.map((group) => `"${group.title}" (${group.id})`).join(", ")}: the portal refused`,
          )
      }),
    )
  })

export const unshare = (input: Command.Command.Config.Infer<typeof unshareConfig>) =>
  Effect.gen(function* () {
    const output = yield* Output
    if (!input.org && !input.everyone && input.groups.length === 0)
      return yield* usage("unshare from what? pass --group, --org or --everyone")
    yield* withPortal(features, () =>
      Effect.gen(function* () {
        const items = yield* Items.Items
        const item = yield* findItem(input.id)
        const groups = yield* Effect.forEach(input.groups, findGroup)
        let notUnsharedFrom: ReadonlyArray<string> = []
        if (groups.length > 0)
          notUnsharedFrom = (yield* items.unshare(
            item,
            groups.map((group) => group.id),
          )).notUnsharedFrom
        if (input.org || input.everyone)
          yield* items.share(item, {
            ...(input.everyone ? { everyone: false } : {}),
            ...(input.org ? { org: false } : {}),
          })
        const refused = groups.filter((group) => notUnsharedFrom.includes(group.id))
        const done = groups.filter((group) => !notUnsharedFrom.includes(group.id))
        yield* output.done(
          `Stopped sharing "${item.title}" (${item.id}) with ${audience(input.org, input.everyone, done) || "nothing"}`,
          {
            id: item.id,
            org: input.org,
            everyone: input.everyone,
            unsharedFrom: done.map((group) => group.id),
            notUnsharedFrom,
          },
        )
        if (refused.length > 0)
          return yield* failed(
            `not unshared from ${refused.map((group) => `"${group.title}" (${group.id})`).join(", ")}`,
          )
      }),
    )
  })

export const move = (input: Command.Command.Config.Infer<typeof moveConfig>) =>
  Effect.gen(function* () {
    const output = yield* Output
    yield* withPortal(features, () =>
      Effect.gen(function* () {
        const items = yield* Items.Items
        const content = yield* Content.Content
        const item = yield* findItem(input.id)
        if (input.createFolder && input.folder !== "/") yield* content.createFolder(input.folder, { owner: item.owner })
        const result = yield* items.move(item, input.folder)
        if (!result.success) return yield* failed(`the portal did not move ${item.id}`)
        yield* output.done(
          `Moved "${item.title}" (${item.id}) to ${input.folder === "/" ? "the root folder" : `folder "${input.folder}"`}`,
          {
            id: item.id,
            folder: input.folder,
            moved: true,
          },
        )
      }),
    )
  })

export const protect = (input: Command.Command.Config.Infer<typeof protectConfig>) =>
  Effect.gen(function* () {
    const output = yield* Output
    yield* withPortal(features, () =>
      Effect.gen(function* () {
        const items = yield* Items.Items
        const item = yield* findItem(input.id)
        yield* items.protect(item, !input.off)
        yield* output.done(
          input.off
            ? `"${item.title}" (${item.id}) can be deleted again`
            : `Protected "${item.title}" (${item.id}) from deletion`,
          { id: item.id, protected: !input.off },
        )
      }),
    )
  })
