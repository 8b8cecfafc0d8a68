/**
 * The options and results of the group operations, exported from the `Groups` namespace (`Groups.CreateOptions`…).
 */
import type { FileInput } from "./internal/context.ts"

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
