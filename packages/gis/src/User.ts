/**
 * A user of the portal — Python's `arcgis.gis.User`. Fields are read-only properties
 * (`user.username`, `user.fullName`; the whole JSON from `toJSON()`); Python properties that call
 * the portal are methods (`user.folders()`, `user.notifications()`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/user.htm
 * @see arcgis.gis.User
 */
import type { ItemSchema } from "@arcgis-portal/content"
import { type RoleSchema, type UserSchema, Users } from "@arcgis-portal/users-groups-roles"
import * as Effect from "effect/Effect"
import type * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import { Item } from "./Item.ts"
import { blobOf, defined, type FileArgument, filesOf, secret } from "./internal/inputs.ts"
import { assignFields, iterate, run, type Session, sessionKey } from "./internal/session.ts"

/** A user as methods take it: a username or a `User`. */
export type UserArgument = string | { readonly username: string }

/**
 * Options of {@link User.update}: only the properties given change.
 *
 * @see arcgis.gis.User.update
 */
export interface UpdateOptions {
  readonly access?: "private" | "org" | "public" | undefined
  readonly preferredView?: "Web" | "GIS" | null | undefined
  readonly description?: string | undefined
  readonly tags?: string | ReadonlyArray<string> | undefined
  /** A `Blob`/`File`, or (Node) a path on disk. */
  readonly thumbnail?: FileArgument | undefined
  readonly fullname?: string | undefined
  readonly email?: string | undefined
  readonly culture?: string | undefined
  readonly region?: string | undefined
}

/**
 * Options of {@link User.reset}.
 *
 * @see arcgis.gis.User.reset
 */
export interface ResetOptions {
  readonly newPassword?: string | Redacted.Redacted<string> | undefined
  readonly newSecurityQuestion?: number | undefined
  readonly newSecurityAnswer?: string | Redacted.Redacted<string> | undefined
}

/**
 * Options of {@link User.items}.
 *
 * @see arcgis.gis.User.items
 */
export interface ItemsOptions {
  /** A folder name, or a folder (`{ id }`) from `folders()`. Default: the root folder. */
  readonly folder?: string | { readonly id: string } | undefined
  /** Default 100 for `items()`; unlimited for `itemsAll()`. */
  readonly maxItems?: number | undefined
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

  readonly [sessionKey]: Session
  #json: UserSchema.User

  /** @internal Users come from `gis.users` (`get`, `me`, `search`, `create`). */
  constructor(session: Session, json: UserSchema.User) {
    this[sessionKey] = session
    this.#json = json
    assignFields(this, json)
  }

  /** The user's JSON as the portal sent it. */
  toJSON(): UserSchema.User {
    return this.#json
  }

  #run<A, E>(use: (users: Users.UsersShape, user: UserSchema.User) => Effect.Effect<A, E>): Promise<A> {
    return run(
      this[sessionKey],
      Effect.flatMap(Users.Users, (users) => use(users, this.#json)),
    )
  }

  /**
   * Deletes the user; with `reassignTo`, first gives their items and groups to that user.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/delete-user.htm
   * @see arcgis.gis.User.delete
   */
  delete(options: { readonly reassignTo?: UserArgument | undefined } = {}): Promise<boolean> {
    return this.#run((users, user) => users.delete(user, defined(options)))
  }

  /**
   * Disables the user's login (org administrators).
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/disable.htm
   * @see arcgis.gis.User.disable
   */
  disable(): Promise<boolean> {
    return this.#run((users, user) => users.disable(user))
  }

  /**
   * Enables a disabled user's login (org administrators).
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/enable.htm
   * @see arcgis.gis.User.enable
   */
  enable(): Promise<boolean> {
    return this.#run((users, user) => users.enable(user))
  }

  /**
   * (Node) Writes the user's thumbnail to `saveFolder`; resolves with the path, or `undefined`
   * when there is none.
   *
   * @see arcgis.gis.User.download_thumbnail
   */
  downloadThumbnail(options: { readonly saveFolder?: string | undefined } = {}): Promise<string | undefined> {
    const session = this[sessionKey]
    return this.#run((users, user) =>
      Effect.gen(function* () {
        const files = yield* filesOf(session, "User.downloadThumbnail", "saveFolder")
        const response = yield* users.downloadThumbnail(user)
        if (response === undefined) return undefined
        const name = (user.thumbnail ?? "thumbnail.png").split("/").pop() ?? "thumbnail.png"
        return yield* files.write(response.stream, options.saveFolder, name)
      }),
    )
  }

