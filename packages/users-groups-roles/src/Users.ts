/**
 * The portal's users — create, get, search, sign up — and the operations on one user — update,
 * role, delete, disable, enable, reassign, reset, folders, items, notifications, thumbnail: the
 * TypeScript counterpart of Python's `arcgis.gis.UserManager` and `arcgis.gis.User` (names in
 * camelCase). Per-user operations take a username or a `User`.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/user.htm
 * @see arcgis.gis.UserManager
 * @see arcgis.gis.User
 * @module
 */
import { Paging, Portal, PortalError, PortalSelf, Transport } from "@arcgis-portal/core"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import { userContent } from "./endpoints/content/userContent.ts"
import { createUser } from "./endpoints/portaladmin/createUser.ts"
import { inviteUsers } from "./endpoints/portals/inviteUsers.ts"
import { orgUsers } from "./endpoints/portals/orgUsers.ts"
import { updateUserRole } from "./endpoints/portals/updateUserRole.ts"
import { deleteUser } from "./endpoints/users/deleteUser.ts"
import { disableUser } from "./endpoints/users/disableUser.ts"
import { enableUser } from "./endpoints/users/enableUser.ts"
import { notifications as notificationsEndpoint } from "./endpoints/users/notifications.ts"
import { reassignUser } from "./endpoints/users/reassignUser.ts"
import { resetUser } from "./endpoints/users/resetUser.ts"
import { signUp } from "./endpoints/users/signUp.ts"
import { updateUser } from "./endpoints/users/updateUser.ts"
import { user as userEndpoint } from "./endpoints/users/user.ts"
import { userSearch } from "./endpoints/users/userSearch.ts"
import { userThumbnail, userThumbnailPath } from "./endpoints/users/userThumbnail.ts"
import { type FileInput, filePart, makeContext, orUndefined } from "./internal/context.ts"
import { checkUsername, idOf, type RoleReference } from "./internal/references.ts"
import { type BuiltInRole, viewerRoleId } from "./RoleSchema.ts"
import { type Folder, type ItemSummary, type Notification, succeeded, type User } from "./UserSchema.ts"

export type { FileInput } from "./internal/context.ts"

/**
 * A user as the per-user operations take it: a username, or an object with a `username` (a `User`
 * from `get` or `search`; its `thumbnail` saves a request in the thumbnail operations).
 */
export type UserReference = string | { readonly username: string; readonly thumbnail?: string | null | undefined }

/**
 * Options of {@link UsersShape.create}.
 *
 * @see https://developers.arcgis.com/rest/enterprise-administration/portal/create-user
 * @see arcgis.gis.UserManager.create
 */
export interface CreateOptions {
  /** Unique in the portal, 6–24 characters. */
  readonly username: string
  /**
   * At least 8 characters. Required for built-in (`arcgis`) accounts on Enterprise; on ArcGIS Online
   * leave it out to let the user choose one from the invitation email.
   */
  readonly password?: Redacted.Redacted<string> | undefined
  readonly firstname: string
  readonly lastname: string
  readonly email: string
  readonly description?: string | undefined
  /** A built-in role key or a custom role id. Default `org_user`; `org_viewer` means the Viewer role. */
  readonly role?: BuiltInRole | (string & {}) | undefined
  /** Default `arcgis` (a built-in account); `enterprise` links an identity-provider account. */
  readonly provider?: "arcgis" | "enterprise" | undefined
  /** The account's name in the enterprise identity store; required when `provider` is `enterprise`. */
  readonly idpUsername?: string | undefined
  /**
   * The legacy account level: 1 (viewer) or 2 (creator). Sent only when given: the portal derives the level from the
   * role and user type (a Viewer is level 1), so sending a fixed 2 would make every Viewer a level-2 account.
   */
  readonly level?: 1 | 2 | undefined
  /**
   * The user type (`creatorUT`, `viewerUT`…; Python's `user_type`): `userLicenseTypeId` on Enterprise (newer
   * releases require it), the invitation's `userLicenseType` on ArcGIS Online. Sent only when given.
   */
  readonly userLicenseTypeId?: string | undefined
  /** Set after the account exists, as the Python module does. */
  readonly thumbnail?: FileInput | undefined
  /** ArcGIS Online: the invitation email's subject. */
  readonly subject?: string | undefined
  /** ArcGIS Online: the invitation email's body. */
  readonly html?: string | undefined
}

/**
 * Options of {@link UsersShape.search} and {@link UsersShape.searchAll}.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/user-search.htm
 * @see arcgis.gis.UserManager.search
 */
