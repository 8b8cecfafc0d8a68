/**
 * `datastores list|validate|add-folder`: data stores registered with the portal's federated server.
 * The implementation is in `../run/datastores.ts`, loaded when a datastores command runs.
 */
import { Argument, Command, Flag } from "effect/cli"
import { command, load } from "./common.ts"

const serverFlag = Flag.String("server").pipe(
  Flag.withDescription("Which federated server: its id, URL or role (default: the hosting server)"),
  Flag.optional,
)

export const listConfig = {
  server: serverFlag,
  type: Flag.String("type").pipe(
    Flag.withDescription("Only this type: folder, egdb, bigDataFileShare…"),
    Flag.optional,
  ),
}

const list = Command.make("list", listConfig, (input) =>
  load(
    () => import("../run/datastores.ts"),
    (run) => run.list(input),
  ),
).pipe(
  Command.withDescription("List the data stores registered with the federated server"),
  Command.withExamples([
    { command: "arcgis-portal datastores list", description: "Every data store of the hosting server" },
    { command: "arcgis-portal datastores list --type folder --json", description: "Folders only, as JSON" },
  ]),
)

export const validateConfig = {
  path: Argument.String("path").pipe(
    Argument.withDescription("One data store's path, e.g. /fileShares/rasters (default: all of them)"),
    Argument.optional,
  ),
  server: serverFlag,
}

const validate = Command.make("validate", validateConfig, (input) =>
  load(
    () => import("../run/datastores.ts"),
    (run) => run.validate(input),
  ),
).pipe(
  Command.withDescription("Check that the server can reach a data store (or every one); exit 1 when not"),
  Command.withExamples([
    { command: "arcgis-portal datastores validate", description: "All of them" },
    { command: "arcgis-portal datastores validate /fileShares/rasters", description: "One" },
  ]),
)

export const addFolderConfig = {
  name: Argument.String("name").pipe(Argument.withDescription("The data store's name (no slashes)")),
  serverPath: Argument.String("server-path").pipe(
    Argument.withDescription("The folder as the server sees it, e.g. \\\\fileserver\\rasters"),
  ),
  clientPath: Flag.String("client-path").pipe(
    Flag.withDescription("The same folder as publishers see it, when different"),
    Flag.optional,
  ),
  server: serverFlag,
}

const addFolder = Command.make("add-folder", addFolderConfig, (input) =>
  load(
    () => import("../run/datastores.ts"),
    (run) => run.addFolder(input),
  ),
).pipe(
  Command.withDescription("Register a shared folder with the federated server"),
  Command.withExamples([
    { command: "arcgis-portal datastores add-folder rasters '\\\\fileserver\\rasters'", description: "A file share" },
  ]),
)

const datastores = Command.make("datastores").pipe(
  Command.withDescription("Data stores of the federated server: list, validate, add-folder"),
  Command.withExamples([
    { command: "arcgis-portal datastores validate", description: "Can the server reach every data store?" },
  ]),
  Command.withSubcommands([list, validate, addFolder]),
)

export const commands = [command(datastores)] as const
