/**
 * A group of the portal — Python's `arcgis.gis.Group`. Fields are read-only properties
 * (`group.id`, `group.title`; the whole JSON from `toJSON()`); Python properties that call the
 * portal are methods (`group.applications()`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/group.htm
 * @see arcgis.gis.Group
 */
import { type GroupSchema, Groups } from "@arcgis-portal/users-groups-roles"
import * as Effect from "effect/Effect"
import type { FileArgument, UserArgument, UsersArgument } from "./Arguments.ts"
import type { AbortOptions } from "./Errors.ts"
import type { GisServices } from "./GisLayer.ts"
import type { Item } from "./Item.ts"
import * as Args from "./internal/args.ts"
import { type Calls, calls } from "./internal/calls.ts"
import { saveThumbnail } from "./internal/downloads.ts"
import { userList, withThumbnail } from "./internal/inputs.ts"
import { items, itemsAll } from "./internal/listings.ts"
import * as Options from "./internal/options/groups.ts"
import { assignFields, type Session, sessionKey } from "./internal/session.ts"

/**
 * What {@link Group.update} changes: Python's `title`, `tags`, `description`, `snippet`, `access`,
 * `is_invitation_only`, `sort_field`, `sort_order`, `is_view_only` and `thumbnail`, in camelCase — the fields of the
 * Effect face's `Groups.UpdateOptions`, the thumbnail also as a path in Node. Only the properties given are sent; the
 * others keep their values.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/update-group.htm
 * @see arcgis.gis.Group.update
 */
export interface GroupUpdateOptions extends Omit<Groups.UpdateOptions, "thumbnail"> {
  /** A `Blob`/`File`, or (Node) a path on disk. */
  readonly thumbnail?: FileArgument | undefined
}

/**
 * Options of {@link Group.content} and {@link Group.contentAll}: Python's `max_items` (default 1000 for `content()`,
 * unlimited for `contentAll()`), and a `signal` to stop the listing.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/group-content-search.htm
 * @see arcgis.gis.Group.content
 */
export interface GroupContentOptions extends Groups.StreamOptions {
  /** Aborts the listing (every page of it): the call rejects with `AbortError`. */
  readonly signal?: AbortSignal | undefined
}

/**
 * Options of {@link Group.addUsers} and {@link Group.removeUsers}, which send one request per 25 users (the most the
 * portal takes): how many go at once, and a `signal` to stop them. Not in Python, which sends the batches one by one.
 *
 * @see arcgis.gis.Group.add_users
 */
