/**
 * `startEmulator`: a local ArcGIS portal — a real HTTP server (Hono on Node) speaking the Sharing REST API under
 * `/portal/sharing/rest`, with its state in SQLite and files under `dataDir`. This module starts and stops it; how a
 * request is answered is `internal/pipeline.ts`, what answers it `internal/routes.ts` and `internal/handlers/`.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs"
import type { AddressInfo } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import type { Settings } from "./internal/context.ts"
import { crashPoint } from "./internal/crash-point.ts"
import { type FaultOptions, makeFaults } from "./internal/fault-injection.ts"
import { sha256 } from "./internal/ids.ts"
import { listen } from "./internal/listen.ts"
import { type DataDirectoryLock, lockDataDirectory } from "./internal/lock.ts"
import { createApp, type EmulatorState } from "./internal/pipeline.ts"
import { recover } from "./internal/recovery.ts"
import { accountsWithSuffix, type SeededAccounts, type SeedResult, seed } from "./internal/seed.ts"
import { type Database, openDatabase } from "./internal/storage/database.ts"
import { orgExists } from "./internal/storage/portal.ts"
import { privilegesOf } from "./internal/storage/roles.ts"
import { insertApiKey } from "./internal/storage/tokens.ts"
import { findUser } from "./internal/storage/users.ts"

export type { FaultKind, FaultOptions } from "./internal/fault-injection.ts"
export type { SeededAccounts } from "./internal/seed.ts"

/**
 * How {@link startEmulator} starts an emulator. Every option has a default: `startEmulator()` is an emulator on an
 * ephemeral port of 127.0.0.1 with the seeded org in a temporary directory.
 */
export interface Options {
  /** The port to listen on. Default 0: an ephemeral port (see {@link EmulatorHandle.port}). */
  readonly port?: number | undefined
  /** The address to listen on. Default 127.0.0.1. */
  readonly host?: string | undefined
  /** Where state lives. Default: a fresh temporary directory, removed on stop. */
  readonly dataDir?: string | undefined
  /** Seed the sample org (default true); `false` creates only the administrator. */
  readonly seed?: boolean | undefined
  /**
   * The org a new data directory gets (on its first start; later starts serve the org it holds, with the accounts it
   * was seeded with): two emulators in one process can then be two different orgs with different users.
   */
  readonly org?:
    | {
        /** The org id: 16 letters or digits. Default: a random one. */
        readonly id?: string | undefined
        /** The org's name in `portals/self`. Default "Emulated Portal". */
        readonly name?: string | undefined
        /** The org's `urlKey` in `portals/self` (letters, digits, `-`). Default: none. */
        readonly urlKey?: string | undefined
        /**
         * Appended to every seeded username: `"_b"` makes `portal_admin_b`, `publisher_one_b`, `user_one_b` and
         * `viewer_one_b` (letters, digits, `_`, `.`, `-`; at most 24). Default: none. The handle's `accounts` say them.
         */
        readonly usernameSuffix?: string | undefined
      }
    | undefined
  /** Caps every token's lifetime, for expiry tests. */
  readonly tokenTtlSeconds?: number | undefined
  /** The longest token a caller may ask for, in minutes. Default 20 160 (two weeks). */
  readonly maxTokenMinutes?: number | undefined
  /**
   * More API keys (the seeded one, for the publisher, is always there). A key acts as its user with `privileges`
   * — what it may do is always the intersection with its user's role; default: the user's role's privileges when
   * the emulator starts. Ownership gives a key no right its privileges do not name (README, "Authorization").
   */
  readonly apiKeys?:
    | ReadonlyArray<{
        /** The key's secret, as callers send it (`token`, `X-Esri-Authorization: Bearer`). Stored hashed. */
        readonly key: string
        /** The user it acts as. */
        readonly username: string
        /** The privileges it has, each also held by its user's role (`portal:user:createItem`…). */
        readonly privileges?: ReadonlyArray<string> | undefined
      }>
    | undefined
  /** Largest item resource file, in bytes. Default 25 MB (the Python module's documented limit). */
  readonly resourceMaxBytes?: number | undefined
  /** How long publish/export/createService jobs report `processing`. Default 300 ms. */
  readonly jobMillis?: number | undefined
  /**
   * Serve HTTPS. With `requireClientCertificate`, the TLS layer demands a client certificate signed
   * by `ca` (others cannot connect), and the certificate's subject CN is taken as the portal user,
   * as behind a PKI web adaptor: requests need no token, and `generateToken` needs no password.
   */
  readonly tls?:
    | {
        /** The server's private key (PEM). */
        readonly key: string | Buffer
        /** The server's certificate (PEM). */
        readonly cert: string | Buffer
        /** The CA client certificates must be signed by (PEM). */
        readonly ca?: string | Buffer | undefined
        /** Demand a client certificate signed by `ca`, whose subject CN is the portal user. Default false. */
        readonly requireClientCertificate?: boolean | undefined
        /** The host name in the emulator's URLs (the server certificate's name). Default: `host`. */
        readonly hostname?: string | undefined
      }
    | undefined
  /** Fault injection, off by default. */
  readonly faults?: FaultOptions | undefined
  /**
   * Milliseconds every answer waits before the request is handled: the network and server time of a real
   * portal, which parallel requests spend at the same time. A timer, not work: the emulator stays free for
   * other requests meanwhile. Default 0.
   */
  readonly latencyMs?: number | undefined
  /**
   * Bytes per second at which each file answer's body (item data, info files, resources) is sent: a connection's
   * throughput on a real network, beside `latencyMs`. Default: unlimited (as fast as localhost goes).
   */
  readonly downloadBytesPerSecond?: number | undefined
  /**
   * Bytes per second at which each request body is read (an upload part, a form): a connection's uplink on a real
   * network. Held bytes stay in the client's socket (backpressure), not in the emulator's memory; parallel connections
   * each get this rate. Default: unlimited. See the README's "Network model".
   */
  readonly uploadBytesPerSecond?: number | undefined
  /**
   * The org requires HTTPS (`allSSL` in `portals/self`): `generateToken` and `oauth2/token` answer `ssl: true`,
   * which tells clients to send the token over https only. Default false.
   */
  readonly allSsl?: boolean | undefined
  /**
   * Item data answers `Range: bytes=<first>-[<last>]` with 206 (416 past the end), as a portal whose data can resume
   * a download. Default `true`. The digest does not say whether a portal serves ranges on `content/items/<id>/data`
   * (unconfirmed): `false` answers them whole (200), as a server without range support — the SDK then skips the
   * bytes it already has.
   */
  readonly serveRanges?: boolean | undefined
}