export interface SearchOptions {
  /** The query; without one, every member of the org is listed (`portals/self/users`). */
  readonly query?: string | undefined
  /** `username` (default) or `created`. */
  readonly sortField?: string | undefined
  /** Default `asc`. */
  readonly sortOrder?: "asc" | "desc" | undefined
  /** Search every org, not only the caller's (no ` accountid:<orgId>` appended). Default `false`. */
  readonly outsideOrg?: boolean | undefined
}

/**
 * Options of {@link UsersShape.signup}.
 *
 * @see arcgis.gis.UserManager.signup
 */
export interface SignupOptions {
  readonly username: string
  readonly password: Redacted.Redacted<string>
  readonly fullname: string
  readonly email: string
}

/**
 * Options of {@link UsersShape.update}: only the properties given change.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/update-user.htm
 * @see arcgis.gis.User.update
 */
export interface UpdateOptions {
  readonly access?: "private" | "org" | "public" | undefined
  /** `Web`, `GIS` or `null` (Enterprise 10.5.1 and older). */
  readonly preferredView?: "Web" | "GIS" | null | undefined
  readonly description?: string | undefined
  readonly tags?: string | ReadonlyArray<string> | undefined
  /** PNG, GIF or JPEG, at most 1 MB. */
  readonly thumbnail?: FileInput | undefined
  /** Built-in users only. */
  readonly fullname?: string | undefined
  /** Built-in users only. */
  readonly email?: string | undefined
  /** Two-letter language code (`fr`). */
  readonly culture?: string | undefined
  /** Two-letter country code (`FR`). */
  readonly region?: string | undefined
}

/**
 * Options of {@link UsersShape.reset}.
 *
 * @see arcgis.gis.User.reset
 */
export interface ResetOptions {
  /** The current password. */
  readonly password: Redacted.Redacted<string>
  readonly newPassword?: Redacted.Redacted<string> | undefined
  /** The index of the new security question. */
  readonly newSecurityQuestion?: number | undefined
  readonly newSecurityAnswer?: Redacted.Redacted<string> | undefined
}

/**
 * Options of {@link UsersShape.items} and {@link UsersShape.itemsStream}.
 *
 * @see arcgis.gis.User.items
 */
export interface ItemsOptions {
  /** A folder name (compared case-insensitively), a folder id, or a `Folder`; default the root. */
  readonly folder?: string | { readonly id: string } | undefined
  /** Default 100 for `items`, unlimited for `itemsStream`. */
  readonly maxItems?: number | undefined
}

/** Options of the streaming listings: how many records at most. */
export interface StreamOptions {
  readonly maxItems?: number | undefined
}

type Failure = PortalError.PortalFailure

/** The portal answered, but neither created nor invited the user: not a success to hand back as `undefined`. */
const notCreated = (operation: string, path: string, username: string, details: ReadonlyArray<string>) =>
  Effect.fail(
    new PortalError.PortalError({
      reason: "InvalidRequest",
      code: 400,
      messageCode: undefined,
      message: `The portal neither created nor invited the user ${username}.`,
      details,
      operation,
      request: { method: "POST", path },
      retryAfter: undefined,
    }),
  )

