/**
 * The `arcgis-portal` command tree, built with `effect/cli`: every command, flag, argument, description and example
 * is declared once here, and `--help`, shell completions (`--completions bash|zsh|fish`) and the package README's
 * command reference are all generated from it.
 *
 * @module
 */
import { Command } from "effect/cli"
import { commands as bulk } from "./internal/commands/bulk.ts"
import { commands as clone } from "./internal/commands/clone.ts"
import { commands as completions } from "./internal/commands/completions.ts"
import { commands as datastores } from "./internal/commands/datastores.ts"
import { commands as emulator } from "./internal/commands/emulator.ts"
import { commands as groups } from "./internal/commands/groups.ts"
import { commands as item } from "./internal/commands/item.ts"
import { commands as signIn } from "./internal/commands/login.ts"
import { commands as resources } from "./internal/commands/resources.ts"
import { commands as roles } from "./internal/commands/roles.ts"
import { commands as search } from "./internal/commands/search.ts"
import { commands as users } from "./internal/commands/users.ts"
import * as GlobalFlags from "./internal/global-flags.ts"
import * as Output from "./internal/output.ts"

/**
 * The root command, `arcgis-portal`, with every subcommand. Run it with `run` (below) or with `effect/cli`'s
 * `Command.run` and the Node platform layers.
 *
 * @example
 * import { Cli } from "@arcgis-portal/cli"
 * import { Command } from "effect/cli"
 * const tree = Command.getSubcommands?.(Cli.command)
 */
export const command: Command.Command<"arcgis-portal", {}, {}, unknown, Command.Environment> = Command.make(
  "arcgis-portal",
).pipe(
  Command.withDescription(
    "The command line for ArcGIS Online and ArcGIS Enterprise portal administrators. Exit codes: 0 done, 1 failed, 2 usage, 3 auth.",
  ),
  Command.withExamples([
    {
      command: "arcgis-portal login --portal https://org.maps.arcgis.com --username jsmith",
      description: "Sign in once",
    },
    { command: 'arcgis-portal search "parks" --type "Web Map"', description: "Then work" },
  ]),
  Command.withSubcommands([
    ...signIn,
    ...search,
    ...item,
    ...users,
    ...groups,
    ...bulk,
    ...clone,
    ...roles,
    ...datastores,
    ...resources,
    ...emulator,
    ...completions,
  ]),
  Command.provide(Output.layer),
  Command.withGlobalFlags(GlobalFlags.all),
)

export { run } from "./internal/main.ts"