/** A request, as {@link EmulatorHandle.requestLog} records it: no query, token, password or body. */
export interface LogEntry {
  /** The HTTP method (`GET`, `POST`…). */
  readonly method: string
  /** The path only: never a query string, a token or a body. */
  readonly path: string
  /** The error envelope's `code` when the answer was an error (an injected 429 or 503 too). */
  readonly errorCode?: number | undefined
}

/** A running emulator: where it is, its seeded credentials, and what a test changes while it runs. */
export interface EmulatorHandle {
  /** The portal's URL, `http://127.0.0.1:<port>/portal` (`https://` with {@link Options.tls}). */
  readonly url: string
  /** The Sharing REST root, `http://127.0.0.1:<port>/portal/sharing/rest`. */
  readonly restUrl: string
  /** The port it listens on (the ephemeral one it got, for `port: 0`). */
  readonly port: number
  /** The data directory it keeps its database and files in. */
  readonly dataDir: string
  /** The seeded accounts (passwords are for this local emulator only). */
  readonly accounts: SeededAccounts
  /**
   * Whether this data directory holds the sample org (the publisher, user and viewer accounts, the API key's user
   * and the sample content): `false` for a directory first started with `seed: false`, whatever this start asked.
   */
  readonly seeded: boolean
  /** The seeded API key: it acts as the publisher, with `portal:user:viewOrgItems` and `portal:user:createItem`. */
  readonly apiKey: string
  /** A registered OAuth app (its redirect URIs: loopback `/callback` on any port, and `urn:ietf:wg:oauth:2.0:oob`). */
  readonly app: {
    /** The app's `client_id`. */
    readonly clientId: string
    /** The app's `client_secret` (client credentials). */
    readonly clientSecret: string
  }
  /** Every request since the start (or the last {@link EmulatorHandle.clearRequestLog}), oldest first. */
  readonly requestLog: () => ReadonlyArray<LogEntry>
  /** Empties the request log. */
  readonly clearRequestLog: () => void
  /** Replaces {@link Options.faults} for the requests that arrive from now on; `undefined` turns faults off. */
  readonly setFaults: (faults: FaultOptions | undefined) => void
  /** Changes {@link Options.latencyMs} for the requests that arrive from now on. */
  readonly setLatency: (latencyMs: number) => void
  /** Changes {@link Options.downloadBytesPerSecond} for the answers that start from now on; `undefined`: unlimited. */
  readonly setDownloadRate: (bytesPerSecond: number | undefined) => void
  /** Changes {@link Options.uploadBytesPerSecond} for the request bodies that start from now on; `undefined`: unlimited. */
  readonly setUploadRate: (bytesPerSecond: number | undefined) => void
  /**
   * Stops listening (open connections are closed), closes the database and releases the data directory; a
   * temporary data directory is removed.
   */
  readonly stop: () => Promise<void>
  /** What start-up recovery cleaned after an earlier crash (orphan item files, temporary files). */
  readonly recovered: {
    /** Item folders without an item, removed. */
    readonly orphanItems: number
    /** Temporary files of writes never renamed into place, removed. */
    readonly temporaryFiles: number
  }
}

