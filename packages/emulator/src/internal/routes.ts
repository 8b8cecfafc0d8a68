/**
 * The route tables: for each API the emulator serves, every REST operation it answers — its path pattern, the
 * methods it takes (route.ts) and its handler — matched in order, first match wins. Handlers live in `handlers/`,
 * named after the SDK's endpoint for the same operation (`handlers/groups/members.ts` `inviteToGroup` answers what
 * `users-groups-roles/src/endpoints/groups/inviteToGroup.ts` sends).
 */
import * as addItem from "./handlers/content/add-item.ts"
import * as bulk from "./handlers/content/bulk.ts"
import * as features from "./handlers/content/features.ts"
import * as ownerItems from "./handlers/content/owner-items.ts"
import * as publishing from "./handlers/content/publishing.ts"
import * as sharing from "./handlers/content/sharing.ts"
import * as uploads from "./handlers/content/uploads.ts"
import * as userContent from "./handlers/content/user-content.ts"
import * as tokens from "./handlers/generate-token.ts"
import * as applications from "./handlers/groups/applications.ts"
import * as groupContent from "./handlers/groups/content.ts"
import * as groups from "./handlers/groups/groups.ts"
import * as members from "./handlers/groups/members.ts"
import * as items from "./handlers/items/items.ts"
import * as relationships from "./handlers/items/relationships.ts"
import * as resources from "./handlers/items/resources.ts"
import * as social from "./handlers/items/social.ts"
import * as oauthAuthorize from "./handlers/oauth2/authorize.ts"
import * as oauthToken from "./handlers/oauth2/token.ts"
import * as portal from "./handlers/portal.ts"
import * as roles from "./handlers/roles.ts"
import * as search from "./handlers/search.ts"
import * as dataItems from "./handlers/server/data-items.ts"
import * as featureLayers from "./handlers/server/features.ts"
import * as services from "./handlers/server/services.ts"
import * as account from "./handlers/users/account.ts"
import * as inbox from "./handlers/users/inbox.ts"
import * as newAccounts from "./handlers/users/new-accounts.ts"
import * as profiles from "./handlers/users/profiles.ts"
import type { Handler, Route } from "./route.ts"

/** GET or POST. */
const read = (pattern: RegExp, handle: Handler): Route => ({ pattern, kind: "read", handle })
/** POST only, refused before the request is read. */
const write = (pattern: RegExp, handle: Handler): Route => ({ pattern, kind: "write", handle })
/** POST only, refused by the handler once it has found what the path names (route.ts `late-write`). */
const lateWrite = (pattern: RegExp, handle: Handler): Route => ({ pattern, kind: "late-write", handle })

/** `portals/self`, or the org by its id. */
const portals = String.raw`portals\/(?:self|[A-Za-z0-9]{16})`
const portalsPath = (rest: string) => new RegExp(`^${portals}${rest}$`, "i")
/** `content/users/<username>`, then `rest`. */
const userPath = (rest: string) => new RegExp(`^content\\/users\\/([^/]+)${rest}$`, "i")
/** An optional folder of the owner path (`/<folderId>`). */
const inFolder = String.raw`(?:\/([0-9a-f]{32}))?`
/** `content/users/<username>[/<folderId>]/items/<id>`, then `rest`. */
const ownerItemPath = (rest: string) => userPath(`${inFolder}${String.raw`\/items\/([^/]+)`}${rest}`)

