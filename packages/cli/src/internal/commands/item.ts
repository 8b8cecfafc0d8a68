/**
 * `item get|add|update|download|share|unshare|move|delete|protect`: one item at a time. Uploads and downloads show a
 * byte progress bar on a terminal; a large upload interrupted part-way resumes when the same command is run again.
 * The implementation is in `../run/item.ts`, loaded when an item command runs.
 */
import { Argument, Command, Flag } from "effect/cli"
import { command, dryRun, load, yes } from "./common.ts"

const itemId = Argument.String("item-id").pipe(Argument.withDescription("The item's id (32 hexadecimal characters)"))

export const getConfig = { id: itemId }

const get = Command.make("get", getConfig, (input) =>
  load(
    () => import("../run/item.ts"),
    (run) => run.get(input),
  ),
).pipe(
  Command.withDescription("Show an item"),
  Command.withExamples([
    { command: "arcgis-portal item get 9f1e2d3c4b5a69788796a5b4c3d2e1f0", description: "An item's main fields" },
    { command: "arcgis-portal item get 9f1e2d3c4b5a69788796a5b4c3d2e1f0 --json", description: "Everything, as JSON" },
  ]),
)

const propertyFlags = {
  title: Flag.String("title").pipe(Flag.withDescription("The item's title"), Flag.optional),
  tags: Flag.String("tags").pipe(Flag.withDescription("Comma-separated tags"), Flag.optional),
  snippet: Flag.String("snippet").pipe(Flag.withDescription("A one-line summary"), Flag.optional),
  description: Flag.String("description").pipe(Flag.withDescription("The description (HTML allowed)"), Flag.optional),
}

export const addConfig = {
  file: Argument.String("file").pipe(Argument.withDescription("The file to upload")),
  ...propertyFlags,
  type: Flag.String("type").pipe(
    Flag.withDescription('The item type ("CSV", "PDF", "File Geodatabase"…; guessed from common extensions)'),
    Flag.optional,
  ),
  folder: Flag.String("folder").pipe(Flag.withDescription("Put it in this folder of yours"), Flag.optional),
  partSize: Flag.Int("part-size").pipe(
    Flag.withMetavar("MiB"),
    Flag.withDescription("Size of each upload part in MiB, 5 or more (default 8)"),
    Flag.filter(
      (value) => value >= 5 && value <= 1024,
      (value) => `--part-size must be from 5 to 1024 MiB, not ${value}`,
    ),
    Flag.withDefault(8),
  ),
  concurrency: Flag.Int("concurrency").pipe(
    Flag.withDescription(
      "Parts in flight at once (1–16; default: measured — 2 at first, doubled while throughput rises, at most 8)",
    ),
    Flag.filter(
      (value) => value >= 1 && value <= 16,
      (value) => `--concurrency must be from 1 to 16, not ${value}`,
    ),
    Flag.optional,
  ),
}

const add = Command.make("add", addConfig, (input) =>
  load(
    () => import("../run/item.ts"),
    (run) => run.add(input),
  ),
).pipe(
  Command.withDescription(
    "Upload a file as a new item; files over 10 MiB go up in parts, and an interrupted upload resumes when run again",
  ),
  Command.withExamples([
    {
      command: 'arcgis-portal item add stations.csv --title "Stations" --tags transit,stations',
      description: "A CSV item (the type is guessed from the extension)",
    },
    {
      command: 'arcgis-portal item add survey.gdb.zip --type "File Geodatabase" --folder surveys',
      description: "A large file, in parts, into a folder; run it again to resume after an interruption",
    },
  ]),
)

export const updateConfig = {
  id: itemId,
  ...propertyFlags,
  file: Flag.String("file").pipe(Flag.withDescription("Replace the item's data with this file"), Flag.optional),
}

const update = Command.make("update", updateConfig, (input) =>
  load(
    () => import("../run/item.ts"),
    (run) => run.update(input),
  ),
).pipe(
  Command.withDescription("Change an item's properties or replace its data"),
  Command.withExamples([
    {
      command: 'arcgis-portal item update 9f1e2d3c4b5a69788796a5b4c3d2e1f0 --title "Stations 2025" --tags transit',
      description: "New title and tags",
    },
    {
      command: "arcgis-portal item update 9f1e2d3c4b5a69788796a5b4c3d2e1f0 --file stations.csv",
      description: "New data",
    },
  ]),
)

export const downloadConfig = {
  id: itemId,
  output: Flag.String("output").pipe(
    Flag.withAlias("o"),
    Flag.withDescription("Where to write it: a file, or a directory (default: the item's file name, here)"),
    Flag.optional,
  ),
  force: Flag.Boolean("force").pipe(
    Flag.withDescription("Overwrite an existing file, and start an interrupted download over"),
    Flag.withDefault(false),
  ),
}

