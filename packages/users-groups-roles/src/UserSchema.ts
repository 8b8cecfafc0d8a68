/**
 * The shapes of the users API: the user object, user searches and listings, a user's folders and
 * items, notifications, and the small results of user operations. Every struct keeps the fields it
 * does not declare, so a field a newer portal adds never breaks a decode.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/user.htm
 * @module
 */
import { CommonSchema } from "@arcgis-portal/core"
import * as Schema from "effect/Schema"

/**
 * A string the portal draws from a documented set it may extend: the known values are suggested
 * by the type, and any other string still decodes.
 */
export const openString = <const Known extends string>() =>
  Schema.String.pipe(Schema.refine((_: string): _ is Known | (string & {}) => true))

/**
 * A built-in role key as users report it (`org_admin`, `org_publisher`, `org_user`; legacy
 * `account_*` spellings still decode).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/user.htm
 */
export const UserRole = openString<"org_admin" | "org_publisher" | "org_user">()
export type UserRole = typeof UserRole.Type

/**
 * A registered user of the portal. Only `username` is always present: other users see a public
 * subset, the user themself and org admins see everything.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/user.htm
 * @see arcgis.gis.User
 */
export const User = CommonSchema.open({
  username: CommonSchema.Username,
  id: Schema.optional(Schema.String),
  fullName: CommonSchema.optionalNullable(Schema.String),
  firstName: CommonSchema.optionalNullable(Schema.String),
  lastName: CommonSchema.optionalNullable(Schema.String),
  email: CommonSchema.optionalNullable(Schema.String),
  description: CommonSchema.optionalNullable(Schema.String),
  tags: Schema.optional(Schema.Array(Schema.String)),
  thumbnail: CommonSchema.optionalNullable(Schema.String),
  preferredView: CommonSchema.optionalNullable(Schema.String),
  access: Schema.optional(openString<"private" | "org" | "public">()),
  culture: CommonSchema.optionalNullable(Schema.String),
  region: CommonSchema.optionalNullable(Schema.String),
  units: CommonSchema.optionalNullable(Schema.String),
  orgId: CommonSchema.optionalNullable(Schema.String),
  role: Schema.optional(UserRole),
  roleId: CommonSchema.optionalNullable(Schema.String),
  privileges: Schema.optional(Schema.Array(Schema.String)),
  userType: CommonSchema.optionalNullable(Schema.String),
  userLicenseTypeId: CommonSchema.optionalNullable(Schema.String),
  level: Schema.optional(Schema.Union([Schema.String, Schema.Number])),
  disabled: Schema.optional(Schema.Boolean),
  provider: Schema.optional(openString<"arcgis" | "enterprise" | "facebook" | "google" | "apple" | "github">()),
  idpUsername: CommonSchema.optionalNullable(Schema.String),
  groups: Schema.optional(Schema.Array(Schema.Record(Schema.String, Schema.Unknown))),
  created: Schema.optional(CommonSchema.EpochMillis),
  modified: Schema.optional(CommonSchema.EpochMillis),
  lastLogin: Schema.optional(CommonSchema.EpochMillis),
  storageUsage: Schema.optional(Schema.Number),
  storageQuota: Schema.optional(Schema.Number),
  mfaEnabled: Schema.optional(Schema.Boolean),
})
export type User = typeof User.Type

/**
 * `portals/self` as the users, groups and roles services read it: the org id (the search filter),
 * whether it is Enterprise (`isPortal`), and the signed-in user.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/portal-self.htm
 */
export const PortalSelf = CommonSchema.PortalSelf
export type PortalSelf = typeof PortalSelf.Type

/**
 * One page of `community/users` (a user search).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/user-search.htm
 */
export const UserSearchResponse = CommonSchema.open({
  query: Schema.optional(Schema.String),
  total: Schema.optional(Schema.Number),
  start: Schema.optional(Schema.Number),
  num: Schema.optional(Schema.Number),
  nextStart: Schema.optional(Schema.Number),
  results: Schema.Array(User),
})
export type UserSearchResponse = typeof UserSearchResponse.Type

/**
 * One page of `portals/self/users` (the org's members).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/users
 */
