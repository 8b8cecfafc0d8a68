/**
 * What the tour created and how it was cleaned up. Every chapter records what it makes together
 * with how to remove it; a chapter may clean up its own things at once (`release`), and whatever
 * is still there at the end — also after a failure — is removed by `cleanUp`, newest first. The
 * tour ends with the table of both columns, so a run against a real portal shows it left nothing.
 */

export interface Row {
  /** What kind of thing: `folder`, `item (CSV)`, `role`… */
  readonly kind: string
  readonly name: string
  /** How it was cleaned up: `deleted`, `unregistered`…, or why it was not. */
  readonly outcome: string
  readonly cleanedUp: boolean
}

/** How to remove a thing: resolves `true` (or a word for what happened) when it is gone. */
export type Cleanup = () => Promise<boolean | string>

export interface Entry {
  readonly kind: string
  readonly name: string
}

interface Tracked extends Entry {
  readonly cleanup: Cleanup | undefined
  /** Removed together with this entry (a comment with its item). */
  readonly parent: Tracked | undefined
  readonly done: string
  outcome: string | undefined
  cleanedUp: boolean
}

const describe = (error: unknown): string => {
  const tagged = error as { readonly _tag?: unknown; readonly message?: unknown }
  const message = typeof tagged?.message === "string" ? tagged.message : String(error)
  return typeof tagged?._tag === "string" ? `${tagged._tag}: ${message}` : message
}

export class Ledger {
  readonly #entries: Array<Tracked> = []

  /**
   * Records something the tour made. `cleanup` removes it; `done` is the word for success
   * (default `deleted`). With `{ with: entry }` instead of a clean-up, it goes away with that entry.
   */
  created(
    kind: string,
    name: string,
    cleanup: Cleanup | { readonly with: Entry },
    done = cleanup instanceof Function ? "deleted" : "deleted with its",
  ): Entry {
    const parent =
      cleanup instanceof Function ? undefined : this.#entries.find((entry) => entry === (cleanup.with as Tracked))
    const entry: Tracked = {
      kind,
      name,
      cleanup: cleanup instanceof Function ? cleanup : undefined,
      parent,
      done,
      outcome: undefined,
      cleanedUp: false,
    }
    this.#entries.push(entry)
    return entry
  }

  /** The entry recorded for `kind` and `name`. */
  find(kind: string, name: string): Entry | undefined {
    return this.#entries.find((entry) => entry.kind === kind && entry.name === name)
  }

  /** Cleans one entry up now (a chapter tidying after itself); `true` when it is gone. */
  async release(entry: Entry): Promise<boolean> {
    const tracked = this.#entries.find((candidate) => candidate === entry)
    if (tracked === undefined) return false
    if (tracked.outcome !== undefined) return tracked.cleanedUp
    if (tracked.cleanup === undefined) return false
    try {
      const result = await tracked.cleanup()
      tracked.cleanedUp = result !== false
      tracked.outcome = typeof result === "string" ? result : result ? tracked.done : "NOT removed (the portal said no)"
    } catch (error) {
      tracked.cleanedUp = false
      tracked.outcome = `NOT removed: ${describe(error)}`
    }
    return tracked.cleanedUp
  }

  /** Cleans up everything still there, newest first; never throws. */
  async cleanUp(): Promise<ReadonlyArray<Row>> {
    for (const entry of [...this.#entries].reverse()) {
      if (entry.outcome === undefined && entry.cleanup !== undefined) await this.release(entry)
    }
    return this.rows()
  }

  rows(): ReadonlyArray<Row> {
    return this.#entries.map((entry) => {
      if (entry.parent !== undefined) {
        const cleanedUp = entry.parent.cleanedUp
        return {
          kind: entry.kind,
          name: entry.name,
          outcome: cleanedUp ? `${entry.done} ${entry.parent.kind}` : `left with its ${entry.parent.kind}`,
          cleanedUp,
        }
      }
      return {
        kind: entry.kind,
        name: entry.name,
        outcome: entry.outcome ?? "still there",
        cleanedUp: entry.cleanedUp,
      }
    })
  }
}

const pad = (text: string, width: number) => text + " ".repeat(Math.max(0, width - text.length))

/** The rows as a table: created (kind and name) → cleaned up. */
export const table = (rows: ReadonlyArray<Row>): ReadonlyArray<string> => {
  const header = { kind: "Created", name: "Name", outcome: "Cleaned up" }
  const kindWidth = Math.max(header.kind.length, ...rows.map((row) => row.kind.length))
  const nameWidth = Math.max(header.name.length, ...rows.map((row) => row.name.length))
  const outcomeWidth = Math.max(header.outcome.length, ...rows.map((row) => row.outcome.length))
  const line = (kind: string, name: string, arrow: string, outcome: string) =>
    `| ${pad(kind, kindWidth)} | ${pad(name, nameWidth)} ${arrow} ${pad(outcome, outcomeWidth)} |`
  const rule = `+${"-".repeat(kindWidth + 2)}+${"-".repeat(nameWidth + outcomeWidth + 5)}+`
  return [
    rule,
    line(header.kind, header.name, " ", header.outcome),
    rule,
    ...rows.map((row) => line(row.kind, row.name, "→", row.outcome)),
    rule,
  ]
}
