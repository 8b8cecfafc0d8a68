/**
 * The shapes of the groups API: the group object, group searches, members, applications, group
 * content and the small results of group operations. Every struct keeps the fields it does not
 * declare, so a field a newer portal adds never breaks a decode.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/group.htm
 * @module
 */
import { CommonSchema } from "@arcgis-portal/core"
import * as Schema from "effect/Schema"
import { ItemSummary, openString } from "./UserSchema.ts"

/**
 * Who may see a group: `private`, `org` or `public` (old portals also say `account` for `org`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/common-parameters.htm
 */
export const GroupAccess = openString<"private" | "org" | "public">()
export type GroupAccess = typeof GroupAccess.Type

/**
 * The caller's relation to a group.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/group.htm
 */
export const UserMembership = CommonSchema.open({
  username: CommonSchema.optionalNullable(Schema.String),
  memberType: Schema.optional(openString<"owner" | "admin" | "member" | "none">()),
  applications: Schema.optional(Schema.Number),
})
export type UserMembership = typeof UserMembership.Type

/**
 * A group of users that items are shared with.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/group.htm
 * @see arcgis.gis.Group
 */
export const Group = CommonSchema.open({
  id: CommonSchema.GroupId,
  title: Schema.String,
  owner: Schema.String,
  orgId: CommonSchema.optionalNullable(Schema.String),
  description: CommonSchema.optionalNullable(Schema.String),
  snippet: CommonSchema.optionalNullable(Schema.String),
  tags: Schema.optional(Schema.Array(Schema.String)),
  typeKeywords: Schema.optional(Schema.Array(Schema.String)),
  phone: CommonSchema.optionalNullable(Schema.String),
  thumbnail: CommonSchema.optionalNullable(Schema.String),
  access: Schema.optional(GroupAccess),
  isInvitationOnly: Schema.optional(Schema.Boolean),
  isViewOnly: Schema.optional(Schema.Boolean),
  autoJoin: Schema.optional(Schema.Boolean),
  sortField: CommonSchema.optionalNullable(Schema.String),
  sortOrder: CommonSchema.optionalNullable(Schema.String),
  protected: Schema.optional(Schema.Boolean),
  capabilities: Schema.optional(Schema.Array(Schema.String)),
  provider: CommonSchema.optionalNullable(Schema.String),
  providerGroupName: CommonSchema.optionalNullable(Schema.String),
  created: Schema.optional(CommonSchema.EpochMillis),
  modified: Schema.optional(CommonSchema.EpochMillis),
  userMembership: Schema.optional(UserMembership),
})
export type Group = typeof Group.Type

/**
 * One page of `community/groups` (a group search).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/group-search.htm
 */
export const GroupSearchResponse = CommonSchema.open({
  query: Schema.optional(Schema.String),
  total: Schema.optional(Schema.Number),
  start: Schema.optional(Schema.Number),
  num: Schema.optional(Schema.Number),
  nextStart: Schema.optional(Schema.Number),
  results: Schema.Array(Group),
})
export type GroupSearchResponse = typeof GroupSearchResponse.Type

/**
 * The answer of `community/createGroup`: the new group.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/create-group.htm
 */
export const CreateGroupResult = CommonSchema.open({
  success: Schema.Boolean,
  group: Group,
})
export type CreateGroupResult = typeof CreateGroupResult.Type

/**
 * The answer of group operations (`update`, `delete`, `invite`, `join`, `leave`, `reassign`,
 * `protect`): `success`, and usually the group id.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/delete-group.htm
 */
export const GroupOperationResult = CommonSchema.open({
  success: Schema.Boolean,
  groupId: Schema.optional(Schema.String),
})
export type GroupOperationResult = typeof GroupOperationResult.Type

/**
 * The members of a group: the owner, the managers (the owner among them) and the members.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/group-users
 * @see arcgis.gis.Group.get_members
 */
export const GroupMembers = CommonSchema.open({
  owner: Schema.String,
  admins: Schema.Array(Schema.String),
  users: Schema.Array(Schema.String),
})
export type GroupMembers = typeof GroupMembers.Type

/**
 * The answer of `addUsers`: who could not be added.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/add-users-to-group.htm
 */
export const AddUsersResult = CommonSchema.open({ notAdded: Schema.Array(Schema.String) })
export type AddUsersResult = typeof AddUsersResult.Type

/**
 * The answer of `removeUsers`: who could not be removed.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/remove-users-from-group.htm
 */
export const RemoveUsersResult = CommonSchema.open({ notRemoved: Schema.Array(Schema.String) })
export type RemoveUsersResult = typeof RemoveUsersResult.Type

/**
 * A request to join a group, waiting for a group manager.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/group-application.htm
 */
export const GroupApplication = CommonSchema.open({
  username: Schema.String,
  fullName: CommonSchema.optionalNullable(Schema.String),
  fullname: CommonSchema.optionalNullable(Schema.String),
  received: Schema.optional(CommonSchema.EpochMillis),
})
export type GroupApplication = typeof GroupApplication.Type

/**
 * The answer of `community/groups/<gid>/applications`.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/group-applications.htm
 */
export const ApplicationsResponse = CommonSchema.open({ applications: Schema.Array(GroupApplication) })
export type ApplicationsResponse = typeof ApplicationsResponse.Type

/**
 * The answer of an application's `accept` or `decline`.
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/accept-group-application.htm
 */
export const ApplicationResult = CommonSchema.open({
  success: Schema.Boolean,
  username: Schema.optional(Schema.String),
  groupId: Schema.optional(Schema.String),
})
export type ApplicationResult = typeof ApplicationResult.Type

/**
 * One page of an item search (`search` with `q=group:<gid>` for a group's content).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/search.htm
 */
export const ItemSearchResponse = CommonSchema.open({
  query: Schema.optional(Schema.String),
  total: Schema.optional(Schema.Number),
  start: Schema.optional(Schema.Number),
  num: Schema.optional(Schema.Number),
  nextStart: Schema.optional(Schema.Number),
  results: Schema.Array(ItemSummary),
})
export type ItemSearchResponse = typeof ItemSearchResponse.Type
