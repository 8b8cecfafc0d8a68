/**
 * content-inventory: every item of the organization as one CSV row — id, title, type, owner, folder, access, the
 * groups it is shared with, size, created, modified, views, delete protection, URL and tags — paging through the
 * search results (`searchAll`) so that no item is left out, however many there are.
 *
 * Python counterparts: `gis.content.search(query, max_items=...)`, `user.folders`, `group.content()`.
 */
import type { ParseArgsOptionsConfig } from "node:util"
import type { GIS, Item } from "@arcgis-portal/gis"
import {
  exitCodes,
  isoDate,
  plural,
  runScript,
  type ScriptDefinition,
  toCsv,
  warn,
  withPortal,
  writeOutput,
} from "./internal/cli.ts"

const definition = {
  name: "content-inventory",
  summary:
    "Writes a CSV inventory of the organization's content: one row per item with id, title, type, owner, folder, " +
    "access (private, shared, org, public), groups (the titles of the groups it is shared with), size in bytes, " +
    "created and modified (ISO 8601, UTC), views, protected, url and tags. Pages through every search result. " +
    "The CSV goes to --output or stdout; the summary to stderr.",
  usage: "[--output <file>] [--query <query>]",
  options: {
    output: { type: "string", short: "o" },
    query: { type: "string" },
  },
  optionHelp: [
    ["-o, --output <file>", "write the CSV to this file (default: stdout)"],
    ["--query <query>", "only the items of this search, e.g. 'owner:jsmith' or 'type:\"Web Map\"' (default: all)"],
  ],
  examples: [
    "node src/content-inventory.ts --output inventory.csv",
    "node src/content-inventory.ts --query 'owner:jsmith' > jsmith.csv",
  ],
  failures: "the inventory could not be completed",
} as const satisfies ScriptDefinition<ParseArgsOptionsConfig>

const inventoryColumns = [
  "id",
  "title",
  "type",
  "owner",
  "folder",
  "access",
  "groups",
  "size",
  "created",
  "modified",
  "views",
  "protected",
  "url",
  "tags",
] as const

/** The titles of the groups each item is shared with, from the content of every group the caller can see. */
const groupsByItem = async (gis: GIS): Promise<Map<string, Array<string>>> => {
  const titles = new Map<string, Array<string>>()
  for await (const group of gis.groups.searchAll("")) {
    for await (const item of group.contentAll()) titles.set(item.id, [...(titles.get(item.id) ?? []), group.title])
  }
  return titles
}

/** Folder titles by id, read once per owner (an owner the caller cannot see keeps the folder ids). */
const folderTitles = (gis: GIS) => {
  const owners = new Map<string, Promise<Map<string, string>>>()
  const read = async (owner: string) => {
    const user = await gis.users.get(owner)
    const folders = user === undefined ? [] : await user.folders()
    return new Map(folders.map((folder) => [folder.id, folder.title]))
  }
  return async (item: Item): Promise<string> => {
    if (!item.ownerFolder) return ""
    let titles = owners.get(item.owner)
    if (titles === undefined) {
      titles = read(item.owner)
      owners.set(item.owner, titles)
    }
    return (await titles).get(item.ownerFolder) ?? item.ownerFolder
  }
}

await runScript(definition, async (flags) =>
  withPortal(flags.portal, async (gis) => {
    const started = Date.now()
    const groups = await groupsByItem(gis)
    const folderOf = folderTitles(gis)
    const rows: Array<ReadonlyArray<string | number | boolean>> = []
    const owners = new Set<string>()
    // Oldest first, so that a re-run lists the items in the same order and new items come last.
    for await (const item of gis.content.searchAll(flags.query ?? "", { sortField: "created", sortOrder: "asc" })) {
      owners.add(item.owner)
      rows.push([
        item.id,
        item.title,
        item.type,
        item.owner,
        await folderOf(item),
        item.access ?? "",
        (groups.get(item.id) ?? []).join(";"),
        item.size ?? "",
        isoDate(item.created),
        isoDate(item.modified),
        item.numViews ?? "",
        item.protected ?? false,
        item.url ?? "",
        (item.tags ?? []).join(";"),
      ])
    }
    writeOutput(flags.output, toCsv(inventoryColumns, rows))
    warn(
      `${plural(rows.length, "item")} of ${plural(owners.size, "owner")} written to ${flags.output ?? "stdout"} ` +
        `in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
    )
    return exitCodes.ok
  }),
)