/** The `org` option, checked before anything is created. */
const checkOrg = (org: Options["org"]) => {
  if (org?.id !== undefined && !/^[A-Za-z0-9]{16}$/.test(org.id))
    throw new RangeError(`org.id must be 16 letters or digits, got ${JSON.stringify(org.id)}`)
  if (org?.name !== undefined && (org.name.trim() === "" || org.name.length > 250))
    throw new RangeError("org.name must be 1 to 250 characters")
  if (org?.urlKey !== undefined && !/^[A-Za-z0-9-]{1,63}$/.test(org.urlKey))
    throw new RangeError(`org.urlKey must be letters, digits and '-', got ${JSON.stringify(org.urlKey)}`)
  if (org?.usernameSuffix !== undefined && !/^[A-Za-z0-9_.-]{0,24}$/.test(org.usernameSuffix))
    throw new RangeError(
      `org.usernameSuffix must be letters, digits, '_', '.' or '-', got ${JSON.stringify(org.usernameSuffix)}`,
    )
}

/** A throughput, which must be a positive number of bytes per second (`undefined`: unlimited). */
const checkRate = (bytesPerSecond: number | undefined, name = "downloadBytesPerSecond"): number | undefined => {
  if (bytesPerSecond === undefined) return undefined
  if (!Number.isFinite(bytesPerSecond) || bytesPerSecond <= 0)
    throw new RangeError(`${name} must be a positive number of bytes, got ${bytesPerSecond}`)
  return bytesPerSecond
}

/** A latency, which must be a non-negative number of milliseconds. */
const checkLatency = (latencyMs: number): number => {
  if (!Number.isFinite(latencyMs) || latencyMs < 0)
    throw new RangeError(`latencyMs must be a non-negative number of milliseconds, got ${latencyMs}`)
  return latencyMs
}

/**
 * Starts an emulator and resolves once it listens. A data directory another emulator is using is refused (an error
 * naming the directory and the pid holding it); one left locked by a crashed emulator is taken over with a warning.
 *
 * @example
 * ```ts
 * import { startEmulator } from "@arcgis-portal/emulator"
 *
 * const portal = await startEmulator()
 * const answer = await fetch(`${portal.restUrl}/portals/self?f=json`)
 * console.log(((await answer.json()) as { name: string }).name) // "Emulated Portal"
 * await portal.stop()
 * ```
 */
export const startEmulator = async (options: Options = {}): Promise<EmulatorHandle> => {
  checkLatency(options.latencyMs ?? 0)
  checkRate(options.uploadBytesPerSecond, "uploadBytesPerSecond")
  checkOrg(options.org)
  const ownsDataDir = options.dataDir === undefined
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), "arcgis-portal-emulator-"))
  mkdirSync(dataDir, { recursive: true })
  crashPoint("data directory created")
  const lock = lockDataDirectory(dataDir)
  try {
    return await start(options, dataDir, ownsDataDir, lock)
  } catch (error) {
    lock.release()
    if (ownsDataDir) rmSync(dataDir, { recursive: true, force: true })
    throw error
  }
}

