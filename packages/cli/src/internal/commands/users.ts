/**
 * `users list|create|disable|enable|reset|delete|import`: accounts, one at a time or provisioned from a CSV file.
 * The implementation is in `../run/users.ts`, loaded when a users command runs.
 */
import { Argument, Command, Flag } from "effect/cli"
import { command, concurrency, dryRun, load, yes } from "./common.ts"

const username = Argument.String("username").pipe(Argument.withDescription("The account's username"))

const passwordStdin = Flag.Boolean("password-stdin").pipe(
  Flag.withDescription("Read the password from standard input instead of asking"),
  Flag.withDefault(false),
)

export const listConfig = {
  query: Flag.String("query").pipe(
    Flag.withDescription('A user search, e.g. "username:field_*" or "role:org_admin"'),
    Flag.optional,
  ),
  max: Flag.Int("max").pipe(Flag.withDescription("At most this many (default: all)"), Flag.optional),
}

const list = Command.make("list", listConfig, (input) =>
  load(
    () => import("../run/users.ts"),
    (run) => run.list(input),
  ),
).pipe(
  Command.withDescription("List the organization's users"),
  Command.withExamples([
    { command: "arcgis-portal users list", description: "Everyone" },
    { command: 'arcgis-portal users list --query "role:org_admin" --json', description: "The administrators, as JSON" },
  ]),
)

export const createConfig = {
  username,
  email: Flag.String("email").pipe(Flag.withDescription("The account's email address")),
  firstName: Flag.String("first-name").pipe(Flag.withDescription("First name")),
  lastName: Flag.String("last-name").pipe(Flag.withDescription("Last name")),
  role: Flag.String("role").pipe(
    Flag.withDescription("org_user (default), org_publisher, org_admin, viewer, or a custom role's id"),
    Flag.withDefault("org_user"),
  ),
  passwordStdin,
  noPassword: Flag.Boolean("no-password").pipe(
    Flag.withDescription("Create it without a password (an invitation, or an enterprise login)"),
    Flag.withDefault(false),
  ),
}

const create = Command.make("create", createConfig, (input) =>
  load(
    () => import("../run/users.ts"),
    (run) => run.create(input),
  ),
).pipe(
  Command.withDescription("Create an account (its password is asked for, or read with --password-stdin)"),
  Command.withExamples([
    {
      command:
        "arcgis-portal users create field_worker --email fw@example.com --first-name Field --last-name Worker --role org_publisher",
      description: "A publisher; the password is prompted without echo",
    },
  ]),
)

export const toggleConfig = { username }

const toggle = (name: "disable" | "enable") =>
  Command.make(name, toggleConfig, (input) =>
    load(
      () => import("../run/users.ts"),
      (run) => run.toggle(name, input),
    ),
  ).pipe(
    Command.withDescription(
      name === "disable" ? "Stop an account from signing in" : "Let a disabled account sign in again",
    ),
    Command.withExamples([
      {
        command: `arcgis-portal users ${name} field_worker`,
        description: `${name === "disable" ? "Disable" : "Enable"} field_worker`,
      },
    ]),
  )

export const resetConfig = { username, passwordStdin }

const reset = Command.make("reset", resetConfig, (input) =>
  load(
    () => import("../run/users.ts"),
    (run) => run.reset(input),
  ),
).pipe(
  Command.withDescription("Set a new password for a built-in account (prompted, or read with --password-stdin)"),
  Command.withExamples([
    {
      command: 'printf %s "$NEW_PASSWORD" | arcgis-portal users reset field_worker --password-stdin',
      description: "An administrator sets field_worker's password",
    },
  ]),
)

export const removeConfig = {
  username,
  reassignTo: Flag.String("reassign-to").pipe(
    Flag.withMetavar("username"),
    Flag.withDescription("Give the account's items and groups to this user first"),
    Flag.optional,
  ),
  yes,
  dryRun,
}

const remove = Command.make("delete", removeConfig, (input) =>
  load(
    () => import("../run/users.ts"),
    (run) => run.remove(input),
  ),
).pipe(
  Command.withDescription("Delete an account, after giving its content to someone (--reassign-to)"),
  Command.withExamples([
    {
      command: "arcgis-portal users delete leaver --reassign-to team_lead --yes",
      description: "Hand everything to team_lead, then delete",
    },
    { command: "arcgis-portal users delete leaver --dry-run", description: "What would happen" },
  ]),
)

export const importUsersConfig = {
  file: Argument.String("file").pipe(
    Argument.withDescription(
      "A CSV file with the columns username, email and optionally firstname, lastname, role, groups (ids or titles separated by ;), password",
    ),
  ),
  dryRun,
  concurrency: concurrency(4),
}

const importUsers = Command.make("import", importUsersConfig, (input) =>
  load(
    () => import("../run/users.ts"),
    (run) => run.importUsers(input),
  ),
).pipe(
  Command.withDescription(
    "Create or update accounts from a CSV file: one result per row; run it again and done rows are left unchanged",
  ),
  Command.withExamples([
    { command: "arcgis-portal users import users.csv --dry-run", description: "What would be created and changed" },
    {
      command: "arcgis-portal users import users.csv",
      description: "Do it; re-run the same file after fixing failed rows",
    },
  ]),
)

const usersCommand = Command.make("users").pipe(
  Command.withDescription("Accounts: list, create, disable, enable, reset, delete, import from CSV"),
  Command.withExamples([
    { command: "arcgis-portal users import users.csv --dry-run", description: "Plan a bulk provisioning" },
  ]),
  Command.withSubcommands([list, create, toggle("disable"), toggle("enable"), reset, remove, importUsers]),
)

export const commands = [command(usersCommand)] as const
