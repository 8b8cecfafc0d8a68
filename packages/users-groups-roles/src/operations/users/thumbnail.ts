/**
 * `Users.downloadThumbnail`, `getThumbnail` and `getThumbnailLink` (Python `User.download_thumbnail`,
 * `get_thumbnail`, `get_thumbnail_link`): the thumbnail's file name from the `User` given or from
 * `community/users/<u>`, then its bytes from `community/users/<u>/info/<file>`.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/user.htm
 */
import { Transport } from "@arcgis-portal/core"
import * as Effect from "effect/Effect"
import { user as userEndpoint } from "../../endpoints/users/user.ts"
import { userThumbnail, userThumbnailPath } from "../../endpoints/users/userThumbnail.ts"
import { orUndefined, type ServiceContext } from "../../internal/context.ts"
import { checkUsername } from "../../internal/references.ts"
import type { UsersShape } from "../../Users.ts"
import type { UserReference } from "../../UsersOptions.ts"

/** The user's thumbnail file name: from the object when it carries one, else read from the portal. */
const thumbnailOf = (context: ServiceContext, operation: string, user: UserReference) =>
  Effect.gen(function* () {
    const username = yield* checkUsername(operation, user)
    if (typeof user !== "string" && "thumbnail" in user) return { username, thumbnail: user.thumbnail ?? undefined }
    const found = yield* orUndefined(context.call(userEndpoint, operation, { username }))
    return { username, thumbnail: found?.thumbnail ?? undefined }
  })

/** `Users.downloadThumbnail`: the thumbnail's byte stream, `undefined` when there is none. */
export const downloadThumbnail = (context: ServiceContext): UsersShape["downloadThumbnail"] =>
  Effect.fn("Users.downloadThumbnail")(function* (user: UserReference) {
    const { username, thumbnail } = yield* thumbnailOf(context, "Users.downloadThumbnail", user)
    return thumbnail === undefined
      ? undefined
      : yield* context.bytes(userThumbnail, "Users.downloadThumbnail", { username, thumbnail })
  })

/** `Users.getThumbnail`: the thumbnail's bytes, `undefined` when there is none. */
export const getThumbnail = (context: ServiceContext): UsersShape["getThumbnail"] =>
  Effect.fn("Users.getThumbnail")(function* (user: UserReference) {
    const { username, thumbnail } = yield* thumbnailOf(context, "Users.getThumbnail", user)
    if (thumbnail === undefined) return undefined
    const response = yield* context.bytes(userThumbnail, "Users.getThumbnail", { username, thumbnail })
    return yield* Transport.collectBytes(response.stream)
  })

/** `Users.getThumbnailLink`: the thumbnail's URL (no token), `undefined` when there is none. */
export const getThumbnailLink =
  (context: ServiceContext): UsersShape["getThumbnailLink"] =>
  (user) =>
    Effect.map(thumbnailOf(context, "Users.getThumbnailLink", user), ({ username, thumbnail }) =>
      thumbnail === undefined ? undefined : context.transport.url(userThumbnailPath(username, thumbnail)),
    )