/** The emulator on a data directory whose lock it holds. */
const start = async (
  options: Options,
  dataDir: string,
  ownsDataDir: boolean,
  lock: DataDirectoryLock,
): Promise<EmulatorHandle> => {
  const latencyMs = checkLatency(options.latencyMs ?? 0)
  const db = openDatabase(join(dataDir, "portal.sqlite"))
  crashPoint("database opened and migrated")
  let recovered: ReturnType<typeof recover>
  let secrets: ReturnType<typeof orgSecrets>
  try {
    recovered = recover(db, dataDir)
    crashPoint("start-up recovery done")
    secrets = orgSecrets(db, dataDir, options.seed ?? true, options.org ?? {})
    storeApiKeys(db, options.apiKeys ?? [])
    crashPoint("extra API keys stored")
  } catch (error) {
    // A start that fails leaves nothing open (the lock is released by the caller).
    closeQuietly(db)
    throw error
  }
  const seededAccounts = accountsWithSuffix(secrets.usernameSuffix ?? "")
  const seeded = findUser(db, seededAccounts.publisher.username) !== undefined
  const settings: Settings = {
    tokenTtlSeconds: options.tokenTtlSeconds,
    maxTokenMinutes: options.maxTokenMinutes ?? 20_160,
    jobMillis: options.jobMillis ?? 300,
    resourceMaxBytes: options.resourceMaxBytes,
    allSsl: options.allSsl,
    serveRanges: options.serveRanges,
  }
  const state: EmulatorState = {
    db,
    dataDir,
    settings,
    log: [],
    portalUrl: "",
    latencyMs,
    downloadBytesPerSecond: checkRate(options.downloadBytesPerSecond),
    uploadBytesPerSecond: checkRate(options.uploadBytesPerSecond, "uploadBytesPerSecond"),
    faults: options.faults,
    nextFault: makeFaults(options.faults),
    stopped: false,
  }
  const app = createApp(state)
  const host = options.host ?? "127.0.0.1"
  const server = await listen(app.fetch, { port: options.port ?? 0, hostname: host, tls: options.tls }).catch(
    (error: unknown) => {
      db.close()
      throw error
    },
  )
  crashPoint("listening")
  const address = server.address() as AddressInfo
  const publicHost = options.tls?.hostname ?? host
  state.portalUrl = `${options.tls ? "https" : "http"}://${publicHost.includes(":") ? `[${publicHost}]` : publicHost}:${address.port}/portal`
  const accounts: SeededAccounts = {
    admin: { username: seededAccounts.admin.username, password: seededAccounts.admin.password },
    publisher: { username: seededAccounts.publisher.username, password: seededAccounts.publisher.password },
    user: { username: seededAccounts.user.username, password: seededAccounts.user.password },
    viewer: { username: seededAccounts.viewer.username, password: seededAccounts.viewer.password },
  }
  return {
    url: state.portalUrl,
    restUrl: `${state.portalUrl}/sharing/rest`,
    port: address.port,
    dataDir,
    accounts,
    seeded,
    apiKey: secrets.apiKey,
    app: secrets.app,
    recovered,
    requestLog: () => [...state.log],
    clearRequestLog: () => {
      state.log.length = 0
    },
    setFaults: (faults) => {
      state.faults = faults
      state.nextFault = makeFaults(faults)
    },
    setLatency: (next) => {
      state.latencyMs = checkLatency(next)
    },
    setDownloadRate: (next) => {
      state.downloadBytesPerSecond = checkRate(next)
    },
    setUploadRate: (next) => {
      state.uploadBytesPerSecond = checkRate(next, "uploadBytesPerSecond")
    },
    stop: async () => {
      state.stopped = true
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        ;(server as { closeAllConnections?: () => void }).closeAllConnections?.()
      })
      db.close()
      lock.release()
      if (ownsDataDir) rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/** Closes `db` unless it is closed already. */
const closeQuietly = (db: { close: () => void }) => {
  try {
    db.close()
  } catch {
    // Already closed (orgSecrets closes it before its own error).
  }
}

/** The org's secrets (its API key and OAuth app): made by the seed on a new database, else read back. */
const orgSecrets = (db: Database, dataDir: string, full: boolean, org: NonNullable<Options["org"]>): SeedResult => {
  const secretsFile = join(dataDir, "seed-secrets.json")
  // The seed writes the secrets file before its transaction commits: the org exists only with its secrets.
  if (!orgExists(db)) return seed(db, dataDir, full, secretsFile, org)
  if (existsSync(secretsFile)) return JSON.parse(readFileSync(secretsFile, "utf8"))
  db.close()
  throw new Error(
    `${secretsFile} is missing while the database holds an org: a crash during the first start of an earlier ` +
      "emulator version (which wrote the file after seeding) left this data directory incomplete. Remove it to start afresh.",
  )
}

/** The `apiKeys` option: each key stored hashed, with its privileges (default: its user's role's, now). */
const storeApiKeys = (db: Database, apiKeys: NonNullable<Options["apiKeys"]>) => {
  for (const { key, username, privileges } of apiKeys) {
    const owner = findUser(db, username)
    if (owner === undefined) throw new Error(`apiKeys: no user ${username} in this org`)
    insertApiKey(
      db,
      { hash: sha256(key), username, privileges: privileges ?? privilegesOf(db, owner.role_id) },
      Date.now(),
      true,
    )
  }
}
