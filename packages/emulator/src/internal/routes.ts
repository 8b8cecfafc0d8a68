/** The Sharing REST endpoints of this emulator, as a route table. */

import { communityRoutes } from "./community.ts"
import { contentRoutes } from "./content.ts"
import { type Context, orgOf, paging, type Route, requireUser } from "./context.ts"
import { serversRoute } from "./datastores.ts"
import { transaction } from "./db.ts"
import { badRequest, Fault, forbidden, userNotFound } from "./fault.ts"
import { verifyPassword } from "./ids.ts"
import { jobRoutes } from "./jobs.ts"
import { findUser, hasPrivilege, type ItemRow, isAdmin, renderItem, renderUser } from "./model.ts"
import { oauthRoutes } from "./oauth.ts"
import { jsonParam } from "./request.ts"
import { resourceRoutes } from "./resources.ts"
import { searchRoutes } from "./search.ts"
import { socialRoutes } from "./social.ts"
import { issueToken, minutesParam } from "./tokens.ts"

const generateToken = (context: Context) => {
  const { params, db } = context
  const username = params.get("username")
  const password = params.get("password")
  const client = (params.get("client") ?? "referer").toLowerCase()
  if (!["referer", "requestip", "ip"].includes(client))
    throw badRequest("Unable to generate token.", ["Invalid client type."])
  if (client === "ip" && !params.get("ip"))
    throw badRequest("Unable to generate token.", ["'ip' is required when client is ip."])
  const minutes = minutesParam(params, 60)
  if (params.get("serverurl") !== undefined && params.get("token") !== undefined) {
    // Federated-server token exchange: the caller is already authenticated by its portal token.
    const user = requireUser(context)
    const issued = issueToken(db, context.settings, {
      username: user.username,
      clientId: null,
      kind: "server",
      minutes,
      referer: params.get("serverurl") ?? null,
    })
    return { ...issued, ssl: context.settings.allSsl === true }
  }
  if (!username && !password && context.certificateUser !== undefined) {
    // PKI: the client certificate already identified the user; no password is involved.
    const user = context.certificateUser
    return {
      ...issueToken(db, context.settings, {
        username: user.username,
        clientId: null,
        kind: "user",
        minutes,
        referer: params.get("referer") ?? null,
      }),
      ssl: true,
    }
  }
  if (!username || !password) throw badRequest("Unable to generate token.", ["Invalid username or password."])
  const user = findUser(db, username)
  if (user === undefined || !verifyPassword(password, user.password_hash)) {
    throw badRequest("Unable to generate token.", ["Invalid username or password."])
  }
  if (user.disabled === 1) throw badRequest("Unable to generate token.", ["This account has been disabled."])
  return transaction(db, () => {
    db.prepare("UPDATE users SET last_login = ? WHERE username = ?").run(Date.now(), user.username)
    const referer =
      client === "referer"
        ? (params.get("referer") ?? "")
        : client === "ip"
          ? (params.get("ip") ?? "")
          : context.requestIp
    return {
      ...issueToken(db, context.settings, { username: user.username, clientId: null, kind: "user", minutes, referer }),
      ssl: context.settings.allSsl === true,
    }
  })
}

const portalSelf = (context: Context) => {
  const { orgId, properties } = orgOf(context.db)
  const base: Record<string, unknown> = {
    ...properties,
    id: orgId,
    portalHostname: new URL(context.portalUrl).host,
    restUrl: `${context.portalUrl}/sharing/rest`,
    allSSL: context.settings.allSsl === true,
  }
  if (context.user === undefined) {
    const { allowedOrigins: _origins, ...anonymous } = base
    return anonymous
  }
  return { ...base, user: renderUser(context.db, orgId, context.user, true) }
}

/** Properties an update may not change. */
const fixedKeys = new Set(["id", "user", "created", "portalhostname", "resturl"])

const portalUpdate = (context: Context) => {
  const user = requireUser(context)
  if (!isAdmin(context.db, user)) throw forbidden()
  const changes: Record<string, unknown> = {}
  for (const name of context.params.names()) {
    const lower = name.toLowerCase()
    if (["f", "token", "clearemptyfields"].includes(lower) || fixedKeys.has(lower)) continue
    const raw = context.params.get(name) ?? ""
    const trimmed = raw.trim()
    changes[name] =
      trimmed.startsWith("{") || trimmed.startsWith("[")
        ? jsonParam(context.params, name)
        : raw === "true"
          ? true
          : raw === "false"
            ? false
            : raw
  }
  return transaction(context.db, () => {
    const { properties } = orgOf(context.db)
    const byLower = new Map(Object.keys(properties).map((key) => [key.toLowerCase(), key]))
    for (const [name, value] of Object.entries(changes)) properties[byLower.get(name.toLowerCase()) ?? name] = value
    properties.modified = Date.now()
    context.db.prepare("UPDATE portal SET properties = ? WHERE id = 1").run(JSON.stringify(properties))
    return { success: true }
  })
}

