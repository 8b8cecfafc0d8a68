/** The seeded org: four accounts, three groups, a few items of common types in folders. */
import { mkdirSync, renameSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { builtInRoles } from "./built-in-roles.ts"
import { crashPoint } from "./crash-point.ts"
import { alnum, hashPassword, hex32, opaqueToken, sha256 } from "./ids.ts"
import { png } from "./png.ts"
import { type Database, transaction } from "./storage/database.ts"
import { insertFolder } from "./storage/folders.ts"
import { addOwner, insertGroup, insertMember } from "./storage/groups.ts"
import { insertItem, setSeedThumbnail } from "./storage/items.ts"
import { insertApp } from "./storage/oauth.ts"
import { insertOrg } from "./storage/portal.ts"
import { insertBuiltInRole } from "./storage/roles.ts"
import { insertShare } from "./storage/shares.ts"
import { insertApiKey } from "./storage/tokens.ts"
import { insertSeedUser } from "./storage/users.ts"

/**
 * The seeded accounts, as `EmulatorHandle.accounts` gives them: a username and a password for each (for this local
 * emulator only).
 */
export type SeededAccounts = {
  /** The default administrator, `portal_admin` (`org_admin`). */
  readonly admin: { readonly username: string; readonly password: string }
  /** A publisher, `publisher_one` (`org_publisher`); the seeded API key acts as this account. */
  readonly publisher: { readonly username: string; readonly password: string }
  /** A user, `user_one` (`org_user`). */
  readonly user: { readonly username: string; readonly password: string }
  /** A viewer, `viewer_one` (the Viewer role), whose profile is private. */
  readonly viewer: { readonly username: string; readonly password: string }
}

/** The seeded accounts, with their roles. Their passwords are for this local emulator only. */
export const seededAccounts = {
  admin: { username: "portal_admin", password: "admin-pass-local", role: "org_admin", roleId: "org_admin" },
  publisher: {
    username: "publisher_one",
    password: "publisher-pass-local",
    role: "org_publisher",
    roleId: "org_publisher",
  },
  user: { username: "user_one", password: "user-pass-local", role: "org_user", roleId: "org_user" },
  viewer: { username: "viewer_one", password: "viewer-pass-local", role: "org_user", roleId: "iAAAAAAAAAAAAAAA" },
} as const satisfies {
  readonly [K in keyof SeededAccounts]: SeededAccounts[K] & { readonly role: string; readonly roleId: string }
}

/** The seeded accounts with `suffix` after each username (`startEmulator`'s `org.usernameSuffix`). */
export const accountsWithSuffix = (suffix: string) => {
  const rename = <A extends { readonly username: string }>(account: A): A => ({
    ...account,
    username: `${account.username}${suffix}`,
  })
  return {
    admin: rename(seededAccounts.admin),
    publisher: rename(seededAccounts.publisher),
    user: rename(seededAccounts.user),
    viewer: rename(seededAccounts.viewer),
  }
}

/** The org a new data directory is seeded with (`startEmulator`'s `org`, checked there). */
export interface SeedOrg {
  readonly id?: string | undefined
  readonly name?: string | undefined
  readonly urlKey?: string | undefined
  readonly usernameSuffix?: string | undefined
}

/** What the seed writes to `seed-secrets.json` and later starts read back. */
export interface SeedResult {
  readonly apiKey: string
  readonly app: { readonly clientId: string; readonly clientSecret: string }
  /** Appended to every seeded username (absent: none). */
  readonly usernameSuffix?: string | undefined
}

const portalProperties = (orgId: string, org: SeedOrg, now: number) => ({
  id: orgId,
  name: org.name ?? "Emulated Portal",
  ...(org.urlKey === undefined ? {} : { urlKey: org.urlKey }),
  description: "A local ArcGIS portal emulator for tests and demos.",
  isPortal: true,
  portalMode: "singletenant",
  portalName: "ArcGIS Enterprise",
  currentVersion: "2025.2",
  access: "private",
  allSSL: false,
  culture: "en",
  region: "US",
  units: "metric",
  supportsOAuth: true,
  allowedOrigins: [],
  allowedRedirectUris: [],
  authorizedCrossOriginDomains: [],
  defaultBasemap: { title: "Topographic", baseMapLayers: [] },
  defaultExtent: { xmin: -180, ymin: -90, xmax: 180, ymax: 90, spatialReference: { wkid: 4326 } },
  featuredGroups: [],
  helperServices: {},
  created: now,
  modified: now,
})

/** Writes a file atomically: to a temporary name, then renamed into place. */
export const writeAtomic = (path: string, data: string | Uint8Array): void => {
  const temporary = `${path}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`
  writeFileSync(temporary, data)
  renameSync(temporary, path)
}

/**
 * Creates the org (and, with `full`, the sample content) and writes its secrets (the API key and the OAuth app, kept
 * only hashed in the database) to `secretsFile`. Runs once, on an empty database.
 *
 * Crash-safe: the rows go in one transaction, and the item files and the secrets file are written inside it, before
 * it commits. Killed before the commit, the database is still empty, so the next start seeds again (start-up
 * recovery removes the files of the first try, and the secrets file is replaced); after it, every row's files and
 * the secrets are on disk. The seed is complete or absent, never half there.
 */
export const seed = (
  db: Database,
  dataDir: string,
  full: boolean,
  secretsFile: string,
  org: SeedOrg = {},
): SeedResult => {
  const now = Date.now()
  const orgId = org.id ?? alnum(16)
  const accounts = accountsWithSuffix(org.usernameSuffix ?? "")
  const apiKey = `AAPK${hex32()}${opaqueToken().slice(0, 24)}`
  const app = { clientId: alnum(16), clientSecret: hex32() }
  const files: Array<[string, string]> = []
  const thumbnails: Array<string> = []
  const insertRows = () => {
    insertOrg(db, orgId, portalProperties(orgId, org, now))
    for (const role of builtInRoles) insertBuiltInRole(db, role, now)
    const created = full ? Object.values(accounts) : [accounts.admin]
    for (const account of created) {
      const [first, ...rest] = account.username.split("_")
      insertSeedUser(db, {
        username: account.username,
        id: hex32(),
        passwordHash: hashPassword(account.password),
        firstName: first ?? account.username,
        lastName: rest.join(" ") || "Local",
        fullName: `${first ?? ""} ${rest.join(" ")}`.trim(),
        email: `${account.username}@example.invalid`,
        role: account.role,
        roleId: account.roleId,
        access: account.username === accounts.viewer.username ? "private" : "org",
        created: now,
      })
    }
    insertApp(
      db,
      {
        clientId: app.clientId,
        secretHash: sha256(app.clientSecret),
        owner: accounts.admin.username,
        redirectUris: JSON.stringify([
          "http://127.0.0.1/callback",
          "http://localhost/callback",
          "urn:ietf:wg:oauth:2.0:oob",
        ]),
      },
      now,
    )
    if (!full) return
    insertApiKey(
      db,
      {
        hash: sha256(apiKey),
        username: accounts.publisher.username,
        privileges: ["portal:user:viewOrgItems", "portal:user:createItem"],
      },
      now,
      false,
    )
    const groups = [
      {
        title: "Public Maps",
        access: "public",
        owner: accounts.publisher.username,
        members: [accounts.user.username],
      },
      {
        title: "Field Operations",
        access: "org",
        owner: accounts.admin.username,
        members: [accounts.publisher.username, accounts.viewer.username],
      },
      {
        title: "Project Team",
        access: "private",
        owner: accounts.user.username,
        members: [accounts.publisher.username],
      },
    ]
    const groupIds: Array<string> = []
    for (const group of groups) {
      const id = hex32()
      groupIds.push(id)
      insertGroup(db, {
        id,
        title: group.title,
        owner: group.owner,
        description: `${group.title} (seeded)`,
        snippet: group.title,
        tags: JSON.stringify(["seed"]),
        access: group.access,
        created: now,
        modified: now,
      })
      addOwner(db, id, group.owner, now)
      for (const member of group.members) insertMember(db, id, member, now)
    }
    const folders: Record<string, string> = {}
    for (const [owner, title] of [
      [accounts.publisher.username, "Maps"],
      [accounts.user.username, "Reports"],
    ] as const) {
      const id = hex32()
      folders[owner] = id
      insertFolder(db, id, owner, title, now)
    }
    const items = [
      {
        title: "City Parks",
        type: "Web Map",
        owner: accounts.publisher.username,
        folder: true,
        access: "public",
        data: JSON.stringify({
          operationalLayers: [],
          baseMap: { title: "Topographic", baseMapLayers: [] },
          version: "2.31",
        }),
        name: null,
        share: 0,
      },
      {
        title: "Park Inventory",
        type: "CSV",
        owner: accounts.publisher.username,
        folder: false,
        access: "org",
        data: "name,lat,lon\nRiverside,45.5,-122.6\nHilltop,45.6,-122.7\n",
        name: "parks.csv",
        share: undefined,
      },
      {
        title: "Parks Feature Service",
        type: "Feature Service",
        owner: accounts.publisher.username,
        folder: true,
        access: "shared",
        data: null,
        name: null,
        share: 1,
        url: "https://services.example.invalid/arcgis/rest/services/Parks/FeatureServer",
      },
      {
        title: "Annual Report",
        type: "PDF",
        owner: accounts.user.username,
        folder: true,
        access: "private",
        data: "%PDF-1.4\n% emulator sample\n",
        name: "report.pdf",
        share: undefined,
      },
      {
        title: "Parks Viewer",
        type: "Web Mapping Application",
        owner: accounts.user.username,
        folder: false,
        access: "shared",
        data: JSON.stringify({ values: { webmap: "" } }),
        name: null,
        share: 2,
        url: "https://apps.example.invalid/parks",
      },
      {
        title: "Field Script",
        type: "Code Attachment",
        owner: accounts.user.username,
        folder: false,
        access: "org",
        data: "print('hello')\n",
        name: "script.py",
        share: undefined,
      },
    ]
    for (const item of items) {
      const id = hex32()
      const size = item.data === null ? 0 : Buffer.byteLength(item.data)
      insertItem(db, {
        id,
        owner: item.owner,
        folder_id: item.folder ? (folders[item.owner] ?? null) : null,
        title: item.title,
        type: item.type,
        type_keywords: JSON.stringify([item.type.replace(/ /g, "")]),
        description: `${item.title} (seeded sample)`,
        snippet: item.title,
        tags: JSON.stringify(["seed", "parks"]),
        url: item.url ?? null,
        name: item.name,
        size,
        access: item.access,
        created: now,
        modified: now,
      })
      if (item.share !== undefined) insertShare(db, id, groupIds[item.share] ?? "")
      if (item.data !== null) files.push([id, item.data])
      setSeedThumbnail(db, id)
      thumbnails.push(id)
    }
  }
  const colours: ReadonlyArray<readonly [number, number, number]> = [
    [46, 125, 50],
    [21, 101, 192],
    [230, 81, 0],
    [106, 27, 154],
    [0, 131, 143],
    [173, 20, 87],
  ]
  const secrets: SeedResult = { apiKey, app, ...(org.usernameSuffix ? { usernameSuffix: org.usernameSuffix } : {}) }
  transaction(db, () => {
    insertRows()
    crashPoint("seed: rows inserted, not committed")
    files.forEach(([id, data], index) => {
      const directory = join(dataDir, "items", id)
      mkdirSync(directory, { recursive: true })
      writeAtomic(join(directory, "data"), data)
      if (index === 0) crashPoint("seed: first item data file written")
    })
    crashPoint("seed: every item data file written")
    thumbnails.forEach((id, index) => {
      const directory = join(dataDir, "items", id, "info", "thumbnail")
      mkdirSync(directory, { recursive: true })
      writeAtomic(join(directory, "thumbnail.png"), png(200, 133, colours[index % colours.length] ?? [0, 0, 0]))
      if (index === 0) crashPoint("seed: first thumbnail written")
    })
    crashPoint("seed: every thumbnail written")
    writeAtomic(secretsFile, JSON.stringify(secrets))
    crashPoint("seed: secrets written, rows not committed")
  })
  crashPoint("seed: committed")
  return secrets
}
