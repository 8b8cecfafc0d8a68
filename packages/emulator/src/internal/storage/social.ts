/** Comments (`comments`) and ratings (`ratings`) of items. */
import type { Database } from "./database.ts"

export interface CommentRow {
  id: string
  owner: string
  created: number
  comment: string
}

export const countComments = (db: Database, itemId: string): number =>
  (db.prepare("SELECT COUNT(*) AS n FROM comments WHERE item_id = ?").get(itemId) as { n: number }).n

/** One page of an item's comments, oldest first. */
export const commentsPage = (db: Database, itemId: string, num: number, offset: number): Array<CommentRow> =>
  db
    .prepare("SELECT id, owner, created, comment FROM comments WHERE item_id = ? ORDER BY created, id LIMIT ? OFFSET ?")
    .all(itemId, num, offset) as unknown as Array<CommentRow>

export const findComment = (db: Database, itemId: string, id: string): CommentRow | undefined =>
  db.prepare("SELECT id, owner, created, comment FROM comments WHERE item_id = ? AND id = ?").get(itemId, id) as
    | CommentRow
    | undefined

export const insertComment = (
  db: Database,
  comment: { readonly id: string; readonly itemId: string; readonly owner: string; readonly text: string },
  created: number,
): void => {
  db.prepare("INSERT INTO comments (id, item_id, owner, comment, created) VALUES (?, ?, ?, ?, ?)").run(
    comment.id,
    comment.itemId,
    comment.owner,
    comment.text,
    created,
  )
}

export const deleteCommentRow = (db: Database, id: string): void => {
  db.prepare("DELETE FROM comments WHERE id = ?").run(id)
}

/** `username`'s rating of an item, if they rated it. */
export const ratingOf = (
  db: Database,
  itemId: string,
  username: string,
): { rating: number; created: number } | undefined =>
  db.prepare("SELECT rating, created FROM ratings WHERE item_id = ? AND username = ?").get(itemId, username) as
    | { rating: number; created: number }
    | undefined

/** Rates an item (a second rating by the same user replaces the first). */
export const saveRating = (db: Database, itemId: string, username: string, rating: number, created: number): void => {
  db.prepare(
    "INSERT INTO ratings (item_id, username, rating, created) VALUES (?, ?, ?, ?) ON CONFLICT(item_id, username) DO UPDATE SET rating = excluded.rating, created = excluded.created",
  ).run(itemId, username, rating, created)
}

export const deleteRatingRow = (db: Database, itemId: string, username: string): void => {
  db.prepare("DELETE FROM ratings WHERE item_id = ? AND username = ?").run(itemId, username)
}

/** How many ratings an item has and their average (`null` without any). */
export const ratingSummary = (db: Database, itemId: string): { n: number; avg: number | null } =>
  db.prepare("SELECT COUNT(*) AS n, AVG(rating) AS avg FROM ratings WHERE item_id = ?").get(itemId) as {
    n: number
    avg: number | null
  }

/** A value per item id for sorting a search: the average rating, the number of ratings or of comments. */
export const perItem = (db: Database, measure: "averageRating" | "ratings" | "comments"): Map<string, number> => {
  const sql =
    measure === "averageRating"
      ? "SELECT item_id AS id, AVG(rating) AS value FROM ratings GROUP BY item_id"
      : measure === "ratings"
        ? "SELECT item_id AS id, COUNT(*) AS value FROM ratings GROUP BY item_id"
        : "SELECT item_id AS id, COUNT(*) AS value FROM comments GROUP BY item_id"
  return new Map((db.prepare(sql).all() as Array<{ id: string; value: number }>).map((row) => [row.id, row.value]))
}
