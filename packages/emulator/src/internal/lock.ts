/**
 * One emulator per data directory: two would each cache the same database and write the same files, so a second
 * start on a directory in use is refused. The lock is the file `emulator.lock` in the data directory, holding the pid
 * and start time of the process that holds it. It is written under a temporary name and then hard-linked into place,
 * which fails when the lock exists: it appears whole or not at all. `stop()` removes it, and so does the process's
 * exit. A crash (SIGKILL, power loss) leaves it behind: the next start finds its process gone and takes it over, with a
 * warning.
 */
import { linkSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { join } from "node:path"

export const lockFileName = "emulator.lock"

export interface DataDirectoryLock {
  /** Removes the lock if it is still this one. Safe to call more than once. */
  readonly release: () => void
}

interface Holder {
  readonly pid: number
  /** When its process started, in milliseconds since the epoch. */
  readonly started: number
}

/** When this process started; the same in each of its worker threads. */
const processStarted = (): number => Math.round(Date.now() - process.uptime() * 1_000)

const errorCode = (error: unknown): unknown => (error as { code?: unknown } | null)?.code

const parse = (text: string): Holder | undefined => {
  try {
    const value = JSON.parse(text) as Partial<Holder> | null
    return Number.isInteger(value?.pid) && typeof value?.started === "number"
      ? { pid: value.pid as number, started: value.started }
      : undefined
  } catch {
    return undefined
  }
}

const isRunning = (holder: Holder): boolean => {
  // Our own pid is an emulator of this process (maybe in another worker thread) only if it was written by this
  // process: a container restarted after a crash often gets the same pid as its previous run.
  if (holder.pid === process.pid) return Math.abs(holder.started - processStarted()) < 1_000
  try {
    process.kill(holder.pid, 0)
    return true
  } catch (error) {
    // EPERM: the process exists, under another user.
    return errorCode(error) === "EPERM"
  }
}

const readOrUndefined = (path: string): string | undefined => {
  try {
    return readFileSync(path, "utf8")
  } catch (error) {
    if (errorCode(error) === "ENOENT") return undefined
    throw error
  }
}

/** Creates the lock file unless it exists; "again" when another emulator's recovery removed our temporary file. */
const create = (path: string, temporary: string, content: string): "created" | "exists" | "again" => {
  writeFileSync(temporary, content)
  try {
    linkSync(temporary, path)
    return "created"
  } catch (error) {
    const code = errorCode(error)
    if (code === "EEXIST") return "exists"
    if (code === "ENOENT") return "again"
    if (code !== "EPERM" && code !== "ENOTSUP" && code !== "EOPNOTSUPP" && code !== "ENOSYS") throw error
  }
  // A file system without hard links: an exclusive create, then the content (a crash in between leaves an empty,
  // unreadable lock, which the next start takes over).
  try {
    writeFileSync(path, content, { flag: "wx" })
    return "created"
  } catch (error) {
    if (errorCode(error) === "EEXIST") return "exists"
    throw error
  }
}

/** The locks this thread holds, removed when the process exits without `stop()`. */
const held = new Set<() => void>()
let exitHook = false

/**
 * Takes the lock of `dataDirectory`, or throws an error naming the directory and the pid holding it. A lock whose
 * process is gone (or that is unreadable, as after a power loss) is taken over with a warning on the console.
 */
export const lockDataDirectory = (dataDirectory: string): DataDirectoryLock => {
  const path = join(dataDirectory, lockFileName)
  const content = `${JSON.stringify({ pid: process.pid, started: processStarted() })}\n`
  // Named like every temporary file of the emulator, so start-up recovery removes one a crash left behind.
  const temporary = `${path}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`
  const release = () => {
    if (!held.delete(release)) return
    // Never removes a lock another process has taken over since.
    if (readOrUndefined(path) === content) rmSync(path, { force: true })
  }
  try {
    // More than one round only when the lock changes under us: a stale lock removed, another start racing this one.
    for (let round = 0; round < 5; round++) {
      const created = create(path, temporary, content)
      if (created === "again") continue
      if (created === "created") {
        held.add(release)
        if (!exitHook) {
          exitHook = true
          process.once("exit", () => {
            for (const each of [...held]) each()
          })
        }
        return { release }
      }
      const existing = readOrUndefined(path)
      if (existing === undefined) continue
      const holder = parse(existing)
      if (holder !== undefined && isRunning(holder)) {
        const self = holder.pid === process.pid ? ", this process" : ""
        throw new Error(
          `${dataDirectory} is in use by another emulator (pid ${holder.pid}${self}); stop it or choose another data ` +
            `directory (if no emulator runs there, remove ${path})`,
        )
      }
      // Taken over only if nobody else did meanwhile.
      if (readOrUndefined(path) !== existing) continue
      rmSync(path, { force: true })
      console.warn(
        `[emulator] ${dataDirectory}: taking over the lock of ${holder === undefined ? "an unknown process" : `pid ${holder.pid}`}, which is no longer running (it did not stop cleanly)`,
      )
    }
    throw new Error(`${dataDirectory}: could not take the lock ${path}: it kept changing (other emulators starting?)`)
  } finally {
    rmSync(temporary, { force: true })
  }
}