/** The user operations. */
export interface UsersShape {
  /**
   * Creates a user: on ArcGIS Enterprise (`portals/self` says `isPortal: true`) through the Portal
   * Admin API's `createUser`, on ArcGIS Online through `portals/self/invite`. Returns the new user, or
   * `undefined` when the portal invited it but the account does not exist yet (an invitation still to be
   * accepted). A portal that neither creates nor invites the user fails with `PortalError` (`InvalidRequest`).
   *
   * @see https://developers.arcgis.com/rest/enterprise-administration/portal/create-user
   * @see arcgis.gis.UserManager.create
   * @example
   * const user = yield* users.create({ username: "field_worker", password: Redacted.make("s3cret-pass"), firstname: "Field", lastname: "Worker", email: "fw@example.com" })
   */
  readonly create: (options: CreateOptions) => Effect.Effect<User | undefined, Failure>
  /**
   * A user, or `undefined` when it does not exist or is not visible to the caller.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/user.htm
   * @see arcgis.gis.UserManager.get
   */
  readonly get: (username: string) => Effect.Effect<User | undefined, Failure>
  /**
   * The signed-in user, or `undefined` when anonymous.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/portal-self.htm
   * @see arcgis.gis.UserManager.me
   */
  readonly me: () => Effect.Effect<User | undefined, Failure>
  /**
   * Searches users (at most `maxUsers`, default 100). Without a query: the org's members; with one:
   * `community/users` with ` accountid:<orgId>` appended unless `outsideOrg`.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/user-search.htm
   * @see arcgis.gis.UserManager.search
   */
  readonly search: (
    options?: SearchOptions & { readonly maxUsers?: number | undefined },
  ) => Effect.Effect<ReadonlyArray<User>, Failure>
  /**
   * Every user a search finds, as a stream (pages fetched on demand).
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/user-search.htm
   * @see arcgis.gis.UserManager.search
   */
  readonly searchAll: (options?: SearchOptions & StreamOptions) => Stream.Stream<User, Failure>
  /**
   * Self sign-up on a Portal for ArcGIS that allows it. Returns whether the portal accepted it
   * (Python returns the user; call `get` once signed in).
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/signup.htm
   * @see arcgis.gis.UserManager.signup
   */
  readonly signup: (options: SignupOptions) => Effect.Effect<boolean, Failure>
  /**
   * Deletes a user; with `reassignTo`, first gives all of their items and groups to that user.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/delete-user.htm
   * @see arcgis.gis.User.delete
   */
  readonly delete: (
    user: UserReference,
    options?: { readonly reassignTo?: UserReference | undefined },
  ) => Effect.Effect<boolean, Failure>
  /**
   * Disables the user's login (org admins only).
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/disable.htm
   * @see arcgis.gis.User.disable
   */
  readonly disable: (user: UserReference) => Effect.Effect<boolean, Failure>
  /**
   * Enables a disabled user's login (org admins only).
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/enable.htm
   * @see arcgis.gis.User.enable
   */
  readonly enable: (user: UserReference) => Effect.Effect<boolean, Failure>
  /**
   * The user's thumbnail as a byte stream (write it where you like, e.g. with
   * `NodeFiles.writeFile` from `@arcgis-portal/core/node`), or `undefined` when there is none.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/user.htm
   * @see arcgis.gis.User.download_thumbnail
   */
  readonly downloadThumbnail: (user: UserReference) => Effect.Effect<Transport.ByteResponse | undefined, Failure>
  /**
   * The bytes of the user's thumbnail, or `undefined` when there is none.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/user.htm
   * @see arcgis.gis.User.get_thumbnail
   */
  readonly getThumbnail: (user: UserReference) => Effect.Effect<Uint8Array | undefined, Failure>
  /**
   * The URL of the user's thumbnail (without any token), or `undefined` when there is none.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/user.htm
   * @see arcgis.gis.User.get_thumbnail_link
   */
  readonly getThumbnailLink: (user: UserReference) => Effect.Effect<string | undefined, Failure>
  /**
   * The user's folders.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/user-content.htm
   * @see arcgis.gis.User.folders
   */
  readonly folders: (user: UserReference) => Effect.Effect<ReadonlyArray<Folder>, Failure>
  /**
   * The items in the user's root folder or in one folder (at most `maxItems`, default 100).
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/user-content.htm
   * @see arcgis.gis.User.items
   */
  readonly items: (user: UserReference, options?: ItemsOptions) => Effect.Effect<ReadonlyArray<ItemSummary>, Failure>
  /**
   * The items of the root or of one folder, as a stream.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/user-content.htm
   * @see arcgis.gis.User.items
   */
  readonly itemsStream: (user: UserReference, options?: ItemsOptions) => Stream.Stream<ItemSummary, Failure>
  /**
   * The user's notifications.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/notifications.htm
   * @see arcgis.gis.User.notifications
   */
  readonly notifications: (user: UserReference) => Effect.Effect<ReadonlyArray<Notification>, Failure>
  /**
   * Gives all of the user's items and groups to another user (org admins only; cannot be undone).
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/reassign-user.htm
   * @see arcgis.gis.User.reassign_to
   */
  readonly reassignTo: (user: UserReference, target: UserReference) => Effect.Effect<boolean, Failure>
  /**
   * Changes a built-in user's password and/or security question and answer.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/reset-user.htm
   * @see arcgis.gis.User.reset
   */
  readonly reset: (user: UserReference, options: ResetOptions) => Effect.Effect<boolean, Failure>
  /**
   * Changes the given properties of a user's profile.
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/update-user.htm
   * @see arcgis.gis.User.update
   */
  readonly update: (user: UserReference, options: UpdateOptions) => Effect.Effect<boolean, Failure>
  /**
   * Gives a user a built-in role (`org_user`, `org_publisher`, `org_admin`, `org_viewer`) or a
   * custom role (its id or a `Role`).
   *
   * @see https://developers.arcgis.com/rest/users-groups-and-items/update-user-role.htm
   * @see arcgis.gis.User.update_role
   */
  readonly updateRole: (user: UserReference, role: BuiltInRole | RoleReference) => Effect.Effect<boolean, Failure>
}

