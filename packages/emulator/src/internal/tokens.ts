/** Issuing access tokens: stored hashed, with the lifetime rules of the portal and the emulator's caps. */
import type { Settings } from "./context.ts"
import { badRequest } from "./errors.ts"
import { opaqueToken, sha256 } from "./ids.ts"
import type { Params } from "./request.ts"
import type { Database } from "./storage/database.ts"
import { insertToken } from "./storage/tokens.ts"

/** Issues a token for `username`, stored hashed; returns it with its expiry. */
export const issueToken = (
  db: Database,
  settings: Settings,
  options: {
    username: string | null
    clientId: string | null
    kind: string
    minutes: number
    referer: string | null
    /** What `referer` binds the token to: `ip` (an address), `referer` (the Referer header), or nothing. */
    binding?: "ip" | "referer" | null
    refreshHash?: string | null
  },
) => {
  const token = opaqueToken()
  const now = Date.now()
  let lifetime = Math.min(options.minutes, settings.maxTokenMinutes) * 60_000
  if (settings.tokenTtlSeconds !== undefined) lifetime = Math.min(lifetime, settings.tokenTtlSeconds * 1000)
  const expires = now + lifetime
  insertToken(
    db,
    {
      hash: sha256(token),
      username: options.username,
      clientId: options.clientId,
      kind: options.kind,
      expires,
      referer: options.referer,
      refreshHash: options.refreshHash ?? null,
      binding: options.binding ?? null,
    },
    now,
  )
  return { token, expires }
}

/** The `expiration` parameter, in minutes (`fallback` when absent); a 400 envelope when it is not a positive number. */
export const minutesParam = (params: Params, fallback: number): number => {
  const raw = params.get("expiration")
  if (raw === undefined || raw === "") return fallback
  const minutes = Number(raw)
  if (!Number.isFinite(minutes) || minutes <= 0)
    throw badRequest("Invalid expiration.", ["'expiration' must be a positive number of minutes."])
  return minutes
}
