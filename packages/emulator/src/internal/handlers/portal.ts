/**
 * The portal itself: the REST root, `info`, `portals/self` and its `update`, and `portals/self/servers` (the one
 * federated hosting server).
 */
import { requireFullAdmin, requireUser } from "../authorization.ts"
import { type Context, serverUrl } from "../context.ts"
import { alnum } from "../ids.ts"
import { renderUser } from "../render.ts"
import { jsonParam } from "../request.ts"
import { transaction } from "../storage/database.ts"
import { orgOf, saveOrgProperties, saveServerId, serverId } from "../storage/portal.ts"

/** `GET <rest>/`: the REST root (digest §2.1). */
export const restRoot = () => ({ currentVersion: "2025.2" })

/** `GET <rest>/info`: where tokens come from. */
export const info = (context: Context) => ({
  owningSystemUrl: context.portalUrl,
  authInfo: { isTokenBasedSecurity: true, tokenServicesUrl: `${context.portalUrl}/sharing/rest/generateToken` },
})

/** `GET portals/self` (or `portals/<orgId>`): the org's properties; with the caller as `user` when signed in. */
export const portalSelf = (context: Context) => {
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

/** `POST portals/self/update`: merges every other parameter into the org's properties (default administrators). */
export const updatePortal = (context: Context) => {
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
    saveOrgProperties(context.db, properties)
    return { success: true }
  })
}

/** `GET portals/self/servers`: the one federated hosting server (its id is made on first use). */
export const servers = (context: Context) => {
  requireUser(context)
  const stored = serverId(context.db)
  const id = stored ?? alnum(16)
  if (stored === undefined) saveServerId(context.db, id)
  const url = serverUrl(context)
  return {
    servers: [
      {
        id,
        name: new URL(url).host,
        url,
        adminUrl: url,
        isHosted: true,
        serverType: "ArcGIS",
        serverRole: "HOSTING_SERVER",
        serverFunction: "",
        webgisServerTrustKey: "",
      },
    ],
  }
}
