/**
 * OAuth 2.0 like the portal (digest §3.2–3.5): `oauth2/authorize` serves an HTML sign-in page and
 * redirects back with a `code` (or a token for the implicit grant); `oauth2/token` exchanges codes
 * (PKCE verified), refresh tokens, and app credentials; `oauth2/revokeToken` revokes.
 */
import { createHash } from "node:crypto"
import { type Context, orgOf, type Route } from "./context.ts"
import { type Database, transaction } from "./db.ts"
import { badRequest, Fault, RawBody, Redirect } from "./fault.ts"
import { opaqueToken, sha256, verifyPassword } from "./ids.ts"
import { findUser } from "./model.ts"
import { issueToken, minutesParam } from "./tokens.ts"

interface App {
  client_id: string
  client_secret_hash: string
  owner: string
  redirect_uris: string
}

const appOf = (db: Database, clientId: string | undefined): App | undefined =>
  clientId ? (db.prepare("SELECT * FROM oauth_apps WHERE client_id = ?").get(clientId) as App | undefined) : undefined

/** A redirect URI is allowed when registered; loopback URIs match on any port (RFC 8252 §7.3). */
export const redirectAllowed = (app: App, redirect: string): boolean => {
  const registered = JSON.parse(app.redirect_uris) as Array<string>
  if (registered.includes(redirect)) return true
  let url: URL
  try {
    url = new URL(redirect)
  } catch {
    return false
  }
  if (url.protocol !== "http:" || !["127.0.0.1", "localhost", "[::1]"].includes(url.hostname)) return false
  return registered.some((entry) => {
    try {
      const candidate = new URL(entry)
      return (
        candidate.protocol === "http:" && candidate.hostname === url.hostname && candidate.pathname === url.pathname
      )
    } catch {
      return false
    }
  })
}

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`)

const page = (context: Context, fields: Record<string, string>, error?: string) => {
  const { properties } = orgOf(context.db)
  const hidden = Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join("\n      ")
  return new RawBody(
    `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8"><title>Sign in to ${escapeHtml(String(properties.name ?? "ArcGIS"))}</title></head>
  <body>
    <h1>Sign in to ${escapeHtml(String(properties.name ?? "ArcGIS"))}</h1>
    <p>An application (${escapeHtml(fields.client_id ?? "")}) wants to use your account.</p>
    ${error ? `<p role="alert" id="error">${escapeHtml(error)}</p>` : ""}
    <form method="post" action="authorize" id="signin">
      ${hidden}
      <label>Username <input name="username" id="username" autocomplete="username"></label>
      <label>Password <input name="password" id="password" type="password" autocomplete="current-password"></label>
      <button type="submit" name="action" value="signin" id="submit">Sign in</button>
      <button type="submit" name="action" value="cancel" id="cancel">Cancel</button>
    </form>
  </body>
