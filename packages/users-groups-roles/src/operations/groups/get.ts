/**
 * `Groups.get` (Python `GroupManager.get`): the group id checked, then `community/groups/<gid>` — "does not exist or
 * is inaccessible" read as `undefined`, as Python returns `None`.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/group.htm
 */
import * as Effect from "effect/Effect"
import { group as groupEndpoint } from "../../endpoints/groups/group.ts"
import type { GroupsShape } from "../../Groups.ts"
import { orUndefined, type ServiceContext } from "../../internal/context.ts"
import { checkGroupId } from "../../internal/references.ts"

/** `Groups.get`: `community/groups/<gid>`, `undefined` when the group does not exist or is not visible. */
export const get =
  (context: ServiceContext): GroupsShape["get"] =>
  (groupId) =>
    Effect.flatMap(checkGroupId("Groups.get", groupId), (id) =>
      orUndefined(context.call(groupEndpoint, "Groups.get", { id })),
    )
