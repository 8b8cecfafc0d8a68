/**
 * The group operations (`Groups`) as module-level functions: each requires the services `Portal.layer({ url, auth })`
 * provides and captures them at the call, so a program bundles only the operations it imports. The same operations as
 * the `Groups` service's methods, with the same checks, spans (`Groups.search`…) and errors; named with "group"
 * joined to the method's name (`search` → `searchGroups`, `addUsers` → `addGroupUsers`, `content` →
 * `groupContent`; see the entry's page for the whole scheme).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/group.htm
 * @see arcgis.gis.GroupManager
 * @see arcgis.gis.Group
 * @module
 */
import type { GroupsShape } from "../Groups.ts"
import { lift, liftStream, type Standalone } from "../internal/standalone.ts"
import { content, contentStream } from "../operations/groups/content.ts"
import { create, createFromDict } from "../operations/groups/create.ts"
import { get } from "../operations/groups/get.ts"
import {
  acceptApplication,
  addUsers,
  applications,
  declineApplication,
  getMembers,
  inviteUsers,
  reassignTo,
  removeUsers,
} from "../operations/groups/members.ts"
import { search, searchAll } from "../operations/groups/search.ts"
import { downloadThumbnail, getThumbnail, getThumbnailLink } from "../operations/groups/thumbnail.ts"
import { join, leave, remove, update } from "../operations/groups/update.ts"

/**
 * Creates a group owned by the caller and returns it, with the Python defaults (`public`, `avgRating`, `desc`)
 * (`Groups.create`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/create-group.htm
 * @see arcgis.gis.GroupManager.create
 * @example
 * import { createGroup } from "@arcgis-portal/users-groups-roles/operations"
 * const group = createGroup({ title: "Field crews", tags: ["field", "ops"], access: "org" })
 */
export const createGroup: Standalone<GroupsShape["create"]> = /* @__PURE__ */ lift(create)

/**
 * Creates a group from a dictionary of `createGroup` parameters, leaving out the fields the portal sets itself
 * (`Groups.createFromDict`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/create-group.htm
 * @see arcgis.gis.GroupManager.create_from_dict
 */
export const createGroupFromDict: Standalone<GroupsShape["createFromDict"]> = /* @__PURE__ */ lift(createFromDict)

/**
 * A group; `undefined` when it does not exist or the caller may not see it (`Groups.get`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/group.htm
 * @see arcgis.gis.GroupManager.get
 */
export const getGroup: Standalone<GroupsShape["get"]> = /* @__PURE__ */ lift(get)

/**
 * Searches groups, at most `maxGroups` (default 1000), in the caller's org unless `outsideOrg` (`Groups.search`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/group-search.htm
 * @see arcgis.gis.GroupManager.search
 * @example
 * import { searchGroups } from "@arcgis-portal/users-groups-roles/operations"
 * import { Portal } from "@arcgis-portal/core"
 * import * as Effect from "effect/Effect"
 * const portal = Portal.layer({ url: "https://www.arcgis.com" })
 * const groups = searchGroups({ query: "owner:esri" }).pipe(Effect.provide(portal))
 */
export const searchGroups: Standalone<GroupsShape["search"]> = /* @__PURE__ */ lift(search)

/**
 * Every group a search finds, as a stream fetched page by page (`Groups.searchAll`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/group-search.htm
 * @see arcgis.gis.GroupManager.search
 */
export const searchAllGroups: Standalone<GroupsShape["searchAll"]> = /* @__PURE__ */ liftStream(searchAll)

/**
 * Adds users to a group, 25 per request as the portal requires; everyone who was not added (`Groups.addUsers`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/add-users-to-group.htm
 * @see arcgis.gis.Group.add_users
 */
export const addGroupUsers: Standalone<GroupsShape["addUsers"]> = /* @__PURE__ */ lift(addUsers)

/**
 * The pending requests to join a group, for its managers and org admins (`Groups.applications`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/group-applications.htm
 * @see arcgis.gis.Group.applications
 */
export const groupApplications: Standalone<GroupsShape["applications"]> = /* @__PURE__ */ lift(applications)

/**
 * Accepts a user's request to join: they become a member (`Groups.acceptApplication`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/accept-group-application.htm
 * @see arcgis.gis.Group.applications
 */