</html>
`,
    "text/html; charset=utf-8",
  )
}

const htmlError = (message: string) => new Fault(400, message, undefined, [], 400)

const authorize = (context: Context) => {
  const { params, db } = context
  const clientId = params.get("client_id")
  const app = appOf(db, clientId)
  if (app === undefined) throw htmlError("Invalid client_id")
  const redirect = params.get("redirect_uri") ?? ""
  if (!redirectAllowed(app, redirect)) throw htmlError("Invalid redirect_uri")
  const responseType = params.get("response_type") ?? ""
  const state = params.get("state")
  const back = (values: Record<string, string>, fragment = false) => {
    const url = new URL(redirect)
    const target = fragment ? new URLSearchParams() : url.searchParams
    for (const [name, value] of Object.entries(values)) target.set(name, value)
    if (state !== undefined) target.set("state", state)
    if (fragment) url.hash = target.toString()
    return new Redirect(url.href)
  }
  if (responseType !== "code" && responseType !== "token")
    return back({ error: "unsupported_response_type", error_description: "response_type must be code or token." })
  const challenge = params.get("code_challenge")
  const method = params.get("code_challenge_method") ?? (challenge ? "plain" : undefined)
  if (method !== undefined && method !== "S256" && method !== "plain")
    return back({ error: "invalid_request", error_description: "Unsupported code_challenge_method." })
  const fields: Record<string, string> = {
    client_id: app.client_id,
    redirect_uri: redirect,
    response_type: responseType,
  }
  for (const name of ["state", "code_challenge", "code_challenge_method", "expiration"]) {
    const value = params.get(name)
    if (value !== undefined) fields[name] = value
  }
  if (context.method === "GET") return page(context, fields)
  if (params.get("action") === "cancel")
    return back({ error: "access_denied", error_description: "The user denied the request." })
  const user = findUser(db, params.get("username") ?? "")
  if (user === undefined || !verifyPassword(params.get("password") ?? "", user.password_hash) || user.disabled === 1) {
    return page(context, fields, "Invalid username or password.")
  }
  if (responseType === "token") {
    const { token, expires } = issueToken(db, context.settings, {
      username: user.username,
      clientId: app.client_id,
      kind: "oauth",
      minutes: minutesParam(params, 120),
      referer: null,
    })
    return back(
      {
        access_token: token,
        expires_in: String(Math.round((expires - Date.now()) / 1000)),
        username: user.username,
        ssl: String(context.settings.allSsl === true),
      },
      true,
    )
  }
  const code = opaqueToken()
  transaction(db, () =>
    db
      .prepare(
        "INSERT INTO oauth_codes (code_hash, client_id, username, redirect_uri, code_challenge, code_challenge_method, expires) VALUES (?, ?, ?, ?, ?, ?, ?)",
      )
      .run(
        sha256(code),
        app.client_id,
        user.username,
        redirect,
        challenge ?? null,
        challenge ? (method ?? "plain") : null,
        Date.now() + 5 * 60_000,
      ),
  )
  // The refresh token's lifetime travels with the code.
  if (params.get("expiration"))
    db.prepare("INSERT OR REPLACE INTO server_config (key, value) VALUES (?, ?)").run(
      `code-expiration:${sha256(code)}`,
      String(params.get("expiration")),
    )
  return back({ code })
}

const oauthError = (code: number, error: string, description: string) =>
  new Fault(code, description, undefined, []).withOAuth(error)

const refreshLifetimeMinutes = (raw: string | undefined) => {
  const minutes = raw === undefined ? 20_160 : Number(raw)
  if (!Number.isFinite(minutes) || minutes <= 0) throw badRequest("Invalid expiration.")
  return Math.min(minutes, 129_600)
}

const issueRefresh = (db: Database, clientId: string, username: string, expires: number) => {
  const refresh = opaqueToken()
  db.prepare(
    "INSERT INTO refresh_tokens (token_hash, client_id, username, expires, revoked, created) VALUES (?, ?, ?, ?, 0, ?)",
  ).run(sha256(refresh), clientId, username, expires, Date.now())
  return refresh
}

const accessToken = (context: Context, clientId: string, username: string, refreshHash: string) =>
  issueToken(context.db, context.settings, {
    username,
    clientId,
    kind: "oauth",
    minutes: 30,
    referer: null,
    refreshHash,
  })

const token = (context: Context) => {
  const { params, db } = context
  const grantType = params.get("grant_type")
  const app = appOf(db, params.get("client_id"))
  if (app === undefined) throw badRequest("Invalid client_id", [], "OAUTH_0007")
  const expiresIn = (expires: number) => Math.max(0, Math.round((expires - Date.now()) / 1000))
  switch (grantType) {
    case "client_credentials": {
      const secret = params.get("client_secret")
      if (!secret || sha256(secret) !== app.client_secret_hash)
        throw badRequest("Invalid client_secret", [], "OAUTH_0008")
      const issued = issueToken(db, context.settings, {
        username: null,
        clientId: app.client_id,
        kind: "app",
        minutes: minutesParam(params, 120),
        referer: null,
      })
      return {
        access_token: issued.token,
        expires_in: expiresIn(issued.expires),
        ssl: context.settings.allSsl === true,
      }
    }
    case "authorization_code": {
      const code = params.get("code") ?? ""
      // A code is good once: it is consumed (in its own transaction) before anything is checked.
      const row = transaction(db, () => {
        const found = db.prepare("SELECT * FROM oauth_codes WHERE code_hash = ?").get(sha256(code)) as
          | {
              code_hash: string
              client_id: string
              username: string
              redirect_uri: string
              code_challenge: string | null
              code_challenge_method: string | null
              expires: number
            }
          | undefined
        if (found !== undefined) db.prepare("DELETE FROM oauth_codes WHERE code_hash = ?").run(found.code_hash)
        const setting =
          found === undefined
            ? undefined
            : (db.prepare("SELECT value FROM server_config WHERE key = ?").get(`code-expiration:${found.code_hash}`) as
                | { value: string }
                | undefined)
        if (found !== undefined)
          db.prepare("DELETE FROM server_config WHERE key = ?").run(`code-expiration:${found.code_hash}`)
        return found === undefined ? undefined : { ...found, expiration: setting?.value }
      })
      if (row === undefined || row.expires <= Date.now() || row.client_id !== app.client_id)
        throw oauthError(400, "invalid_grant", "Invalid authorization code.")
      if ((params.get("redirect_uri") ?? "") !== row.redirect_uri)
        throw oauthError(400, "invalid_grant", "redirect_uri does not match.")
      if (row.code_challenge !== null) {
        const verifier = params.get("code_verifier") ?? ""
        const computed =
          row.code_challenge_method === "S256" ? createHash("sha256").update(verifier).digest("base64url") : verifier
        if (verifier === "" || computed !== row.code_challenge)
          throw oauthError(400, "invalid_grant", "Invalid code_verifier.")
      }
      return transaction(db, () => {
        const refreshExpires = Date.now() + refreshLifetimeMinutes(row.expiration) * 60_000
        const refresh = issueRefresh(db, app.client_id, row.username, refreshExpires)
        const access = accessToken(context, app.client_id, row.username, sha256(refresh))
        return {
          access_token: access.token,
          expires_in: expiresIn(access.expires),
          username: row.username,
          ssl: context.settings.allSsl === true,
          refresh_token: refresh,
          refresh_token_expires_in: expiresIn(refreshExpires),
        }
      })
    }
    case "refresh_token":
    case "exchange_refresh_token": {
      const refresh = params.get("refresh_token") ?? ""
      return transaction(db, () => {
        const row = db.prepare("SELECT * FROM refresh_tokens WHERE token_hash = ?").get(sha256(refresh)) as
          | { token_hash: string; client_id: string; username: string; expires: number; revoked: number }
          | undefined
        if (row === undefined || row.revoked === 1 || row.client_id !== app.client_id)
          throw oauthError(498, "invalid_request", "Invalid refresh_token")
        if (row.expires <= Date.now()) throw oauthError(498, "invalid_request", "refresh_token expired")
        const user = findUser(db, row.username)
        if (user === undefined || user.disabled === 1) throw oauthError(498, "invalid_request", "Invalid refresh_token")
        if (grantType === "refresh_token") {
          const access = accessToken(context, app.client_id, row.username, row.token_hash)
          return {
            access_token: access.token,
            expires_in: expiresIn(access.expires),
            username: row.username,
            ssl: context.settings.allSsl === true,
          }
        }
        const redirect = params.get("redirect_uri") ?? ""
        if (!redirectAllowed(app, redirect)) throw oauthError(400, "invalid_request", "Invalid redirect_uri")
        // The old refresh token and every access token minted from it stop working; the new one keeps the old expiry.
        db.prepare("UPDATE refresh_tokens SET revoked = 1 WHERE token_hash = ?").run(row.token_hash)
        db.prepare("DELETE FROM tokens WHERE refresh_hash = ?").run(row.token_hash)
        const next = issueRefresh(db, app.client_id, row.username, row.expires)
        const access = accessToken(context, app.client_id, row.username, sha256(next))
        return {
          access_token: access.token,
          expires_in: expiresIn(access.expires),
          username: row.username,
          ssl: context.settings.allSsl === true,
          refresh_token: next,
          refresh_token_expires_in: expiresIn(row.expires),
        }
      })
    }
    default:
      throw oauthError(
        400,
        "unsupported_grant_type",
        `grant_type '${String(grantType).slice(0, 40)}' is not supported.`,
      )
  }
}

const revoke = (context: Context) => {
  const { params, db } = context
  const app = appOf(db, params.get("client_id"))
  if (app === undefined) throw badRequest("Invalid client_id")
  const value = params.get("auth_token") ?? ""
  transaction(db, () => {
    const hash = sha256(value)
    const refresh = db
      .prepare("SELECT token_hash FROM refresh_tokens WHERE token_hash = ? AND client_id = ?")
      .get(hash, app.client_id) as { token_hash: string } | undefined
    if (refresh !== undefined) {
      db.prepare("UPDATE refresh_tokens SET revoked = 1 WHERE token_hash = ?").run(hash)
      db.prepare("DELETE FROM tokens WHERE refresh_hash = ?").run(hash)
    } else {
      db.prepare("DELETE FROM tokens WHERE token_hash = ? AND client_id = ? AND kind = 'oauth'").run(
        hash,
        app.client_id,
      )
    }
  })
  // Always success: revoking never tells whether a token existed.
  return { success: true }
}

export const oauthRoutes: ReadonlyArray<Route> = [
  { pattern: /^oauth2\/authorize\/?$/i, kind: "read", handle: authorize },
  { pattern: /^oauth2\/token\/?$/i, kind: "write", handle: token },
  { pattern: /^oauth2\/revokeToken\/?$/i, kind: "write", handle: revoke },
]
