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
import type { FileArgument, UserArgument } from "./Arguments.ts"
import type { GisServices } from "./GisLayer.ts"
import { Item } from "./Item.ts"
import * as Args from "./internal/args.ts"
import { blobOf, defined, filesOf, secret } from "./internal/inputs.ts"
import { assignFields, type Cancel, cancel, iterate, run, type Session, sessionKey } from "./internal/session.ts"

/**
 * What {@link User.update} changes in the user's profile: Python's `access`, `preferred_view`, `description`, `tags`,
 * `thumbnail`, `fullname`, `email`, `culture` and `region`, in camelCase. Only the properties given are sent; the
 * others keep their values.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/update-user.htm
 * @see arcgis.gis.User.update
 */
export interface UserUpdateOptions {
  /** Who may see the profile. */
  readonly access?: "private" | "org" | "public" | undefined
  /** The view the portal opens with (`Web` or `GIS`); `null` clears it. */
  readonly preferredView?: "Web" | "GIS" | null | undefined
  readonly description?: string | undefined
  /** An array of tags, or one comma-separated string. */
  readonly tags?: string | ReadonlyArray<string> | undefined
  /** A `Blob`/`File`, or (Node) a path on disk. */
  readonly thumbnail?: FileArgument | undefined
  readonly fullname?: string | undefined
  readonly email?: string | undefined
  /** The user's language, as a locale code (`en`, `fr`, `pt-br`). */
  readonly culture?: string | undefined
  /** The user's region, which picks the default basemaps and featured content (`US`, `WO` for world). */
  readonly region?: string | undefined
}

/**
 * What {@link User.reset} changes besides checking the current password: Python's `new_password`,
 * `new_security_question` and `new_security_answer`, in camelCase. Secrets may be strings or `Redacted`; they are
 * only ever sent in a POST body and never appear in an error.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/reset-user.htm
 * @see arcgis.gis.User.reset
 */
export interface UserResetOptions {
  readonly newPassword?: string | Redacted.Redacted<string> | undefined
  /** The index of the new security question in the portal's list (sent as `newSecurityQuestionIdx`). */
  readonly newSecurityQuestion?: number | undefined
  readonly newSecurityAnswer?: string | Redacted.Redacted<string> | undefined
}

/**
 * Which of the user's items {@link User.items} and {@link User.itemsAll} list: Python's `folder` and `max_items`, in
 * camelCase, and a `signal` to stop the listing.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/user-content.htm
 * @see arcgis.gis.User.items
 */
export interface UserItemsOptions {
  /** A folder name, or a folder (`{ id }`) from `folders()`. Default: the root folder. */
  readonly folder?: string | { readonly id: string } | undefined
  /** Default 100 for `items()`; unlimited for `itemsAll()`. */
  readonly maxItems?: number | undefined
  /** Aborts the listing (every page of it): the call rejects with `AbortError`. */
  readonly signal?: AbortSignal | undefined
}

const withoutSignal = ({ signal: _signal, ...rest }: UserItemsOptions): Omit<UserItemsOptions, "signal"> => rest

