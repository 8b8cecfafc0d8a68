/**
 * `Groups.downloadThumbnail`, `getThumbnail` and `getThumbnailLink` (Python `Group.download_thumbnail`,
 * `get_thumbnail`, `get_thumbnail_link`): the thumbnail's file name from the `Group` given or from
 * `community/groups/<gid>`, then its bytes from `community/groups/<gid>/info/<file>`.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/group.htm
 */
import { Transport } from "@arcgis-portal/core"
import * as Effect from "effect/Effect"
import { group as groupEndpoint } from "../../endpoints/groups/group.ts"
import { groupThumbnail, groupThumbnailPath } from "../../endpoints/groups/groupThumbnail.ts"
import type { GroupsShape } from "../../Groups.ts"
import type { GroupReference } from "../../GroupsOptions.ts"
import { orUndefined, type ServiceContext } from "../../internal/context.ts"
import { checkGroupId } from "../../internal/references.ts"

/** The group's thumbnail file name: from the object when it carries one, else read from the portal. */
const thumbnailOf = (context: ServiceContext, operation: string, group: GroupReference) =>
  Effect.gen(function* () {
    const id = yield* checkGroupId(operation, group)
    if (typeof group !== "string" && "thumbnail" in group) return { id, thumbnail: group.thumbnail ?? undefined }
    const found = yield* orUndefined(context.call(groupEndpoint, operation, { id }))
    return { id, thumbnail: found?.thumbnail ?? undefined }
  })

/** `Groups.downloadThumbnail`: the thumbnail's byte stream, `undefined` when there is none. */
export const downloadThumbnail = (context: ServiceContext): GroupsShape["downloadThumbnail"] =>
  Effect.fn("Groups.downloadThumbnail")(function* (group: GroupReference) {
    const { id, thumbnail } = yield* thumbnailOf(context, "Groups.downloadThumbnail", group)
    return thumbnail === undefined
      ? undefined
      : yield* context.bytes(groupThumbnail, "Groups.downloadThumbnail", { id, thumbnail })
  })

/** `Groups.getThumbnail`: the thumbnail's bytes, `undefined` when there is none. */
export const getThumbnail = (context: ServiceContext): GroupsShape["getThumbnail"] =>
  Effect.fn("Groups.getThumbnail")(function* (group: GroupReference) {
    const { id, thumbnail } = yield* thumbnailOf(context, "Groups.getThumbnail", group)
    if (thumbnail === undefined) return undefined
    const response = yield* context.bytes(groupThumbnail, "Groups.getThumbnail", { id, thumbnail })
    return yield* Transport.collectBytes(response.stream)
  })

/** `Groups.getThumbnailLink`: the thumbnail's URL (no token), `undefined` when there is none. */
export const getThumbnailLink =
  (context: ServiceContext): GroupsShape["getThumbnailLink"] =>
  (group) =>
    Effect.map(thumbnailOf(context, "Groups.getThumbnailLink", group), ({ id, thumbnail }) =>
      thumbnail === undefined ? undefined : context.transport.url(groupThumbnailPath(id, thumbnail)),
    )
