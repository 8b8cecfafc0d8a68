/**
 * OAuth 2.0 tokens like the portal (digest §3.4–3.5): `oauth2/token` exchanges app credentials, authorization codes
 * (PKCE verified) and refresh tokens; `oauth2/revokeToken` revokes.
 */
import { createHash } from "node:crypto"
import type { Context } from "../../context.ts"
import { badRequest, Fault } from "../../errors.ts"
import { opaqueToken, sha256 } from "../../ids.ts"
import { type Database, transaction } from "../../storage/database.ts"
import {
  type AppRow,
  deleteCode,
  findCode,
  findRefreshToken,
  insertRefreshToken,
  isRefreshTokenOf,
  revokeRefreshToken,
} from "../../storage/oauth.ts"
import { codeExpiration, deleteCodeExpiration } from "../../storage/portal.ts"
import { deleteOAuthToken, deleteTokensOfRefresh } from "../../storage/tokens.ts"
import { findUser } from "../../storage/users.ts"
import { issueToken, minutesParam } from "../../tokens.ts"
import { appOf, redirectAllowed } from "./apps.ts"

/** The token endpoint's errors: the envelope with OAuth's `error` and `error_description`. */
const oauthError = (code: number, error: string, description: string) =>
  new Fault(code, description, undefined, []).withOAuth(error)

/** How long a refresh token lives: `expiration` minutes (default two weeks), at most 90 days. */
const refreshLifetimeMinutes = (raw: string | undefined) => {
  const minutes = raw === undefined ? 20_160 : Number(raw)
  if (!Number.isFinite(minutes) || minutes <= 0) throw badRequest("Invalid expiration.")
  return Math.min(minutes, 129_600)
}

/** A new refresh token of `clientId` for `username`, stored hashed. */
const issueRefresh = (db: Database, clientId: string, username: string, expires: number) => {
  const refresh = opaqueToken()
  insertRefreshToken(db, { hash: sha256(refresh), clientId, username, expires }, Date.now())
  return refresh
}

/** A 30-minute OAuth access token minted from a refresh token (dies with it). */
const accessToken = (context: Context, clientId: string, username: string, refreshHash: string) =>
  issueToken(context.db, context.settings, {
    username,
    clientId,
    kind: "oauth",
    minutes: 30,
    referer: null,
    refreshHash,
  })

/** Seconds from now until `expires` (never negative). */
const expiresIn = (expires: number) => Math.max(0, Math.round((expires - Date.now()) / 1000))

/** A user's access token, as the token endpoint answers it. */
const accessAnswer = (context: Context, access: { token: string; expires: number }, username: string) => ({
  access_token: access.token,
  expires_in: expiresIn(access.expires),
  username,
  ssl: context.settings.allSsl === true,
})

/** `client_credentials`: an app token (no user), for the app's secret. */
const clientCredentials = (context: Context, app: AppRow) => {
  const { params, db } = context
  const secret = params.get("client_secret")
  if (!secret || sha256(secret) !== app.client_secret_hash) throw badRequest("Invalid client_secret", [], "OAUTH_0008")
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

/** `authorization_code`: a code from `authorize` (good once), its `redirect_uri` and PKCE verifier → tokens. */
const authorizationCode = (context: Context, app: AppRow) => {
  const { params, db } = context
  const code = params.get("code") ?? ""
  // A code is good once: it is consumed (in its own transaction) before anything is checked.
  const row = transaction(db, () => {
    const found = findCode(db, sha256(code))
    if (found !== undefined) deleteCode(db, found.code_hash)
    const expiration = found === undefined ? undefined : codeExpiration(db, found.code_hash)
    if (found !== undefined) deleteCodeExpiration(db, found.code_hash)
    return found === undefined ? undefined : { ...found, expiration }
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
      ...accessAnswer(context, access, row.username),
      refresh_token: refresh,
      refresh_token_expires_in: expiresIn(refreshExpires),
    }
  })
}

/**
 * `refresh_token`: a new access token for a refresh token; `exchange_refresh_token` (`exchange`): a new refresh token
 * too, the old one and its access tokens revoked.
 */
const refreshGrant = (context: Context, app: AppRow, exchange: boolean) => {
  const { params, db } = context
  const refresh = params.get("refresh_token") ?? ""
  return transaction(db, () => {
    const row = findRefreshToken(db, sha256(refresh))
    if (row === undefined || row.revoked === 1 || row.client_id !== app.client_id)
      throw oauthError(498, "invalid_request", "Invalid refresh_token")
    if (row.expires <= Date.now()) throw oauthError(498, "invalid_request", "refresh_token expired")
    const user = findUser(db, row.username)
    if (user === undefined || user.disabled === 1) throw oauthError(498, "invalid_request", "Invalid refresh_token")
    if (!exchange) {
      return accessAnswer(context, accessToken(context, app.client_id, row.username, row.token_hash), row.username)
    }
    const redirect = params.get("redirect_uri") ?? ""
    if (!redirectAllowed(app, redirect)) throw oauthError(400, "invalid_request", "Invalid redirect_uri")
    // The old refresh token and every access token minted from it stop working; the new one keeps the old expiry.
    revokeRefreshToken(db, row.token_hash)
    deleteTokensOfRefresh(db, row.token_hash)
    const next = issueRefresh(db, app.client_id, row.username, row.expires)
    const access = accessToken(context, app.client_id, row.username, sha256(next))
    return {
      ...accessAnswer(context, access, row.username),
      refresh_token: next,
      refresh_token_expires_in: expiresIn(row.expires),
    }
  })
}

/**
 * `POST oauth2/token`: an access token for `client_credentials` (an app token, no user), an `authorization_code`
 * (PKCE verified; with a refresh token), a `refresh_token`, or an `exchange_refresh_token` (a new refresh token).
 */
export const token = (context: Context) => {
  const { params, db } = context
  const grantType = params.get("grant_type")
  const app = appOf(db, params.get("client_id"))
  if (app === undefined) throw badRequest("Invalid client_id", [], "OAUTH_0007")
  switch (grantType) {
    case "client_credentials":
      return clientCredentials(context, app)
    case "authorization_code":
      return authorizationCode(context, app)
    case "refresh_token":
    case "exchange_refresh_token":
      return refreshGrant(context, app, grantType === "exchange_refresh_token")
    default:
      throw oauthError(
        400,
        "unsupported_grant_type",
        `grant_type '${String(grantType).slice(0, 40)}' is not supported.`,
      )
  }
}

/** `POST oauth2/revokeToken`: a refresh token (and the access tokens minted from it) or an OAuth access token. */
export const revokeToken = (context: Context) => {
  const { params, db } = context
  const app = appOf(db, params.get("client_id"))
  if (app === undefined) throw badRequest("Invalid client_id")
  const value = params.get("auth_token") ?? ""
  transaction(db, () => {
    const hash = sha256(value)
    if (isRefreshTokenOf(db, hash, app.client_id)) {
      revokeRefreshToken(db, hash)
      deleteTokensOfRefresh(db, hash)
    } else {
      deleteOAuthToken(db, hash, app.client_id)
    }
  })
  // Always success: revoking never tells whether a token existed.
  return { success: true }
}