export const acceptGroupApplication: Standalone<GroupsShape["acceptApplication"]> =
  /* @__PURE__ */ lift(acceptApplication)

/**
 * Declines a user's request to join (`Groups.declineApplication`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/decline-group-application.htm
 * @see arcgis.gis.Group.applications
 */
export const declineGroupApplication: Standalone<GroupsShape["declineApplication"]> =
  /* @__PURE__ */ lift(declineApplication)

/**
 * The items shared with a group, at most `maxItems` (default 1000) (`Groups.content`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/search.htm
 * @see arcgis.gis.Group.content
 */
export const groupContent: Standalone<GroupsShape["content"]> = /* @__PURE__ */ lift(content)

/**
 * The items shared with a group, as a stream (`Groups.contentStream`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/search.htm
 * @see arcgis.gis.Group.content
 */
export const groupContentStream: Standalone<GroupsShape["contentStream"]> = /* @__PURE__ */ liftStream(contentStream)

/**
 * Deletes a group (`Groups.delete`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/delete-group.htm
 * @see arcgis.gis.Group.delete
 */
export const deleteGroup: Standalone<GroupsShape["delete"]> = /* @__PURE__ */ lift(remove)

/**
 * The group's thumbnail as a byte stream; `undefined` when there is none (`Groups.downloadThumbnail`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/group.htm
 * @see arcgis.gis.Group.download_thumbnail
 */
export const downloadGroupThumbnail: Standalone<GroupsShape["downloadThumbnail"]> =
  /* @__PURE__ */ lift(downloadThumbnail)

/**
 * The bytes of the group's thumbnail; `undefined` when there is none (`Groups.getThumbnail`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/group.htm
 * @see arcgis.gis.Group.get_thumbnail
 */
export const getGroupThumbnail: Standalone<GroupsShape["getThumbnail"]> = /* @__PURE__ */ lift(getThumbnail)

/**
 * The URL of the group's thumbnail, without any token; `undefined` when there is none (`Groups.getThumbnailLink`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/group.htm
 * @see arcgis.gis.Group.get_thumbnail_link
 */
export const getGroupThumbnailLink: Standalone<GroupsShape["getThumbnailLink"]> = /* @__PURE__ */ lift(getThumbnailLink)

/**
 * The group's owner, managers and members (`Groups.getMembers`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/group-users
 * @see arcgis.gis.Group.get_members
 */
export const getGroupMembers: Standalone<GroupsShape["getMembers"]> = /* @__PURE__ */ lift(getMembers)

/**
 * Invites users to a group as members or managers (`Groups.inviteUsers`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/invite-to-group.htm
 * @see arcgis.gis.Group.invite_users
 */
export const inviteGroupUsers: Standalone<GroupsShape["inviteUsers"]> = /* @__PURE__ */ lift(inviteUsers)

/**
 * Applies to join a group; its managers accept or decline (`Groups.join`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/join-group.htm
 * @see arcgis.gis.Group.join
 */
export const joinGroup: Standalone<GroupsShape["join"]> = /* @__PURE__ */ lift(join)

/**
 * Leaves a group (`Groups.leave`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/leave-group.htm
 * @see arcgis.gis.Group.leave
 */
export const leaveGroup: Standalone<GroupsShape["leave"]> = /* @__PURE__ */ lift(leave)

/**
 * Gives a group to another owner (`Groups.reassignTo`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/reassign-group.htm
 * @see arcgis.gis.Group.reassign_to
 */
export const reassignGroup: Standalone<GroupsShape["reassignTo"]> = /* @__PURE__ */ lift(reassignTo)

/**
 * Removes users from a group, 25 per request; everyone who was not removed (`Groups.removeUsers`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/remove-users-from-group.htm
 * @see arcgis.gis.Group.remove_users
 */
export const removeGroupUsers: Standalone<GroupsShape["removeUsers"]> = /* @__PURE__ */ lift(removeUsers)

/**
 * Changes the given properties of a group (`Groups.update`).
 *
 * @see https://developers.arcgis.com/rest/users-groups-and-items/update-group.htm
 * @see arcgis.gis.Group.update
 */
export const updateGroup: Standalone<GroupsShape["update"]> = /* @__PURE__ */ lift(update)
