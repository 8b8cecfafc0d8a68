/**
 * A group's and `gis.groups`' arguments as the `Groups` service takes them: for each method, the checks of the
 * JavaScript shapes of its arguments (`Args.check` refuses the first wrong one with `InvalidInput`, before anything
 * is sent) and the mapping of Python's names (`maxGroups`, a comma-separated list of users, a thumbnail path) onto
 * the service's options. `users.ts` does the same for users, `content.ts` and `items.ts` for content.
 */
import type { PortalError } from "@arcgis-portal/core"
import type { Groups } from "@arcgis-portal/users-groups-roles"
import * as Effect from "effect/Effect"
import type { UsersArgument } from "../../Arguments.ts"
import type { GroupContentOptions, GroupMembershipOptions, GroupUpdateOptions } from "../../Group.ts"
import type { GroupCreateOptions, GroupSearchOptions } from "../../GroupManager.ts"
import * as Args from "../args.ts"
import { defined, withThumbnail } from "../inputs.ts"
import type { Session } from "../session.ts"

/** Users as the membership methods take them: a comma-separated string, or an array of usernames and `User`s. */
const users = Args.oneOf(Args.string, Args.list(Args.stringOr("username")))

/** The checks of `group.addUsers`/`removeUsers(usernames, options)`. */
export const membershipChecks = (
  usernames: UsersArgument,
  options: GroupMembershipOptions,
): ReadonlyArray<Args.Check> => [
  ["usernames", usernames, users],
  ["options", options, Args.record],
  ["concurrency", options?.concurrency, Args.optional(Args.number)],
]

/** `addUsers`/`removeUsers`' options: how many batches at once. */
export const batch = (options: GroupMembershipOptions): Groups.BatchOptions =>
  defined({ concurrency: options.concurrency })

/** The checks of `group.inviteUsers(usernames, options)`. */
export const inviteChecks = (usernames: UsersArgument, options: Groups.InviteOptions): ReadonlyArray<Args.Check> => [
  ["usernames", usernames, users],
  ["options", options, Args.record],
  ["role", options?.role, Args.optional(Args.string)],
  ["expiration", options?.expiration, Args.optional(Args.number)],
]

/** `inviteUsers`' options: the role and the invitation's lifetime. */
export const invite = (options: Groups.InviteOptions): Groups.InviteOptions =>
  defined({ role: options.role, expiration: options.expiration })

/** The checks of `group.content`/`contentAll(options)`. */
export const contentChecks = (options: GroupContentOptions): ReadonlyArray<Args.Check> => [
  ["options", options, Args.record],
  ["maxItems", options?.maxItems, Args.optional(Args.number)],
]

/** A listing's options: how many at most. */
export const stream = (options: GroupContentOptions): Groups.StreamOptions => defined({ maxItems: options.maxItems })

/** The checks of `group.update(options)`. */
export const updateChecks = (options: GroupUpdateOptions): ReadonlyArray<Args.Check> => [
  ["options", options, Args.record],
  ["title", options?.title, Args.optional(Args.string)],
  ["tags", options?.tags, Args.optional(Args.oneOf(Args.string, Args.list(Args.string)))],
  ["description", options?.description, Args.optional(Args.string)],
  ["snippet", options?.snippet, Args.optional(Args.string)],
  ["access", options?.access, Args.optional(Args.string)],
  ["isInvitationOnly", options?.isInvitationOnly, Args.optional(Args.boolean)],
  ["sortField", options?.sortField, Args.optional(Args.string)],
  ["sortOrder", options?.sortOrder, Args.optional(Args.string)],
  ["isViewOnly", options?.isViewOnly, Args.optional(Args.boolean)],
  ["thumbnail", options?.thumbnail, Args.optional(Args.file)],
]

/** `gis.groups.create(options)`, checked: the thumbnail read when it is a path. */
export const create = (
  session: Session,
  options: GroupCreateOptions,
): Effect.Effect<Groups.CreateOptions, PortalError.InvalidInput> =>
  Effect.andThen(
    Args.check(
      "GroupManager.create",
      ["options", options, Args.record],
      ["title", options?.title, Args.string],
      ["thumbnail", options?.thumbnail, Args.optional(Args.file)],
    ),
    () => withThumbnail(session, "GroupManager.create", options),
  )

/** `gis.groups.search(query, options)`: the service's options, without `signal`. */
export const search = ({ signal: _signal, ...search }: GroupSearchOptions) => defined(search)

/** `gis.groups.searchAll(query, options)`: Python's `max_groups` as `maxItems`, without `signal`. */
export const searchAll = ({ maxGroups, signal: _signal, ...rest }: GroupSearchOptions) =>
  defined({ ...rest, maxItems: maxGroups })
