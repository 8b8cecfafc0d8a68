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
import { Paging, type Portal, type PortalError, type PortalRequest, Transport } from "@arcgis-portal/core"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import { acceptApplication as acceptApplicationEndpoint } from "./endpoints/groups/acceptApplication.ts"
import { addUsers as addUsersEndpoint, maxUsersPerCall } from "./endpoints/groups/addUsers.ts"
import { createGroup } from "./endpoints/groups/createGroup.ts"
import { declineApplication as declineApplicationEndpoint } from "./endpoints/groups/declineApplication.ts"
import { deleteGroup } from "./endpoints/groups/deleteGroup.ts"
import { group as groupEndpoint } from "./endpoints/groups/group.ts"
import { groupApplications } from "./endpoints/groups/groupApplications.ts"
import { groupSearch } from "./endpoints/groups/groupSearch.ts"
import { groupThumbnail, groupThumbnailPath } from "./endpoints/groups/groupThumbnail.ts"
import { groupUsers } from "./endpoints/groups/groupUsers.ts"
import { inviteToGroup } from "./endpoints/groups/inviteToGroup.ts"
import { joinGroup } from "./endpoints/groups/joinGroup.ts"
import { leaveGroup } from "./endpoints/groups/leaveGroup.ts"
import { reassignGroup } from "./endpoints/groups/reassignGroup.ts"
import { removeUsers as removeUsersEndpoint } from "./endpoints/groups/removeUsers.ts"
import { updateGroup } from "./endpoints/groups/updateGroup.ts"
import { search as searchEndpoint } from "./endpoints/search/search.ts"
import type { Group, GroupApplication, GroupMembers } from "./GroupSchema.ts"
import { captureContext, type FileInput, filePart, orUndefined } from "./internal/context.ts"
import { checkGroupId, checkUsername, chunks } from "./internal/references.ts"
import type { ItemSummary } from "./UserSchema.ts"

export type { FileInput } from "./internal/context.ts"

/**
 * A group as the per-group operations take it: its id, or an object with an `id` (a `Group` from
 * `get`, `search` or `create`; its `thumbnail` saves a request in the thumbnail operations).
 */
export type GroupReference = string | { readonly id: string; readonly thumbnail?: string | null | undefined }

/** A user as the membership operations take it: a username, or an object with a `username`. */
export type UserReference = string | { readonly username: string }

/**
 * Options of {@link GroupsShape.create}: every parameter of the Python method, with its defaults.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/create-group.htm
 * @see arcgis.gis.GroupManager.create
 */
export interface CreateOptions {
  /** Unique among the owner's groups. */
  readonly title: string
  readonly tags: string | ReadonlyArray<string>
  readonly description?: string | undefined
  /** Fewer than 250 characters. */
  readonly snippet?: string | undefined
  /** Default `public`, as in the Python module. */
  readonly access?: "private" | "org" | "public" | undefined
  readonly thumbnail?: FileInput | undefined
  /** Users cannot apply to join; they must be invited. Default `false`. */
  readonly isInvitationOnly?: boolean | undefined
  /** How items shared with the group sort. Default `avgRating`. */
  readonly sortField?: string | undefined
  /** Default `desc`. */
  readonly sortOrder?: "asc" | "desc" | undefined
  /** Members cannot share into the group. Default `false`. */
  readonly isViewOnly?: boolean | undefined
  /** Org members join without approval. Default `false`. */
  readonly autoJoin?: boolean | undefined
  /** Links the group to an enterprise (SAML/LDAP) group; `provider=enterprise` is sent with it. */
  readonly providerGroupName?: string | undefined
  readonly phone?: string | undefined
}

/**
 * Options of {@link GroupsShape.update}: only the properties given change.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/update-group.htm
 * @see arcgis.gis.Group.update
 */
