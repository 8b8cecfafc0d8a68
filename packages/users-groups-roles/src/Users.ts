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
import type { Portal, PortalError, Transport } from "@arcgis-portal/core"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Stream from "effect/Stream"
import { captureContext } from "./internal/context.ts"
import type { RoleReference } from "./internal/references.ts"
import { disable, enable, reset, signup, update } from "./operations/users/account.ts"
import { folders, items, itemsStream } from "./operations/users/content.ts"
import { create } from "./operations/users/create.ts"
import { reassignTo, remove } from "./operations/users/delete.ts"
import { get, me, notifications } from "./operations/users/get.ts"
import { updateRole } from "./operations/users/role.ts"
import { search, searchAll } from "./operations/users/search.ts"
import { downloadThumbnail, getThumbnail, getThumbnailLink } from "./operations/users/thumbnail.ts"
import type { BuiltInRole } from "./RoleSchema.ts"
import type { Folder, ItemSummary, Notification, User } from "./UserSchema.ts"
import type {
  CreateOptions,
  ItemsOptions,
  ResetOptions,
  SearchOptions,
  SignupOptions,
  StreamOptions,
  UpdateOptions,
  UserReference,
} from "./UsersOptions.ts"

export type { FileInput } from "./internal/context.ts"
export { roleKey } from "./operations/users/role.ts"
export type {
  CreateOptions,
  ItemsOptions,
  ResetOptions,
  SearchOptions,
  SignupOptions,
  StreamOptions,
  UpdateOptions,
  UserReference,
} from "./UsersOptions.ts"

type Failure = PortalError.PortalFailure

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

// The table: each method is an operation of src/operations/users/ (those with orchestration traced as
// `Effect.fn("Users.<method>")`), over the context captured once here; `@arcgis-portal/users-groups-roles/operations`
// runs the same operations over the context captured at each call.
/**
 * Builds the user operations from the `Transport` and `Portal` that `Portal.layer` provides.
 *
 * @example
 * import { Users } from "@arcgis-portal/users-groups-roles"
 * const users = yield* Users.make
 */
export const make: Effect.Effect<UsersShape, never, Transport.Transport | Portal.Portal> = Effect.map(
  captureContext,
  (context) =>
    Users.of({
      create: create(context),
      get: get(context),
      me: me(context),
      search: search(context),
      searchAll: searchAll(context),
      signup: signup(context),
      delete: remove(context),
      disable: disable(context),
      enable: enable(context),
      downloadThumbnail: downloadThumbnail(context),
      getThumbnail: getThumbnail(context),
      getThumbnailLink: getThumbnailLink(context),
      folders: folders(context),
      items: items(context),
      itemsStream: itemsStream(context),
      notifications: notifications(context),
      reassignTo: reassignTo(context),
      reset: reset(context),
      update: update(context),
      updateRole: updateRole(context),
    }),
)

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