/** The portal's Sharing API, under `/portal/sharing/rest`. */
export const routes: ReadonlyArray<Route> = [
  read(/^$/, portal.restRoot),
  read(/^info$/, portal.info),
  write(/^generatetoken$/i, tokens.generateToken),
  read(portalsPath(""), portal.portalSelf),
  write(portalsPath(String.raw`\/update`), portal.updatePortal),
  read(/^community\/self$/i, profiles.self),
  read(/^community\/users\/([^/]+)$/i, profiles.user),
  read(userPath(inFolder), userContent.userContent),
  read(portalsPath(String.raw`\/servers`), portal.servers),
  // OAuth 2.0
  read(/^oauth2\/authorize\/?$/i, oauthAuthorize.authorize),
  write(/^oauth2\/token\/?$/i, oauthToken.token),
  write(/^oauth2\/revokeToken\/?$/i, oauthToken.revokeToken),
  // Users
  read(/^community\/users$/i, profiles.userSearch),
  read(portalsPath(String.raw`\/users`), profiles.orgUsers),
  read(portalsPath(String.raw`\/users\/search`), profiles.orgUserSearch),
  write(portalsPath(String.raw`\/invite`), newAccounts.inviteUsers),
  write(portalsPath(String.raw`\/updateUserRole`), account.updateUserRole),
  write(/^community\/signUp$/i, newAccounts.signUp),
  write(/^community\/users\/([^/]+)\/update$/i, account.updateUser),
  write(/^community\/users\/([^/]+)\/delete$/i, account.deleteUser),
  write(/^community\/users\/([^/]+)\/disable$/i, account.disableUser),
  write(/^community\/users\/([^/]+)\/enable$/i, account.enableUser),
  write(/^community\/users\/([^/]+)\/reset$/i, account.resetUser),
  write(/^community\/users\/([^/]+)\/reassign$/i, account.reassignUser),
  read(/^community\/users\/([^/]+)\/notifications$/i, inbox.notifications),
  read(/^community\/users\/([^/]+)\/invitations$/i, inbox.invitations),
  read(/^community\/users\/([^/]+)\/tags$/i, inbox.userTags),
  write(/^community\/users\/([^/]+)\/notifications\/([0-9a-f]{32})\/delete$/i, inbox.deleteNotification),
  read(/^community\/users\/([^/]+)\/invitations\/(G[0-9a-f]{32})$/i, inbox.invitation),
  lateWrite(/^community\/users\/([^/]+)\/invitations\/(G[0-9a-f]{32})\/accept$/i, inbox.acceptInvitation),
  lateWrite(/^community\/users\/([^/]+)\/invitations\/(G[0-9a-f]{32})\/decline$/i, inbox.declineInvitation),
  read(/^community\/users\/([^/]+)\/info\/(.+)$/i, profiles.userThumbnail),
  // Groups
  read(/^community\/groups$/i, groups.groupSearch),
  write(/^community\/createGroup$/i, groups.createGroup),
  read(/^community\/groups\/([^/]+)$/i, groups.group),
  lateWrite(/^community\/groups\/([^/]+)\/update$/i, groups.updateGroup),
  lateWrite(/^community\/groups\/([^/]+)\/delete$/i, groups.deleteGroup),
  lateWrite(/^community\/groups\/([^/]+)\/protect$/i, groups.protectGroup),
  lateWrite(/^community\/groups\/([^/]+)\/unprotect$/i, groups.unprotectGroup),
  lateWrite(/^community\/groups\/([^/]+)\/reassign$/i, groups.reassignGroup),
  lateWrite(/^community\/groups\/([^/]+)\/addUsers$/i, members.addUsers),
  lateWrite(/^community\/groups\/([^/]+)\/removeUsers$/i, members.removeUsers),
  lateWrite(/^community\/groups\/([^/]+)\/updateUsers$/i, members.updateUsers),
  lateWrite(/^community\/groups\/([^/]+)\/invite$/i, members.inviteToGroup),
  lateWrite(/^community\/groups\/([^/]+)\/join$/i, members.joinGroup),
  lateWrite(/^community\/groups\/([^/]+)\/leave$/i, members.leaveGroup),
  read(/^community\/groups\/([^/]+)\/users$/i, members.groupUsers),
  read(/^community\/groups\/([^/]+)\/userlist$/i, members.groupUserList),
  read(/^community\/groups\/([^/]+)\/applications$/i, applications.groupApplications),
  read(/^community\/groups\/([^/]+)\/applications\/([^/]+)$/i, applications.groupApplication),
  lateWrite(/^community\/groups\/([^/]+)\/applications\/([^/]+)\/accept$/i, applications.acceptApplication),
  lateWrite(/^community\/groups\/([^/]+)\/applications\/([^/]+)\/decline$/i, applications.declineApplication),
  read(/^community\/groups\/([^/]+)\/info\/(.+)$/i, groups.groupThumbnail),
  read(/^content\/groups\/([^/]+)$/i, groupContent.groupContent),
  read(/^content\/groups\/([^/]+)\/search$/i, groupContent.groupContentSearch),
  // Roles
  read(portalsPath(String.raw`\/roles`), roles.roles),
  write(portalsPath(String.raw`\/createRole`), roles.createRole),
  read(portalsPath(String.raw`\/roles\/([A-Za-z0-9_]+)`), roles.role),
  read(portalsPath(String.raw`\/roles\/([A-Za-z0-9_]+)\/privileges`), roles.rolePrivileges),
  lateWrite(portalsPath(String.raw`\/roles\/([A-Za-z0-9_]+)\/setPrivileges`), roles.setPrivileges),
  lateWrite(portalsPath(String.raw`\/roles\/([A-Za-z0-9_]+)\/update`), roles.updateRole),
  lateWrite(portalsPath(String.raw`\/roles\/([A-Za-z0-9_]+)\/delete`), roles.deleteRole),
  // Item resources
  write(ownerItemPath(String.raw`\/addResources`), resources.addResources),
  write(ownerItemPath(String.raw`\/updateResources`), resources.updateResources),
  write(ownerItemPath(String.raw`\/removeResources`), resources.removeResources),
  read(/^content\/users\/[^/]+(?:\/[0-9a-f]{32})?\/items\/([^/]+)\/resources$/i, resources.resources),
  read(/^content\/items\/([^/]+)\/resources$/i, resources.resources),
  read(/^content\/items\/([^/]+)\/resources\/(.+)$/i, resources.resource),
  // Content: one item by id, a user's content space, one item on its owner's path
  read(/^content\/items\/([^/]+)$/i, items.getItem),
  read(/^content\/items\/([^/]+)\/data$/i, items.itemData),
  read(/^content\/items\/([^/]+)\/info\/(.+)$/i, items.itemInfo),
  write(/^content\/items\/([^/]+)\/share$/i, sharing.shareItemAsGroupAdmin),
  write(/^content\/items\/([^/]+)\/unshare$/i, sharing.unshareItemAsGroupAdmin),
  read(/^content\/items\/([^/]+)\/groups$/i, items.itemGroups),
  write(userPath(`${inFolder}${String.raw`\/addItem`}`), addItem.addItem),
  write(userPath(String.raw`\/createFolder`), userContent.createFolder),
  write(userPath(String.raw`\/shareItems`), bulk.shareItems),
  write(userPath(String.raw`\/unshareItems`), bulk.unshareItems),
  write(userPath(String.raw`\/deleteItems`), bulk.deleteItems),
  write(userPath(String.raw`\/moveItems`), bulk.moveItems),
  write(userPath(String.raw`\/([0-9a-f]{32})\/delete`), userContent.deleteFolder),
  write(userPath(String.raw`\/([0-9a-f]{32})\/updateFolder`), userContent.updateFolder),
  read(ownerItemPath(""), ownerItems.userItem),
  lateWrite(ownerItemPath(String.raw`\/update`), ownerItems.updateItem),
  lateWrite(ownerItemPath(String.raw`\/delete`), ownerItems.deleteItem),
  lateWrite(ownerItemPath(String.raw`\/move`), ownerItems.moveItem),
  lateWrite(ownerItemPath(String.raw`\/protect`), ownerItems.protect),
  lateWrite(ownerItemPath(String.raw`\/unprotect`), ownerItems.unprotect),
  lateWrite(ownerItemPath(String.raw`\/reassign`), ownerItems.reassignItem),
  lateWrite(ownerItemPath(String.raw`\/share`), sharing.shareItem),
  lateWrite(ownerItemPath(String.raw`\/unshare`), sharing.unshareItem),
  lateWrite(ownerItemPath(String.raw`\/addPart`), uploads.addPart),
  read(ownerItemPath(String.raw`\/parts`), uploads.parts),
  lateWrite(ownerItemPath(String.raw`\/commit`), uploads.commit),
  lateWrite(ownerItemPath(String.raw`\/cancel`), uploads.cancel),
  read(ownerItemPath(String.raw`\/status`), uploads.status),
  read(ownerItemPath(String.raw`\/proxies`), ownerItems.proxies),
  lateWrite(ownerItemPath(String.raw`\/canDelete`), ownerItems.canDelete),
  // Any other word: the checks of the operations above, then a 404.
  lateWrite(ownerItemPath(String.raw`\/([A-Za-z]+)`), ownerItems.unknownItemOperation),
  read(/^search$/i, search.search),
  // Comments, ratings, relationships
  read(/^content\/items\/([^/]+)\/comments$/i, social.comments),
  read(/^content\/items\/([^/]+)\/comments\/([0-9a-f]{32})$/i, social.comment),
  lateWrite(/^content\/items\/([^/]+)\/comments\/([0-9a-f]{32})\/delete$/i, social.deleteComment),
  write(/^content\/items\/([^/]+)\/addComment$/i, social.addComment),
  read(/^content\/items\/([^/]+)\/rating$/i, social.rating),
  write(/^content\/items\/([^/]+)\/addRating$/i, social.addRating),
  write(/^content\/items\/([^/]+)\/deleteRating$/i, social.deleteRating),
  write(userPath(String.raw`\/addRelationship`), relationships.addRelationship),
  write(userPath(String.raw`\/deleteRelationship`), relationships.deleteRelationship),
  read(/^content\/items\/([^/]+)\/relatedItems$/i, relationships.relatedItems),
  read(/^content\/items\/([^/]+)\/dependencies$/i, relationships.dependencies),
  read(/^content\/items\/([^/]+)\/dependencies\/listDependentsTo$/i, relationships.listDependentsTo),
  // Jobs: publish, export, createService
  write(userPath(`${inFolder}${String.raw`\/publish`}`), publishing.publishItem),
  write(userPath(String.raw`\/export`), publishing.exportItem),
  write(userPath(`${inFolder}${String.raw`\/createService`}`), publishing.createService),
  read(portalsPath(String.raw`\/isServiceNameAvailable`), publishing.isServiceNameAvailable),
  write(/^content\/features\/analyze$/i, features.analyze),
  write(/^content\/features\/generate$/i, features.generate),
]

