/** The federated server's registered data items (`data_items`): data stores, by path. */
import type { Database } from "./database.ts"

/** A row of `data_items` (`info`: the item's JSON, without its path, type and id). */
export interface DataItemRow {
  id: string
  path: string
  type: string
  info: string
  created: number
}

export const findDataItem = (db: Database, path: string): DataItemRow | undefined =>
  db.prepare("SELECT * FROM data_items WHERE path = ?").get(path) as DataItemRow | undefined

/** Every data item, by path. */
export const allDataItems = (db: Database): Array<DataItemRow> =>
  db.prepare("SELECT * FROM data_items ORDER BY path").all() as unknown as Array<DataItemRow>

export const insertDataItem = (
  db: Database,
  item: { readonly id: string; readonly path: string; readonly type: string; readonly info: string },
  created: number,
): void => {
  db.prepare("INSERT INTO data_items (id, path, type, info, created) VALUES (?, ?, ?, ?, ?)").run(
    item.id,
    item.path,
    item.type,
    item.info,
    created,
  )
}

export const setDataItemInfo = (db: Database, id: string, info: string): void => {
  db.prepare("UPDATE data_items SET info = ? WHERE id = ?").run(info, id)
}

export const deleteDataItemRow = (db: Database, id: string): void => {
  db.prepare("DELETE FROM data_items WHERE id = ?").run(id)
}