  /**
   * The user's folders.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/user-content.htm
   * @see arcgis.gis.User.folders
   */
  folders(): Promise<ReadonlyArray<UserSchema.Folder>> {
    return this.#run((users, user) => users.folders(user))
  }

  /**
   * The bytes of the user's thumbnail, or `undefined` when there is none.
   *
   * @see arcgis.gis.User.get_thumbnail
   */
  getThumbnail(): Promise<Uint8Array | undefined> {
    return this.#run((users, user) => users.getThumbnail(user))
  }

  /**
   * The items of the root folder or of one folder (at most `maxItems`, default 100).
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/user-content.htm
   * @see arcgis.gis.User.items
   */
  items(options: ItemsOptions = {}): Promise<ReadonlyArray<Item>> {
    const session = this[sessionKey]
    return this.#run((users, user) => users.items(user, defined(options))).then((list) =>
      list.map((json) => new Item(session, json as unknown as ItemSchema.Item)),
    )
  }

  /** The items of the root folder or of one folder, fetched page by page as the loop asks. */
  itemsAll(options: ItemsOptions = {}): AsyncIterable<Item> {
    const session = this[sessionKey]
    return iterate(
      session,
      Stream.unwrap(
        Effect.map(Users.Users, (users) =>
          Stream.map(
            users.itemsStream(this.#json, defined(options)),
            (json) => new Item(session, json as unknown as ItemSchema.Item),
          ),
        ),
      ),
    )
  }

  /**
   * The user's notifications.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/notifications.htm
   * @see arcgis.gis.User.notifications
   */
  notifications(): Promise<ReadonlyArray<UserSchema.Notification>> {
    return this.#run((users, user) => users.notifications(user))
  }

  /**
   * Gives all of the user's items and groups to `targetUsername` (org administrators).
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/reassign-user.htm
   * @see arcgis.gis.User.reassign_to
   */
  reassignTo(targetUsername: UserArgument): Promise<boolean> {
    return this.#run((users, user) => users.reassignTo(user, targetUsername))
  }

  /**
   * Changes a built-in user's password and/or security question; `password` is the current one.
   * Passwords are only ever sent in a POST body and never appear in an error.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/reset-user.htm
   * @see arcgis.gis.User.reset
   */
  reset(password: string | Redacted.Redacted<string>, options: ResetOptions = {}): Promise<boolean> {
    return this.#run((users, user) =>
      users.reset(
        user,
        defined({
          password: secret(password),
          newPassword: options.newPassword === undefined ? undefined : secret(options.newPassword),
          newSecurityQuestion: options.newSecurityQuestion,
          newSecurityAnswer: options.newSecurityAnswer === undefined ? undefined : secret(options.newSecurityAnswer),
        }),
      ),
    )
  }

  /**
   * Changes the given properties of the user's profile; the user's fields are refreshed.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/update-user.htm
   * @see arcgis.gis.User.update
   */
  async update(options: UpdateOptions = {}): Promise<boolean> {
    const session = this[sessionKey]
    const done = await this.#run((users, user) =>
      Effect.gen(function* () {
        const thumbnail = yield* blobOf(session, "User.update", "thumbnail", options.thumbnail)
        const updated = yield* users.update(user, defined({ ...options, thumbnail }))
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
    return this.#run((users, user) => users.updateRole(user, role))
  }
}
