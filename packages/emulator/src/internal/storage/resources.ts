/** The `resources` table: the files attached to items (their bytes are on disk, under the item's folder). */
import type { Database } from "./database.ts"

export interface ResourceRow {
  path: string
  size: number
  access: string
  created: number
}

/** The total size of an item's resources. */
export const resourcesSize = (db: Database, itemId: string): number =>
  (db.prepare("SELECT COALESCE(SUM(size), 0) AS n FROM resources WHERE item_id = ?").get(itemId) as { n: number }).n

export const resourceExists = (db: Database, itemId: string, path: string): boolean =>
  db.prepare("SELECT 1 FROM resources WHERE item_id = ? AND path = ?").get(itemId, path) !== undefined

/** The paths of an item's resources. */
export const resourcePaths = (db: Database, itemId: string): Array<string> =>
  (db.prepare("SELECT path FROM resources WHERE item_id = ?").all(itemId) as Array<{ path: string }>).map(
    (row) => row.path,
  )

export const countResources = (db: Database, itemId: string): number =>
  (db.prepare("SELECT COUNT(*) AS n FROM resources WHERE item_id = ?").get(itemId) as { n: number }).n

/** The columns a resource listing sorts by. */
export type ResourceSortColumn = "size" | "created" | "path"

/** An item's resources, sorted (ties by path). */
export const resourcesOf = (
  db: Database,
  itemId: string,
  column: ResourceSortColumn,
  order: "ASC" | "DESC",
): Array<ResourceRow> =>
  db
    .prepare(`SELECT path, size, access, created FROM resources WHERE item_id = ? ORDER BY ${column} ${order}, path`)
    .all(itemId) as unknown as Array<ResourceRow>

/** A resource's access (`inherit` or `private`), if the item has it. */
export const resourceAccess = (db: Database, itemId: string, path: string): string | undefined =>
  (
    db.prepare("SELECT access FROM resources WHERE item_id = ? AND path = ?").get(itemId, path) as
      | { access: string }
      | undefined
  )?.access

/** Adds a resource, or replaces the size and access of the one at `path`. */
export const saveResource = (
  db: Database,
  itemId: string,
  resource: { readonly path: string; readonly size: number; readonly access: string },
  created: number,
): void => {
  db.prepare(
    "INSERT INTO resources (item_id, path, size, access, created) VALUES (?, ?, ?, ?, ?) ON CONFLICT(item_id, path) DO UPDATE SET size = excluded.size, access = excluded.access",
  ).run(itemId, resource.path, resource.size, resource.access, created)
}

export const deleteResource = (db: Database, itemId: string, path: string): void => {
  db.prepare("DELETE FROM resources WHERE item_id = ? AND path = ?").run(itemId, path)
}

export const deleteAllResources = (db: Database, itemId: string): void => {
  db.prepare("DELETE FROM resources WHERE item_id = ?").run(itemId)
}
