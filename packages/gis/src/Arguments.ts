/**
 * The shapes in which facade methods take files, users and groups. Python passes a path, a username or a group id
 * where it also takes the object (`thumbnail="logo.png"`, `reassign_to="jsmith"` or a `User`, `groups=[group]`); the
 * facade takes the same, plus a `Blob`/`File` where a browser has no path.
 *
 * @see arcgis.gis
 */

/**
 * A file: a `Blob`/`File`, or (with `@arcgis-portal/gis/node`) a path on disk, read only as it is sent. Python's
 * `thumbnail`, `metadata` and `file` parameters, which take a path.
 *
 * @see arcgis.gis.ResourceManager.add
 */
export type FileArgument = Blob | string

/**
 * A user: a username, or anything with a `username` (a `User`). Python's `owner`, `reassign_to`, `target_owner`
 * and `target_username` parameters, which take a name or a `User`.
 *
 * @see arcgis.gis.User.reassign_to
 */
export type UserArgument = string | { readonly username: string }

/**
 * Users for the group membership methods: an array of usernames and `User`s, or one comma-separated string of
 * usernames — Python's `usernames` parameter of `Group.add_users`, `remove_users` and `invite_users`.
 *
 * @see arcgis.gis.Group.add_users
 */
export type UsersArgument = string | ReadonlyArray<UserArgument>

/**
 * A group as `share`/`unshare` take it: its id, anything with an `id` (a `Group`), or — in the main entry — its
 * title, looked up as Python does. Python's `groups` parameter of `Item.share` and `Item.unshare`.
 *
 * @see arcgis.gis.Item.share
 */
export type GroupArgument = string | { readonly id: string }
