/**
 * The portal's groups — create, get, search — and the operations on one group — members,
 * applications, invitations, content, update, delete, reassign, thumbnail: the TypeScript
 * counterpart of Python's `arcgis.gis.GroupManager` and `arcgis.gis.Group` (names in camelCase).
 * Per-group operations take a group id or a `Group`.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/group.htm
 * @see arcgis.gis.GroupManager
 * @see arcgis.gis.Group
 * @module
 */
import type { Portal, PortalError, Transport } from "@arcgis-portal/core"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Stream from "effect/Stream"
import type { Group, GroupApplication, GroupMembers } from "./GroupSchema.ts"
import type {
  AddUsersResult,
  BatchOptions,
  CreateOptions,
  GroupReference,
  InviteOptions,
  RemoveUsersResult,
  SearchOptions,
  StreamOptions,
  UpdateOptions,
  UserReference,
} from "./GroupsOptions.ts"
import { captureContext, type FileInput } from "./internal/context.ts"
import { content, contentStream } from "./operations/groups/content.ts"
import { create, createFromDict } from "./operations/groups/create.ts"
import { get } from "./operations/groups/get.ts"
import {
  acceptApplication,
  addUsers,
  applications,
  declineApplication,
  getMembers,
  inviteUsers,
  reassignTo,
  removeUsers,
} from "./operations/groups/members.ts"
import { search, searchAll } from "./operations/groups/search.ts"
import { downloadThumbnail, getThumbnail, getThumbnailLink } from "./operations/groups/thumbnail.ts"
import { join, leave, remove, update } from "./operations/groups/update.ts"
import type { ItemSummary } from "./UserSchema.ts"

export type {
  AddUsersResult,
  BatchOptions,
  CreateOptions,
  GroupReference,
  InviteOptions,
  RemoveUsersResult,
  SearchOptions,
  StreamOptions,
  UpdateOptions,
  UserReference,
} from "./GroupsOptions.ts"
export type { FileInput } from "./internal/context.ts"

type Failure = PortalError.PortalFailure

/** The group operations. */
export interface GroupsShape {
  /**
   * Creates a group owned by the caller and returns it.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/create-group.htm
   * @see arcgis.gis.GroupManager.create
   * @example
   * const group = yield* groups.create({ title: "Field crews", tags: ["field", "ops"], access: "org" })
   */
  readonly create: (options: CreateOptions) => Effect.Effect<Group, Failure>
  /**
   * Creates a group from a dictionary of `createGroup` parameters (e.g. a group's JSON from
   * another portal; its `id`, `owner`, dates and membership are left out).
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/create-group.htm
   * @see arcgis.gis.GroupManager.create_from_dict
   */
  readonly createFromDict: (
    properties: { readonly [key: string]: unknown },
    thumbnail?: FileInput,
  ) => Effect.Effect<Group, Failure>
  /**
   * A group, or `undefined` when it does not exist or is not visible to the caller.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/group.htm
   * @see arcgis.gis.GroupManager.get
   */
  readonly get: (groupId: string) => Effect.Effect<Group | undefined, Failure>
  /**
   * Searches groups (at most `maxGroups`, default 1000), in the caller's org unless `outsideOrg`.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/group-search.htm
   * @see arcgis.gis.GroupManager.search
   */
  readonly search: (
    options?: SearchOptions & { readonly maxGroups?: number | undefined },
  ) => Effect.Effect<ReadonlyArray<Group>, Failure>
  /**
   * Every group a search finds, as a stream.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/group-search.htm
   * @see arcgis.gis.GroupManager.search
   */
  readonly searchAll: (options?: SearchOptions & StreamOptions) => Stream.Stream<Group, Failure>
  /**
   * Adds users to a group, 25 per request as the portal requires (batches sent with bounded
   * concurrency); returns everyone who was not added, across all batches.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/add-users-to-group.htm
   * @see arcgis.gis.Group.add_users
   */
  readonly addUsers: (
    group: GroupReference,
    usernames: ReadonlyArray<UserReference>,
    options?: BatchOptions,
  ) => Effect.Effect<AddUsersResult, Failure>
  /**
   * The pending requests to join a group (group managers and org admins).
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/group-applications.htm
   * @see arcgis.gis.Group.applications
   */
  readonly applications: (group: GroupReference) => Effect.Effect<ReadonlyArray<GroupApplication>, Failure>
  /**
   * Accepts a user's request to join: they become a member.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/accept-group-application.htm
   * @see arcgis.gis.Group.applications
   */
  readonly acceptApplication: (group: GroupReference, user: UserReference) => Effect.Effect<boolean, Failure>
  /**
   * Declines a user's request to join.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/decline-group-application.htm
   * @see arcgis.gis.Group.applications
   */
  readonly declineApplication: (group: GroupReference, user: UserReference) => Effect.Effect<boolean, Failure>
  /**
   * The items shared with a group (at most `maxItems`, default 1000).
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/search.htm
   * @see arcgis.gis.Group.content
   */
  readonly content: (
    group: GroupReference,
    options?: { readonly maxItems?: number | undefined },
  ) => Effect.Effect<ReadonlyArray<ItemSummary>, Failure>
  /**
   * The items shared with a group, as a stream.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/search.htm
   * @see arcgis.gis.Group.content
   */
  readonly contentStream: (group: GroupReference, options?: StreamOptions) => Stream.Stream<ItemSummary, Failure>
  /**
   * Deletes a group.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/delete-group.htm
   * @see arcgis.gis.Group.delete
   */
  readonly delete: (group: GroupReference) => Effect.Effect<boolean, Failure>
  /**
   * The group's thumbnail as a byte stream, or `undefined` when there is none.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/group.htm
   * @see arcgis.gis.Group.download_thumbnail
   */
  readonly downloadThumbnail: (group: GroupReference) => Effect.Effect<Transport.ByteResponse | undefined, Failure>
  /**
   * The bytes of the group's thumbnail, or `undefined` when there is none.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/group.htm
   * @see arcgis.gis.Group.get_thumbnail
   */
  readonly getThumbnail: (group: GroupReference) => Effect.Effect<Uint8Array | undefined, Failure>
  /**
   * The URL of the group's thumbnail (without any token), or `undefined` when there is none.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/group.htm
   * @see arcgis.gis.Group.get_thumbnail_link
   */
  readonly getThumbnailLink: (group: GroupReference) => Effect.Effect<string | undefined, Failure>
  /**
   * The group's owner, managers and members.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/group-users
   * @see arcgis.gis.Group.get_members
   */
  readonly getMembers: (group: GroupReference) => Effect.Effect<GroupMembers, Failure>
  /**
   * Invites users to a group as members or managers.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/invite-to-group.htm
   * @see arcgis.gis.Group.invite_users
   */
  readonly inviteUsers: (
    group: GroupReference,
    usernames: ReadonlyArray<UserReference>,
    options?: InviteOptions,
  ) => Effect.Effect<boolean, Failure>
  /**
   * Applies to join a group (the managers accept or decline).
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/join-group.htm
   * @see arcgis.gis.Group.join
   */
  readonly join: (group: GroupReference) => Effect.Effect<boolean, Failure>
  /**
   * Leaves a group.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/leave-group.htm
   * @see arcgis.gis.Group.leave
   */
  readonly leave: (group: GroupReference) => Effect.Effect<boolean, Failure>
  /**
   * Gives a group to another owner.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/reassign-group.htm
   * @see arcgis.gis.Group.reassign_to
   */
  readonly reassignTo: (group: GroupReference, targetOwner: UserReference) => Effect.Effect<boolean, Failure>
  /**
   * Removes users from a group, 25 per request; returns everyone who was not removed.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/remove-users-from-group.htm
   * @see arcgis.gis.Group.remove_users
   */
  readonly removeUsers: (
    group: GroupReference,
    usernames: ReadonlyArray<UserReference>,
    options?: BatchOptions,
  ) => Effect.Effect<RemoveUsersResult, Failure>
  /**
   * Changes the given properties of a group.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/update-group.htm
   * @see arcgis.gis.Group.update
   */
  readonly update: (group: GroupReference, options: UpdateOptions) => Effect.Effect<boolean, Failure>
}

