/**
 * `groups list|create|add|remove|sync`: groups and their members; `sync` makes a group's members those of a CSV file.
 * The implementation is in `../run/groups.ts`, loaded when a groups command runs.
 */
import { Argument, Command, Flag } from "effect/cli"
import { command, dryRun, load, yes } from "./common.ts"

const group = Argument.String("group").pipe(Argument.withDescription("The group, by id or exact title"))
const usernames = Argument.String("username").pipe(Argument.withDescription("Usernames"), Argument.variadic({ min: 1 }))

export const listConfig = {
  query: Flag.String("query").pipe(
    Flag.withDescription('A group search, e.g. "title:field*" or "owner:me"'),
    Flag.optional,
  ),
  max: Flag.Int("max").pipe(Flag.withDescription("At most this many (default: all)"), Flag.optional),
}

const list = Command.make("list", listConfig, (input) =>
  load(
    () => import("../run/groups.ts"),
    (run) => run.list(input),
  ),
).pipe(
  Command.withDescription("List the groups you can see"),
  Command.withExamples([
    { command: "arcgis-portal groups list", description: "Every group you can see" },
    {
      command: 'arcgis-portal groups list --query "owner:jsmith" --ndjson',
      description: "jsmith's groups, as JSON lines",
    },
  ]),
)

export const createConfig = {
  title: Argument.String("title").pipe(Argument.withDescription("The group's title")),
  tags: Flag.String("tags").pipe(Flag.withDescription("Comma-separated tags"), Flag.withDefault("")),
  access: Flag.Literals("access", ["private", "org", "public"]).pipe(
    Flag.withDescription("Who can find the group (default private)"),
    Flag.withDefault("private" as const),
  ),
  description: Flag.String("description").pipe(Flag.withDescription("The description"), Flag.optional),
  snippet: Flag.String("snippet").pipe(Flag.withDescription("A one-line summary"), Flag.optional),
}

const create = Command.make("create", createConfig, (input) =>
  load(
    () => import("../run/groups.ts"),
    (run) => run.create(input),
  ),
).pipe(
  Command.withDescription("Create a group"),
  Command.withExamples([
    {
      command: 'arcgis-portal groups create "Field crews" --access org --tags field,crews',
      description: "An org-wide group",
    },
  ]),
)

export const membershipConfig = { group, usernames }

const membership = (name: "add" | "remove") =>
  Command.make(name, membershipConfig, (input) =>
    load(
      () => import("../run/groups.ts"),
      (run) => run.membership(name, input),
    ),
  ).pipe(
    Command.withDescription(name === "add" ? "Add users to a group" : "Remove users from a group"),
    Command.withExamples([
      {
        command: `arcgis-portal groups ${name} "Field crews" field_worker other_worker`,
        description: `${name === "add" ? "Add" : "Remove"} two users`,
      },
    ]),
  )

export const syncConfig = {
  group,
  file: Argument.String("file").pipe(
    Argument.withDescription("A CSV file with a username column: the members to have"),
  ),
  dryRun,
  yes,
}

const sync = Command.make("sync", syncConfig, (input) =>
  load(
    () => import("../run/groups.ts"),
    (run) => run.sync(input),
  ),
).pipe(
  Command.withDescription(
    "Make a group's members exactly those of a CSV file (username column): adds the missing, removes the others; the owner stays",
  ),
  Command.withExamples([
    { command: 'arcgis-portal groups sync "Field crews" members.csv --dry-run', description: "What would change" },
    { command: 'arcgis-portal groups sync "Field crews" members.csv --yes', description: "Do it, removals included" },
  ]),
)

const groupsCommand = Command.make("groups").pipe(
  Command.withDescription("Groups: list, create, add and remove members, sync members from CSV"),
  Command.withExamples([
    { command: 'arcgis-portal groups sync "Field crews" members.csv --dry-run', description: "Plan a membership sync" },
  ]),
  Command.withSubcommands([list, create, membership("add"), membership("remove"), sync]),
)

export const commands = [command(groupsCommand)] as const
