/**
 * Who is asking: a request's credential resolved into a {@link Caller} — a user session (a token from
 * `generateToken` or OAuth, or a PKI client certificate), an API key (its privileges intersected with its owner's
 * role), an app token (client credentials: no user), or anonymous. Expired or unknown tokens, and tokens used against
 * their binding (`client=ip`/`requestip`: the request's address; `client=referer`: the `Referer` header, when the
 * request has one), are `498 Invalid token.`. The pipeline resolves the caller once per request; what the caller may
 * then do is `authorization.ts`'s to decide.
 */
import { invalidToken } from "./errors.ts"
import { sha256 } from "./ids.ts"
import type { Database } from "./storage/database.ts"
import { privilegesOf } from "./storage/roles.ts"
import { apiKeyByHash, tokenByHash } from "./storage/tokens.ts"
import { findUser, type UserRow } from "./storage/users.ts"

/** What kind of caller sent a request. */
export type CallerKind = "anonymous" | "user" | "apiKey" | "app"

/** Who sent a request, and what they may do. */
export interface Caller {
  readonly kind: CallerKind
  /** The account the caller acts as (an API key's owner); none for anonymous and app callers. */
  readonly user: UserRow | undefined
  /** Effective privileges: the role's for a user session, the key's that its owner's role also holds for a key. */
  readonly privileges: ReadonlySet<string>
  /** A default administrator (role `org_admin`) signed in as themself. Never an API key. */
  readonly fullAdmin: boolean
  /** Who the caller is for caches of what they may see (a user and their API keys see different things). */
  readonly identity: string
}

export const anonymous: Caller = {
  kind: "anonymous",
  user: undefined,
  privileges: new Set(),
  fullAdmin: false,
  identity: "anonymous",
}

/** A user signed in as themself. */
export const sessionOf = (db: Database, user: UserRow): Caller => ({
  kind: "user",
  user,
  privileges: new Set(privilegesOf(db, user.role_id)),
  fullAdmin: user.role_id === "org_admin",
  identity: `user:${user.username}`,
})

/** `::ffff:127.0.0.1` (an IPv4 address on a dual-stack socket) and `127.0.0.1` are one address. */
export const normalizeAddress = (address: string): string =>
  address
    .trim()
    .toLowerCase()
    .replace(/^::ffff:(?=\d{1,3}(?:\.\d{1,3}){3}$)/, "")

/**
 * Whether a request's `Referer` header fits the referer a token was bound to: the same URL or a page under it
 * (`https://host/app` fits `https://host/app/page.html` and `https://host/app/`, not `https://host/app-other`).
 */
export const refererMatches = (bound: string, header: string): boolean => {
  const expected = bound.toLowerCase()
  const actual = header.toLowerCase()
  return actual === expected || actual.startsWith(expected.endsWith("/") ? expected : `${expected}/`)
}

/** What a request presents: its token (if any), a verified client certificate's user, its address and Referer. */
export interface Credential {
  readonly token: string | undefined
  readonly certificateUser: UserRow | undefined
  readonly requestIp: string
  readonly referer: string | undefined
}

/** Resolves a request's credential into its caller; an unusable token is `498 Invalid token.`. */
export const resolveCaller = (db: Database, credential: Credential): Caller => {
  const { token } = credential
  if (!token) return credential.certificateUser === undefined ? anonymous : sessionOf(db, credential.certificateUser)
  const hash = sha256(token)
  const row = tokenByHash(db, hash)
  if (row !== undefined) {
    if (row.expires <= Date.now()) throw invalidToken()
    if (row.binding === "ip" && normalizeAddress(credential.requestIp) !== normalizeAddress(row.referer ?? ""))
      throw invalidToken()
    if (row.binding === "referer" && credential.referer && !refererMatches(row.referer ?? "", credential.referer))
      throw invalidToken()
    if (row.username === null)
      return { kind: "app", user: undefined, privileges: new Set(), fullAdmin: false, identity: "app" }
    const user = findUser(db, row.username)
    if (user === undefined || user.disabled === 1) throw invalidToken()
    return sessionOf(db, user)
  }
  const key = apiKeyByHash(db, hash)
  if (key === undefined) throw invalidToken()
  const owner = findUser(db, key.username)
  if (owner === undefined || owner.disabled === 1) throw invalidToken()
  const held = new Set(privilegesOf(db, owner.role_id))
  let granted: unknown
  try {
    granted = JSON.parse(key.privileges)
  } catch {
    granted = []
  }
  const list = Array.isArray(granted) ? granted.filter((entry): entry is string => typeof entry === "string") : []
  return {
    kind: "apiKey",
    user: owner,
    privileges: new Set(list.filter((entry) => held.has(entry))),
    fullAdmin: false,
    identity: `key:${hash}`,
  }
}
