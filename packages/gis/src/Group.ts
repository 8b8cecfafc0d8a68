/**
 * A group of the portal — Python's `arcgis.gis.Group`. Fields are read-only properties
 * (`group.id`, `group.title`; the whole JSON from `toJSON()`); Python properties that call the
 * portal are methods (`group.applications()`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/group.htm
 * @see arcgis.gis.Group
 */
import type { ItemSchema } from "@arcgis-portal/content"
import { type GroupSchema, Groups } from "@arcgis-portal/users-groups-roles"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import type { FileArgument, UserArgument, UsersArgument } from "./Arguments.ts"
import type { GisServices } from "./GisLayer.ts"
import { Item } from "./Item.ts"
import * as Args from "./internal/args.ts"
import { blobOf, defined, filesOf, userList } from "./internal/inputs.ts"
import { assignFields, type Cancel, cancel, iterate, run, type Session, sessionKey } from "./internal/session.ts"

/**
 * What {@link Group.update} changes: Python's `title`, `tags`, `description`, `snippet`, `access`,
 * `is_invitation_only`, `sort_field`, `sort_order`, `is_view_only` and `thumbnail`, in camelCase. Only the
 * properties given are sent; the others keep their values.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/update-group.htm
 * @see arcgis.gis.Group.update
 */
export interface GroupUpdateOptions {
  readonly title?: string | undefined
  /** An array of tags, or one comma-separated string. */
  readonly tags?: string | ReadonlyArray<string> | undefined
  readonly description?: string | undefined
  /** The short summary (under 250 characters). */
  readonly snippet?: string | undefined
  /** Who may find the group. */
  readonly access?: "private" | "org" | "public" | undefined
  /** Users cannot ask to join; they must be invited or added. */
  readonly isInvitationOnly?: boolean | undefined
  /** How the group's content is sorted (`title`, `owner`, `avgrating`, `numviews`, `created`, `modified`). */
  readonly sortField?: string | undefined
  readonly sortOrder?: "asc" | "desc" | undefined
  /** Members cannot share items into the group; only its owner and managers can. */
  readonly isViewOnly?: boolean | undefined
  /** A `Blob`/`File`, or (Node) a path on disk. */
  readonly thumbnail?: FileArgument | undefined
}

/** Users as the membership methods take them: a comma-separated string, or an array of usernames and `User`s. */
const usersRule = Args.oneOf(Args.string, Args.list(Args.stringOr("username")))

/**
 * Options of {@link Group.content} and {@link Group.contentAll}: Python's `max_items`, and a `signal` to stop the
 * listing.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/group-content-search.htm
 * @see arcgis.gis.Group.content
 */
export interface GroupContentOptions {
  /** Default 1000 for `content()`; unlimited for `contentAll()`. */
  readonly maxItems?: number | undefined
  /** Aborts the listing (every page of it): the call rejects with `AbortError`. */
  readonly signal?: AbortSignal | undefined
}

/**
 * Options of {@link Group.addUsers} and {@link Group.removeUsers}, which send one request per 25 users (the most the
 * portal takes): how many go at once, and a `signal` to stop them. Not in Python, which sends the batches one by one.
 *
 * @see arcgis.gis.Group.add_users
 */
export interface GroupMembershipOptions {
  /** Requests in flight at once. Default 4. */
  readonly concurrency?: number | undefined
  /** Aborts the call: requests in flight are aborted, no further batch is sent; it rejects with `AbortError`. */
  readonly signal?: AbortSignal | undefined
}

const membershipChecks = (usernames: UsersArgument, options: GroupMembershipOptions): ReadonlyArray<Args.Check> => [
  ["usernames", usernames, usersRule],
  ["options", options, Args.record],
  ["concurrency", options?.concurrency, Args.optional(Args.number)],
]

const contentChecks = (options: GroupContentOptions): ReadonlyArray<Args.Check> => [
  ["options", options, Args.record],
  ["maxItems", options?.maxItems, Args.optional(Args.number)],
]

/**
 * A group of the portal.
 *
 * @see arcgis.gis.Group
 * @example
 * const group = await gis.groups.create({ title: "Field crews", tags: ["field"] })
 * await group.addUsers(["user_one"])
 */
export class Group {
  declare readonly id: string
  declare readonly title: string
  declare readonly owner: string
  declare readonly access: GroupSchema.Group["access"]
  declare readonly tags: GroupSchema.Group["tags"]
  declare readonly description: GroupSchema.Group["description"]
  declare readonly snippet: GroupSchema.Group["snippet"]
  declare readonly thumbnail: GroupSchema.Group["thumbnail"]
  declare readonly isInvitationOnly: GroupSchema.Group["isInvitationOnly"]
  declare readonly isViewOnly: GroupSchema.Group["isViewOnly"]
  declare readonly protected: GroupSchema.Group["protected"]