export const OrgUsersResponse = CommonSchema.open({
  total: Schema.optional(Schema.Number),
  start: Schema.optional(Schema.Number),
  num: Schema.optional(Schema.Number),
  nextStart: Schema.optional(Schema.Number),
  users: Schema.Array(User),
})
export type OrgUsersResponse = typeof OrgUsersResponse.Type

/** A folder of a user's content (one level only). */
export const Folder = CommonSchema.Folder
export type Folder = typeof Folder.Type

/**
 * An item as user content listings and group content searches list it. The full item model and
 * its operations are in `@arcgis-portal/content`; this one keeps every field the portal sent.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/item.htm
 */
export const ItemSummary = CommonSchema.open({
  id: Schema.String,
  owner: Schema.String,
  title: Schema.String,
  type: Schema.String,
  access: Schema.optional(Schema.String),
  ownerFolder: CommonSchema.optionalNullable(Schema.String),
  created: Schema.optional(CommonSchema.EpochMillis),
  modified: Schema.optional(CommonSchema.EpochMillis),
})
export type ItemSummary = typeof ItemSummary.Type

/**
 * A user's content: the items of the root (or of one folder) and the folders.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/user-content.htm
 */
export const UserContent = CommonSchema.userContent(ItemSummary)
export type UserContent = typeof UserContent.Type

/**
 * A notification of a user (group invitations, applications, joins…).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/notifications.htm
 */
export const Notification = CommonSchema.open({
  id: Schema.String,
  type: Schema.String,
  target: Schema.optional(Schema.String),
  targetType: Schema.optional(Schema.String),
  received: Schema.optional(CommonSchema.EpochMillis),
  data: Schema.optional(Schema.Record(Schema.String, Schema.Unknown)),
})
export type Notification = typeof Notification.Type

/**
 * The answer of `community/users/<u>/notifications`.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/notifications.htm
 */
export const NotificationsResponse = CommonSchema.open({ notifications: Schema.Array(Notification) })
export type NotificationsResponse = typeof NotificationsResponse.Type

/**
 * The answer of user operations (`update`, `delete`, `disable`, `enable`, `reassign`, `reset`,
 * `updateUserRole`, `signUp`). `disable`/`enable` have been seen to answer `status` instead of
 * `success`, and their documented example carries an `itemId`.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/disable.htm
 */
export const UserOperationResult = CommonSchema.open({
  success: Schema.optional(Schema.Boolean),
  status: Schema.optional(Schema.String),
  username: Schema.optional(Schema.String),
})
export type UserOperationResult = typeof UserOperationResult.Type

/**
 * The answer of `portals/self/invite` (ArcGIS Online's way of creating users).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/invite-users.htm
 */
export const InviteResult = CommonSchema.open({
  success: Schema.optional(Schema.Boolean),
  notInvited: Schema.optional(Schema.Array(Schema.String)),
})
export type InviteResult = typeof InviteResult.Type

/**
 * The portal admin API's answer to `security/users/createUser`: `{"status": "success"}`.
 *
 * @see https://developers.arcgis.com/rest/enterprise-administration/portal/create-user
 */
export const AdminResult = CommonSchema.open({ status: Schema.optional(Schema.String) })
export type AdminResult = typeof AdminResult.Type

/**
 * The answer of a user invitation's `accept` or `decline`.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/accept-invitation.htm
 */
export const InvitationResult = CommonSchema.open({
  success: Schema.Boolean,
  username: Schema.optional(Schema.String),
  groupId: Schema.optional(Schema.String),
  id: Schema.optional(Schema.String),
})
export type InvitationResult = typeof InvitationResult.Type

/**
 * The answer of `community/users/<u>/tags`: the user's tags with how many items carry each.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/user-tags
 */
export const UserTagsResponse = CommonSchema.open({
  tags: Schema.Array(CommonSchema.open({ tag: Schema.String, count: Schema.Number })),
})
export type UserTagsResponse = typeof UserTagsResponse.Type

/** `true` when a user operation's answer reports success (`success: true` or `status: "success"`). */
export const succeeded = (result: UserOperationResult): boolean =>
  result.success === true || result.status === "success"
