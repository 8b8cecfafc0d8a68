/** The `folders` table: each user's content folders (titles unique per owner, regardless of case). */
import type { Database } from "./database.ts"

/** A folder as `content/users/<u>` lists it. */
export interface FolderListing {
  id: string
  title: string
  username: string
  created: number
}

/** A user's folders, by title. */
export const foldersOf = (db: Database, owner: string): Array<FolderListing> =>
  db
    .prepare("SELECT id, title, owner as username, created FROM folders WHERE owner = ? ORDER BY title COLLATE NOCASE")
    .all(owner) as unknown as Array<FolderListing>

/** The ids and titles of a user's folders. */
export const folderTitlesOf = (db: Database, owner: string): Array<{ id: string; title: string }> =>
  db.prepare("SELECT id, title FROM folders WHERE owner = ?").all(owner) as Array<{ id: string; title: string }>

/** Folder `id` of `owner`, if it is theirs. */
export const findFolder = (db: Database, id: string, owner: string): { id: string; title: string } | undefined =>
  db.prepare("SELECT id, title FROM folders WHERE id = ? AND owner = ?").get(id, owner) as
    | { id: string; title: string }
    | undefined

export const folderExists = (db: Database, id: string, owner: string): boolean =>
  db.prepare("SELECT 1 FROM folders WHERE id = ? AND owner = ?").get(id, owner) !== undefined

/** Whether `owner` has a folder of this title (any case); `exceptId`: other than that folder. */
export const folderTitleTaken = (db: Database, owner: string, title: string, exceptId?: string): boolean =>
  exceptId === undefined
    ? db.prepare("SELECT 1 FROM folders WHERE owner = ? AND title = ? COLLATE NOCASE").get(owner, title) !== undefined
    : db
        .prepare("SELECT 1 FROM folders WHERE owner = ? AND title = ? COLLATE NOCASE AND id <> ?")
        .get(owner, title, exceptId) !== undefined

/** The id of `owner`'s folder of this title (any case). */
export const folderIdByTitle = (db: Database, owner: string, title: string): string | undefined =>
  (
    db.prepare("SELECT id FROM folders WHERE owner = ? AND title = ? COLLATE NOCASE").get(owner, title) as
      | { id: string }
      | undefined
  )?.id

/** The id of `owner`'s folder named by id or by title (any case). */
export const folderIdByIdOrTitle = (db: Database, owner: string, folder: string): string | undefined =>
  (
    db
      .prepare("SELECT id FROM folders WHERE owner = ? AND (id = ? OR title = ? COLLATE NOCASE)")
      .get(owner, folder, folder) as { id: string } | undefined
  )?.id

export const insertFolder = (db: Database, id: string, owner: string, title: string, created: number): void => {
  db.prepare("INSERT INTO folders (id, owner, title, created) VALUES (?, ?, ?, ?)").run(id, owner, title, created)
}

export const renameFolder = (db: Database, id: string, title: string): void => {
  db.prepare("UPDATE folders SET title = ? WHERE id = ?").run(title, id)
}

/** Gives a folder to another owner under a new title (reassigning a user's content). */
export const moveFolderTo = (db: Database, id: string, owner: string, title: string): void => {
  db.prepare("UPDATE folders SET owner = ?, title = ? WHERE id = ?").run(owner, title, id)
}

export const deleteFolderRow = (db: Database, id: string): void => {
  db.prepare("DELETE FROM folders WHERE id = ?").run(id)
}
