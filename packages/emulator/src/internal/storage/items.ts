/** The `items` table: items, their columns, status and ownership. */
import type { Database } from "./database.ts"

/** A row of `items` (`tags`, `type_keywords`, `extent`, `extra`: JSON text). */
export interface ItemRow {
  id: string
  owner: string
  folder_id: string | null
  title: string
  type: string
  type_keywords: string
  description: string | null
  snippet: string | null
  tags: string
  thumbnail: string | null
  url: string | null
  extent: string
  spatial_reference: string | null
  access_information: string | null
  license_info: string | null
  culture: string | null
  properties: string | null
  name: string | null
  size: number
  access: string
  protected: number
  comments_enabled: number
  status: string
  num_views: number
  created: number
  modified: number
  extra: string
}

/** Column values by column name (names from the handlers' own lists, never from a request). */
export type ItemColumns = Readonly<Record<string, string | number | null>>

export const findItem = (db: Database, id: string): ItemRow | undefined =>
  db.prepare("SELECT * FROM items WHERE id = ?").get(id) as ItemRow | undefined

export const itemExists = (db: Database, id: string): boolean =>
  db.prepare("SELECT 1 FROM items WHERE id = ?").get(id) !== undefined

/** The item whose URL is exactly `url` (a hosted service). */
export const itemByUrl = (db: Database, url: string): ItemRow | undefined =>
  db.prepare("SELECT * FROM items WHERE url = ?").get(url) as ItemRow | undefined

/**
 * Every item but unfinished multipart uploads, oldest first, with only `columns` read (a search scans them all;
 * `columns` are the search's own list of `ItemRow` keys).
 */
export const scanItems = (db: Database, columns: ReadonlyArray<keyof ItemRow>): Array<ItemRow> =>
  db
    .prepare(`SELECT ${columns.join(", ")} FROM items WHERE status <> 'partial' ORDER BY created, id`)
    .all() as unknown as Array<ItemRow>

/** The items in `owner`'s root (`folderId` null) or in one folder: how many, and one page of them, oldest first. */
export const itemsInFolder = (
  db: Database,
  owner: string,
  folderId: string | null,
  page: { readonly num: number; readonly offset: number },
): { total: number; rows: Array<ItemRow> } => {
  const where = folderId === null ? "folder_id IS NULL" : "folder_id = ?"
  const args = folderId === null ? [owner] : [owner, folderId]
  const total = (
    db.prepare(`SELECT COUNT(*) AS n FROM items WHERE owner = ? AND ${where}`).get(...args) as { n: number }
  ).n
  const rows = db
    .prepare(`SELECT * FROM items WHERE owner = ? AND ${where} ORDER BY created, id LIMIT ? OFFSET ?`)
    .all(...args, page.num, page.offset) as unknown as Array<ItemRow>
  return { total, rows }
}

/** The items in a folder, with their delete protection. */
export const itemsInFolderToDelete = (db: Database, folderId: string): Array<{ id: string; protected: number }> =>
  db.prepare("SELECT id, protected FROM items WHERE folder_id = ?").all(folderId) as Array<{
    id: string
    protected: number
  }>

export const ownsItems = (db: Database, username: string): boolean =>
  db.prepare("SELECT 1 FROM items WHERE owner = ? LIMIT 1").get(username) !== undefined

/** The tags of every item `owner` has (JSON arrays). */
export const tagListsOf = (db: Database, owner: string): Array<string> =>
  (db.prepare("SELECT tags FROM items WHERE owner = ?").all(owner) as Array<{ tags: string }>).map((row) => row.tags)

/** Whether an item's URL matches either LIKE pattern (hosted service names: `%` and `_` escaped with `\`). */
export const urlLikeTaken = (db: Database, first: string, second: string): boolean =>
  db.prepare("SELECT 1 FROM items WHERE url LIKE ? ESCAPE '\\' OR url LIKE ? ESCAPE '\\'").get(first, second) !==
  undefined

/** How many items' properties refer to a data item (`"dataItemPath":"<path>"`). */
export const countItemsReferring = (db: Database, path: string): number =>
  (
    db
      .prepare("SELECT COUNT(*) AS n FROM items WHERE properties LIKE ?")
      .get(`%"dataItemPath":${JSON.stringify(path)}%`) as { n: number }
  ).n

/** The items whose status is `processing` (start-up recovery). */
export const processingItemIds = (db: Database): Array<string> =>
  (db.prepare("SELECT id FROM items WHERE status = 'processing'").all() as Array<{ id: string }>).map((row) => row.id)

/** Inserts an item of these columns. */
export const insertItem = (db: Database, columns: ItemColumns): void => {
  const names = Object.keys(columns)
  db.prepare(`INSERT INTO items (${names.join(", ")}) VALUES (${names.map(() => "?").join(", ")})`).run(
    ...names.map((name) => columns[name] ?? null),
  )
}

/** A hosted service's item, created `processing` by publish and createService. */
export const insertServiceItem = (
  db: Database,
  item: {
    readonly id: string
    readonly owner: string
    readonly folder: string | null
    readonly title: string
    readonly type: string
    readonly typeKeywords: string
    readonly url: string
    readonly name: string
    readonly extra: string
    readonly snippet: string | null
    readonly description: string | null
  },
  time: number,
): void => {
  db.prepare(
    `INSERT INTO items (id, owner, folder_id, title, type, type_keywords, tags, url, name, access, status, created, modified, extra, snippet, description)
       VALUES (?, ?, ?, ?, ?, ?, '[]', ?, ?, 'private', 'processing', ?, ?, ?, ?, ?)`,
  ).run(
    item.id,
    item.owner,
    item.folder,
    item.title,
    item.type,
    item.typeKeywords,
    item.url,
    item.name,
    time,
    time,
    item.extra,
    item.snippet,
    item.description,
  )
}

