// A portal URL with a user name or password in it, given to every command that takes a portal URL in every way it
// takes one — `--portal`, `ARCGIS_PORTAL`, a saved profile's url, `clone --from` (a URL or a profile) — is refused
// as a usage error (exit code 2), the password shown nowhere, and nothing is sent. The commands come from the command
// tree itself: a command added without sample arguments here fails the first test. The URLs point at a running
// emulator, so a command that used one would reach it.
import { writeFileSync } from "node:fs"
import { join } from "node:path"
import { Profiles } from "@arcgis-portal/auth-token/node"
import type { EmulatorHandle } from "@arcgis-portal/emulator"
import type { Command } from "effect/cli"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { command } from "../src/Cli.ts"
import { type Result, run, startPortal, temporaryDirectory } from "./helpers.ts"

const secret = "Pw4ThisTestOnly7x"
const username = "leaky_user"
const item = "0123456789abcdef0123456789abcdef"

let emulator: EmulatorHandle
let home: ReturnType<typeof temporaryDirectory>
/** The emulator's URL with a user name and password inserted, in the ways people write them. */
let leakyUrls: ReadonlyArray<string>

/** Every command that runs something (no subcommands), by its path: `item get`, `clone`… */
const leaves = (node: Command.Command.Any, path: ReadonlyArray<string> = []): Array<string> => {
  const children = node.subcommands.flatMap((group) => group.commands)
  if (children.length === 0) return [path.join(" ")]
  return children.flatMap((child) => leaves(child, [...path, child.name]))
}

/** Commands that take no portal URL at all: the local emulator and the shell completion scripts. */
const takesNoPortal = new Set(["emulator", "completions"])

/**
 * Arguments each command accepts up to the point where it connects (an item id that is one, files that exist, the
 * flags its own checks ask for), so that what refuses it in the tests below is the portal URL and nothing else.
 */
const samples = (directory: string): Record<string, ReadonlyArray<string>> => ({
  login: ["--username", "someone", "--password-stdin"],
  logout: [],
  whoami: [],
  "profiles list": [],
  search: ["parks"],
  "item get": [item],
  "item add": [join(directory, "parks.csv"), "--title", "Parks"],
  "item update": [item, "--title", "Parks"],
  "item download": [item, "--output", join(directory, "download.bin")],
  "item share": [item, "--org"],
  "item unshare": [item, "--org"],
  "item move": [item, "Archive"],
  "item delete": [item, "--yes"],
  "item protect": [item],
  "users list": [],
  "users create": [
    "new_user",
    "--email",
    "new@example.com",
    "--first-name",
    "New",
    "--last-name",
    "User",
    "--no-password",
  ],
  "users disable": ["someone"],
  "users enable": ["someone"],
  "users reset": ["someone", "--password-stdin"],
  "users delete": ["someone", "--yes"],
  "users import": [join(directory, "users.csv")],
  "groups list": [],
  "groups create": ["Crews"],
  "groups add": ["Crews", "someone"],
  "groups remove": ["Crews", "someone"],
  "groups sync": ["Crews", join(directory, "members.csv"), "--yes"],
  "bulk share": ["--query", "parks", "--org", "--yes"],
  "bulk delete": ["--query", "parks", "--yes"],
  "bulk move": ["--query", "parks", "--folder", "Archive", "--yes"],
  clone: [item, "--from", "https://source.invalid/portal", "--yes"],
  "roles list": [],
  "roles create": ["Editors"],
  "roles privileges": ["Editors"],
  "datastores list": [],
  "datastores validate": [],
  "datastores add-folder": ["share", "/data/share"],
  "resources list": [item],
  "resources add": [item, join(directory, "parks.csv")],
  "resources get": [item, "notes.txt", "--output", join(directory, "notes.txt")],
  "resources remove": [item, "notes.txt", "--yes"],
})

