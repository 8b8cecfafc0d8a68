/**
 * The user operations (`Users`) as module-level functions: each requires the services `Portal.layer({ url, auth })`
 * provides and captures them at the call, so a program bundles only the operations it imports. The same operations as
 * the `Users` service's methods, with the same checks, spans (`Users.get`…) and errors; named with "user" joined to
 * the method's name (`get` → `getUser`, `folders` → `userFolders`; see the entry's page for the whole scheme).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/user.htm
 * @see arcgis.gis.UserManager
 * @see arcgis.gis.User
 * @module
 */
import { lift, liftStream, type Standalone } from "../internal/standalone.ts"
import { disable, enable, reset, signup as signupOperation, update } from "../operations/users/account.ts"
import { folders, items, itemsStream } from "../operations/users/content.ts"
import { create } from "../operations/users/create.ts"
import { reassignTo, remove } from "../operations/users/delete.ts"
import { get, me as meOperation, notifications } from "../operations/users/get.ts"
import { updateRole } from "../operations/users/role.ts"
import { search, searchAll } from "../operations/users/search.ts"
import { downloadThumbnail, getThumbnail, getThumbnailLink } from "../operations/users/thumbnail.ts"
import type { UsersShape } from "../Users.ts"

/**
 * Creates a user (`Users.create`): on ArcGIS Enterprise through the Portal Admin API's `createUser`, on ArcGIS Online
 * through `portals/self/invite`; `undefined` while the account is only invited.
 *
 * @see https://developers.arcgis.com/rest/enterprise-administration/portal/create-user
 * @see arcgis.gis.UserManager.create
 * @example
 * import { createUser } from "@arcgis-portal/users-groups-roles/operations"
 * import * as Redacted from "effect/Redacted"
 * const password = Redacted.make("s3cret-pass")
 * const user = createUser({ username: "field_worker", password, firstname: "F", lastname: "W", email: "f@x.com" })
 */
export const createUser: Standalone<UsersShape["create"]> = /* @__PURE__ */ lift(create)

/**
 * A user; `undefined` when it does not exist or the caller may not see it (`Users.get`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/user.htm
 * @see arcgis.gis.UserManager.get
 * @example
 * import { getUser } from "@arcgis-portal/users-groups-roles/operations"
 * import { Portal } from "@arcgis-portal/core"
 * import * as Effect from "effect/Effect"
 * const user = getUser("jsmith").pipe(Effect.provide(Portal.layer({ url: "https://www.arcgis.com" })))
 */
export const getUser: Standalone<UsersShape["get"]> = /* @__PURE__ */ lift(get)

/**
 * The signed-in user; `undefined` when anonymous (`Users.me`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/portal-self.htm
 * @see arcgis.gis.UserManager.me
 */
export const me: Standalone<UsersShape["me"]> = /* @__PURE__ */ lift(meOperation)

/**
 * Searches users, at most `maxUsers` (default 100): without a query the org's members, with one `community/users`
 * within the org unless `outsideOrg` (`Users.search`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/user-search.htm
 * @see arcgis.gis.UserManager.search
 */
export const searchUsers: Standalone<UsersShape["search"]> = /* @__PURE__ */ lift(search)

/**
 * Every user a search finds, as a stream fetched page by page (`Users.searchAll`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/user-search.htm
 * @see arcgis.gis.UserManager.search
 */
export const searchAllUsers: Standalone<UsersShape["searchAll"]> = /* @__PURE__ */ liftStream(searchAll)

/**
 * Self sign-up on a Portal for ArcGIS that allows it; whether the portal accepted it (`Users.signup`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/signup.htm
 * @see arcgis.gis.UserManager.signup
 */
export const signup: Standalone<UsersShape["signup"]> = /* @__PURE__ */ lift(signupOperation)

/**
 * Deletes a user; with `reassignTo`, first gives all of their items and groups to that user (`Users.delete`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/delete-user.htm
 * @see arcgis.gis.User.delete
 */
