/**
 * `Resources.add` and `Resources.update` (Python `ResourceManager.add`, `ResourceManager.update`): the file or text,
 * its folder and name are checked — paths inside the item, an accepted extension, the size limit — then the item's
 * owner is found, and the resource is sent multipart to `addResources` or `updateResources`.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/add-resources
 * @see https://developers.arcgis.com/rest/users-groups-and-items/update-resources
 */
import * as Effect from "effect/Effect"
import { addResources } from "../endpoints/users/addResources.ts"
import { updateResources } from "../endpoints/users/updateResources.ts"
import { invalid, owned, type ResourcesContext } from "../internal/context.ts"
import { checkExtension, checkOptionalPath, checkPath, checkSize } from "../internal/validation.ts"
import type { ResourcesShape } from "../Resources.ts"
import type { AddOptions, ItemReference, UpdateOptions } from "../ResourcesOptions.ts"

const nameOf = (file: Blob): string | undefined => {
  const name = (file as { readonly name?: unknown }).name
  return typeof name === "string" && name !== "" ? name : undefined
}

/** Validates a write and turns it into the endpoint's input. */
const write = (context: ResourcesContext, operation: string, item: ItemReference, input: AddOptions) =>
  Effect.gen(function* () {
    const prefix = yield* checkOptionalPath(operation, "folderName", input.folderName)
    const fileName = yield* checkOptionalPath(operation, "fileName", input.fileName)
    if (input.file === undefined && input.text === undefined) {
      return yield* Effect.fail(
        invalid(operation, "file", "Give a file, or text with a fileName, to store as a resource."),
      )
    }
    if (input.file !== undefined && input.text !== undefined) {
      return yield* Effect.fail(invalid(operation, "text", "Give either a file or text, not both."))
    }
    const ownName = input.file === undefined ? undefined : nameOf(input.file)
    const name = fileName ?? ownName
    if (name === undefined) {
      return yield* Effect.fail(
        invalid(
          operation,
          "fileName",
          input.text === undefined
            ? "This file has no name: give a fileName."
            : "Text resources need a fileName (e.g. notes.txt).",
        ),
      )
    }
    if (ownName !== undefined) yield* checkPath(operation, "fileName", ownName)
    yield* checkExtension(operation, name, context.allowedExtensions)
    yield* checkPath(operation, "path", prefix === undefined ? name : `${prefix}/${name}`)
    const size = input.file !== undefined ? input.file.size : new TextEncoder().encode(input.text).byteLength
    yield* checkSize(operation, size, context.maxFileSize)
    const target = yield* owned(context, operation, item)
    return {
      ...target,
      file: input.file === undefined ? undefined : { content: input.file, fileName: ownName ?? name },
      resourcesPrefix: prefix,
      fileName,
      text: input.text,
      access: input.access,
    }
  })

/** `Resources.add`: the checked write, with `archive`, to `addResources`. */
export const add = (context: ResourcesContext): ResourcesShape["add"] =>
  Effect.fn("Resources.add")(function* (item: ItemReference, options: AddOptions) {
    const input = yield* write(context, "Resources.add", item, options)
    return yield* context.call(addResources, "Resources.add", { ...input, archive: options.archive })
  })

/** `Resources.update`: the checked write to `updateResources`. */
export const update = (context: ResourcesContext): ResourcesShape["update"] =>
  Effect.fn("Resources.update")(function* (item: ItemReference, options: UpdateOptions) {
    const input = yield* write(context, "Resources.update", item, options)
    return yield* context.call(updateResources, "Resources.update", input)
  })