  /** @internal The connection this object belongs to: a symbol key, so not in `Object.keys` or JSON. */
  readonly [sessionKey]: Session<GisServices>
  #json: GroupSchema.Group

  /** @internal Groups come from `gis.groups` (`get`, `search`, `create`). */
  constructor(session: Session<GisServices>, json: GroupSchema.Group) {
    this[sessionKey] = session
    this.#json = json
    assignFields(this, json)
  }

  /** The group's JSON as the portal sent it. */
  toJSON(): GroupSchema.Group {
    return this.#json
  }

  #run<A, E>(
    use: (groups: Groups.GroupsShape, group: GroupSchema.Group) => Effect.Effect<A, E, GisServices>,
    how?: Cancel,
  ): Promise<A> {
    return run(
      this[sessionKey],
      Effect.flatMap(Groups.Groups, (groups) => use(groups, this.#json)),
      how,
    )
  }

  /** `#run` after checking the JavaScript shapes of the call's arguments (nothing is sent when one is wrong). */
  #checked<A, E>(
    operation: string,
    checks: ReadonlyArray<Args.Check>,
    use: (groups: Groups.GroupsShape, group: GroupSchema.Group) => Effect.Effect<A, E, GisServices>,
    options?: unknown,
  ): Promise<A> {
    return this.#run(
      (groups, group) => Effect.andThen(Args.check(operation, ...checks), () => use(groups, group)),
      cancel(operation, options),
    )
  }

  /**
   * Adds users to the group (25 per request, as the portal requires).
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/add-users-to-group.htm
   * @see arcgis.gis.Group.add_users
   */
  addUsers(usernames: UsersArgument, options: GroupMembershipOptions = {}): Promise<Groups.AddUsersResult> {
    return this.#checked(
      "Group.addUsers",
      membershipChecks(usernames, options),
      (groups, group) => groups.addUsers(group, userList(usernames), defined({ concurrency: options.concurrency })),
      options,
    )
  }

  /**
   * The pending requests to join the group.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/group-applications.htm
   * @see arcgis.gis.Group.applications
   */
  applications(): Promise<ReadonlyArray<GroupSchema.GroupApplication>> {
    return this.#run((groups, group) => groups.applications(group))
  }

  /**
   * Accepts a user's request to join.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/accept-group-application.htm
   */
  acceptApplication(user: UserArgument): Promise<boolean> {
    return this.#checked("Group.acceptApplication", [["user", user, Args.stringOr("username")]], (groups, group) =>
      groups.acceptApplication(group, user),
    )
  }

  /**
   * Declines a user's request to join.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/decline-group-application.htm
   */
  declineApplication(user: UserArgument): Promise<boolean> {
    return this.#checked("Group.declineApplication", [["user", user, Args.stringOr("username")]], (groups, group) =>
      groups.declineApplication(group, user),
    )
  }

  /**
   * The items shared with the group (at most `maxItems`, default 1000).
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/search.htm
   * @see arcgis.gis.Group.content
   */
  content(options: GroupContentOptions = {}): Promise<ReadonlyArray<Item>> {
    const session = this[sessionKey]
    return this.#checked(
      "Group.content",
      contentChecks(options),
      (groups, group) => groups.content(group, defined({ maxItems: options.maxItems })),
      options,
    ).then((list) => list.map((json) => new Item(session, json as unknown as ItemSchema.Item)))
  }

  /** Every item shared with the group, fetched page by page as the loop asks for them (`signal` stops the paging). */
  contentAll(options: GroupContentOptions = {}): AsyncIterable<Item> {
    const session = this[sessionKey]
    return iterate(
      session,
      Stream.unwrap(
        Effect.andThen(
          Args.check("Group.contentAll", ...contentChecks(options)),
          Effect.map(Groups.Groups, (groups) =>
            Stream.map(
              groups.contentStream(this.#json, defined({ maxItems: options.maxItems })),
              (json) => new Item(session, json as unknown as ItemSchema.Item),
            ),
          ),
        ),
      ),
      cancel("Group.contentAll", options),
    )
  }

  /**
   * Deletes the group.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/delete-group.htm
   * @see arcgis.gis.Group.delete
   */
  delete(): Promise<boolean> {
    return this.#run((groups, group) => groups.delete(group))
  }

  /**
   * (Node) Writes the group's thumbnail to `saveFolder`; resolves with the path, or `undefined`
   * when there is none.
   *
   * @see arcgis.gis.Group.download_thumbnail
   */
  downloadThumbnail(options: { readonly saveFolder?: string | undefined } = {}): Promise<string | undefined> {
    const session = this[sessionKey]
    return this.#checked(
      "Group.downloadThumbnail",
      [
        ["options", options, Args.record],
        ["saveFolder", options?.saveFolder, Args.optional(Args.string)],
      ],
      (groups, group) =>
        Effect.gen(function* () {
          const files = yield* filesOf(session, "Group.downloadThumbnail", "saveFolder")
          const response = yield* groups.downloadThumbnail(group)
          if (response === undefined) return undefined
          const name = (group.thumbnail ?? "thumbnail.png").split("/").pop() ?? "thumbnail.png"
          return yield* files.write(response.stream, options.saveFolder, name)
        }),
    )
  }

  /**
   * The group's owner, managers and members.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/group-users
   * @see arcgis.gis.Group.get_members
   */
  getMembers(): Promise<GroupSchema.GroupMembers> {
    return this.#run((groups, group) => groups.getMembers(group))
  }

  /**
   * The bytes of the group's thumbnail, or `undefined` when there is none.
   *
   * @see arcgis.gis.Group.get_thumbnail
   */
  getThumbnail(): Promise<Uint8Array | undefined> {
    return this.#run((groups, group) => groups.getThumbnail(group))
  }

  /**
   * The URL of the group's thumbnail (no token in it), or `undefined` when there is none.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/group.htm
   * @see arcgis.gis.Group.get_thumbnail_link
   */
  getThumbnailLink(): Promise<string | undefined> {
    return this.#run((groups, group) => groups.getThumbnailLink(group))
  }

  /**
   * Invites users to the group as members (default) or managers.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/invite-to-group.htm
   * @see arcgis.gis.Group.invite_users
   */
  inviteUsers(
    usernames: UsersArgument,
    options: {
      readonly role?: "group_member" | "group_admin" | undefined
      readonly expiration?: number | undefined
      /** Aborts the call: it rejects with `AbortError`. */
      readonly signal?: AbortSignal | undefined
    } = {},
  ): Promise<boolean> {
    return this.#checked(
      "Group.inviteUsers",
      [
        ["usernames", usernames, usersRule],
        ["options", options, Args.record],
        ["role", options?.role, Args.optional(Args.string)],
        ["expiration", options?.expiration, Args.optional(Args.number)],
      ],
      (groups, group) =>
        groups.inviteUsers(group, userList(usernames), defined({ role: options.role, expiration: options.expiration })),
      options,
    )
  }

  /**
   * Applies to join the group.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/join-group.htm
   * @see arcgis.gis.Group.join
   */
  join(): Promise<boolean> {
    return this.#run((groups, group) => groups.join(group))
  }

  /**
   * Leaves the group.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/leave-group.htm
   * @see arcgis.gis.Group.leave
   */
  leave(): Promise<boolean> {
    return this.#run((groups, group) => groups.leave(group))
  }

  /**
   * Gives the group to another owner.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/reassign-group.htm
   * @see arcgis.gis.Group.reassign_to
   */
  reassignTo(targetOwner: UserArgument): Promise<boolean> {
    return this.#checked(
      "Group.reassignTo",
      [["targetOwner", targetOwner, Args.stringOr("username")]],
      (groups, group) => groups.reassignTo(group, targetOwner),
    )
  }

  /**
   * Removes users from the group.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/remove-users-from-group.htm
   * @see arcgis.gis.Group.remove_users
   */
  removeUsers(usernames: UsersArgument, options: GroupMembershipOptions = {}): Promise<Groups.RemoveUsersResult> {
    return this.#checked(
      "Group.removeUsers",
      membershipChecks(usernames, options),
      (groups, group) => groups.removeUsers(group, userList(usernames), defined({ concurrency: options.concurrency })),
      options,
    )
  }

  /**
   * Changes the given properties of the group; the group's fields are refreshed.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/update-group.htm
   * @see arcgis.gis.Group.update
   */
  async update(options: GroupUpdateOptions = {}): Promise<boolean> {
    const session = this[sessionKey]
    const done = await this.#checked(
      "Group.update",
      [
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
      ],
      (groups, group) =>
        Effect.gen(function* () {
          const thumbnail = yield* blobOf(session, "Group.update", "thumbnail", options.thumbnail)
          const updated = yield* groups.update(group, defined({ ...options, thumbnail }))
          return { updated, fresh: updated ? yield* groups.get(group.id) : undefined }
        }),
    )
    if (done.fresh !== undefined) {
      this.#json = done.fresh
      assignFields(this, done.fresh)
    }
    return done.updated
  }
}