export const deleteUser: Standalone<UsersShape["delete"]> = /* @__PURE__ */ lift(remove)

/**
 * Disables the user's login, org admins only (`Users.disable`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/disable.htm
 * @see arcgis.gis.User.disable
 */
export const disableUser: Standalone<UsersShape["disable"]> = /* @__PURE__ */ lift(disable)

/**
 * Enables a disabled user's login, org admins only (`Users.enable`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/enable.htm
 * @see arcgis.gis.User.enable
 */
export const enableUser: Standalone<UsersShape["enable"]> = /* @__PURE__ */ lift(enable)

/**
 * The user's thumbnail as a byte stream; `undefined` when there is none (`Users.downloadThumbnail`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/user.htm
 * @see arcgis.gis.User.download_thumbnail
 */
export const downloadUserThumbnail: Standalone<UsersShape["downloadThumbnail"]> =
  /* @__PURE__ */ lift(downloadThumbnail)

/**
 * The bytes of the user's thumbnail; `undefined` when there is none (`Users.getThumbnail`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/user.htm
 * @see arcgis.gis.User.get_thumbnail
 */
export const getUserThumbnail: Standalone<UsersShape["getThumbnail"]> = /* @__PURE__ */ lift(getThumbnail)

/**
 * The URL of the user's thumbnail, without any token; `undefined` when there is none (`Users.getThumbnailLink`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/user.htm
 * @see arcgis.gis.User.get_thumbnail_link
 */
export const getUserThumbnailLink: Standalone<UsersShape["getThumbnailLink"]> = /* @__PURE__ */ lift(getThumbnailLink)

/**
 * The user's folders (`Users.folders`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/user-content.htm
 * @see arcgis.gis.User.folders
 */
export const userFolders: Standalone<UsersShape["folders"]> = /* @__PURE__ */ lift(folders)

/**
 * The items in the user's root folder or in one folder, at most `maxItems` (default 100) (`Users.items`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/user-content.htm
 * @see arcgis.gis.User.items
 */
export const userItems: Standalone<UsersShape["items"]> = /* @__PURE__ */ lift(items)

/**
 * The items of the user's root folder or of one folder, as a stream (`Users.itemsStream`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/user-content.htm
 * @see arcgis.gis.User.items
 */
export const userItemsStream: Standalone<UsersShape["itemsStream"]> = /* @__PURE__ */ liftStream(itemsStream)

/**
 * The user's notifications (`Users.notifications`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/notifications.htm
 * @see arcgis.gis.User.notifications
 */
export const userNotifications: Standalone<UsersShape["notifications"]> = /* @__PURE__ */ lift(notifications)

/**
 * Gives all of the user's items and groups to another user, org admins only, cannot be undone (`Users.reassignTo`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/reassign-user.htm
 * @see arcgis.gis.User.reassign_to
 */
export const reassignUser: Standalone<UsersShape["reassignTo"]> = /* @__PURE__ */ lift(reassignTo)

/**
 * Changes a built-in user's password and/or security question and answer (`Users.reset`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/reset-user.htm
 * @see arcgis.gis.User.reset
 */
export const resetUser: Standalone<UsersShape["reset"]> = /* @__PURE__ */ lift(reset)

/**
 * Changes the given properties of a user's profile (`Users.update`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/update-user.htm
 * @see arcgis.gis.User.update
 */
export const updateUser: Standalone<UsersShape["update"]> = /* @__PURE__ */ lift(update)

/**
 * Gives a user a built-in role (`org_user`, `org_publisher`, `org_admin`, `org_viewer`) or a custom role, by id or as
 * a `Role` (`Users.updateRole`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/update-user-role.htm
 * @see arcgis.gis.User.update_role
 */
export const updateUserRole: Standalone<UsersShape["updateRole"]> = /* @__PURE__ */ lift(updateRole)
