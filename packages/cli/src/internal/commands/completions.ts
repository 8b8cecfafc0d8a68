/**
 * `completions <shell>`: the shell completion script of the whole command tree (the same as the global
 * `--completions <shell>` flag of `effect/cli`), for bash, zsh and fish.
 */

import { Argument, Command, Completions } from "effect/cli"
import * as Effect from "effect/Effect"
import { command } from "./common.ts"

const installation = {
  bash: "arcgis-portal completions bash >> ~/.bashrc",
  zsh: "arcgis-portal completions zsh > ~/.zsh/completions/_arcgis-portal (a directory on your fpath)",
  fish: "arcgis-portal completions fish > ~/.config/fish/completions/arcgis-portal.fish",
} as const

const completions = Command.make(
  "completions",
  {
    shell: Argument.Literals("shell", ["bash", "zsh", "fish"]).pipe(Argument.withDescription("bash, zsh or fish")),
  },
  (input) =>
    Effect.gen(function* () {
      // The tree this command is part of, loaded when it runs.
      const { command: root } = yield* Effect.promise(() => import("../../Cli.ts"))
      const script = Completions.generate(root.name, input.shell, Completions.fromCommand(root))
      yield* Effect.sync(() => process.stdout.write(`${script}\n`))
    }),
).pipe(
  Command.withDescription("Print the shell completion script for bash, zsh or fish"),
  Command.withExamples([
    { command: installation.bash, description: "bash" },
    { command: installation.zsh, description: "zsh" },
    { command: installation.fish, description: "fish" },
  ]),
)

export const commands = [command(completions)] as const