export interface GroupMembershipOptions extends Groups.BatchOptions {
  /** Aborts the call: requests in flight are aborted, no further batch is sent; it rejects with `AbortError`. */
  readonly signal?: AbortSignal | undefined
}

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
  readonly #calls: Calls<Groups.GroupsShape, GroupSchema.Group, GisServices>

  /** @internal Groups come from `gis.groups` (`get`, `search`, `create`). */
  constructor(session: Session<GisServices>, json: GroupSchema.Group) {
    this[sessionKey] = session
    this.#json = json
    this.#calls = calls(session, Groups.Groups, () => this.#json)
    assignFields(this, json)
  }

  /** The group's JSON as the portal sent it. */
  toJSON(): GroupSchema.Group {
    return this.#json
  }

  /**
   * Adds users to the group (25 per request, as the portal requires).
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/add-users-to-group.htm
   * @see arcgis.gis.Group.add_users
   */
  addUsers(usernames: UsersArgument, options: GroupMembershipOptions = {}): Promise<Groups.AddUsersResult> {
    return this.#calls.checked(
      "Group.addUsers",
      Options.membershipChecks(usernames, options),
      (groups, group) => groups.addUsers(group, userList(usernames), Options.batch(options)),
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
    return this.#calls.run((groups, group) => groups.applications(group))
  }

  /**
   * Accepts a user's request to join.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/accept-group-application.htm
   */
  acceptApplication(user: UserArgument): Promise<boolean> {
    return this.#calls.checked(
      "Group.acceptApplication",
      [["user", user, Args.stringOr("username")]],
      (groups, group) => groups.acceptApplication(group, user),
    )
  }

  /**
   * Declines a user's request to join.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/decline-group-application.htm
   */
  declineApplication(user: UserArgument): Promise<boolean> {
    return this.#calls.checked(
      "Group.declineApplication",
      [["user", user, Args.stringOr("username")]],
      (groups, group) => groups.declineApplication(group, user),
    )
  }

  /**
   * The items shared with the group (at most `maxItems`, default 1000).
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/search.htm
   * @see arcgis.gis.Group.content
   */
  content(options: GroupContentOptions = {}): Promise<ReadonlyArray<Item>> {
    const list = (groups: Groups.GroupsShape, group: GroupSchema.Group) =>
      groups.content(group, Options.stream(options))
    return items(this.#calls, "Group.content", Options.contentChecks(options), list, options)
  }

  /** Every item shared with the group, fetched page by page as the loop asks for them (`signal` stops the paging). */
  contentAll(options: GroupContentOptions = {}): AsyncIterable<Item> {
    const stream = Effect.map(Groups.Groups, (groups) => groups.contentStream(this.#json, Options.stream(options)))
    return itemsAll(this[sessionKey], "Group.contentAll", Options.contentChecks(options), stream, options)
  }

  /**
   * Deletes the group.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/delete-group.htm
   * @see arcgis.gis.Group.delete
   */
  delete(): Promise<boolean> {
    return this.#calls.run((groups, group) => groups.delete(group))
  }

  /**
   * (Node) Writes the group's thumbnail to `saveFolder`; resolves with the path, or `undefined`
   * when there is none.
   *
   * @see arcgis.gis.Group.download_thumbnail
   */
  downloadThumbnail(options: { readonly saveFolder?: string | undefined } = {}): Promise<string | undefined> {
    return this.#calls.run((groups, group) =>
      saveThumbnail(
        this[sessionKey],
        "Group.downloadThumbnail",
        options,
        group.thumbnail,
        groups.downloadThumbnail(group),
      ),
    )
  }

  /**
   * The group's owner, managers and members.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/group-users
   * @see arcgis.gis.Group.get_members
   */
  getMembers(): Promise<GroupSchema.GroupMembers> {
    return this.#calls.run((groups, group) => groups.getMembers(group))
  }

  /**
   * The bytes of the group's thumbnail, or `undefined` when there is none.
   *
   * @see arcgis.gis.Group.get_thumbnail
   */
  getThumbnail(): Promise<Uint8Array | undefined> {
    return this.#calls.run((groups, group) => groups.getThumbnail(group))
  }

  /**
   * The URL of the group's thumbnail (no token in it), or `undefined` when there is none.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/group.htm
   * @see arcgis.gis.Group.get_thumbnail_link
   */
  getThumbnailLink(): Promise<string | undefined> {
    return this.#calls.run((groups, group) => groups.getThumbnailLink(group))
  }

  /**
   * Invites users to the group as members (default) or managers.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/invite-to-group.htm
   * @see arcgis.gis.Group.invite_users
   */
  inviteUsers(usernames: UsersArgument, options: Groups.InviteOptions & AbortOptions = {}): Promise<boolean> {
    return this.#calls.checked(
      "Group.inviteUsers",
      Options.inviteChecks(usernames, options),
      (groups, group) => groups.inviteUsers(group, userList(usernames), Options.invite(options)),
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
    return this.#calls.run((groups, group) => groups.join(group))
  }

  /**
   * Leaves the group.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/leave-group.htm
   * @see arcgis.gis.Group.leave
   */
  leave(): Promise<boolean> {
    return this.#calls.run((groups, group) => groups.leave(group))
  }

  /**
   * Gives the group to another owner.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/reassign-group.htm
   * @see arcgis.gis.Group.reassign_to
   */
  reassignTo(targetOwner: UserArgument): Promise<boolean> {
    return this.#calls.checked(
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
    return this.#calls.checked(
      "Group.removeUsers",
      Options.membershipChecks(usernames, options),
      (groups, group) => groups.removeUsers(group, userList(usernames), Options.batch(options)),
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
    const done = await this.#calls.checked("Group.update", Options.updateChecks(options), (groups, group) =>
      Effect.gen(function* () {
        const updated = yield* groups.update(group, yield* withThumbnail(session, "Group.update", options))
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