const communityUser = (context: Context, match: RegExpExecArray) => {
  const username = decodeURIComponent(match[1] ?? "")
  const target = findUser(context.db, username)
  if (target === undefined) throw userNotFound()
  const { orgId } = orgOf(context.db)
  const viewer = context.user
  const full =
    viewer !== undefined &&
    (viewer.username === target.username || hasPrivilege(context.db, viewer, "portal:admin:viewUsers"))
  if (!full) {
    const visible = target.access === "public" || (target.access === "org" && viewer !== undefined)
    if (!visible) throw userNotFound()
  }
  return renderUser(context.db, orgId, target, full)
}

const communitySelf = (context: Context) => {
  const user = requireUser(context)
  return renderUser(context.db, orgOf(context.db).orgId, user, true)
}

/** `content/users/<u>[/<folderId>]`: a user's items (root or one folder) and folders; owner or admin only. */
const userContent = (context: Context, match: RegExpExecArray) => {
  const viewer = requireUser(context)
  const username = decodeURIComponent(match[1] ?? "")
  const folderId = match[2] === undefined ? undefined : decodeURIComponent(match[2])
  const owner = findUser(context.db, username)
  if (owner === undefined) throw userNotFound()
  if (viewer.username !== owner.username && !hasPrivilege(context.db, viewer, "portal:admin:viewItems"))
    throw forbidden()
  const folders = context.db
    .prepare("SELECT id, title, owner as username, created FROM folders WHERE owner = ? ORDER BY title COLLATE NOCASE")
    .all(owner.username) as Array<{ id: string; title: string; username: string; created: number }>
  const folder = folderId === undefined ? undefined : folders.find((candidate) => candidate.id === folderId)
  if (folderId !== undefined && folder === undefined)
    throw badRequest("Folder does not exist or is inaccessible.", [], "CONT_0011")
  const { start, num } = paging(context.params)
  const where = folder === undefined ? "folder_id IS NULL" : "folder_id = ?"
  const args = folder === undefined ? [owner.username] : [owner.username, folder.id]
  const total = (
    context.db.prepare(`SELECT COUNT(*) AS n FROM items WHERE owner = ? AND ${where}`).get(...args) as { n: number }
  ).n
  const rows = context.db
    .prepare(`SELECT * FROM items WHERE owner = ? AND ${where} ORDER BY created, id LIMIT ? OFFSET ?`)
    .all(...args, num, start - 1) as unknown as Array<ItemRow>
  const { orgId } = orgOf(context.db)
  const end = start - 1 + rows.length
  return {
    username: owner.username,
    total,
    start,
    num: rows.length,
    nextStart: end < total ? end + 1 : -1,
    currentFolder: folder ?? null,
    items: rows.map((row) => renderItem(context.db, orgId, row)),
    folders: folder === undefined ? folders : [],
  }
}

const info = (context: Context) => ({
  owningSystemUrl: context.portalUrl,
  authInfo: { isTokenBasedSecurity: true, tokenServicesUrl: `${context.portalUrl}/sharing/rest/generateToken` },
})

const portalRoutes: ReadonlyArray<Route> = [
  { pattern: /^$/, kind: "read", handle: () => ({ currentVersion: "2025.2" }) },
  { pattern: /^info$/, kind: "read", handle: info },
  { pattern: /^generatetoken$/i, kind: "write", handle: generateToken },
  { pattern: /^portals\/(?:self|[A-Za-z0-9]{16})$/i, kind: "read", handle: portalSelf },
  { pattern: /^portals\/(?:self|[A-Za-z0-9]{16})\/update$/i, kind: "write", handle: portalUpdate },
  { pattern: /^community\/self$/i, kind: "read", handle: communitySelf },
  { pattern: /^community\/users\/([^/]+)$/i, kind: "read", handle: communityUser },
  { pattern: /^content\/users\/([^/]+)(?:\/([0-9a-f]{32}))?$/i, kind: "read", handle: userContent },
]

export type { Context, Route, Settings } from "./context.ts"
export { orgOf, paging, requireUser } from "./context.ts"
export { Fault }

/** Every route: portal and auth here, content, search and jobs in their own modules. */
export const routes: ReadonlyArray<Route> = [
  ...portalRoutes,
  serversRoute,
  ...oauthRoutes,
  ...communityRoutes,
  ...resourceRoutes,
  ...contentRoutes,
  ...searchRoutes,
  ...socialRoutes,
  ...jobRoutes,
]
