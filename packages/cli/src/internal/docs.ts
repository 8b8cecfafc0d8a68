/**
 * The command reference of the package README, generated from the command tree itself — descriptions, arguments,
 * flags and examples are written once, in the command definitions, and `--help`, completions and this reference all
 * come from them. `scripts/readme.ts` writes it between two markers of README.md; a test fails when it is stale.
 */
import { Command, Completions } from "effect/cli"
import * as GlobalFlags from "./global-flags.ts"

/** The markers around the generated part of README.md. */
export const begin =
  "<!-- BEGIN GENERATED COMMAND REFERENCE (npx -y pnpm@12.21.0 --filter @arcgis-portal/cli readme) -->"
export const end = "<!-- END GENERATED COMMAND REFERENCE -->"

const metavarOf = (type: Completions.FlagType | Completions.ArgumentType): string => {
  switch (type._tag) {
    case "Boolean":
      return ""
    case "Int":
      return " <n>"
    case "Finite":
      return " <number>"
    case "Date":
      return " <date>"
    case "Choice":
      return ` <${type.values.join("|")}>`
    case "Path":
      return " <path>"
    default:
      return " <value>"
  }
}

const cell = (text: string) => text.replaceAll("|", "\\|").replace(/\s*\n\s*/g, " ")

const flagTable = (flags: ReadonlyArray<Completions.FlagDescriptor>): ReadonlyArray<string> =>
  flags.length === 0
    ? []
    : [
        "| flag | |",
        "|---|---|",
        ...flags.map((flag) => {
          const names = [
            `--${flag.name}`,
            ...flag.aliases.map((alias) => (alias.length === 1 ? `-${alias}` : `--${alias}`)),
          ]
          return `| \`${names.join(", ")}${metavarOf(flag.type)}\` | ${cell(flag.description ?? "")} |`
        }),
      ]

const usageOf = (path: ReadonlyArray<string>, descriptor: Completions.CommandDescriptor, hasSubcommands: boolean) => {
  const parts = [...path]
  if (hasSubcommands) parts.push("<command>")
  if (descriptor.flags.length > 0) parts.push("[flags]")
  for (const argument of descriptor.arguments) {
    const name = `<${argument.name}>${argument.variadic ? "..." : ""}`
    parts.push(argument.required ? name : `[${name}]`)
  }
  return parts.join(" ")
}

const section = (command: Command.Command.Any, path: ReadonlyArray<string>): ReadonlyArray<string> => {
  const descriptor = Completions.fromCommand(command)
  const subcommands = command.subcommands.flatMap((group) => group.commands).filter((entry) => !entry.unlisted)
  const lines: Array<string> = [`### \`${path.join(" ")}\``, ""]
  if (command.description !== undefined) lines.push(cell(command.description), "")
  lines.push("```text", usageOf(path, descriptor, subcommands.length > 0), "```", "")
  if (descriptor.arguments.length > 0) {
    lines.push("| argument | |", "|---|---|")
    for (const argument of descriptor.arguments)
      lines.push(
        `| \`${argument.name}\`${argument.required ? "" : " (optional)"} | ${cell(argument.description ?? "")} |`,
      )
    lines.push("")
  }
  const table = flagTable(descriptor.flags)
  if (table.length > 0) lines.push(...table, "")
  if (command.examples.length > 0) {
    lines.push("```sh")
    for (const example of command.examples) {
      if (example.description !== undefined) lines.push(`# ${example.description}`)
      lines.push(example.command)
    }
    lines.push("```", "")
  }
  const result = [lines]
  for (const subcommand of subcommands) result.push([...section(subcommand, [...path, subcommand.name])])
  return result.flat()
}

/** The global flags, described by their own definitions. */
const globalFlags = (): ReadonlyArray<string> => {
  const holder = Command.make("globals", {
    portal: GlobalFlags.PortalUrl.flag,
    profile: GlobalFlags.ProfileName.flag,
    json: GlobalFlags.Json.flag,
    ndjson: GlobalFlags.Ndjson.flag,
    verbose: GlobalFlags.Verbose.flag,
  })
  return flagTable(Completions.fromCommand(holder).flags)
}

/** The whole reference: global flags, exit codes, then every command, depth first, in the order of `--help`. */
export const reference = (root: Command.Command.Any): string => {
  const commands = root.subcommands.flatMap((group) => group.commands).filter((entry) => !entry.unlisted)
  const lines: Array<string> = [
    begin,
    "",
    "## Command reference",
    "",
    "Every command also takes these flags, anywhere on the line, and `--help`, `--version` and `--completions <bash|zsh|fish>`:",
    "",
    ...globalFlags(),
    "",
    "Exit codes: `0` done · `1` failed (the portal or the network refused something, or part of a batch failed) · `2` usage (a wrong flag or argument, a malformed CSV, a missing `--yes` with no terminal to ask on) · `3` auth (not signed in, or the credentials were refused) · `130` interrupted.",
    "",
    `Commands: ${commands.map((command) => `\`${command.name}\``).join(", ")}.`,
    "",
  ]
  for (const command of commands) lines.push(...section(command, [root.name, command.name]))
  lines.push(end)
  return `${lines.join("\n")}\n`
}

/** `readme` with its generated part replaced by `generated` (appended when the markers are missing). */
export const splice = (readme: string, generated: string): string => {
  const start = readme.indexOf(begin)
  const stop = readme.indexOf(end)
  if (start < 0 || stop < start) return `${readme.trimEnd()}\n\n${generated}`
  return `${readme.slice(0, start)}${generated}${readme.slice(stop + end.length).replace(/^\n/, "")}`
}