const itemsChecks = (options: UserItemsOptions): ReadonlyArray<Args.Check> => [
  ["options", options, Args.record],
  ["folder", options?.folder, Args.optional(Args.stringOr("id"))],
  ["maxItems", options?.maxItems, Args.optional(Args.number)],
]

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

  /** @internal Users come from `gis.users` (`get`, `me`, `search`, `create`). */
  constructor(session: Session<GisServices>, json: UserSchema.User) {
    this[sessionKey] = session
    this.#json = json
    assignFields(this, json)
  }

  /** The user's JSON as the portal sent it. */
  toJSON(): UserSchema.User {
    return this.#json
  }

  #run<A, E>(
    use: (users: Users.UsersShape, user: UserSchema.User) => Effect.Effect<A, E, GisServices>,
    how?: Cancel,
  ): Promise<A> {
    return run(
      this[sessionKey],
      Effect.flatMap(Users.Users, (users) => use(users, this.#json)),
      how,
    )
  }

  /** `#run` after checking the JavaScript shapes of the call's arguments (nothing is sent when one is wrong). */
  #checked<A, E>(
    operation: string,
    checks: ReadonlyArray<Args.Check>,
    use: (users: Users.UsersShape, user: UserSchema.User) => Effect.Effect<A, E, GisServices>,
    options?: unknown,
  ): Promise<A> {
    return this.#run(
      (users, user) => Effect.andThen(Args.check(operation, ...checks), () => use(users, user)),
      cancel(operation, options),
    )
  }

  /**
   * Deletes the user; with `reassignTo`, first gives their items and groups to that user.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/delete-user.htm
   * @see arcgis.gis.User.delete
   */
  delete(options: { readonly reassignTo?: UserArgument | undefined } = {}): Promise<boolean> {
    return this.#checked(
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
    return this.#checked(
      "User.downloadThumbnail",
      [
        ["options", options, Args.record],
        ["saveFolder", options?.saveFolder, Args.optional(Args.string)],
      ],
      (users, user) =>
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
   * The URL of the user's thumbnail (no token in it), or `undefined` when there is none.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/user.htm
   * @see arcgis.gis.User.get_thumbnail_link
   */
  getThumbnailLink(): Promise<string | undefined> {
    return this.#run((users, user) => users.getThumbnailLink(user))
  }

  /**
   * The items of the root folder or of one folder (at most `maxItems`, default 100).
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/user-content.htm
   * @see arcgis.gis.User.items
   */
  items(options: UserItemsOptions = {}): Promise<ReadonlyArray<Item>> {
    const session = this[sessionKey]
    return this.#checked(
      "User.items",
      itemsChecks(options),
      (users, user) => users.items(user, defined(withoutSignal(options))),
      options,
    ).then((list) => list.map((json) => new Item(session, json as unknown as ItemSchema.Item)))
  }

  /**
   * The items of the root folder or of one folder, fetched page by page as the loop asks (`signal` stops the
   * paging).
   */
  itemsAll(options: UserItemsOptions = {}): AsyncIterable<Item> {
    const session = this[sessionKey]
    return iterate(
      session,
      Stream.unwrap(
        Effect.andThen(
          Args.check("User.itemsAll", ...itemsChecks(options)),
          Effect.map(Users.Users, (users) =>
            Stream.map(
              users.itemsStream(this.#json, defined(withoutSignal(options))),
              (json) => new Item(session, json as unknown as ItemSchema.Item),
            ),
          ),
        ),
      ),
      cancel("User.itemsAll", options),
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
    return this.#checked(
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
    return this.#checked(
      "User.reset",
      [
        ["password", password, Args.secret],
        ["options", options, Args.record],
        ["newPassword", options?.newPassword, Args.optional(Args.secret)],
        ["newSecurityQuestion", options?.newSecurityQuestion, Args.optional(Args.number)],
        ["newSecurityAnswer", options?.newSecurityAnswer, Args.optional(Args.secret)],
      ],
      (users, user) =>
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
  async update(options: UserUpdateOptions = {}): Promise<boolean> {
    const session = this[sessionKey]
    const done = await this.#checked(
      "User.update",
      [
        ["options", options, Args.record],
        ["access", options?.access, Args.optional(Args.string)],
        ["description", options?.description, Args.optional(Args.string)],
        ["tags", options?.tags, Args.optional(Args.oneOf(Args.string, Args.list(Args.string)))],
        ["fullname", options?.fullname, Args.optional(Args.string)],
        ["email", options?.email, Args.optional(Args.string)],
        ["culture", options?.culture, Args.optional(Args.string)],
        ["region", options?.region, Args.optional(Args.string)],
        ["thumbnail", options?.thumbnail, Args.optional(Args.file)],
      ],
      (users, user) =>
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
    return this.#checked("User.updateRole", [["role", role, Args.stringOr("id")]], (users, user) =>
      users.updateRole(user, role),
    )
  }
}
