/**
 * `bulk share|delete|move --query <q>`: every item a search finds, in requests of 100 (the portal's bulk operations),
 * a few at a time. The plan is shown first (`--dry-run` stops there); then a confirmation (`--yes` in scripts); then a
 * result per item and a summary. A partial failure exits 1 and says how to retry only the failed items.
 * The implementation is in `../run/bulk.ts`, loaded when a bulk command runs.
 */
import { Command, Flag } from "effect/cli"
import { command, concurrency, dryRun, load, yes } from "./common.ts"

const queryFlag = Flag.String("query").pipe(
  Flag.withDescription("The search whose items are acted on (the portal's syntax, e.g. 'owner:jsmith type:CSV')"),
)
const maxFlag = Flag.Int("max").pipe(
  Flag.withDescription("Refuse to act on more than this many items (default 10000)"),
  Flag.withDefault(10_000),
)

export const shareConfig = {
  query: queryFlag,
  org: Flag.Boolean("org").pipe(Flag.withDescription("Share with the organization"), Flag.withDefault(false)),
  everyone: Flag.Boolean("everyone").pipe(
    Flag.withDescription("Share with everyone (public)"),
    Flag.withDefault(false),
  ),
  groups: Flag.String("group").pipe(
    Flag.withMetavar("id-or-title"),
    Flag.withDescription("A group, by id or exact title (repeat for several)"),
    Flag.atLeast(0),
  ),
  dryRun,
  yes,
  concurrency: concurrency(4),
  max: maxFlag,
}

const share = Command.make("share", shareConfig, (input) =>
  load(
    () => import("../run/bulk.ts"),
    (run) => run.share(input),
  ),
).pipe(
  Command.withDescription("Share every item a search finds with the organization, everyone or groups"),
  Command.withExamples([
    {
      command: "arcgis-portal bulk share --query 'owner:jsmith tags:inspection' --group \"Field crews\" --dry-run",
      description: "The plan only",
    },
    {
      command: "arcgis-portal bulk share --query 'owner:jsmith tags:inspection' --group \"Field crews\" --yes",
      description: "Do it, without asking",
    },
  ]),
)

export const removeConfig = { query: queryFlag, dryRun, yes, concurrency: concurrency(4), max: maxFlag }

const remove = Command.make("delete", removeConfig, (input) =>
  load(
    () => import("../run/bulk.ts"),
    (run) => run.remove(input),
  ),
).pipe(
  Command.withDescription("Delete every item a search finds (protected items are skipped)"),
  Command.withExamples([
    { command: "arcgis-portal bulk delete --query 'tags:scratch owner:me' --dry-run", description: "What would go" },
    {
      command: "arcgis-portal bulk delete --query 'tags:scratch owner:me' --yes --concurrency 8",
      description: "Delete them",
    },
  ]),
)

export const moveConfig = {
  query: queryFlag,
  folder: Flag.String("folder").pipe(
    Flag.withDescription("The target folder of each item's owner (name), or / for the root"),
  ),
  createFolder: Flag.Boolean("create-folder").pipe(
    Flag.withDescription("Create the folder for owners who do not have it"),
    Flag.withDefault(false),
  ),
  dryRun,
  yes,
  concurrency: concurrency(4),
  max: maxFlag,
}

const move = Command.make("move", moveConfig, (input) =>
  load(
    () => import("../run/bulk.ts"),
    (run) => run.move(input),
  ),
).pipe(
  Command.withDescription("Move every item a search finds to a folder of its owner"),
  Command.withExamples([
    {
      command:
        "arcgis-portal bulk move --query 'owner:jsmith modified:[0 TO 1577836800000]' --folder archive --create-folder --dry-run",
      description: "Plan archiving jsmith's old items",
    },
  ]),
)

const bulk = Command.make("bulk").pipe(
  Command.withDescription("Act on every item a search finds: share, delete or move, with a plan first"),
  Command.withExamples([
    {
      command: "arcgis-portal bulk delete --query 'tags:scratch owner:me' --dry-run",
      description: "What would be deleted",
    },
  ]),
  Command.withSubcommands([share, remove, move]),
)

export const commands = [command(bulk)] as const
