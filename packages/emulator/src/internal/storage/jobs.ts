/** The `jobs` table: publish, export and createService jobs and their status. */
import type { Database } from "./database.ts"

export interface JobRow {
  id: string
  item_id: string
  type: string
  status: string
  status_message: string | null
  modified: number
}

/** A new job on `itemId`: `processing`, or `failed` with its reason when `failure` is given. */
export const insertJob = (
  db: Database,
  job: { readonly id: string; readonly itemId: string; readonly type: string; readonly owner: string },
  failure: string | undefined,
  time: number,
): void => {
  db.prepare(
    "INSERT INTO jobs (id, item_id, type, status, status_message, owner, created, modified) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
  ).run(
    job.id,
    job.itemId,
    job.type,
    failure === undefined ? "processing" : "failed",
    failure ?? null,
    job.owner,
    time,
    time,
  )
}

export const findJob = (db: Database, id: string): JobRow | undefined =>
  db.prepare("SELECT * FROM jobs WHERE id = ?").get(id) as JobRow | undefined

export const setJobStatus = (db: Database, id: string, status: string, modified: number): void => {
  db.prepare("UPDATE jobs SET status = ?, modified = ? WHERE id = ?").run(status, modified, id)
}