/** The federated hosting server, under `/server/rest`. */
export const serverRoutes: ReadonlyArray<Route> = [
  write(/^admin\/services\/Hosted\/([A-Za-z0-9_]+)\/FeatureServer\/addToDefinition$/, services.addToDefinition),
  read(/^info$/i, services.serverInfo),
  read(/^services\/Hosted\/([A-Za-z0-9_]+)\/(FeatureServer|MapServer)$/, services.serviceInfo),
  read(/^services\/Hosted\/([A-Za-z0-9_]+)\/(FeatureServer|MapServer)\/(\d+)$/, services.layerInfo),
  read(/^services\/Hosted\/([A-Za-z0-9_]+)\/FeatureServer\/(\d+)\/query$/, featureLayers.query),
  write(/^services\/Hosted\/([A-Za-z0-9_]+)\/FeatureServer\/(\d+)\/addFeatures$/, featureLayers.addFeatures),
  write(/^services\/Hosted\/([A-Za-z0-9_]+)\/FeatureServer\/(\d+)\/deleteFeatures$/, featureLayers.deleteFeatures),
  write(/^services\/Hosted\/([A-Za-z0-9_]+)\/FeatureServer\/(\d+)\/applyEdits$/, featureLayers.applyEdits),
]

/** The Portal Admin API, under `/portal/portaladmin` (failures in its own envelope). */
export const portalAdminRoutes: ReadonlyArray<Route> = [write(/^security\/users\/createUser$/i, newAccounts.createUser)]

