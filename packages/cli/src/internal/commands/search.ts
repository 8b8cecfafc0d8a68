/** `search <query>`: items, streamed page by page as the portal answers. */
import { Argument, Command, Flag } from "effect/cli"
import { command, concurrency, load } from "./common.ts"

export const searchConfig = {
  query: Argument.String("query").pipe(
    Argument.withDescription('The portal\'s search syntax: words, title:parks, tags:"water", owner:me…'),
  ),
  type: Flag.String("type").pipe(Flag.withDescription('Only items of this type ("Web Map", "CSV"…)'), Flag.optional),
  owner: Flag.String("owner").pipe(Flag.withDescription("Only items of this owner"), Flag.optional),
  max: Flag.Int("max").pipe(
    Flag.withDescription("At most this many results (default: all)"),
    Flag.filter(
      (value) => value > 0,
      (value) => `--max must be positive, not ${value}`,
    ),
    Flag.optional,
  ),
  sort: Flag.String("sort").pipe(
    Flag.withMetavar("field[:asc|desc]"),
    Flag.withDescription("Sort by title, modified, created, type, owner, numViews… (default: relevance)"),
    Flag.optional,
  ),
  outsideOrg: Flag.Boolean("outside-org").pipe(
    Flag.withDescription("Also return public items of other organizations"),
    Flag.withDefault(false),
  ),
  concurrency: concurrency(2),
}

const search = Command.make("search", searchConfig, (input) =>
  load(
    () => import("../run/search.ts"),
    (run) => run.search(input),
  ),
).pipe(
  Command.withDescription("Search items; results are printed as each page arrives"),
  Command.withExamples([
    { command: 'arcgis-portal search "parks" --type "Web Map" --max 20', description: "Twenty web maps about parks" },
    {
      command: "arcgis-portal search 'tags:inspection' --owner jsmith --sort modified:desc --ndjson",
      description: "One JSON line per item, newest first, as the pages arrive",
    },
  ]),
)

export const commands = [command(search)] as const
