/** The implementation of `resources list|add|get|remove`. */

import { stat } from "node:fs/promises"
import { basename, dirname, resolve as resolvePath } from "node:path"
import { Content } from "@arcgis-portal/content"
import type { PortalError } from "@arcgis-portal/core"
import { type ResourceSchema, Resources } from "@arcgis-portal/resources"
import { NodeResources } from "@arcgis-portal/resources/node"
import type { Command } from "effect/cli"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import { confirm } from "../commands/common.ts"
import type { addConfig, getConfig, listConfig, removeConfig } from "../commands/resources.ts"
import { withPortal } from "../connection.ts"
import { usage } from "../errors.ts"
import { Output } from "../output.ts"
import { bytes, date } from "../table.ts"
import { findItem } from "./lookups.ts"

/** What these commands fail with besides the CLI's own failures (named here for the declarations tsc emits). */
export type Failure = PortalError.PortalFailure

/** The services the resources commands use. */
const features = Layer.mergeAll(Resources.layer(), Content.layer)

export const list = (input: Command.Command.Config.Infer<typeof listConfig>) =>
  Effect.gen(function* () {
    const output = yield* Output
    yield* withPortal(features, () =>
      Effect.gen(function* () {
        const resources = yield* Resources.Resources
        const item = yield* findItem(input.id)
        yield* output.list(resources.stream(item), {
          columns: [
            { header: "resource", value: (resource: ResourceSchema.Resource) => resource.resource, max: 60 },
            { header: "size", value: (resource) => bytes(resource.size), align: "right" },
            { header: "created", value: (resource) => date(resource.created) },
            { header: "access", value: (resource) => resource.access ?? "" },
          ],
          json: (resource) => resource,
        })
      }),
    )
  })

export const remove = (input: Command.Command.Config.Infer<typeof removeConfig>) =>
  Effect.gen(function* () {
    const output = yield* Output
    yield* withPortal(features, () =>
      Effect.gen(function* () {
        const resources = yield* Resources.Resources
        const item = yield* findItem(input.id)
        yield* confirm(`Remove ${input.resource} from "${item.title}"?`, input.yes)
        yield* resources.remove(item, input.resource)
        yield* output.done(`Removed ${input.resource} from "${item.title}"`, {
          id: item.id,
          resource: input.resource,
          removed: true,
        })
      }),
    )
  })
export const add = (input: Command.Command.Config.Infer<typeof addConfig>) =>
  Effect.gen(function* () {
    const output = yield* Output
    const path = resolvePath(input.file)
    const info = yield* Effect.tryPromise({ try: () => stat(path), catch: () => usage(`cannot read ${input.file}`) })
    if (!info.isFile()) return yield* usage(`not a file: ${input.file}`)
    yield* withPortal(features, () =>
      Effect.gen(function* () {
        const item = yield* findItem(input.id)
        yield* NodeResources.addFromPath(item, path, {
          ...(Option.isSome(input.folder) ? { folderName: input.folder.value } : {}),
          ...(Option.isSome(input.name) ? { fileName: input.name.value } : {}),
        })
        const stored = [Option.getOrUndefined(input.folder), Option.getOrElse(input.name, () => basename(path))]
          .filter((part) => part !== undefined)
          .join("/")
        yield* output.done(`Added ${stored} (${bytes(info.size)}) to "${item.title}"`, {
          id: item.id,
          resource: stored,
          size: info.size,
        })
      }),
    )
  })

export const get = (input: Command.Command.Config.Infer<typeof getConfig>) =>
  Effect.gen(function* () {
    const output = yield* Output
    const target = resolvePath(Option.getOrElse(input.output, () => basename(input.resource)))
    yield* withPortal(features, () =>
      Effect.gen(function* () {
        const item = yield* findItem(input.id)
        const bar = output.progress(`Downloading ${basename(input.resource)}`, undefined)
        const written = yield* NodeResources.download(item, input.resource, {
          outFolder: dirname(target),
          outFileName: basename(target),
          onProgress: ({ bytes: done, total }) => bar.update(done, total),
        }).pipe(Effect.ensuring(Effect.sync(bar.finish)))
        const size = (yield* Effect.promise(() => stat(written))).size
        yield* output.done(`Wrote ${input.resource} to ${written} (${bytes(size)})`, {
          id: item.id,
          resource: input.resource,
          path: written,
          bytes: size,
        })
      }),
    )
  })
