/**
 * `roles list|create|privileges`: the organization's custom roles and what they allow.
 * The implementation is in `../run/roles.ts`, loaded when a roles command runs.
 */
import { Argument, Command, Flag } from "effect/cli"
import { command, load } from "./common.ts"

export const listConfig = {}

const list = Command.make("list", listConfig, (input) =>
  load(
    () => import("../run/roles.ts"),
    (run) => run.list(input),
  ),
).pipe(
  Command.withDescription("List the organization's custom roles"),
  Command.withExamples([{ command: "arcgis-portal roles list", description: "Every custom role" }]),
)

const privilegesFlag = Flag.String("privileges").pipe(
  Flag.withDescription('Comma-separated privileges, e.g. "portal:user:createItem,portal:user:shareToGroup"'),
  Flag.optional,
)

export const createConfig = {
  name: Argument.String("name").pipe(Argument.withDescription("The role's name (unique in the organization)")),
  description: Flag.String("description").pipe(Flag.withDescription("What the role is for"), Flag.withDefault("")),
  privileges: privilegesFlag,
}

const create = Command.make("create", createConfig, (input) =>
  load(
    () => import("../run/roles.ts"),
    (run) => run.create(input),
  ),
).pipe(
  Command.withDescription(
    "Create a custom role, optionally with its privileges (an existing name is reported, not duplicated)",
  ),
  Command.withExamples([
    {
      command:
        'arcgis-portal roles create "Field editor" --description "Edits field data" --privileges features:user:edit,portal:user:joinGroup',
      description: "A role with two privileges",
    },
  ]),
)

export const privilegesConfig = {
  role: Argument.String("role").pipe(Argument.withDescription("The role, by id or name")),
  set: Flag.String("set").pipe(
    Flag.withMetavar("privileges"),
    Flag.withDescription("Replace the role's privileges with these (comma-separated)"),
    Flag.optional,
  ),
}

const privileges = Command.make("privileges", privilegesConfig, (input) =>
  load(
    () => import("../run/roles.ts"),
    (run) => run.privileges(input),
  ),
).pipe(
  Command.withDescription("Show a role's privileges, or replace them with --set"),
  Command.withExamples([
    { command: 'arcgis-portal roles privileges "Field editor"', description: "What the role allows" },
    {
      command: 'arcgis-portal roles privileges "Field editor" --set features:user:edit,portal:user:viewOrgItems',
      description: "Replace them",
    },
  ]),
)

const roles = Command.make("roles").pipe(
  Command.withDescription("Custom roles: list, create, privileges"),
  Command.withExamples([{ command: "arcgis-portal roles list", description: "Every custom role" }]),
  Command.withSubcommands([list, create, privileges]),
)

export const commands = [command(roles)] as const
