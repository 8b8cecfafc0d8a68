/** Credentials kept hashed: access tokens (`tokens`) and API keys (`api_keys`). */
import type { Database } from "./database.ts"

/** What a token was issued as, found by its hash. */
export interface TokenRow {
  username: string | null
  expires: number
  referer: string | null
  binding: string | null
}

export const insertToken = (
  db: Database,
  token: {
    readonly hash: string
    readonly username: string | null
    readonly clientId: string | null
    readonly kind: string
    readonly expires: number
    readonly referer: string | null
    readonly refreshHash: string | null
    readonly binding: string | null
  },
  created: number,
): void => {
  db.prepare(
    "INSERT INTO tokens (token_hash, username, client_id, kind, expires, created, referer, refresh_hash, binding) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
  ).run(
    token.hash,
    token.username,
    token.clientId,
    token.kind,
    token.expires,
    created,
    token.referer,
    token.refreshHash,
    token.binding,
  )
}

export const tokenByHash = (db: Database, hash: string): TokenRow | undefined =>
  db.prepare("SELECT username, expires, referer, binding FROM tokens WHERE token_hash = ?").get(hash) as
    | TokenRow
    | undefined

export const deleteTokensOf = (db: Database, username: string): void => {
  db.prepare("DELETE FROM tokens WHERE username = ?").run(username)
}

/** Deletes every access token minted from a refresh token. */
export const deleteTokensOfRefresh = (db: Database, refreshHash: string): void => {
  db.prepare("DELETE FROM tokens WHERE refresh_hash = ?").run(refreshHash)
}

/** Deletes an OAuth access token of this app (revocation). */
export const deleteOAuthToken = (db: Database, hash: string, clientId: string): void => {
  db.prepare("DELETE FROM tokens WHERE token_hash = ? AND client_id = ? AND kind = 'oauth'").run(hash, clientId)
}

// ---------------------------------------------------------------- API keys

/** An API key, found by its hash: its user and the privileges it was given (JSON). */
export const apiKeyByHash = (db: Database, hash: string): { username: string; privileges: string } | undefined =>
  db.prepare("SELECT username, privileges FROM api_keys WHERE key_hash = ?").get(hash) as
    | { username: string; privileges: string }
    | undefined

/** Stores an API key; `replace`: a key given again replaces the first (the `apiKeys` option), else it fails. */
export const insertApiKey = (
  db: Database,
  key: { readonly hash: string; readonly username: string; readonly privileges: ReadonlyArray<string> },
  created: number,
  replace: boolean,
): void => {
  db.prepare(
    replace
      ? "INSERT OR REPLACE INTO api_keys (key_hash, username, privileges, created) VALUES (?, ?, ?, ?)"
      : "INSERT INTO api_keys (key_hash, username, privileges, created) VALUES (?, ?, ?, ?)",
  ).run(key.hash, key.username, JSON.stringify(key.privileges), created)
}

export const deleteApiKeysOf = (db: Database, username: string): void => {
  db.prepare("DELETE FROM api_keys WHERE username = ?").run(username)
}