const download = Command.make("download", downloadConfig, (input) =>
  load(
    () => import("../run/item.ts"),
    (run) => run.download(input),
  ),
).pipe(
  Command.withDescription(
    "Download an item's data to a file (written to <file>.partial, renamed when complete; run again after an interruption, it fetches only the rest)",
  ),
  Command.withExamples([
    { command: "arcgis-portal item download 9f1e2d3c4b5a69788796a5b4c3d2e1f0", description: "Into this directory" },
    {
      command: "arcgis-portal item download 9f1e2d3c4b5a69788796a5b4c3d2e1f0 -o backups/ --force",
      description: "Into backups/, overwriting",
    },
  ]),
)

const groupFlag = Flag.String("group").pipe(
  Flag.withMetavar("id-or-title"),
  Flag.withDescription("A group, by id or exact title (repeat for several)"),
  Flag.atLeast(0),
)

export const shareConfig = {
  id: itemId,
  org: Flag.Boolean("org").pipe(Flag.withDescription("Share with the organization"), Flag.withDefault(false)),
  everyone: Flag.Boolean("everyone").pipe(
    Flag.withDescription("Share with everyone (public)"),
    Flag.withDefault(false),
  ),
  groups: groupFlag,
}

const share = Command.make("share", shareConfig, (input) =>
  load(
    () => import("../run/item.ts"),
    (run) => run.share(input),
  ),
).pipe(
  Command.withDescription("Share an item with the organization, everyone, or groups (by id or title)"),
  Command.withExamples([
    {
      command: 'arcgis-portal item share 9f1e2d3c4b5a69788796a5b4c3d2e1f0 --org --group "Field crews"',
      description: "With the organization and a group named by its title",
    },
  ]),
)

export const unshareConfig = {
  id: itemId,
  org: Flag.Boolean("org").pipe(Flag.withDescription("Stop sharing with the organization"), Flag.withDefault(false)),
  everyone: Flag.Boolean("everyone").pipe(
    Flag.withDescription("Stop sharing with everyone (public)"),
    Flag.withDefault(false),
  ),
  groups: groupFlag,
}

const unshare = Command.make("unshare", unshareConfig, (input) =>
  load(
    () => import("../run/item.ts"),
    (run) => run.unshare(input),
  ),
).pipe(
  Command.withDescription("Stop sharing an item with groups, the organization or everyone"),
  Command.withExamples([
    {
      command: 'arcgis-portal item unshare 9f1e2d3c4b5a69788796a5b4c3d2e1f0 --group "Field crews"',
      description: "Take it out of a group",
    },
  ]),
)

export const moveConfig = {
  id: itemId,
  folder: Argument.String("folder").pipe(Argument.withDescription("The owner's folder (its name), or / for the root")),
  createFolder: Flag.Boolean("create-folder").pipe(
    Flag.withDescription("Create the folder when the owner has none of that name"),
    Flag.withDefault(false),
  ),
}

const move = Command.make("move", moveConfig, (input) =>
  load(
    () => import("../run/item.ts"),
    (run) => run.move(input),
  ),
).pipe(
  Command.withDescription("Move an item to another folder of its owner"),
  Command.withExamples([
    {
      command: "arcgis-portal item move 9f1e2d3c4b5a69788796a5b4c3d2e1f0 archive --create-folder",
      description: "Into 'archive'",
    },
    { command: "arcgis-portal item move 9f1e2d3c4b5a69788796a5b4c3d2e1f0 /", description: "Back to the root folder" },
  ]),
)

export const removeConfig = { id: itemId, yes, dryRun }

const remove = Command.make("delete", removeConfig, (input) =>
  load(
    () => import("../run/item.ts"),
    (run) => run.remove(input),
  ),
).pipe(
  Command.withDescription("Delete an item (asks first; --yes in scripts; --dry-run says whether it could be)"),
  Command.withExamples([
    { command: "arcgis-portal item delete 9f1e2d3c4b5a69788796a5b4c3d2e1f0", description: "Asks, then deletes" },
    {
      command: "arcgis-portal item delete 9f1e2d3c4b5a69788796a5b4c3d2e1f0 --dry-run",
      description: "Could it be deleted?",
    },
  ]),
)

export const protectConfig = {
  id: itemId,
  off: Flag.Boolean("off").pipe(Flag.withDescription("Remove the protection instead"), Flag.withDefault(false)),
}

const protect = Command.make("protect", protectConfig, (input) =>
  load(
    () => import("../run/item.ts"),
    (run) => run.protect(input),
  ),
).pipe(
  Command.withDescription("Protect an item from deletion (or --off to allow it again)"),
  Command.withExamples([
    { command: "arcgis-portal item protect 9f1e2d3c4b5a69788796a5b4c3d2e1f0", description: "No one can delete it" },
  ]),
)

const item = Command.make("item").pipe(
  Command.withDescription("One item: get, add, update, download, share, unshare, move, delete, protect"),
  Command.withExamples([
    { command: "arcgis-portal item get 9f1e2d3c4b5a69788796a5b4c3d2e1f0", description: "Show an item" },
  ]),
  Command.withSubcommands([get, add, update, download, share, unshare, move, remove, protect]),
)

export const commands = [command(item)] as const
