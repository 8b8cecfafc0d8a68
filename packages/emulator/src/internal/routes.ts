/** The Sharing REST endpoints of this emulator, as a route table. */

import {
  canUseContentSpace,
  canViewProfile,
  requireFullAdmin,
  requireSession,
  requireUser,
  seesFullProfile,
} from "./authorization.ts"
import { communityRoutes } from "./community.ts"
import { contentRoutes } from "./content.ts"
import { type Context, orgOf, paging, type Route } from "./context.ts"
import { serversRoute } from "./datastores.ts"
import { transaction } from "./db.ts"
import { badRequest, Fault, forbidden, userNotFound } from "./fault.ts"
import { verifyPassword } from "./ids.ts"
import { jobRoutes } from "./jobs.ts"
import { findUser, type ItemRow, renderItem, renderUser } from "./model.ts"
import { oauthRoutes } from "./oauth.ts"
import { jsonParam } from "./request.ts"
import { resourceRoutes } from "./resources.ts"
import { searchRoutes } from "./search.ts"
import { socialRoutes } from "./social.ts"
import { issueToken, minutesParam } from "./tokens.ts"

/**
 * What `client` binds a token to (digest §3.1): `ip` the given address, `requestip` the caller's, `referer` the given
 * referer (then checked against the `Referer` header of the requests that use the token). Without `client`, a
 * `referer` still binds; with neither, the token is unbound.
 */
const binding = (context: Context): { referer: string | null; binding: "ip" | "referer" | null } => {
  const { params } = context
  const client = params.get("client")?.toLowerCase()
  const referer = params.get("referer") || params.get("referrer")
  switch (client) {
    case undefined:
    case "":
      return referer ? { referer, binding: "referer" } : { referer: null, binding: null }
    case "referer":
      if (!referer) throw badRequest("Unable to generate token.", ["'referer' is required when client is referer."])
      return { referer, binding: "referer" }
    case "ip": {
      const ip = params.get("ip")
      if (!ip) throw badRequest("Unable to generate token.", ["'ip' is required when client is ip."])
      return { referer: ip, binding: "ip" }
    }
    case "requestip":
      return { referer: context.requestIp, binding: "ip" }
    default:
      throw badRequest("Unable to generate token.", ["Invalid client type."])
  }
}

const generateToken = (context: Context) => {
  const { params, db } = context
  const username = params.get("username")
  const password = params.get("password")
  const bound = binding(context)
  const minutes = minutesParam(params, 60)
  if (params.get("serverurl") !== undefined && params.get("token") !== undefined) {
    // Federated-server token exchange: the caller is already authenticated by its portal token — as themself:
    // an API key's privileges would not travel with a server token, so a key cannot be exchanged.
    const user = requireSession(context)
    const issued = issueToken(db, context.settings, {
      username: user.username,
      clientId: null,
      kind: "server",
      minutes,
      ...bound,
    })
    return { ...issued, ssl: context.settings.allSsl === true }
  }
  if (!username && !password && context.certificateUser !== undefined) {
    // PKI: the client certificate already identified the user; no password is involved.
    const user = context.certificateUser
    return {
      ...issueToken(db, context.settings, { username: user.username, clientId: null, kind: "user", minutes, ...bound }),
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
    return {
      ...issueToken(db, context.settings, { username: user.username, clientId: null, kind: "user", minutes, ...bound }),
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
  return { ...base, user: renderUser(context.db, orgId, context.user, true, context.caller.privileges) }
}

/**
 * Properties an update may not change. `error` is no property of the org: stored, it would make every `portals/self`
 * answer look like an error envelope to clients.
 */
const fixedKeys = new Set(["id", "user", "created", "portalhostname", "resturl", "error"])

const portalUpdate = (context: Context) => {
  requireFullAdmin(context)
  const changes = new Map<string, unknown>()
  for (const name of context.params.names()) {
    const lower = name.toLowerCase()
    if (["f", "token", "clearemptyfields"].includes(lower) || fixedKeys.has(lower)) continue
    const raw = context.params.get(name) ?? ""
    const trimmed = raw.trim()
    changes.set(
      name,
      trimmed.startsWith("{") || trimmed.startsWith("[")
        ? jsonParam(context.params, name)
        : raw === "true"
          ? true
          : raw === "false"
            ? false
            : raw,
    )
  }
  return transaction(context.db, () => {
    const { properties } = orgOf(context.db)
    const byLower = new Map(Object.keys(properties).map((key) => [key.toLowerCase(), key]))
    // Defined, not assigned: a parameter named `__proto__` is a property here, not the object's prototype.
    for (const [name, value] of changes)
      Object.defineProperty(properties, byLower.get(name.toLowerCase()) ?? name, {
        value,
        enumerable: true,
        writable: true,
        configurable: true,
      })
    properties.modified = Date.now()
    context.db.prepare("UPDATE portal SET properties = ? WHERE id = 1").run(JSON.stringify(properties))
    return { success: true }
  })
}

const communityUser = (context: Context, match: RegExpExecArray) => {
  const username = match[1] ?? ""
  const target = findUser(context.db, username)
  if (target === undefined) throw userNotFound()
  const { orgId } = orgOf(context.db)
  if (!canViewProfile(context, target)) throw userNotFound()
  return renderUser(context.db, orgId, target, seesFullProfile(context, target))
}

const communitySelf = (context: Context) => {
  const user = requireUser(context)
  return renderUser(context.db, orgOf(context.db).orgId, user, true, context.caller.privileges)
}

/** `content/users/<u>[/<folderId>]`: a user's items (root or one folder) and folders; owner or admin only. */
const userContent = (context: Context, match: RegExpExecArray) => {
  requireUser(context)
  const username = match[1] ?? ""
  const folderId = match[2]
  const owner = findUser(context.db, username)
  if (owner === undefined) throw userNotFound()
  if (!canUseContentSpace(context, owner, "read")) throw forbidden()
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
