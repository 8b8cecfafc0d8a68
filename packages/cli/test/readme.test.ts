import { readFileSync } from "node:fs"
import type { Command } from "effect/cli"
import { describe, expect, it } from "vitest"
import { command } from "../src/Cli.ts"
import { begin, end, reference, splice } from "../src/internal/docs.ts"

const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8")

const walk = (node: Command.Command.Any, path: ReadonlyArray<string>): Array<[string, Command.Command.Any]> => [
  [path.join(" "), node],
  ...node.subcommands.flatMap((group) => group.commands).flatMap((child) => walk(child, [...path, child.name])),
]

describe("README", () => {
  it("holds the command reference generated from the command definitions (run: node scripts/readme.ts)", () => {
    expect(readme.includes(begin) && readme.includes(end)).toBe(true)
    expect(splice(readme, reference(command))).toBe(readme)
  })

  it("documents every command, and every command has a description and an example for --help", () => {
    for (const [path, node] of walk(command, ["arcgis-portal"])) {
      expect(node.description, path).toBeTruthy()
      expect(node.examples.length, path).toBeGreaterThan(0)
      if (node !== command) expect(readme, path).toContain(`### \`${path}\``)
    }
  })

  it("its first screen is a five-line session", () => {
    const session = /```sh\n((?:arcgis-portal .*\n){5})```/.exec(readme)
    expect(session?.[1]?.split("\n").filter((line) => line !== "")).toHaveLength(5)
  })
})
