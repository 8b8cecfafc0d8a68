/**
 * `Users.folders`, `items` and `itemsStream` (Python `User.folders`, `User.items`): `content/users/<u>` for the
 * folders, and the items of the root or of one folder (named, case-insensitively, or by id) page by page — collected
 * by a loop of effects (`items`, which so bundles no `Stream`) or streamed through core's `Paging`.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/user-content.htm
 */
import { Paging, PortalError } from "@arcgis-portal/core"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { userContent } from "../../endpoints/content/userContent.ts"
import type { ServiceContext } from "../../internal/context.ts"
import { collect, type FetchPage, pageOf } from "../../internal/paging.ts"
import { checkUsername } from "../../internal/references.ts"
import type { ItemSummary } from "../../UserSchema.ts"
import type { UsersShape } from "../../Users.ts"
import type { ItemsOptions, UserReference } from "../../UsersOptions.ts"

/** `Users.folders`: the `folders` of `content/users/<u>`. */
export const folders =
  (context: ServiceContext): UsersShape["folders"] =>
  (user) =>
    Effect.flatMap(checkUsername("Users.folders", user), (username) =>
      Effect.map(context.call(userContent, "Users.folders", { username, num: 1 }), (content) => content.folders ?? []),
    )

/** A folder name (or id) to its id; `/`, `""` and `undefined` are the root (`undefined`). */
const folderId = (context: ServiceContext, operation: string, username: string, folder: ItemsOptions["folder"]) => {
  if (folder === undefined) return Effect.succeed(undefined)
  if (typeof folder !== "string") return Effect.succeed(folder.id)
  const name = folder.trim()
  if (name === "" || name === "/") return Effect.succeed(undefined)
  return Effect.flatMap(
    Effect.map(context.call(userContent, operation, { username, num: 1 }), (content) => content.folders ?? []),
    (list) => {
      const found =
        list.find((entry) => entry.title.toLowerCase() === name.toLowerCase()) ??
        list.find((entry) => entry.id === name)
      return found
        ? Effect.succeed(found.id)
        : Effect.fail(
            new PortalError.InvalidInput({
              operation,
              field: "folder",
              message: `The user ${username} has no folder named ${JSON.stringify(name)}.`,
            }),
          )
    },
  )
}

/** The pages of the folder's items (the username checked and the folder found first), each request named `operation`. */
const pages = (
  context: ServiceContext,
  operation: string,
  user: UserReference,
  options: ItemsOptions,
): Effect.Effect<FetchPage<ItemSummary, PortalError.PortalFailure>, PortalError.PortalFailure> =>
  Effect.gen(function* () {
    const username = yield* checkUsername(operation, user)
    const folder = yield* folderId(context, operation, username, options.folder)
    return (start: number, num: number) =>
      Effect.map(context.call(userContent, operation, { username, folderId: folder, start, num }), (page) =>
        pageOf(page, page.items ?? []),
      )
  })

/** `Users.items`: the folder's items collected, at most `maxItems` (default 100). */
export const items = (context: ServiceContext): UsersShape["items"] =>
  Effect.fn("Users.items")(function* (user: UserReference, options: ItemsOptions = {}) {
    return yield* collect(yield* pages(context, "Users.items", user, options), options.maxItems ?? 100)
  })

/** `Users.itemsStream`: the folder's items as a stream (each page's request is a `Users.itemsStream` span). */
export const itemsStream =
  (context: ServiceContext): UsersShape["itemsStream"] =>
  (user, options = {}) =>
    Stream.unwrap(
      Effect.map(pages(context, "Users.itemsStream", user, options), (fetchPage) =>
        Paging.stream(fetchPage, { maxItems: options.maxItems }),
      ),
    )