/**
 * The group operations as a service.
 *
 * @see arcgis.gis.GroupManager
 */
export class Groups extends Context.Service<Groups, GroupsShape>()("@arcgis-portal/users-groups-roles/Groups") {}

// The table: each method is an operation of src/operations/groups/ (those with orchestration traced as
// `Effect.fn("Groups.<method>")`), over the context captured once here; `@arcgis-portal/users-groups-roles/operations`
// runs the same operations over the context captured at each call.
/**
 * Builds the group operations from the `Transport` and `Portal` that `Portal.layer` provides.
 *
 * @example
 * import { Groups } from "@arcgis-portal/users-groups-roles"
 * const groups = yield* Groups.make
 */
export const make: Effect.Effect<GroupsShape, never, Transport.Transport | Portal.Portal> = Effect.map(
  captureContext,
  (context) =>
    Groups.of({
      create: create(context),
      createFromDict: createFromDict(context),
      get: get(context),
      search: search(context),
      searchAll: searchAll(context),
      addUsers: addUsers(context),
      applications: applications(context),
      acceptApplication: acceptApplication(context),
      declineApplication: declineApplication(context),
      content: content(context),
      contentStream: contentStream(context),
      delete: remove(context),
      downloadThumbnail: downloadThumbnail(context),
      getThumbnail: getThumbnail(context),
      getThumbnailLink: getThumbnailLink(context),
      getMembers: getMembers(context),
      inviteUsers: inviteUsers(context),
      join: join(context),
      leave: leave(context),
      reassignTo: reassignTo(context),
      removeUsers: removeUsers(context),
      update: update(context),
    }),
)

/**
 * The group operations, for any program that provides `Portal.layer({ url, auth })`.
 *
 * @example
 * import { Groups } from "@arcgis-portal/users-groups-roles"
 * import { Portal } from "@arcgis-portal/core"
 * import * as Layer from "effect/Layer"
 * const GroupsLive = Groups.layer.pipe(Layer.provide(Portal.layer({ url: "https://host/portal" })))
 */
export const layer: Layer.Layer<Groups, never, Transport.Transport | Portal.Portal> = Layer.effect(Groups, make)