export interface UpdateOptions {
  readonly title?: string | undefined
  readonly tags?: string | ReadonlyArray<string> | undefined
  readonly description?: string | undefined
  readonly snippet?: string | undefined
  readonly access?: "private" | "org" | "public" | undefined
  readonly isInvitationOnly?: boolean | undefined
  readonly sortField?: string | undefined
  readonly sortOrder?: "asc" | "desc" | undefined
  readonly isViewOnly?: boolean | undefined
  readonly thumbnail?: FileInput | undefined
}

/**
 * Options of {@link GroupsShape.search} and {@link GroupsShape.searchAll}.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/group-search.htm
 * @see arcgis.gis.GroupManager.search
 */
export interface SearchOptions {
  /** The query; without one, every group of the org. */
  readonly query?: string | undefined
  /** `title` (default), `owner`, `created`. */
  readonly sortField?: string | undefined
  /** Default `asc`. */
  readonly sortOrder?: "asc" | "desc" | undefined
  /** Search every org, not only the caller's (no `accountid:<orgId>` appended). Default `false`. */
  readonly outsideOrg?: boolean | undefined
}

/**
 * Options of {@link GroupsShape.inviteUsers}.
 *
 * @see arcgis.gis.Group.invite_users
 */
export interface InviteOptions {
  /** Default `group_member`. */
  readonly role?: "group_member" | "group_admin" | undefined
  /** Minutes the invitation stays valid. Default 10 080 (one week). */
  readonly expiration?: number | undefined
}

/** Options of the streaming listings: how many records at most. */
export interface StreamOptions {
  readonly maxItems?: number | undefined
}

/**
 * Options of the batched membership operations.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/add-users-to-group.htm
 */
export interface BatchOptions {
  /** Batches of 25 users sent at once. Default 4. */
  readonly concurrency?: number | undefined
}

/** The users `addUsers` could not add (the Python module's `not_added`). */
export interface AddUsersResult {
  readonly notAdded: ReadonlyArray<string>
}

/** The users `removeUsers` could not remove. */
export interface RemoveUsersResult {
  readonly notRemoved: ReadonlyArray<string>
}

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

/** Fields of a group's JSON the portal sets itself: `createFromDict` does not send them. */
const serverFields = new Set(["id", "owner", "orgId", "created", "modified", "userMembership", "thumbnail"])

const isParamValue = (value: unknown): value is PortalRequest.ParamValue =>
  value === null || ["string", "number", "boolean", "object"].includes(typeof value)

/**
 * Builds the group operations from the `Transport` and `Portal` that `Portal.layer` provides.
 *
 * @example
 * import { Groups } from "@arcgis-portal/users-groups-roles"
 * const groups = yield* Groups.make
 */
