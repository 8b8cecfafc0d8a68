/**
 * The options of the user operations, exported from the `Users` namespace (`Users.CreateOptions`…).
 */
import type * as Redacted from "effect/Redacted"
import type { FileInput } from "./internal/context.ts"
import type { BuiltInRole } from "./RoleSchema.ts"

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
