/**
 * Resumable uploads: the multipart item an `item add` started, recorded before its first part is sent, so that
 * running the same command again after an interruption (Ctrl-C, a lost connection, a killed process) resumes it —
 * the portal keeps the parts it received, and only the others are sent. An entry is keyed by the portal, the owner,
 * the file's absolute path, size and modification time: a changed file starts over.
 */
import { randomBytes } from "node:crypto"
import { chmod, mkdir, readFile, rename, writeFile } from "node:fs/promises"
import { join } from "node:path"
import * as Effect from "effect/Effect"
import { failed } from "./errors.ts"
import { directory } from "./profiles.ts"

/** What identifies one upload of one file. */
export interface UploadKey {
  readonly portal: string
  readonly owner: string
  readonly path: string
  readonly size: number
  readonly modified: number
}

interface Entry {
  readonly itemId: string
  readonly started: number
}

const file = () => join(directory(), "uploads.json")

const keyOf = (key: UploadKey) => [key.portal, key.owner, key.path, key.size, Math.trunc(key.modified)].join("|")

const readAll = Effect.tryPromise({
  try: async (): Promise<Record<string, Entry>> => {
    try {
      return { ...(JSON.parse(await readFile(file(), "utf8")) as { entries: Record<string, Entry> }).entries }
    } catch (error) {
      if ((error as { code?: unknown }).code === "ENOENT") return {}
      throw error
    }
  },
  catch: () => failed(`cannot read ${file()}`),
})

const writeAll = (entries: Record<string, Entry>) =>
  Effect.tryPromise({
    try: async () => {
      await mkdir(directory(), { recursive: true, mode: 0o700 })
      const temporary = `${file()}.${randomBytes(6).toString("hex")}.tmp`
      await writeFile(temporary, `${JSON.stringify({ version: 1, entries }, null, 2)}\n`, { mode: 0o600, flag: "wx" })
      await chmod(temporary, 0o600)
      await rename(temporary, file())
    },
    catch: () => failed(`cannot write ${file()}`),
  })

/** The item of an unfinished upload of this file, if one was started. */
export const find = (key: UploadKey) => Effect.map(readAll, (entries) => entries[keyOf(key)]?.itemId)

/** Records the item an upload of this file started. */
export const remember = (key: UploadKey, itemId: string) =>
  Effect.flatMap(readAll, (entries) => writeAll({ ...entries, [keyOf(key)]: { itemId, started: Date.now() } }))

/** Forgets an upload (it completed, or its item is gone). */
export const forget = (key: UploadKey) =>
  Effect.flatMap(readAll, (entries) => {
    const name = keyOf(key)
    if (!(name in entries)) return Effect.void
    const { [name]: _removed, ...rest } = entries
    return writeAll(rest)
  })
