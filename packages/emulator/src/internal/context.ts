/** The request context every handler is given (`Context`), the emulator's settings, and where its hosting server is. */
import type { Caller } from "./authentication.ts"
import type { Params } from "./request.ts"
import type { Database } from "./storage/database.ts"
import type { UserRow } from "./storage/users.ts"

/** The emulator's settings, from `startEmulator`'s options. */
export interface Settings {
  readonly tokenTtlSeconds: number | undefined
  readonly maxTokenMinutes: number
  /** How long publish/export/createService jobs stay `processing`. */
  readonly jobMillis: number
  /** Largest resource file, in bytes (default 25 MB). */
  readonly resourceMaxBytes?: number | undefined
  /** The org requires HTTPS (`allSSL`): token answers say `ssl: true`. */
  readonly allSsl?: boolean | undefined
  /** Item data answers `Range` requests (206/416). Default true; false answers them whole, as a server without. */
  readonly serveRanges?: boolean | undefined
}

/** What a handler is given: the request, its caller, and the emulator's state. */
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

/** Where the emulated hosting server is (`http://127.0.0.1:<port>/server`): its services and admin API. */
export const serverUrl = (context: Context): string => context.portalUrl.replace(/\/portal$/, "/server")
