/**
 * `resources list|add|get|remove`: files attached to an item.
 * The implementation is in `../run/resources.ts`, loaded when a resources command runs.
 */
import { Argument, Command, Flag } from "effect/cli"
import { command, load, yes } from "./common.ts"

const itemId = Argument.String("item-id").pipe(Argument.withDescription("The item's id"))
const resourcePath = Argument.String("resource").pipe(
  Argument.withDescription("The resource's path under the item, e.g. images/logo.png"),
)

export const listConfig = { id: itemId }

const list = Command.make("list", listConfig, (input) =>
  load(
    () => import("../run/resources.ts"),
    (run) => run.list(input),
  ),
).pipe(
  Command.withDescription("List an item's resource files"),
  Command.withExamples([
    { command: "arcgis-portal resources list 9f1e2d3c4b5a69788796a5b4c3d2e1f0", description: "Its files" },
  ]),
)

export const addConfig = {
  id: itemId,
  file: Argument.String("file").pipe(Argument.withDescription("The file to attach")),
  folder: Flag.String("folder").pipe(Flag.withDescription("Put it under this folder, e.g. images/2024"), Flag.optional),
  name: Flag.String("name").pipe(Flag.withDescription("Store it under this name (default: the file's)"), Flag.optional),
}

const add = Command.make("add", addConfig, (input) =>
  load(
    () => import("../run/resources.ts"),
    (run) => run.add(input),
  ),
).pipe(
  Command.withDescription("Attach a file to an item as a resource"),
  Command.withExamples([
    {
      command: "arcgis-portal resources add 9f1e2d3c4b5a69788796a5b4c3d2e1f0 logo.png --folder images",
      description: "Stored as images/logo.png",
    },
  ]),
)

export const getConfig = {
  id: itemId,
  resource: resourcePath,
  output: Flag.String("output").pipe(
    Flag.withAlias("o"),
    Flag.withDescription("The file to write (default: the resource's name, here)"),
    Flag.optional,
  ),
}

const get = Command.make("get", getConfig, (input) =>
  load(
    () => import("../run/resources.ts"),
    (run) => run.get(input),
  ),
).pipe(
  Command.withDescription("Download one of an item's resource files"),
  Command.withExamples([
    {
      command: "arcgis-portal resources get 9f1e2d3c4b5a69788796a5b4c3d2e1f0 images/logo.png -o logo.png",
      description: "Save it as logo.png",
    },
  ]),
)

export const removeConfig = { id: itemId, resource: resourcePath, yes }

const remove = Command.make("remove", removeConfig, (input) =>
  load(
    () => import("../run/resources.ts"),
    (run) => run.remove(input),
  ),
).pipe(
  Command.withDescription("Remove a resource file from an item (asks first; --yes in scripts)"),
  Command.withExamples([
    {
      command: "arcgis-portal resources remove 9f1e2d3c4b5a69788796a5b4c3d2e1f0 images/logo.png --yes",
      description: "Without asking",
    },
  ]),
)

const resources = Command.make("resources").pipe(
  Command.withDescription("Files attached to items: list, add, get, remove"),
  Command.withExamples([
    { command: "arcgis-portal resources list 9f1e2d3c4b5a69788796a5b4c3d2e1f0", description: "An item's files" },
  ]),
  Command.withSubcommands([list, add, get, remove]),
)

export const commands = [command(resources)] as const
