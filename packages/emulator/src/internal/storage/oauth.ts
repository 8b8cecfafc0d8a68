/** OAuth 2.0 state: registered apps (`oauth_apps`), authorization codes (`oauth_codes`), refresh tokens. */
import type { Database } from "./database.ts"

/** A registered app (`redirect_uris`: a JSON array). */
export interface AppRow {
  client_id: string
  client_secret_hash: string
  owner: string
  redirect_uris: string
}

export interface CodeRow {
  code_hash: string
  client_id: string
  username: string
  redirect_uri: string
  code_challenge: string | null
  code_challenge_method: string | null
  expires: number
}

export interface RefreshTokenRow {
  token_hash: string
  client_id: string
  username: string
  expires: number
  revoked: number
}

export const findApp = (db: Database, clientId: string): AppRow | undefined =>
  db.prepare("SELECT * FROM oauth_apps WHERE client_id = ?").get(clientId) as AppRow | undefined

export const insertApp = (
  db: Database,
  app: {
    readonly clientId: string
    readonly secretHash: string
    readonly owner: string
    readonly redirectUris: string
  },
  created: number,
): void => {
  db.prepare(
    "INSERT INTO oauth_apps (client_id, client_secret_hash, owner, redirect_uris, created) VALUES (?, ?, ?, ?, ?)",
  ).run(app.clientId, app.secretHash, app.owner, app.redirectUris, created)
}

export const insertCode = (
  db: Database,
  code: {
    readonly hash: string
    readonly clientId: string
    readonly username: string
    readonly redirectUri: string
    readonly challenge: string | null
    readonly challengeMethod: string | null
    readonly expires: number
  },
): void => {
  db.prepare(
    "INSERT INTO oauth_codes (code_hash, client_id, username, redirect_uri, code_challenge, code_challenge_method, expires) VALUES (?, ?, ?, ?, ?, ?, ?)",
  ).run(code.hash, code.clientId, code.username, code.redirectUri, code.challenge, code.challengeMethod, code.expires)
}

export const findCode = (db: Database, hash: string): CodeRow | undefined =>
  db.prepare("SELECT * FROM oauth_codes WHERE code_hash = ?").get(hash) as CodeRow | undefined

export const deleteCode = (db: Database, hash: string): void => {
  db.prepare("DELETE FROM oauth_codes WHERE code_hash = ?").run(hash)
}

export const insertRefreshToken = (
  db: Database,
  refresh: { readonly hash: string; readonly clientId: string; readonly username: string; readonly expires: number },
  created: number,
): void => {
  db.prepare(
    "INSERT INTO refresh_tokens (token_hash, client_id, username, expires, revoked, created) VALUES (?, ?, ?, ?, 0, ?)",
  ).run(refresh.hash, refresh.clientId, refresh.username, refresh.expires, created)
}

export const findRefreshToken = (db: Database, hash: string): RefreshTokenRow | undefined =>
  db.prepare("SELECT * FROM refresh_tokens WHERE token_hash = ?").get(hash) as RefreshTokenRow | undefined

/** Whether `hash` is a refresh token of this app. */
export const isRefreshTokenOf = (db: Database, hash: string, clientId: string): boolean =>
  db.prepare("SELECT token_hash FROM refresh_tokens WHERE token_hash = ? AND client_id = ?").get(hash, clientId) !==
  undefined

export const revokeRefreshToken = (db: Database, hash: string): void => {
  db.prepare("UPDATE refresh_tokens SET revoked = 1 WHERE token_hash = ?").run(hash)
}
