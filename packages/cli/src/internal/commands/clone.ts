/**
 * `clone <item-id...> --from <profile|url>`: items with their dependencies (web maps' layers, apps' maps, related
 * items), from another portal into this one — the SDK's `Clone.clone` (Python `ContentManager.clone_items`). The
 * target is the command line's portal (`--profile`/`--portal`); the source is another profile, signed in with its own
 * credentials, or a portal URL read anonymously. The plan is always shown first (`--dry-run` stops there); then a
 * confirmation (`--yes` in scripts), the copy with a progress line, and a summary. Every clone carries
 * `source-<id>`, so running the same command again after an interruption or a partial failure finishes the job and
 * creates nothing twice. The implementation is in `../run/clone.ts`, loaded when the command runs.
 */
import { Argument, Command, Flag } from "effect/cli"
import { command, dryRun, load, yes } from "./common.ts"

export const cloneConfig = {
  ids: Argument.String("item-id").pipe(
    Argument.withDescription("Source items to clone (32 hexadecimal characters each); or --query, --folder, --group"),
    Argument.variadic(),
  ),
  from: Flag.String("from").pipe(
    Flag.withMetavar("profile-or-url"),
    Flag.withDescription(
      "The source portal: a saved profile (signed in with its own credentials) or a portal URL (read anonymously: public items only)",
    ),
  ),
  query: Flag.String("query").pipe(
    Flag.withDescription("Clone every item this search of the source finds (the portal's syntax)"),
    Flag.optional,
  ),
  folder: Flag.String("folder").pipe(
    Flag.withDescription("Clone every item of this folder of the source (of --owner, default: the source's user)"),
    Flag.optional,
  ),
  owner: Flag.String("owner").pipe(Flag.withDescription("The source user whose --folder is cloned"), Flag.optional),
  group: Flag.String("group").pipe(
    Flag.withMetavar("id-or-title"),
    Flag.withDescription("Clone every item shared with this group of the source"),
    Flag.optional,
  ),
  toFolder: Flag.String("to-folder").pipe(
    Flag.withDescription("The target folder the clones go to (created when missing; default: the root folder)"),
    Flag.optional,
  ),
  toOwner: Flag.String("to-owner").pipe(
    Flag.withDescription("The target user who owns the clones (default: the signed-in user of the target)"),
    Flag.optional,
  ),
  copyData: Flag.Boolean("copy-data").pipe(
    Flag.withDescription(
      "Copy the features of hosted feature layers (the default; --no-copy-data: the layers and their definitions only)",
    ),
    Flag.withDefault(true),
  ),
  searchExisting: Flag.Boolean("search-existing").pipe(
    Flag.withDescription(
      "Also reuse a target item of the same title and type (items cloned before are always found by their source-<id> keyword)",
    ),
    Flag.withDefault(false),
  ),
  groupMap: Flag.String("group-map").pipe(
    Flag.withMetavar("source=target"),
    Flag.withDescription(
      "Share the clones of items shared with a source group with a target group (id or exact title each; repeat for several)",
    ),
    Flag.atLeast(0),
  ),
  createGroups: Flag.Boolean("create-groups").pipe(
    Flag.withDescription(
      "Create in the target the source groups --group-map does not map (reusing one of the same title)",
    ),
    Flag.withDefault(false),
  ),
  preserveItemId: Flag.Boolean("preserve-item-id").pipe(
    Flag.withDescription("Give each clone its source item's id (ArcGIS Enterprise targets; not hosted services)"),
    Flag.withDefault(false),
  ),
  concurrency: Flag.Int("concurrency").pipe(
    Flag.withDescription("Items cloned at once, among those whose dependencies are done (1–16, default 4)"),
    Flag.withDefault(4),
    Flag.filter(
      (value) => value >= 1 && value <= 16,
      (value) => `--concurrency must be from 1 to 16, not ${value}`,
    ),
  ),
  dryRun,
  yes,
}

const clone = Command.make("clone", cloneConfig, (input) =>
  load(
    () => import("../run/clone.ts"),
    (run) => run.clone(input),
  ),
).pipe(
  Command.withDescription(
    "Clone items with their dependencies from another portal into this one: the plan first, then the copy; run it again to finish an interrupted or partly failed clone",
  ),
  Command.withExamples([
    {
      command: "arcgis-portal clone 9f1e2d3c4b5a69788796a5b4c3d2e1f0 --from staging --dry-run",
      description: "The plan only: what would be created, updated, skipped or refused, and why",
    },
    {
      command:
        "arcgis-portal clone 9f1e2d3c4b5a69788796a5b4c3d2e1f0 --from staging --to-folder Parks --group-map 'Field crews=Production crews' --yes",
      description: "Clone a web app with its map and layers into a folder, sharing with the mapped group",
    },
    {
      command:
        "arcgis-portal clone --from https://opendata.example.org/portal --query 'tags:transit type:\"Web Map\"' --yes",
      description: "Public items of another portal, with no sign-in there",
    },
    {
      command: "arcgis-portal clone --from staging --folder Parks --owner jsmith --create-groups --yes --json",
      description: "A whole folder, groups created in the target; the result document for a script",
    },
  ]),
)

export const commands = [command(clone)] as const
