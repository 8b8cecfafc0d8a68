/**
 * `@arcgis-portal/users-groups-roles/operations`: the operations of `Users`, `Groups` and `Roles` as module-level
 * functions, for programs that care about their bundle — a bundler keeps only the functions a program imports
 * (through the services of the main entry, every operation comes along with the service object that holds it). Each
 * function requires the services `Portal.layer({ url, auth })` provides, takes the same arguments as its service
 * method and answers the same value with the same errors.
 *
 * The names: the service's noun (user, group, role) joined to the method's name, so that the three services share
 * one namespace without a collision —
 * - after the method's verb, singular for one object: `createUser`, `getUser`, `updateUser`, `deleteGroup`,
 *   `joinGroup`, `updateRole`, `deleteRole`, `getUserThumbnail`, `acceptGroupApplication`, `setRolePrivileges`;
 *   plural for what the method does to several users: `addGroupUsers`, `removeGroupUsers`, `inviteGroupUsers`;
 * - plural for searches and listings: `searchUsers`, `searchAllUsers`, `searchGroups`, `allRoles`, `allRolesStream`;
 * - before a method that names what it reads: `userFolders`, `userItems`, `userNotifications`, `groupContent`,
 *   `groupApplications`, `rolePrivileges`, `roleExists`;
 * - `reassignTo` is `reassignUser` / `reassignGroup` (the REST operations' names);
 * - `me`, `signup` and `getRole` already name what they act on and keep their names.
 *
 * Every method, by service:
 * - `Users`: `create` → `createUser`, `get` → `getUser`, `me`, `search` → `searchUsers`, `searchAll` →
 *   `searchAllUsers`, `signup`, `delete` → `deleteUser`, `disable` → `disableUser`, `enable` → `enableUser`,
 *   `downloadThumbnail` → `downloadUserThumbnail`, `getThumbnail` → `getUserThumbnail`, `getThumbnailLink` →
 *   `getUserThumbnailLink`, `folders` → `userFolders`, `items` → `userItems`, `itemsStream` → `userItemsStream`,
 *   `notifications` → `userNotifications`, `reassignTo` → `reassignUser`, `reset` → `resetUser`, `update` →
 *   `updateUser`, `updateRole` → `updateUserRole`;
 * - `Groups`: `create` → `createGroup`, `createFromDict` → `createGroupFromDict`, `get` → `getGroup`, `search` →
 *   `searchGroups`, `searchAll` → `searchAllGroups`, `addUsers` → `addGroupUsers`, `applications` →
 *   `groupApplications`, `acceptApplication` → `acceptGroupApplication`, `declineApplication` →
 *   `declineGroupApplication`, `content` → `groupContent`, `contentStream` → `groupContentStream`, `delete` →
 *   `deleteGroup`, `downloadThumbnail` → `downloadGroupThumbnail`, `getThumbnail` → `getGroupThumbnail`,
 *   `getThumbnailLink` → `getGroupThumbnailLink`, `getMembers` → `getGroupMembers`, `inviteUsers` →
 *   `inviteGroupUsers`, `join` → `joinGroup`, `leave` → `leaveGroup`, `reassignTo` → `reassignGroup`, `removeUsers` →
 *   `removeGroupUsers`, `update` → `updateGroup`;
 * - `Roles`: `all` → `allRoles`, `allStream` → `allRolesStream`, `create` → `createRole`, `exists` → `roleExists`,
 *   `getRole`, `update` → `updateRole`, `privileges` → `rolePrivileges`, `setPrivileges` → `setRolePrivileges`,
 *   `delete` → `deleteRole`.
 *
 * @example
 * import { getUser, searchGroups } from "@arcgis-portal/users-groups-roles/operations"
 * import { Portal } from "@arcgis-portal/core"
 * import * as Effect from "effect/Effect"
 * const program = Effect.all([getUser("jsmith"), searchGroups({ query: "owner:esri" })]).pipe(
 *   Effect.provide(Portal.layer({ url: "https://www.arcgis.com" })),
 * )
 *
 * @packageDocumentation
 */
export type { Requirements, Standalone } from "../internal/standalone.ts"
export {
  acceptGroupApplication,
  addGroupUsers,
  createGroup,
  createGroupFromDict,
  declineGroupApplication,
  deleteGroup,
  downloadGroupThumbnail,
  getGroup,
  getGroupMembers,
  getGroupThumbnail,
  getGroupThumbnailLink,
  groupApplications,
  groupContent,
  groupContentStream,
  inviteGroupUsers,
  joinGroup,
  leaveGroup,
  reassignGroup,
  removeGroupUsers,
  searchAllGroups,
  searchGroups,
  updateGroup,
} from "./GroupOperations.ts"
export {
  allRoles,
  allRolesStream,
  createRole,
  deleteRole,
  getRole,
  roleExists,
  rolePrivileges,
  setRolePrivileges,
  updateRole,
} from "./RoleOperations.ts"
export {
  createUser,
  deleteUser,
  disableUser,
  downloadUserThumbnail,
  enableUser,
  getUser,
  getUserThumbnail,
  getUserThumbnailLink,
  me,
  reassignUser,
  resetUser,
  searchAllUsers,
  searchUsers,
  signup,
  updateUser,
  updateUserRole,
  userFolders,
  userItems,
  userItemsStream,
  userNotifications,
} from "./UserOperations.ts"
