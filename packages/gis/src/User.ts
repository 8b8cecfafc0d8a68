/**
 * A user of the portal — Python's `arcgis.gis.User`. Fields are read-only properties
 * (`user.username`, `user.fullName`; the whole JSON from `toJSON()`); Python properties that call
 * the portal are methods (`user.folders()`, `user.notifications()`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/user.htm
 * @see arcgis.gis.User
 */
import { type RoleSchema, type UserSchema, Users } from "@arcgis-portal/users-groups-roles"
import * as Effect from "effect/Effect"
import type * as Redacted from "effect/Redacted"
import type { FileArgument, UserArgument } from "./Arguments.ts"
import type { GisServices } from "./GisLayer.ts"
import type { Item } from "./Item.ts"
import * as Args from "./internal/args.ts"
import { type Calls, calls } from "./internal/calls.ts"
import { saveThumbnail } from "./internal/downloads.ts"
import { defined, withThumbnail } from "./internal/inputs.ts"
import { items, itemsAll } from "./internal/listings.ts"
import * as Options from "./internal/options/users.ts"
import { assignFields, type Session, sessionKey } from "./internal/session.ts"

/**
 * What {@link User.update} changes in the user's profile: Python's `access`, `preferred_view`, `description`, `tags`,
 * `thumbnail`, `fullname`, `email`, `culture` and `region`, in camelCase — the fields of the Effect face's
 * `Users.UpdateOptions`, the thumbnail also as a path in Node. Only the properties given are sent; the others keep
 * their values.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/update-user.htm
 * @see arcgis.gis.User.update
 */
export interface UserUpdateOptions extends Omit<Users.UpdateOptions, "thumbnail"> {
  /** A `Blob`/`File`, or (Node) a path on disk. */
  readonly thumbnail?: FileArgument | undefined
}

/**
 * What {@link User.reset} changes besides checking the current password: Python's `new_password`,
 * `new_security_question` and `new_security_answer`, in camelCase — the Effect face's `Users.ResetOptions`, the
 * secrets also as strings. They are only ever sent in a POST body and never appear in an error.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/reset-user.htm
 * @see arcgis.gis.User.reset
 */
export interface UserResetOptions extends Omit<Users.ResetOptions, "password" | "newPassword" | "newSecurityAnswer"> {
  readonly newPassword?: string | Redacted.Redacted<string> | undefined
  readonly newSecurityAnswer?: string | Redacted.Redacted<string> | undefined
}

/**
 * Which of the user's items {@link User.items} and {@link User.itemsAll} list: Python's `folder` and `max_items`
 * (default 100 for `items()`, unlimited for `itemsAll()`), in camelCase — the Effect face's `Users.ItemsOptions` —
 * and a `signal` to stop the listing.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/user-content.htm
 * @see arcgis.gis.User.items
 */
export interface UserItemsOptions extends Users.ItemsOptions {
  /** Aborts the listing (every page of it): the call rejects with `AbortError`. */
  readonly signal?: AbortSignal | undefined
}

/**
 * A registered user of the portal.
 *
 * @see arcgis.gis.User
 * @example
 * const me = await gis.users.me()
 * console.log(me?.username, await me?.folders())
 */
export class User {
  declare readonly username: string
  declare readonly fullName: UserSchema.User["fullName"]
  declare readonly firstName: UserSchema.User["firstName"]
  declare readonly lastName: UserSchema.User["lastName"]
  declare readonly email: UserSchema.User["email"]
  declare readonly description: UserSchema.User["description"]
  declare readonly tags: UserSchema.User["tags"]
  declare readonly thumbnail: UserSchema.User["thumbnail"]
  declare readonly access: UserSchema.User["access"]
  declare readonly role: UserSchema.User["role"]
  declare readonly roleId: UserSchema.User["roleId"]
  declare readonly privileges: UserSchema.User["privileges"]
  declare readonly disabled: UserSchema.User["disabled"]
  declare readonly orgId: UserSchema.User["orgId"]

  /** @internal The connection this object belongs to: a symbol key, so not in `Object.keys` or JSON. */
  readonly [sessionKey]: Session<GisServices>
  #json: UserSchema.User
  readonly #calls: Calls<Users.UsersShape, UserSchema.User, GisServices>

  /** @internal Users come from `gis.users` (`get`, `me`, `search`, `create`). */
  constructor(session: Session<GisServices>, json: UserSchema.User) {
    this[sessionKey] = session
    this.#json = json
    this.#calls = calls(session, Users.Users, () => this.#json)
    assignFields(this, json)
  }

  /** The user's JSON as the portal sent it. */
  toJSON(): UserSchema.User {
    return this.#json
  }