beforeAll(async () => {
  emulator = await startPortal()
  home = temporaryDirectory("cli-portal-url-")
  writeFileSync(join(home.path, "parks.csv"), "name\nRiverside\n")
  writeFileSync(join(home.path, "users.csv"), "username,email\nnew_user,new@example.com\n")
  writeFileSync(join(home.path, "members.csv"), "username\nsomeone\n")
  const { host, pathname } = new URL(emulator.url)
  leakyUrls = [
    `http://${username}:${secret}@${host}${pathname}`,
    `http://:${secret}@${host}${pathname}/home/`,
    `HTTP://${username.toUpperCase()}:${secret}@${host.toUpperCase()}${pathname}`,
  ]
  // A profile whose url carries the password (profiles.json edited by hand): the CLI's own login never writes one.
  await Effect.runPromise(
    Profiles.save(
      "leaky",
      { url: leakyUrls[0] ?? "", auth: "apiKey", username, secret: Redacted.make("an-api-key-for-no-portal") },
      { directory: join(home.path, ".arcgis-portal"), keyring: "off" },
    ),
  )
  emulator.clearRequestLog()
})

afterAll(async () => {
  await emulator?.stop()
  home?.cleanup()
})

/** The run was refused for its portal URL: exit code 2, the refusal on stderr, the password nowhere. */
const expectRefused = (result: Result, origin: string) => {
  expect(result.code, result.stderr).toBe(2)
  expect(result.stderr).toContain(`${origin} carries a user name or password; it is not used and not shown`)
  for (const text of [result.stdout, result.stderr]) {
    expect(text).not.toContain(secret)
    expect(text).not.toContain(username)
    expect(text).not.toContain(username.toUpperCase())
  }
}

const cli = (args: ReadonlyArray<string>, env?: Readonly<Record<string, string>>) =>
  run(args, { home: home.path, env, timeoutMs: 60_000 })

describe("every command that takes a portal URL", () => {
  it("has sample arguments here (the list comes from the command tree)", () => {
    const taking = leaves(command).filter((path) => !takesNoPortal.has(path))
    expect(Object.keys(samples(home.path)).sort()).toEqual(taking.sort())
  })
})

describe.concurrent("refuses a portal URL with a user name or password (exit 2), shows it nowhere", () => {
  const paths = leaves(command).filter((path) => !takesNoPortal.has(path))
  paths.forEach((path, index) => {
    const argv = () => [...path.split(" "), ...(samples(home.path)[path] ?? [])]
    const leaky = () => leakyUrls[index % leakyUrls.length] ?? ""

    it(`${path} --portal`, async () => {
      expectRefused(await cli([...argv(), "--portal", leaky()]), "the portal URL of --portal (or ARCGIS_PORTAL)")
    })

    it(`${path} with ARCGIS_PORTAL`, async () => {
      expectRefused(await cli(argv(), { ARCGIS_PORTAL: leaky() }), "the portal URL of --portal (or ARCGIS_PORTAL)")
    })

    it(`${path} --profile (a saved profile's url)`, async () => {
      expectRefused(await cli([...argv(), "--profile", "leaky"]), 'the portal URL of profile "leaky"')
    })
  })

  it.each([
    ["a URL", () => leakyUrls[0] ?? ""],
    ["a URL with no password, only a user name", () => `http://${username}@${new URL(emulator.url).host}/portal`],
    ["a URL without its scheme", () => (leakyUrls[0] ?? "").replace(/^http:\/\//, "")],
  ])("clone --from %s", async (_, from) => {
    expectRefused(await cli(["clone", item, "--from", from(), "--yes"]), "the portal URL of --from")
  })

  it("clone --from a saved profile whose url carries the password", async () => {
    expectRefused(await cli(["clone", item, "--from", "leaky", "--yes"]), 'the portal URL of profile "leaky"')
  })
})

describe("afterwards", () => {
  it("nothing reached the portal", () => {
    expect(emulator.requestLog()).toEqual([])
  })

  it("login --portal <the URL alone> replaces the profile; its url carries no password after that", async () => {
    const { username: publisher, password } = emulator.accounts.publisher
    const login = await run(
      ["login", "--portal", emulator.url, "--profile", "leaky", "--username", publisher, "--password-stdin"],
      { home: home.path, stdin: password },
    )
    expect(login.code, login.stderr).toBe(0)
    const whoami = await cli(["whoami", "--json", "--profile", "leaky"])
    expect(whoami.code, whoami.stderr).toBe(0)
    expect(JSON.parse(whoami.stdout)).toMatchObject({ username: publisher, portal: emulator.url })
    const list = await cli(["profiles", "list"])
    expect(list.code, list.stderr).toBe(0)
    expect(list.stdout).toContain(emulator.url)
    expect(list.stdout).not.toContain(secret)
  })
})
