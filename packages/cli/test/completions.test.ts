import { execFileSync } from "node:child_process"
import { writeFileSync } from "node:fs"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { run, temporaryDirectory } from "./helpers.ts"

let home: ReturnType<typeof temporaryDirectory>
beforeAll(() => {
  home = temporaryDirectory("cli-completions-")
})
afterAll(() => home?.cleanup())

const topLevel = [
  "login",
  "logout",
  "whoami",
  "profiles",
  "search",
  "item",
  "users",
  "groups",
  "bulk",
  "roles",
  "datastores",
  "resources",
  "emulator",
  "completions",
]

/** What bash's completion offers for a command line typed so far (the script sourced in a fresh bash). */
const bashComplete = (script: string, words: ReadonlyArray<string>) => {
  const path = join(home.path, "completion.bash")
  writeFileSync(path, script)
  const line = words.join(" ")
  const program = [
    `source ${JSON.stringify(path)}`,
    `COMP_LINE=${JSON.stringify(line)}`,
    `COMP_WORDS=(${words.map((word) => JSON.stringify(word)).join(" ")})`,
    `COMP_CWORD=${words.length - 1}`,
    // biome-ignore lint/suspicious/noTemplateCurlyInString: bash, not a template
    "COMP_POINT=${#COMP_LINE}",
    "_arcgis_portal",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: bash, not a template
    'printf "%s\\n" "${COMPREPLY[@]}"',
  ].join("\n")
  return execFileSync("bash", ["-c", program], { encoding: "utf8" })
    .split("\n")
    .filter((entry) => entry !== "")
}

describe("shell completions", () => {
  it("bash completes commands, subcommands and flags", async () => {
    const result = await run(["completions", "bash"], { home: home.path })
    expect(result.code).toBe(0)
    expect(bashComplete(result.stdout, ["arcgis-portal", ""]).sort()).toEqual(expect.arrayContaining(topLevel))
    expect(bashComplete(result.stdout, ["arcgis-portal", "it"])).toEqual(["item"])
    expect(bashComplete(result.stdout, ["arcgis-portal", "item", "sh"])).toEqual(["share"])
    expect(bashComplete(result.stdout, ["arcgis-portal", "users", "import", "x.csv", "--dr"])).toEqual(["--dry-run"])
    expect(bashComplete(result.stdout, ["arcgis-portal", "bulk", "share", "--gr"])).toEqual(["--group"])
  })

  it("zsh and fish scripts name every command; the global --completions flag gives the same script", async () => {
    for (const shell of ["zsh", "fish"]) {
      const result = await run(["completions", shell], { home: home.path })
      expect(result.code).toBe(0)
      for (const name of topLevel) expect(result.stdout, `${shell}: ${name}`).toMatch(new RegExp(`['"]?${name}[:'"]`))
      const viaFlag = await run([`--completions`, shell], { home: home.path })
      expect(viaFlag.stdout).toBe(result.stdout)
    }
    expect((await run(["completions", "powershell"], { home: home.path })).code).toBe(2)
  })
})
