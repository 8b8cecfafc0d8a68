/**
 * Start-up recovery after a crash: files are written (atomically, by rename) before the database
 * transaction that records them commits, so a crash can leave a file nobody refers to, or a
 * temporary file never renamed — never a record without its file. Both kinds are removed here.
 */
import { existsSync, readdirSync, rmSync, statSync } from "node:fs"
import { join } from "node:path"
import type { Database } from "./storage/database.ts"
import { itemExists, markItemPartial, processingItemIds } from "./storage/items.ts"

export interface Recovered {
  readonly orphanItems: number
  readonly temporaryFiles: number
}

const removeTemporary = (directory: string): number => {
  if (!existsSync(directory)) return 0
  let removed = 0
  for (const entry of readdirSync(directory)) {
    const path = join(directory, entry)
    if (statSync(path).isDirectory()) removed += removeTemporary(path)
    else if (/\.tmp-\d+-[a-z0-9]+$/.test(entry)) {
      rmSync(path, { force: true })
      removed += 1
    }
  }
  return removed
}

/** Removes what a crash left without a record, and puts interrupted commits back to `partial`. */
export const recover = (db: Database, dataDir: string): Recovered => {
  const itemsDir = join(dataDir, "items")
  let orphanItems = 0
  if (existsSync(itemsDir)) {
    for (const id of readdirSync(itemsDir)) {
      if (!itemExists(db, id)) {
        rmSync(join(itemsDir, id), { recursive: true, force: true })
        orphanItems += 1
      }
    }
  }
  // A commit that was assembling parts when the process died: the parts are still there, so the
  // upload goes back to `partial` and can be committed again.
  for (const id of processingItemIds(db)) {
    if (existsSync(join(itemsDir, id, "parts"))) markItemPartial(db, id)
  }
  // Multipart bodies still being received when the process died.
  rmSync(join(dataDir, "uploads"), { recursive: true, force: true })
  return { orphanItems, temporaryFiles: removeTemporary(dataDir) }
}