/** An export's result item, created `processing`. */
export const insertExportItem = (
  db: Database,
  item: {
    readonly id: string
    readonly owner: string
    readonly title: string
    readonly type: string
    readonly name: string
    readonly size: number
    readonly extra: string
  },
  time: number,
): void => {
  db.prepare(
    `INSERT INTO items (id, owner, title, type, type_keywords, tags, name, size, access, status, created, modified, extra)
       VALUES (?, ?, ?, ?, '[]', '[]', ?, ?, 'private', 'processing', ?, ?, ?)`,
  ).run(item.id, item.owner, item.title, item.type, item.name, item.size, time, time, item.extra)
}

/** Sets the given columns; nothing when there are none. */
export const updateItemColumns = (db: Database, id: string, columns: ItemColumns): void => {
  const names = Object.keys(columns)
  if (names.length === 0) return
  db.prepare(`UPDATE items SET ${names.map((name) => `${name} = ?`).join(", ")} WHERE id = ?`).run(
    ...names.map((name) => columns[name] ?? null),
    id,
  )
}

/**
 * Deletes an item; its shares, relationships, comments, ratings, resources and — for a hosted feature service — its
 * features and objectId counters go with it (ON DELETE CASCADE).
 */
export const deleteItemRow = (db: Database, id: string): void => {
  db.prepare("DELETE FROM items WHERE id = ?").run(id)
}

export const deleteItemsInFolder = (db: Database, folderId: string): void => {
  db.prepare("DELETE FROM items WHERE folder_id = ?").run(folderId)
}

export const countView = (db: Database, id: string): void => {
  db.prepare("UPDATE items SET num_views = num_views + 1 WHERE id = ?").run(id)
}

export const setItemProtected = (db: Database, id: string, protect: boolean): void => {
  db.prepare("UPDATE items SET protected = ? WHERE id = ?").run(protect ? 1 : 0, id)
}

/** Sets an item's sharing level; `modified`, when given, too. */
export const setItemAccess = (db: Database, id: string, access: string, modified?: number): void => {
  if (modified === undefined) db.prepare("UPDATE items SET access = ? WHERE id = ?").run(access, id)
  else db.prepare("UPDATE items SET access = ?, modified = ? WHERE id = ?").run(access, modified, id)
}

export const moveItemToFolder = (db: Database, id: string, folderId: string | null, modified: number): void => {
  db.prepare("UPDATE items SET folder_id = ?, modified = ? WHERE id = ?").run(folderId, modified, id)
}

export const setItemOwner = (db: Database, id: string, owner: string, folderId: string | null, modified: number) => {
  db.prepare("UPDATE items SET owner = ?, folder_id = ?, modified = ? WHERE id = ?").run(owner, folderId, modified, id)
}

/** Gives every item of `from` to `to` (reassigning a user's content). */
export const reassignItemsOf = (db: Database, from: string, to: string, modified: number): void => {
  db.prepare("UPDATE items SET owner = ?, modified = ? WHERE owner = ?").run(to, modified, from)
}

export const setItemSize = (db: Database, id: string, size: number, modified: number): void => {
  db.prepare("UPDATE items SET size = ?, modified = ? WHERE id = ?").run(size, modified, id)
}

export const setItemExtra = (db: Database, id: string, extra: string, modified: number): void => {
  db.prepare("UPDATE items SET extra = ?, modified = ? WHERE id = ?").run(extra, modified, id)
}

/** An async upload whose time has come: `completed`, with its bookkeeping removed from `extra`. */
export const completeItem = (db: Database, id: string, extra: string): void => {
  db.prepare("UPDATE items SET status = 'completed', extra = ? WHERE id = ?").run(extra, id)
}

/** Marks an item `completed` (a cancelled upload that keeps its earlier data). */
export const markItemCompleted = (db: Database, id: string): void => {
  db.prepare("UPDATE items SET status = 'completed' WHERE id = ?").run(id)
}

/** A job's item, once the job has completed, unless something else settled it first. */
export const completeProcessingItem = (db: Database, id: string): void => {
  db.prepare("UPDATE items SET status = 'completed' WHERE id = ? AND status = 'processing'").run(id)
}

export const markItemFailed = (db: Database, id: string): void => {
  db.prepare("UPDATE items SET status = 'failed' WHERE id = ?").run(id)
}

/** A commit interrupted by a crash: the upload can be committed again. */
export const markItemPartial = (db: Database, id: string): void => {
  db.prepare("UPDATE items SET status = 'partial' WHERE id = ?").run(id)
}

/** A service being published again (overwrite): `processing`, with its new `extra`. */
export const reprocessItem = (db: Database, id: string, extra: string, modified: number): void => {
  db.prepare("UPDATE items SET status = 'processing', modified = ?, extra = ? WHERE id = ?").run(modified, extra, id)
}

/** The seed's items get the thumbnail it writes for them. */
export const setSeedThumbnail = (db: Database, id: string): void => {
  db.prepare("UPDATE items SET thumbnail = 'thumbnail/thumbnail.png' WHERE id = ?").run(id)
}
