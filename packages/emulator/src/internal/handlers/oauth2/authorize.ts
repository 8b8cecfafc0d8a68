/**
 * OAuth 2.0 sign-in like the portal (digest §3.2–3.3): `oauth2/authorize` serves an HTML sign-in page and sends the
 * browser back with a `code` (or a token, for the implicit grant).
 */
import type { Context } from "../../context.ts"
import { Fault, RawBody, Redirect } from "../../errors.ts"
import { opaqueToken, sha256, verifyPassword } from "../../ids.ts"
import { transaction } from "../../storage/database.ts"
import { insertCode } from "../../storage/oauth.ts"
import { orgOf, saveCodeExpiration } from "../../storage/portal.ts"
import { findUser } from "../../storage/users.ts"
import { issueToken, minutesParam } from "../../tokens.ts"
import { appOf, redirectAllowed } from "./apps.ts"

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`)

/** The HTML sign-in page, with the request's fields kept in hidden inputs. */
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

/** A refusal answered with HTTP 400 (the browser sees it, not an app). */
const htmlError = (message: string) => new Fault(400, message, undefined, [], 400)

/**
 * `oauth2/authorize`: a GET shows the sign-in page; its POST signs in and sends the browser back to `redirect_uri`
 * with a `code` (PKCE `code_challenge` kept with it) or, for `response_type=token`, a token in the fragment.
 */
export const authorize = (context: Context) => {
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
    insertCode(db, {
      hash: sha256(code),
      clientId: app.client_id,
      username: user.username,
      redirectUri: redirect,
      challenge: challenge ?? null,
      challengeMethod: challenge ? (method ?? "plain") : null,
      expires: Date.now() + 5 * 60_000,
    }),
  )
  // The refresh token's lifetime travels with the code.
  if (params.get("expiration")) saveCodeExpiration(db, sha256(code), String(params.get("expiration")))
  return back({ code })
}
