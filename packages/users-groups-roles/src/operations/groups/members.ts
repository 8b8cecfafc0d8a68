/**
 * The membership operations of `Groups` (Python `Group.add_users`, `remove_users`, `invite_users`, `applications`,
 * `get_members`, `reassign_to`): group id and usernames checked before anything is sent; `addUsers` and
 * `removeUsers` send 25 users per request (the portal's limit), a few requests at once, and merge what each reports.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/add-users-to-group.htm
 * @see https://developers.arcgis.com/rest/users-groups-and-items/remove-users-from-group.htm
 * @see https://developers.arcgis.com/rest/users-groups-and-items/invite-to-group.htm
 * @see https://developers.arcgis.com/rest/users-groups-and-items/group-applications.htm
 */
import type { PortalError } from "@arcgis-portal/core"
import * as Effect from "effect/Effect"
import { acceptApplication as acceptApplicationEndpoint } from "../../endpoints/groups/acceptApplication.ts"
import { addUsers as addUsersEndpoint, maxUsersPerCall } from "../../endpoints/groups/addUsers.ts"
import { declineApplication as declineApplicationEndpoint } from "../../endpoints/groups/declineApplication.ts"
import { groupApplications } from "../../endpoints/groups/groupApplications.ts"
import { groupUsers } from "../../endpoints/groups/groupUsers.ts"
import { inviteToGroup } from "../../endpoints/groups/inviteToGroup.ts"
import { reassignGroup } from "../../endpoints/groups/reassignGroup.ts"
import { removeUsers as removeUsersEndpoint } from "../../endpoints/groups/removeUsers.ts"
import type { GroupsShape } from "../../Groups.ts"
import type { BatchOptions, GroupReference, UserReference } from "../../GroupsOptions.ts"
import type { ServiceContext } from "../../internal/context.ts"
import { checkGroupId, checkUsername, chunks } from "../../internal/references.ts"

/** Sends `usernames` in batches of 25, a few batches at once, and merges what each batch reports. */
const batched = (
  operation: string,
  group: GroupReference,
  usernames: ReadonlyArray<UserReference>,
  options: BatchOptions,
  send: (id: string, users: ReadonlyArray<string>) => Effect.Effect<ReadonlyArray<string>, PortalError.PortalFailure>,
) =>
  Effect.gen(function* () {
    const id = yield* checkGroupId(operation, group)
    const names = yield* Effect.forEach(usernames, (user) => checkUsername(operation, user, "usernames"))
    const results = yield* Effect.forEach(chunks(names, maxUsersPerCall), (batch) => send(id, batch), {
      concurrency: Math.max(1, options.concurrency ?? 4),
    })
    return results.flat()
  })

/** `Groups.addUsers`: `addUsers` per batch of 25; everyone not added. */
export const addUsers = (context: ServiceContext): GroupsShape["addUsers"] =>
  Effect.fn("Groups.addUsers")(function* (
    group: GroupReference,
    usernames: ReadonlyArray<UserReference>,
    options: BatchOptions = {},
  ) {
    const notAdded = yield* batched("Groups.addUsers", group, usernames, options, (id, users) =>
      Effect.map(context.call(addUsersEndpoint, "Groups.addUsers", { id, users }), (result) => result.notAdded),
    )
    return { notAdded }
  })

/** `Groups.removeUsers`: `removeUsers` per batch of 25; everyone not removed. */
export const removeUsers = (context: ServiceContext): GroupsShape["removeUsers"] =>
  Effect.fn("Groups.removeUsers")(function* (
    group: GroupReference,
    usernames: ReadonlyArray<UserReference>,
    options: BatchOptions = {},
  ) {
    const notRemoved = yield* batched("Groups.removeUsers", group, usernames, options, (id, users) =>
      Effect.map(context.call(removeUsersEndpoint, "Groups.removeUsers", { id, users }), (result) => result.notRemoved),
    )
    return { notRemoved }
  })

/** `Groups.inviteUsers`: `invite` (default role `group_member`, expiration one week). */
export const inviteUsers =
  (context: ServiceContext): GroupsShape["inviteUsers"] =>
  (group, usernames, options = {}) =>
    Effect.gen(function* () {
      const id = yield* checkGroupId("Groups.inviteUsers", group)
      const users = yield* Effect.forEach(usernames, (user) => checkUsername("Groups.inviteUsers", user, "usernames"))
      const result = yield* context.call(inviteToGroup, "Groups.inviteUsers", {
        id,
        users,
        role: options.role ?? "group_member",
        expiration: options.expiration ?? 10_080,
      })
      return result.success
    })

/** `Groups.applications`: the pending requests to join. */
export const applications =
  (context: ServiceContext): GroupsShape["applications"] =>
  (group) =>
    Effect.flatMap(checkGroupId("Groups.applications", group), (id) =>
      Effect.map(context.call(groupApplications, "Groups.applications", { id }), (result) => result.applications),
    )

/** The endpoint given, on the user's application (`accept`, `decline`). */
const decide =
  (context: ServiceContext, endpoint: typeof acceptApplicationEndpoint, operation: string) =>
  (group: GroupReference, user: UserReference): Effect.Effect<boolean, PortalError.PortalFailure> =>
    Effect.gen(function* () {
      const id = yield* checkGroupId(operation, group)
      const username = yield* checkUsername(operation, user)
      return (yield* context.call(endpoint, operation, { id, username })).success
    })

/** `Groups.acceptApplication`: `accept` the user's application; they become a member. */
export const acceptApplication = (context: ServiceContext): GroupsShape["acceptApplication"] =>
  decide(context, acceptApplicationEndpoint, "Groups.acceptApplication")

/** `Groups.declineApplication`: `decline` the user's application. */
export const declineApplication = (context: ServiceContext): GroupsShape["declineApplication"] =>
  decide(context, declineApplicationEndpoint, "Groups.declineApplication")

/** `Groups.getMembers`: the group's owner, managers and members (`community/groups/<gid>/users`). */
export const getMembers =
  (context: ServiceContext): GroupsShape["getMembers"] =>
  (group) =>
    Effect.flatMap(checkGroupId("Groups.getMembers", group), (id) =>
      context.call(groupUsers, "Groups.getMembers", { id }),
    )

/** `Groups.reassignTo`: `reassign` to the new owner. */
export const reassignTo =
  (context: ServiceContext): GroupsShape["reassignTo"] =>
  (group, targetOwner) =>
    Effect.gen(function* () {
      const id = yield* checkGroupId("Groups.reassignTo", group)
      const targetUsername = yield* checkUsername("Groups.reassignTo", targetOwner, "targetOwner")
      return (yield* context.call(reassignGroup, "Groups.reassignTo", { id, targetUsername })).success
    })
