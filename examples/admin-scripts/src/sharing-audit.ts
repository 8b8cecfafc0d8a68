/**
 * sharing-audit: what is shared with everyone (public) and what with the whole organization, per owner — as a table
 * or CSV. `--fix` takes that sharing back (public items to the organization, or with `--level all` everything to
 * private; group shares are kept), and `--fix --dry-run` shows what it would do.
 *
 * Python counterparts: `gis.content.search("access:public")`, `item.share(everyone=False, org=False)`.
 */
import type { ParseArgsOptionsConfig } from "node:util"
import type { Item } from "@arcgis-portal/gis"
import {
  choiceFlag,
  countBy,
  describe,
  exitCodes,
  isoDate,
  plural,
  print,
  runScript,
  type ScriptDefinition,
  table,
  toCsv,
  UsageError,
  warn,
  withPortal,
  writeOutput,
} from "./internal/cli.ts"

const definition = {
  name: "sharing-audit",
  summary:
    "Lists the items shared with everyone (public) and with the whole organization (org), sorted by owner, with a " +
    "count per owner: as a table (default) or CSV (--format csv; the counts then go to stderr). --fix takes the " +
    "sharing back: with --level public, public items become org items; otherwise public and org items become " +
    "private (groups they are shared with keep them). --fix --dry-run prints the changes without making them.",
  usage: "[--level public|org|all] [--owner <username>] [--format table|csv] [--output <file>] [--fix [--dry-run]]",
  options: {
    level: { type: "string" },
    owner: { type: "string" },
    format: { type: "string" },
    output: { type: "string", short: "o" },
    fix: { type: "boolean" },
    "dry-run": { type: "boolean" },
  },
  optionHelp: [
    ["--level public|org|all", "which sharing to audit (default: all, that is public and org)"],
    ["--owner <username>", "only this owner's items"],
    ["--format table|csv", "the report's format (default: table)"],
    ["-o, --output <file>", "write the report to this file (default: stdout)"],
    ["--fix", "take the audited sharing back (see above)"],
    ["--dry-run", "with --fix: print what would change and change nothing"],
  ],
  examples: [
    "node src/sharing-audit.ts",
    "node src/sharing-audit.ts --level public --format csv --output public.csv",
    "node src/sharing-audit.ts --level public --fix --dry-run",
  ],
  failures: "with --fix, an item's sharing could not be changed",
} as const satisfies ScriptDefinition<ParseArgsOptionsConfig>

const levels = ["public", "org", "all"] as const
const queries = { public: "access:public", org: "access:org", all: "(access:public OR access:org)" } as const

/** The sharing an item keeps after `--fix`: org for public items audited at the public level, else private. */
const fixedAccess = (item: Item, level: (typeof levels)[number]): "org" | "private" =>
  level === "public" && item.access === "public" ? "org" : "private"

await runScript(definition, async (flags) => {
  const level = choiceFlag("level", flags.level, levels, "all")
  const format = choiceFlag("format", flags.format, ["table", "csv"] as const, "table")
  const fix = flags.fix === true
  const dryRun = flags["dry-run"] === true
  if (dryRun && !fix) throw new UsageError("--dry-run goes with --fix (the audit alone changes nothing)")
  if (flags.owner !== undefined && !/^[\w.@-]+$/.test(flags.owner))
    throw new UsageError(`--owner '${flags.owner}' is not a username`)
  return withPortal(flags.portal, async (gis) => {
    const query = flags.owner === undefined ? queries[level] : `owner:${flags.owner} AND ${queries[level]}`
    const wanted = level === "all" ? ["public", "org"] : [level]
    const items: Array<Item> = []
    // The search's access field is checked again here: what the report lists is exactly what the items say.
    for await (const item of gis.content.searchAll(query, { sortField: "title", sortOrder: "asc" }))
      if (wanted.includes(item.access ?? "") && (flags.owner === undefined || item.owner === flags.owner))
        items.push(item)
    items.sort(
      (a, b) =>
        a.owner.localeCompare(b.owner) ||
        (a.access ?? "").localeCompare(b.access ?? "") * -1 ||
        a.title.localeCompare(b.title) ||
        a.id.localeCompare(b.id),
    )
    const perOwner = [...countBy(items, (item) => item.owner).keys()].map((owner) => {
      const own = items.filter((item) => item.owner === owner)
      const count = (access: string) => own.filter((item) => item.access === access).length
      return [owner, count("public"), count("org"), own.length] as const
    })
    const rows = items.map((item) => [
      item.owner,
      item.access ?? "",
      item.title,
      item.type,
      item.id,
      isoDate(item.modified),
      item.numViews ?? 0,
      item.url ?? "",
    ])
    const header = ["owner", "access", "title", "type", "id", "modified", "views", "url"]
    const totals = `${plural(items.length, "item")} shared beyond groups (${items.filter((item) => item.access === "public").length} public, ${items.filter((item) => item.access === "org").length} org) of ${plural(perOwner.length, "owner")}.`
    const ownerTable = table(["owner", "public", "org", "total"], perOwner)
    if (format === "csv") {
      writeOutput(flags.output, toCsv(header, rows))
      warn(`${ownerTable}\n${totals}`)
    } else {
      const report =
        items.length === 0
          ? `Nothing is shared ${level === "org" ? "with the organization" : level === "public" ? "publicly" : "publicly or with the organization"}${flags.owner === undefined ? "" : ` by ${flags.owner}`}.\n`
          : `${table(
              header.slice(0, 6),
              rows.map((row) => [...row.slice(0, 5), String(row[5]).slice(0, 10)]),
            )}\n\nPer owner:\n${ownerTable}\n${totals}\n`
      writeOutput(flags.output, report)
      if (flags.output !== undefined) warn(totals)
    }
    if (!fix) return exitCodes.ok

    // CSV on stdout stays CSV: the changes are then reported on stderr.
    const log = format === "csv" && flags.output === undefined ? warn : print
    let failed = 0
    let changed = 0
    for (const item of items) {
      const access = fixedAccess(item, level)
      const what = `${item.title} (${item.id}, ${item.owner}): ${item.access} -> ${access}`
      if (dryRun) {
        log(`would unshare  ${what}`)
        continue
      }
      try {
        await item.share(access === "org" ? { everyone: false, org: true } : { everyone: false, org: false })
        changed++
        log(`unshared       ${what}`)
      } catch (error) {
        failed++
        log(`failed         ${what}: ${describe(error)}`)
      }
    }
    log(
      dryRun
        ? `Dry run: ${plural(items.length, "item")} would be unshared; nothing was changed.`
        : `${plural(changed, "item")} unshared, ${failed} failed.`,
    )
    return failed > 0 ? exitCodes.failed : exitCodes.ok
  })
})
