/**
 * `Content.createFolder` and `Content.deleteFolder` (Python `ContentManager.create_folder`/`delete_folder`): folders
 * are found by title, case-insensitively, in the owner's `content/users/<owner>` listing first.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/create-folder.htm
 * @see https://developers.arcgis.com/rest/users-groups-and-items/delete-folder.htm
 */
import * as Effect from "effect/Effect"
import type { ContentShape } from "../Content.ts"
import { createFolder as createFolderEndpoint } from "../endpoints/users/createFolder.ts"
import { deleteFolder as deleteFolderEndpoint } from "../endpoints/users/deleteFolder.ts"
import type { ContentContext } from "../internal/context.ts"
import { checkFolderTitle, checkOwner } from "../internal/validate.ts"

/** `Content.createFolder`: the existing folder of that title, else `createFolder`. */
export const createFolder = (context: ContentContext): ContentShape["createFolder"] =>
  Effect.fn("Content.createFolder")(function* (name: string, options: { readonly owner?: string | undefined } = {}) {
    const operation = "Content.createFolder"
    yield* checkFolderTitle(operation, name)
    if (options.owner !== undefined) yield* checkOwner(operation, options.owner)
    const owner = options.owner ?? (yield* context.me(operation))
    const existing = (yield* context.folders(operation, owner)).find(
      (folder) => folder.title.toLowerCase() === name.trim().toLowerCase(),
    )
    if (existing) return existing
    const created = yield* context.call(createFolderEndpoint, operation, { owner, title: name })
    if (created.folder) return created.folder
    const listed = (yield* context.folders(operation, owner)).find(
      (folder) => folder.title.toLowerCase() === name.trim().toLowerCase(),
    )
    return listed ?? { id: "", title: name, username: owner }
  })

/** `Content.deleteFolder`: `false` when the owner has no folder of that title, else `delete`. */
export const deleteFolder = (context: ContentContext): ContentShape["deleteFolder"] =>
  Effect.fn("Content.deleteFolder")(function* (name: string, options: { readonly owner?: string | undefined } = {}) {
    const operation = "Content.deleteFolder"
    yield* checkFolderTitle(operation, name)
    if (options.owner !== undefined) yield* checkOwner(operation, options.owner)
    const owner = options.owner ?? (yield* context.me(operation))
    const folder = (yield* context.folders(operation, owner)).find(
      (entry) => entry.title.toLowerCase() === name.trim().toLowerCase(),
    )
    if (folder === undefined) return false
    const result = yield* context.call(deleteFolderEndpoint, operation, { owner, folderId: folder.id })
    return result.success
  })