/** The federated server's admin API, under `/server/admin` (failures in its own envelope). */
export const serverAdminRoutes: ReadonlyArray<Route> = [
  read(/^data\/items$/i, dataItems.rootItems),
  read(/^data\/items\/([A-Za-z]+)$/, dataItems.rootItem),
  read(/^data\/items\/([A-Za-z]+)\/([^/]+)$/, dataItems.dataItem),
  lateWrite(/^data\/items\/([A-Za-z]+)\/([^/]+)\/edit$/, dataItems.editItem),
  read(/^data\/items\/([A-Za-z]+)\/([^/]+)\/manifest$/, dataItems.manifest),
  lateWrite(/^data\/items\/([A-Za-z]+)\/([^/]+)\/manifest\/update$/, dataItems.updateManifest),
  write(/^data\/registerItem$/i, dataItems.registerItem),
  write(/^data\/unregisterItem$/i, dataItems.unregisterItem),
  read(/^data\/findItems$/i, dataItems.findItems),
  write(/^data\/validateDataItem$/i, dataItems.validateDataItem),
  write(/^data\/validateAllDataItems$/i, dataItems.validateAllDataItems),
  read(/^data\/computeTotalRefCount$/i, dataItems.computeTotalRefCount),
  read(/^data\/config$/i, dataItems.datastoreConfig),
  lateWrite(/^data\/config\/update$/i, dataItems.updateDatastoreConfig),
]

/** An API the emulator serves: the path prefix it is under, its route table, and whether it is an admin API. */
export interface Api {
  readonly prefix: string
  readonly routes: ReadonlyArray<Route>
  /** Admin APIs answer failures in their own envelope (`{"status":"error","messages","code"}`). */
  readonly admin: boolean
}

/** Every API, by prefix. */
export const apis: ReadonlyArray<Api> = [
  { prefix: "/portal/sharing/rest", routes, admin: false },
  { prefix: "/server/rest", routes: serverRoutes, admin: false },
  { prefix: "/portal/portaladmin", routes: portalAdminRoutes, admin: true },
  { prefix: "/server/admin", routes: serverAdminRoutes, admin: true },
]