  /**
   * Deletes the user; with `reassignTo`, first gives their items and groups to that user.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/delete-user.htm
   * @see arcgis.gis.User.delete
   */
  delete(options: { readonly reassignTo?: UserArgument | undefined } = {}): Promise<boolean> {
    return this.#calls.checked(
      "User.delete",
      [
        ["options", options, Args.record],
        ["reassignTo", options?.reassignTo, Args.optional(Args.stringOr("username"))],
      ],
      (users, user) => users.delete(user, defined(options)),
    )
  }

  /**
   * Disables the user's login (org administrators).
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/disable.htm
   * @see arcgis.gis.User.disable
   */
  disable(): Promise<boolean> {
    return this.#calls.run((users, user) => users.disable(user))
  }

  /**
   * Enables a disabled user's login (org administrators).
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/enable.htm
   * @see arcgis.gis.User.enable
   */
  enable(): Promise<boolean> {
    return this.#calls.run((users, user) => users.enable(user))
  }

  /**
   * (Node) Writes the user's thumbnail to `saveFolder`; resolves with the path, or `undefined`
   * when there is none.
   *
   * @see arcgis.gis.User.download_thumbnail
   */
  downloadThumbnail(options: { readonly saveFolder?: string | undefined } = {}): Promise<string | undefined> {
    return this.#calls.run((users, user) =>
      saveThumbnail(this[sessionKey], "User.downloadThumbnail", options, user.thumbnail, users.downloadThumbnail(user)),
    )
  }

  /**
   * The user's folders.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/user-content.htm
   * @see arcgis.gis.User.folders
   */
  folders(): Promise<ReadonlyArray<UserSchema.Folder>> {
    return this.#calls.run((users, user) => users.folders(user))
  }

  /**
   * The bytes of the user's thumbnail, or `undefined` when there is none.
   *
   * @see arcgis.gis.User.get_thumbnail
   */
  getThumbnail(): Promise<Uint8Array | undefined> {
    return this.#calls.run((users, user) => users.getThumbnail(user))
  }

  /**
   * The URL of the user's thumbnail (no token in it), or `undefined` when there is none.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/user.htm
   * @see arcgis.gis.User.get_thumbnail_link
   */
  getThumbnailLink(): Promise<string | undefined> {
    return this.#calls.run((users, user) => users.getThumbnailLink(user))
  }

  /**
   * The items of the root folder or of one folder (at most `maxItems`, default 100).
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/user-content.htm
   * @see arcgis.gis.User.items
   */
  items(options: UserItemsOptions = {}): Promise<ReadonlyArray<Item>> {
    const list = (users: Users.UsersShape, user: UserSchema.User) => users.items(user, Options.items(options))
    return items(this.#calls, "User.items", Options.itemsChecks(options), list, options)
  }

  /**
   * The items of the root folder or of one folder, fetched page by page as the loop asks (`signal` stops the
   * paging).
   */
  itemsAll(options: UserItemsOptions = {}): AsyncIterable<Item> {
    const stream = Effect.map(Users.Users, (users) => users.itemsStream(this.#json, Options.items(options)))
    return itemsAll(this[sessionKey], "User.itemsAll", Options.itemsChecks(options), stream, options)
  }

  /**
   * The user's notifications.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/notifications.htm
   * @see arcgis.gis.User.notifications
   */
  notifications(): Promise<ReadonlyArray<UserSchema.Notification>> {
    return this.#calls.run((users, user) => users.notifications(user))
  }

  /**
   * Gives all of the user's items and groups to `targetUsername` (org administrators).
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/reassign-user.htm
   * @see arcgis.gis.User.reassign_to
   */
  reassignTo(targetUsername: UserArgument): Promise<boolean> {
    return this.#calls.checked(
      "User.reassignTo",
      [["targetUsername", targetUsername, Args.stringOr("username")]],
      (users, user) => users.reassignTo(user, targetUsername),
    )
  }

  /**
   * Changes a built-in user's password and/or security question; `password` is the current one.
   * Passwords are only ever sent in a POST body and never appear in an error.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/reset-user.htm
   * @see arcgis.gis.User.reset
   */
  reset(password: string | Redacted.Redacted<string>, options: UserResetOptions = {}): Promise<boolean> {
    return this.#calls.checked("User.reset", Options.resetChecks(password, options), (users, user) =>
      users.reset(user, Options.reset(password, options)),
    )
  }

  /**
   * Changes the given properties of the user's profile; the user's fields are refreshed.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/update-user.htm
   * @see arcgis.gis.User.update
   */
  async update(options: UserUpdateOptions = {}): Promise<boolean> {
    const session = this[sessionKey]
    const done = await this.#calls.checked("User.update", Options.updateChecks(options), (users, user) =>
      Effect.gen(function* () {
        const updated = yield* users.update(user, yield* withThumbnail(session, "User.update", options))
        return { updated, fresh: updated ? yield* users.get(user.username) : undefined }
      }),
    )
    if (done.fresh !== undefined) {
      this.#json = done.fresh
      assignFields(this, done.fresh)
    }
    return done.updated
  }

  /**
   * Gives the user a built-in role (`org_user`, `org_publisher`, `org_admin`, `org_viewer`) or a
   * custom role (its id or a `Role`).
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/update-user-role.htm
   * @see arcgis.gis.User.update_role
   */
  updateRole(role: RoleSchema.BuiltInRole | string | { readonly id: string }): Promise<boolean> {
    return this.#calls.checked("User.updateRole", [["role", role, Args.stringOr("id")]], (users, user) =>
      users.updateRole(user, role),
    )
  }
}
