/** What every handler is given, and helpers they share. */
import type { Caller } from "./authorization.ts"
import type { Database } from "./db.ts"
import { badRequest } from "./fault.ts"
import type { UserRow } from "./model.ts"
import type { Params } from "./request.ts"

export interface Settings {
  readonly tokenTtlSeconds: number | undefined
  readonly maxTokenMinutes: number
  /** How long publish/export/createService jobs stay `processing`. */
  readonly jobMillis: number
  /** Largest resource file, in bytes (default 25 MB). */
  readonly resourceMaxBytes?: number | undefined
  /** The org requires HTTPS (`allSSL`): token answers say `ssl: true`. */
  readonly allSsl?: boolean | undefined
}

export interface Context {
  readonly db: Database
  readonly params: Params
  readonly method: string
  /** Who sent the request and what they may do: ask `authorization.ts`, never decide in a handler. */
  readonly caller: Caller
  /** The account the caller acts as (`caller.user`): a signed-in user, or an API key's owner. */
  readonly user: UserRow | undefined
  /** The portal base URL (`http://127.0.0.1:<port>/portal`). */
  readonly portalUrl: string
  readonly settings: Settings
  readonly requestIp: string
  /** The user a verified client certificate identifies (PKI), when there is one. */
  readonly certificateUser?: UserRow | undefined
  /** Where item files live. */
  readonly dataDir: string
}

export interface Route {
  readonly pattern: RegExp
  /** `"read"` accepts GET and POST; `"write"` POST only. */
  readonly kind: "read" | "write"
  readonly handle: (context: Context, match: RegExpExecArray) => unknown
}

export const orgOf = (db: Database): { orgId: string; properties: Record<string, unknown> } => {
  const row = db.prepare("SELECT org_id, properties FROM portal WHERE id = 1").get() as {
    org_id: string
    properties: string
  }
  return { orgId: row.org_id, properties: JSON.parse(row.properties) as Record<string, unknown> }
}

/** The account the caller acts as (499 when anonymous, 403 for an app token); the rule is `authorization.ts`'s. */
export { requireUser } from "./authorization.ts"

/** 1-based `start` and `num` (default 10, at most 100), as every paged listing reads them. */
export const paging = (params: Params, maxNum = 100): { start: number; num: number } => {
  const start = params.get("start") === undefined ? 1 : Number(params.get("start"))
  const num = params.get("num") === undefined ? 10 : Number(params.get("num"))
  if (!Number.isSafeInteger(start) || start < 1 || start > 1_000_000_000)
    throw badRequest("Invalid request", ["'start' must be a positive integer."])
  if (!Number.isSafeInteger(num) || num < 0)
    throw badRequest("Invalid request", ["'num' must be a non-negative integer."])
  return { start, num: Math.min(num, maxNum) }
}
