/**
 * The one-request operations on a group: `Groups.update`, `delete`, `join` and `leave` (Python `Group.update`,
 * `delete`, `join`, `leave`) — the group id checked, then one `community/groups/<gid>/…` call read as `success`.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/update-group.htm
 * @see https://developers.arcgis.com/rest/users-groups-and-items/delete-group.htm
 * @see https://developers.arcgis.com/rest/users-groups-and-items/join-group.htm
 * @see https://developers.arcgis.com/rest/users-groups-and-items/leave-group.htm
 */
import type { PortalError } from "@arcgis-portal/core"
import * as Effect from "effect/Effect"
import { deleteGroup } from "../../endpoints/groups/deleteGroup.ts"
import { joinGroup } from "../../endpoints/groups/joinGroup.ts"
import { leaveGroup } from "../../endpoints/groups/leaveGroup.ts"
import { updateGroup } from "../../endpoints/groups/updateGroup.ts"
import type { GroupsShape } from "../../Groups.ts"
import type { GroupReference } from "../../GroupsOptions.ts"
import { filePart, type ServiceContext } from "../../internal/context.ts"
import { checkGroupId } from "../../internal/references.ts"

/** `Groups.update`: `update` with only the properties given. */
export const update =
  (context: ServiceContext): GroupsShape["update"] =>
  (group, options) =>
    Effect.flatMap(checkGroupId("Groups.update", group), (id) =>
      Effect.map(
        context.call(updateGroup, "Groups.update", {
          id,
          params: {
            title: options.title,
            tags: options.tags,
            description: options.description,
            snippet: options.snippet,
            access: options.access,
            isInvitationOnly: options.isInvitationOnly,
            sortField: options.sortField,
            sortOrder: options.sortOrder,
            isViewOnly: options.isViewOnly,
          },
          thumbnail: options.thumbnail === undefined ? undefined : filePart(options.thumbnail, "thumbnail.png"),
        }),
        (result) => result.success,
      ),
    )

/** The endpoint given, on the group (`delete`, `join`, `leave`). */
const simple =
  (context: ServiceContext, endpoint: typeof deleteGroup, operation: string) =>
  (group: GroupReference): Effect.Effect<boolean, PortalError.PortalFailure> =>
    Effect.flatMap(checkGroupId(operation, group), (id) =>
      Effect.map(context.call(endpoint, operation, { id }), (result) => result.success),
    )

/** `Groups.delete`: `delete`. */
export const remove = (context: ServiceContext): GroupsShape["delete"] => simple(context, deleteGroup, "Groups.delete")

/** `Groups.join`: `join` (an application the managers accept or decline). */
export const join = (context: ServiceContext): GroupsShape["join"] => simple(context, joinGroup, "Groups.join")

/** `Groups.leave`: `leave`. */
export const leave = (context: ServiceContext): GroupsShape["leave"] => simple(context, leaveGroup, "Groups.leave")