/**
 * The user operations as a service.
 *
 * @see arcgis.gis.UserManager
 */
export class Users extends Context.Service<Users, UsersShape>()("@arcgis-portal/users-groups-roles/Users") {}

/** A role key as the portal takes it: `org_viewer` is the Viewer role's id, as in the Python module. */
export const roleKey = (role: BuiltInRole | RoleReference): string => {
  const key = idOf(role)
  return key === "org_viewer" ? viewerRoleId : key
}

/**
 * Builds the user operations from the `Transport` and `Portal` that `Portal.layer` provides.
 *
 * @example
 * import { Users } from "@arcgis-portal/users-groups-roles"
 * const users = yield* Users.make
 */
export const make: Effect.Effect<UsersShape, never, Transport.Transport | Portal.Portal> = Effect.gen(function* () {
  const transport = yield* Transport.Transport
  const context = makeContext(transport, yield* Portal.Portal, yield* PortalSelf.shared(transport))

  const get: UsersShape["get"] = (username) =>
    Effect.flatMap(checkUsername("Users.get", username), (name) =>
      orUndefined(context.call(userEndpoint, "Users.get", { username: name })),
    )

  const update: UsersShape["update"] = (user, options) =>
    Effect.flatMap(checkUsername("Users.update", user), (username) =>
      Effect.map(
        context.call(updateUser, "Users.update", {
          username,
          params: {
            access: options.access,
            preferredView: options.preferredView === null ? "null" : options.preferredView,
            description: options.description,
            tags: options.tags,
            fullname: options.fullname,
            email: options.email,
            culture: options.culture,
            region: options.region,
          },
          thumbnail: options.thumbnail ? filePart(options.thumbnail, "thumbnail.png") : undefined,
        }),
        succeeded,
      ),
    )

  const create: UsersShape["create"] = (options) =>
    Effect.gen(function* () {
      const operation = "Users.create"
      const username = yield* checkUsername(operation, options.username)
      const self = yield* context.self(operation)
      const role = roleKey(options.role ?? "org_user")
      const provider = options.provider ?? "arcgis"
      if (self.isPortal === true) {
        if (provider === "arcgis" && options.password === undefined) {
          return yield* new PortalError.InvalidInput({
            operation,
            field: "password",
            message: "A built-in (arcgis) account on ArcGIS Enterprise needs a password.",
          })
        }
        if (provider === "enterprise" && !options.idpUsername) {
          return yield* new PortalError.InvalidInput({
            operation,
            field: "idpUsername",
            message: "An enterprise account needs its idpUsername.",
          })
        }
        const result = yield* context.call(createUser, operation, {
          portalUrl: context.portal.portalUrl,
          username,
          password: provider === "arcgis" ? options.password : undefined,
          firstname: options.firstname,
          lastname: options.lastname,
          email: options.email,
          description: options.description,
          role,
          provider,
          idpUsername: options.idpUsername,
          level: options.level,
          userLicenseTypeId: options.userLicenseTypeId,
        })
        if (result.status !== undefined && result.status !== "success") {
          return yield* notCreated(operation, "portaladmin/security/users/createUser", username, [
            `createUser answered status '${result.status}'.`,
          ])
        }
      } else {
        // The invitation list is JSON holding the password: it travels as one secret, in the body only.
        const invitation = {
          username,
          firstname: options.firstname,
          lastname: options.lastname,
          fullname: `${options.firstname} ${options.lastname}`,
          email: options.email,
          role,
          ...(options.level === undefined ? {} : { level: String(options.level) }),
          ...(options.userLicenseTypeId === undefined ? {} : { userLicenseType: options.userLicenseTypeId }),
          ...(options.description === undefined ? {} : { description: options.description }),
          ...(options.password === undefined ? {} : { password: Redacted.value(options.password) }),
        }
        const result = yield* context.call(inviteUsers, operation, {
          invitationList: Redacted.make(JSON.stringify({ invitations: [invitation] })),
          subject: options.subject,
          html: options.html,
        })
        if (result.success === false || (result.notInvited ?? []).includes(username)) {
          return yield* notCreated(operation, "portals/self/invite", username, [
            result.success === false ? "The invitation failed." : `The portal did not invite ${username}.`,
          ])
        }
      }
      if (options.thumbnail !== undefined) yield* update(username, { thumbnail: options.thumbnail })
      return yield* orUndefined(context.call(userEndpoint, operation, { username }))
    })

  const me: UsersShape["me"] = () =>
    Effect.flatMap(context.self("Users.me"), (self) =>
      self.user?.username
        ? orUndefined(context.call(userEndpoint, "Users.me", { username: self.user.username }))
        : Effect.succeed(undefined),
    )

  const searchStream = (
    operation: string,
    options: SearchOptions,
    maxItems: number | undefined,
  ): Stream.Stream<User, Failure> => {
    const sortField = options.sortField ?? "username"
    const sortOrder = options.sortOrder ?? "asc"
    const query = options.query?.trim() ?? ""
    if (query === "") {
      return Paging.stream(
        (start, num) =>
          Effect.map(context.call(orgUsers, operation, { start, num, sortField, sortOrder }), (page) =>
            Paging.page(page, page.users),
          ),
        { maxItems },
      )
    }
    return Stream.unwrap(
      Effect.map(options.outsideOrg === true ? Effect.succeed(undefined) : context.self(operation), (self) => {
        const q = self?.id ? `${query} accountid:${self.id}` : query
        return Paging.stream(
          (start, num) =>
            Effect.map(context.call(userSearch, operation, { q, start, num, sortField, sortOrder }), (page) =>
              Paging.page(page, page.results),
            ),
          { maxItems },
        )
      }),
    )
  }

  const search: UsersShape["search"] = (options = {}) =>
    Stream.runCollect(searchStream("Users.search", options, options.maxUsers ?? 100))

  const searchAll: UsersShape["searchAll"] = (options = {}) =>
    searchStream("Users.searchAll", options, options.maxItems)

  const signup: UsersShape["signup"] = (options) =>
    Effect.flatMap(checkUsername("Users.signup", options.username), (username) =>
      Effect.map(
        context.call(signUp, "Users.signup", {
          username,
          password: options.password,
          fullname: options.fullname,
          email: options.email,
        }),
        succeeded,
      ),
    )

  const reassignTo: UsersShape["reassignTo"] = (user, target) =>
    Effect.gen(function* () {
      const username = yield* checkUsername("Users.reassignTo", user)
      const targetUsername = yield* checkUsername("Users.reassignTo", target, "target")
      return succeeded(yield* context.call(reassignUser, "Users.reassignTo", { username, targetUsername }))
    })

  const remove: UsersShape["delete"] = (user, options = {}) =>
    Effect.gen(function* () {
      const username = yield* checkUsername("Users.delete", user)
      if (options.reassignTo !== undefined) {
        const targetUsername = yield* checkUsername("Users.delete", options.reassignTo, "reassignTo")
        const moved = succeeded(yield* context.call(reassignUser, "Users.delete", { username, targetUsername }))
        if (!moved) return false
      }
      return succeeded(yield* context.call(deleteUser, "Users.delete", { username }))
    })

  const simple =
    (endpoint: typeof disableUser, operation: string) =>
    (user: UserReference): Effect.Effect<boolean, Failure> =>
      Effect.flatMap(checkUsername(operation, user), (username) =>
        Effect.map(context.call(endpoint, operation, { username }), succeeded),
      )

  /** The user's thumbnail file name: from the object when it carries one, else read from the portal. */
  const thumbnailOf = (operation: string, user: UserReference) =>
    Effect.gen(function* () {
      const username = yield* checkUsername(operation, user)
      if (typeof user !== "string" && "thumbnail" in user) return { username, thumbnail: user.thumbnail ?? undefined }
      const found = yield* orUndefined(context.call(userEndpoint, operation, { username }))
      return { username, thumbnail: found?.thumbnail ?? undefined }
    })

  const downloadThumbnail: UsersShape["downloadThumbnail"] = (user) =>
    Effect.flatMap(thumbnailOf("Users.downloadThumbnail", user), ({ username, thumbnail }) =>
      thumbnail === undefined
        ? Effect.succeed(undefined)
        : context.bytes(userThumbnail, "Users.downloadThumbnail", { username, thumbnail }),
    )

  const getThumbnail: UsersShape["getThumbnail"] = (user) =>
    Effect.flatMap(thumbnailOf("Users.getThumbnail", user), ({ username, thumbnail }) =>
      thumbnail === undefined
        ? Effect.succeed(undefined)
        : Effect.flatMap(context.bytes(userThumbnail, "Users.getThumbnail", { username, thumbnail }), (response) =>
            Transport.collectBytes(response.stream),
          ),
    )

  const getThumbnailLink: UsersShape["getThumbnailLink"] = (user) =>
    Effect.map(thumbnailOf("Users.getThumbnailLink", user), ({ username, thumbnail }) =>
      thumbnail === undefined ? undefined : context.transport.url(userThumbnailPath(username, thumbnail)),
    )

  const folders: UsersShape["folders"] = (user) =>
    Effect.flatMap(checkUsername("Users.folders", user), (username) =>
      Effect.map(context.call(userContent, "Users.folders", { username, num: 1 }), (content) => content.folders ?? []),
    )

  const folderId = (operation: string, username: string, folder: ItemsOptions["folder"]) => {
    if (folder === undefined) return Effect.succeed(undefined)
    if (typeof folder !== "string") return Effect.succeed(folder.id)
    const name = folder.trim()
    if (name === "" || name === "/") return Effect.succeed(undefined)
    return Effect.flatMap(
      Effect.map(context.call(userContent, operation, { username, num: 1 }), (content) => content.folders ?? []),
      (list) => {
        const found =
          list.find((entry) => entry.title.toLowerCase() === name.toLowerCase()) ??
          list.find((entry) => entry.id === name)
        return found
          ? Effect.succeed(found.id)
          : Effect.fail(
              new PortalError.InvalidInput({
                operation,
                field: "folder",
                message: `The user ${username} has no folder named ${JSON.stringify(name)}.`,
              }),
            )
      },
    )
  }

  const itemsOf = (operation: string, user: UserReference, options: ItemsOptions, maxItems: number | undefined) =>
    Stream.unwrap(
      Effect.gen(function* () {
        const username = yield* checkUsername(operation, user)
        const folder = yield* folderId(operation, username, options.folder)
        return Paging.stream(
          (start, num) =>
            Effect.map(context.call(userContent, operation, { username, folderId: folder, start, num }), (page) =>
              Paging.page(page, page.items ?? []),
            ),
          { maxItems },
        )
      }),
    )

  const items: UsersShape["items"] = (user, options = {}) =>
    Stream.runCollect(itemsOf("Users.items", user, options, options.maxItems ?? 100))

  const itemsStream: UsersShape["itemsStream"] = (user, options = {}) =>
    itemsOf("Users.itemsStream", user, options, options.maxItems)

  const notifications: UsersShape["notifications"] = (user) =>
    Effect.flatMap(checkUsername("Users.notifications", user), (username) =>
      Effect.map(
        context.call(notificationsEndpoint, "Users.notifications", { username }),
        (result) => result.notifications,
      ),
    )

  const reset: UsersShape["reset"] = (user, options) =>
    Effect.flatMap(checkUsername("Users.reset", user), (username) =>
      Effect.map(
        context.call(resetUser, "Users.reset", {
          username,
          password: options.password,
          newPassword: options.newPassword,
          newSecurityQuestionIdx: options.newSecurityQuestion,
          newSecurityAnswer: options.newSecurityAnswer,
        }),
        succeeded,
      ),
    )

  const updateRole: UsersShape["updateRole"] = (user, role) =>
    Effect.flatMap(checkUsername("Users.updateRole", user), (username) =>
      Effect.map(context.call(updateUserRole, "Users.updateRole", { user: username, role: roleKey(role) }), succeeded),
    )

  return Users.of({
    create,
    get,
    me,
    search,
    searchAll,
    signup,
    delete: remove,
    disable: simple(disableUser, "Users.disable"),
    enable: simple(enableUser, "Users.enable"),
    downloadThumbnail,
    getThumbnail,
    getThumbnailLink,
    folders,
    items,
    itemsStream,
    notifications,
    reassignTo,
    reset,
    update,
    updateRole,
  })
})

/**
 * The user operations, for any program that provides `Portal.layer({ url, auth })`.
 *
 * @example
 * import { Users } from "@arcgis-portal/users-groups-roles"
 * import { Portal } from "@arcgis-portal/core"
 * import * as Layer from "effect/Layer"
 * const UsersLive = Users.layer.pipe(Layer.provide(Portal.layer({ url: "https://host/portal" })))
 */
export const layer: Layer.Layer<Users, never, Transport.Transport | Portal.Portal> = Layer.effect(Users, make)
