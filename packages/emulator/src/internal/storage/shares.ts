/** The `item_shares` table: which groups each item is shared with. */
import type { Database } from "./database.ts"
import type { ItemRow } from "./items.ts"

/** The ids of the groups an item is shared with. */
export const sharesOf = (db: Database, itemId: string): Array<string> =>
  (db.prepare("SELECT group_id FROM item_shares WHERE item_id = ?").all(itemId) as Array<{ group_id: string }>).map(
    (row) => row.group_id,
  )

/** Every share, by item id (read once for a search over every item). */
export const allShares = (db: Database): Map<string, Array<string>> => {
  const shares = new Map<string, Array<string>>()
  for (const row of db.prepare("SELECT item_id, group_id FROM item_shares").all() as Array<{
    item_id: string
    group_id: string
  }>) {
    const list = shares.get(row.item_id)
    if (list === undefined) shares.set(row.item_id, [row.group_id])
    else list.push(row.group_id)
  }
  return shares
}

export const isShared = (db: Database, itemId: string): boolean =>
  db.prepare("SELECT 1 FROM item_shares WHERE item_id = ? LIMIT 1").get(itemId) !== undefined

export const isSharedWith = (db: Database, itemId: string, groupId: string): boolean =>
  db.prepare("SELECT 1 FROM item_shares WHERE item_id = ? AND group_id = ?").get(itemId, groupId) !== undefined

/** Shares an item with a group (sharing it again changes nothing). */
export const addShare = (db: Database, itemId: string, groupId: string): void => {
  db.prepare("INSERT OR IGNORE INTO item_shares (item_id, group_id) VALUES (?, ?)").run(itemId, groupId)
}

/** Shares a new item with a group (the seed). */
export const insertShare = (db: Database, itemId: string, groupId: string): void => {
  db.prepare("INSERT INTO item_shares (item_id, group_id) VALUES (?, ?)").run(itemId, groupId)
}

export const removeShare = (db: Database, itemId: string, groupId: string): void => {
  db.prepare("DELETE FROM item_shares WHERE item_id = ? AND group_id = ?").run(itemId, groupId)
}

/** The groups an item is shared with, as `content/items/<id>/groups` lists them, by title. */
export const groupsSharing = (
  db: Database,
  itemId: string,
): Array<{ id: string; title: string; owner: string; access: string }> =>
  db
    .prepare(
      "SELECT g.id, g.title, g.owner, g.access FROM groups g JOIN item_shares s ON s.group_id = g.id WHERE s.item_id = ? ORDER BY g.title",
    )
    .all(itemId) as Array<{ id: string; title: string; owner: string; access: string }>

/** The groups an item is shared with, with what sharing into them needs to know. */
export const shareTargetsOf = (db: Database, itemId: string): Array<{ id: string; is_view_only: number }> =>
  db
    .prepare("SELECT g.id, g.is_view_only FROM item_shares s JOIN groups g ON g.id = s.group_id WHERE s.item_id = ?")
    .all(itemId) as Array<{ id: string; is_view_only: number }>

/** The items shared with a group, oldest first. */
export const itemsSharedWith = (db: Database, groupId: string): Array<ItemRow> =>
  db
    .prepare(
      "SELECT i.* FROM items i JOIN item_shares s ON s.item_id = i.id WHERE s.group_id = ? ORDER BY i.created, i.id",
    )
    .all(groupId) as unknown as Array<ItemRow>
