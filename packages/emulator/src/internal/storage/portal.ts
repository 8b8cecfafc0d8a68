/**
 * The org itself: its one `portal` row (id and properties, the JSON of `portals/self`), and `server_config`, a small
 * key-value table for the federated server's id and data store settings and the lifetimes OAuth codes carry.
 */
import type { Database } from "./database.ts"

/** Whether the org has been created (the seed runs on a database without it). */
export const orgExists = (db: Database): boolean =>
  (db.prepare("SELECT COUNT(*) AS n FROM portal").get() as { n: number }).n !== 0

/** The org's id and properties. */
export const orgOf = (db: Database): { orgId: string; properties: Record<string, unknown> } => {
  const row = db.prepare("SELECT org_id, properties FROM portal WHERE id = 1").get() as {
    org_id: string
    properties: string
  }
  return { orgId: row.org_id, properties: JSON.parse(row.properties) as Record<string, unknown> }
}

export const orgIdOf = (db: Database): string =>
  (db.prepare("SELECT org_id FROM portal WHERE id = 1").get() as { org_id: string }).org_id

/** The org's properties as stored (JSON text), if the org exists. */
export const orgPropertiesText = (db: Database): string | undefined =>
  (db.prepare("SELECT properties FROM portal WHERE id = 1").get() as { properties: string } | undefined)?.properties

export const insertOrg = (db: Database, orgId: string, properties: Record<string, unknown>): void => {
  db.prepare("INSERT INTO portal (id, org_id, properties) VALUES (1, ?, ?)").run(orgId, JSON.stringify(properties))
}

export const saveOrgProperties = (db: Database, properties: Record<string, unknown>): void => {
  db.prepare("UPDATE portal SET properties = ? WHERE id = 1").run(JSON.stringify(properties))
}

// ---------------------------------------------------------------- server_config

/** The federated server's id, if one was given out. */
export const serverId = (db: Database): string | undefined =>
  (db.prepare("SELECT value FROM server_config WHERE key = 'serverId'").get() as { value: string } | undefined)?.value

/** Records the server's id, unless one is recorded already. */
export const saveServerId = (db: Database, id: string): void => {
  db.prepare("INSERT OR IGNORE INTO server_config (key, value) VALUES ('serverId', ?)").run(id)
}

/** The federated server's data store settings (JSON), if they were ever set. */
export const datastoreConfigText = (db: Database): string | undefined =>
  (db.prepare("SELECT value FROM server_config WHERE key = 'datastoreConfig'").get() as { value: string } | undefined)
    ?.value

export const saveDatastoreConfig = (db: Database, config: string): void => {
  db.prepare(
    "INSERT INTO server_config (key, value) VALUES ('datastoreConfig', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
  ).run(config)
}

/** The refresh-token lifetime (minutes, as given) an OAuth code carries, kept under `code-expiration:<hash>`. */
export const codeExpiration = (db: Database, codeHash: string): string | undefined =>
  (
    db.prepare("SELECT value FROM server_config WHERE key = ?").get(`code-expiration:${codeHash}`) as
      | { value: string }
      | undefined
  )?.value

export const saveCodeExpiration = (db: Database, codeHash: string, minutes: string): void => {
  db.prepare("INSERT OR REPLACE INTO server_config (key, value) VALUES (?, ?)").run(
    `code-expiration:${codeHash}`,
    minutes,
  )
}

export const deleteCodeExpiration = (db: Database, codeHash: string): void => {
  db.prepare("DELETE FROM server_config WHERE key = ?").run(`code-expiration:${codeHash}`)
}
