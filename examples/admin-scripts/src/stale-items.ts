/**
 * stale-items: finds the items nobody has changed for N days (and, optionally, that few have looked at) and deletes
 * them — only with `--delete`; by default it prints the plan. Delete-protected items are reported and kept, never a
 * failure.
 *
 * Python counterparts: `gis.content.search("modified:[0 TO ...]")`, `item.protected`, `item.delete()`.
 */
import type { ParseArgsOptionsConfig } from "node:util"
import type { Item, PortalError } from "@arcgis-portal/gis"
import {
  describe,
  exitCodes,
  integerFlag,
  isoDate,
  plural,
  print,
  runScript,
  type ScriptDefinition,
  table,
  UsageError,
  withPortal,
} from "./internal/cli.ts"

const definition = {
  name: "stale-items",
  summary:
    "Lists the items not modified for --days days (default 365) — and with --max-views, viewed at most that many " +
    "times — with what would happen to each: deleted, or kept because it is delete-protected. Nothing is deleted " +
    "unless --delete is given. Protected items are reported and kept, and do not make the script fail.",
  usage: "[--days <n>] [--max-views <n>] [--owner <username>] [--delete]",
  options: {
    days: { type: "string" },
    "max-views": { type: "string" },
    owner: { type: "string" },
    delete: { type: "boolean" },
  },
  optionHelp: [
    ["--days <n>", "stale: not modified for at least this many days (default: 365)"],
    ["--max-views <n>", "and viewed at most this many times (default: any number of views)"],
    ["--owner <username>", "only this owner's items"],
    ["--delete", "delete the stale items that are not protected (default: only print the plan)"],
  ],
  examples: [
    "node src/stale-items.ts --days 365 --max-views 10",
    "node src/stale-items.ts --days 730 --owner jsmith --delete",
  ],
  failures: "with --delete, an item could not be deleted",
} as const satisfies ScriptDefinition<ParseArgsOptionsConfig>

const day = 86_400_000

/** The portal's search syntax for dates: epoch milliseconds, zero-padded to 19 digits. */
const searchDate = (millis: number): string => String(Math.max(0, Math.floor(millis))).padStart(19, "0")

/** The portal refuses to delete a protected item with this message code (`CONT_0044`). */
const isProtectionRefusal = (error: unknown): boolean =>
  (error as Partial<PortalError> | undefined)?._tag === "PortalError" &&
  ((error as PortalError).messageCode === "CONT_0044" || /protect/i.test((error as PortalError).message))

await runScript(definition, async (flags) => {
  const days = integerFlag("days", flags.days, 0) ?? 365
  const maxViews = integerFlag("max-views", flags["max-views"], 0)
  if (flags.owner !== undefined && !/^[\w.@-]+$/.test(flags.owner))
    throw new UsageError(`--owner '${flags.owner}' is not a username`)
  const remove = flags.delete === true
  return withPortal(flags.portal, async (gis) => {
    const now = Date.now()
    const cutoff = now - days * day
    const range = `modified:[${searchDate(0)} TO ${searchDate(cutoff)}]`
    const query = flags.owner === undefined ? range : `owner:${flags.owner} AND ${range}`
    const stale: Array<Item> = []
    // The search narrows; the dates and views are checked here again, so the plan holds exactly what it says.
    for await (const item of gis.content.searchAll(query, { sortField: "modified", sortOrder: "asc" })) {
      if (item.modified === undefined || item.modified > cutoff) continue
      if (maxViews !== undefined && (item.numViews ?? 0) > maxViews) continue
      if (flags.owner !== undefined && item.owner !== flags.owner) continue
      stale.push(item)
    }
    const criteria = `not modified for ${plural(days, "day")}${maxViews === undefined ? "" : `, viewed at most ${plural(maxViews, "time")}`}`
    if (stale.length === 0) {
      print(`No stale items (${criteria}).`)
      return exitCodes.ok
    }
    const outcomes: Array<{ readonly item: Item; readonly action: string }> = []
    for (const item of stale) {
      if (item.protected === true) {
        outcomes.push({ item, action: "protected, kept" })
        continue
      }
      if (!remove) {
        outcomes.push({ item, action: "would delete" })
        continue
      }
      try {
        outcomes.push({ item, action: (await item.delete()) ? "deleted" : "failed: the portal said no" })
      } catch (error) {
        // Protected since the search (or the search did not say): kept, as a protected item is.
        outcomes.push({ item, action: isProtectionRefusal(error) ? "protected, kept" : `failed: ${describe(error)}` })
      }
    }
    print(
      table(
        ["action", "title", "type", "owner", "modified", "age (days)", "views", "id"],
        outcomes.map(({ item, action }) => [
          action,
          item.title,
          item.type,
          item.owner,
          isoDate(item.modified).slice(0, 10),
          Math.floor((now - (item.modified ?? now)) / day),
          item.numViews ?? 0,
          item.id,
        ]),
      ),
    )
    const count = (prefix: string) => outcomes.filter((outcome) => outcome.action.startsWith(prefix)).length
    const protectedCount = count("protected")
    const failed = count("failed")
    print(
      remove
        ? `${plural(stale.length, "stale item")} (${criteria}): ${count("deleted")} deleted, ${protectedCount} protected and kept, ${failed} failed.`
        : `${plural(stale.length, "stale item")} (${criteria}): ${count("would delete")} would be deleted, ${protectedCount} protected and kept. Dry run: nothing was deleted; run again with --delete to delete them.`,
    )
    return failed > 0 ? exitCodes.failed : exitCodes.ok
  })
})