export const make: Effect.Effect<GroupsShape, never, Transport.Transport | Portal.Portal> = Effect.gen(function* () {
  const context = yield* captureContext

  const created = (operation: string, params: PortalRequest.Params, thumbnail: FileInput | undefined) =>
    Effect.map(
      context.call(createGroup, operation, {
        params,
        thumbnail: thumbnail === undefined ? undefined : filePart(thumbnail, "thumbnail.png"),
      }),
      (result) => result.group,
    )

  const create: GroupsShape["create"] = (options) =>
    created(
      "Groups.create",
      {
        title: options.title,
        tags: options.tags,
        description: options.description,
        snippet: options.snippet,
        access: options.access ?? "public",
        isInvitationOnly: options.isInvitationOnly ?? false,
        sortField: options.sortField ?? "avgRating",
        sortOrder: options.sortOrder ?? "desc",
        isViewOnly: options.isViewOnly ?? false,
        autoJoin: options.autoJoin ?? false,
        phone: options.phone,
        providerGroupName: options.providerGroupName,
        provider: options.providerGroupName === undefined ? undefined : "enterprise",
      },
      options.thumbnail,
    )

  const createFromDict: GroupsShape["createFromDict"] = (properties, thumbnail) => {
    const params: Record<string, PortalRequest.ParamValue> = {}
    for (const [key, value] of Object.entries(properties)) {
      if (!serverFields.has(key) && isParamValue(value)) params[key] = value
    }
    return created("Groups.createFromDict", params, thumbnail)
  }

  const get: GroupsShape["get"] = (groupId) =>
    Effect.flatMap(checkGroupId("Groups.get", groupId), (id) =>
      orUndefined(context.call(groupEndpoint, "Groups.get", { id })),
    )

  const searchStream = (operation: string, options: SearchOptions, maxItems: number | undefined) =>
    Stream.unwrap(
      Effect.map(options.outsideOrg === true ? Effect.succeed(undefined) : context.self(operation), (self) => {
        const query = options.query?.trim() ?? ""
        const org = self?.id ? `accountid:${self.id}` : ""
        const q = query === "" ? org : org === "" ? query : `${query} ${org}`
        const sortField = options.sortField ?? "title"
        const sortOrder = options.sortOrder ?? "asc"
        return Paging.stream(
          (start, num) =>
            Effect.map(context.call(groupSearch, operation, { q, start, num, sortField, sortOrder }), (page) =>
              Paging.page(page, page.results),
            ),
          { maxItems },
        )
      }),
    )

  const search: GroupsShape["search"] = (options = {}) =>
    Stream.runCollect(searchStream("Groups.search", options, options.maxGroups ?? 1000))

  const searchAll: GroupsShape["searchAll"] = (options = {}) =>
    searchStream("Groups.searchAll", options, options.maxItems)

  /** Sends `usernames` in batches of 25, a few batches at once, and merges what each batch reports. */
  const batched = (
    operation: string,
    group: GroupReference,
    usernames: ReadonlyArray<UserReference>,
    options: BatchOptions,
    send: (id: string, users: ReadonlyArray<string>) => Effect.Effect<ReadonlyArray<string>, Failure>,
  ) =>
    Effect.gen(function* () {
      const id = yield* checkGroupId(operation, group)
      const names = yield* Effect.forEach(usernames, (user) => checkUsername(operation, user, "usernames"))
      const results = yield* Effect.forEach(chunks(names, maxUsersPerCall), (batch) => send(id, batch), {
        concurrency: Math.max(1, options.concurrency ?? 4),
      })
      return results.flat()
    })

  const addUsers: GroupsShape["addUsers"] = (group, usernames, options = {}) =>
    Effect.map(
      batched("Groups.addUsers", group, usernames, options, (id, users) =>
        Effect.map(context.call(addUsersEndpoint, "Groups.addUsers", { id, users }), (result) => result.notAdded),
      ),
      (notAdded) => ({ notAdded }),
    )

  const removeUsers: GroupsShape["removeUsers"] = (group, usernames, options = {}) =>
    Effect.map(
      batched("Groups.removeUsers", group, usernames, options, (id, users) =>
        Effect.map(
          context.call(removeUsersEndpoint, "Groups.removeUsers", { id, users }),
          (result) => result.notRemoved,
        ),
      ),
      (notRemoved) => ({ notRemoved }),
    )

  const applications: GroupsShape["applications"] = (group) =>
    Effect.flatMap(checkGroupId("Groups.applications", group), (id) =>
      Effect.map(context.call(groupApplications, "Groups.applications", { id }), (result) => result.applications),
    )

  const decide =
    (endpoint: typeof acceptApplicationEndpoint, operation: string) => (group: GroupReference, user: UserReference) =>
      Effect.gen(function* () {
        const id = yield* checkGroupId(operation, group)
        const username = yield* checkUsername(operation, user)
        return (yield* context.call(endpoint, operation, { id, username })).success
      })

  const contentOf = (operation: string, group: GroupReference, maxItems: number | undefined) =>
    Stream.unwrap(
      Effect.map(checkGroupId(operation, group), (id) =>
        Paging.stream(
          (start, num) =>
            Effect.map(context.call(searchEndpoint, operation, { q: `group:${id}`, start, num }), (page) =>
              Paging.page(page, page.results),
            ),
          { maxItems },
        ),
      ),
    )

  const content: GroupsShape["content"] = (group, options = {}) =>
    Stream.runCollect(contentOf("Groups.content", group, options.maxItems ?? 1000))

  const contentStream: GroupsShape["contentStream"] = (group, options = {}) =>
    contentOf("Groups.contentStream", group, options.maxItems)

  const simple =
    (endpoint: typeof deleteGroup, operation: string) =>
    (group: GroupReference): Effect.Effect<boolean, Failure> =>
      Effect.flatMap(checkGroupId(operation, group), (id) =>
        Effect.map(context.call(endpoint, operation, { id }), (result) => result.success),
      )

  /** The group's thumbnail file name: from the object when it carries one, else read from the portal. */
  const thumbnailOf = (operation: string, group: GroupReference) =>
    Effect.gen(function* () {
      const id = yield* checkGroupId(operation, group)
      if (typeof group !== "string" && "thumbnail" in group) return { id, thumbnail: group.thumbnail ?? undefined }
      const found = yield* orUndefined(context.call(groupEndpoint, operation, { id }))
      return { id, thumbnail: found?.thumbnail ?? undefined }
    })

  const downloadThumbnail: GroupsShape["downloadThumbnail"] = (group) =>
    Effect.flatMap(thumbnailOf("Groups.downloadThumbnail", group), ({ id, thumbnail }) =>
      thumbnail === undefined
        ? Effect.succeed(undefined)
        : context.bytes(groupThumbnail, "Groups.downloadThumbnail", { id, thumbnail }),
    )

  const getThumbnail: GroupsShape["getThumbnail"] = (group) =>
    Effect.flatMap(thumbnailOf("Groups.getThumbnail", group), ({ id, thumbnail }) =>
      thumbnail === undefined
        ? Effect.succeed(undefined)
        : Effect.flatMap(context.bytes(groupThumbnail, "Groups.getThumbnail", { id, thumbnail }), (response) =>
            Transport.collectBytes(response.stream),
          ),
    )

  const getThumbnailLink: GroupsShape["getThumbnailLink"] = (group) =>
    Effect.map(thumbnailOf("Groups.getThumbnailLink", group), ({ id, thumbnail }) =>
      thumbnail === undefined ? undefined : context.transport.url(groupThumbnailPath(id, thumbnail)),
    )

  const getMembers: GroupsShape["getMembers"] = (group) =>
    Effect.flatMap(checkGroupId("Groups.getMembers", group), (id) =>
      context.call(groupUsers, "Groups.getMembers", { id }),
    )

  const inviteUsers: GroupsShape["inviteUsers"] = (group, usernames, options = {}) =>
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

  const reassignTo: GroupsShape["reassignTo"] = (group, targetOwner) =>
    Effect.gen(function* () {
      const id = yield* checkGroupId("Groups.reassignTo", group)
      const targetUsername = yield* checkUsername("Groups.reassignTo", targetOwner, "targetOwner")
      return (yield* context.call(reassignGroup, "Groups.reassignTo", { id, targetUsername })).success
    })

  const update: GroupsShape["update"] = (group, options) =>
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

  return Groups.of({
    create,
    createFromDict,
    get,
    search,
    searchAll,
    addUsers,
    applications,
    acceptApplication: decide(acceptApplicationEndpoint, "Groups.acceptApplication"),
    declineApplication: decide(declineApplicationEndpoint, "Groups.declineApplication"),
    content,
    contentStream,
    delete: simple(deleteGroup, "Groups.delete"),
    downloadThumbnail,
    getThumbnail,
    getThumbnailLink,
    getMembers,
    inviteUsers,
    join: simple(joinGroup, "Groups.join"),
    leave: simple(leaveGroup, "Groups.leave"),
    reassignTo,
    removeUsers,
    update,
  })
})

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
