/**
 * The one-command runs of the README: `node src/with-emulator.ts <script> ...` starts its own emulator with the demo
 * data, runs the script as the seeded administrator and exits with the script's code. Each run has its own emulator,
 * so the five run side by side.
 */
import { describe, expect, it } from "vitest"
import { parseCsv } from "../src/internal/cli.ts"
import { expectExit, run, secretLeaks } from "./helpers.ts"

const launch = (args: ReadonlyArray<string>) => run("with-emulator", args, {})

describe("with-emulator", () => {
  it("runs each script of the README against a fresh emulator with demo data, in one command", async () => {
    const [provision, inventory, transfer, audit, stale] = await Promise.all([
      launch(["provision-users", "--", "--csv", "sample/users.csv", "--dry-run"]),
      launch(["content-inventory"]),
      launch(["transfer-ownership", "--from", "dana_departing", "--to", "user_one"]),
      launch(["sharing-audit", "--level", "public"]),
      launch(["stale-items", "--days", "365"]),
    ])
    for (const result of [provision, inventory, transfer, audit, stale]) {
      expectExit(result, 0)
      expect(result.stderr).toMatch(/^Portal emulator at http:\/\/127\.0\.0\.1:\d+\/portal \(seeded org \+ demo data/)
    }
    expect(provision.stdout).toMatch(
      /^line 2 +would create +jsmith_gis +role Publisher; type creatorUT; groups Field Operations, Survey Crew$/m,
    )
    expect(provision.stdout).toMatch(
      /^line 5 +would update +user_one +role Publisher; groups \+Survey Crew, \+Field Operations$/m,
    )
    const rows = parseCsv(inventory.stdout)
    expect(rows).toHaveLength(1 + 13)
    expect(rows.find((row) => row[1] === 'Parks, "North" district')?.slice(2, 7)).toEqual([
      "CSV",
      "dana_departing",
      "",
      "org",
      "",
    ])
    expect(transfer.stdout).toContain("5 of 5 items moved, 0 failed.")
    expect(audit.stdout).toContain("2 items shared beyond groups (2 public, 0 org) of 2 owners.")
    expect(stale.stdout).toContain(
      "4 stale items (not modified for 365 days): 3 would be deleted, 1 protected and kept.",
    )
  })

  it("without a script, or with an unknown one, prints the usage and exits 2", async () => {
    const [none, unknown, help] = await Promise.all([launch([]), launch(["delete-everything"]), launch(["--help"])])
    expectExit(none, 2)
    expect(none.stdout).toContain("Usage: node src/with-emulator.ts <script>")
    expectExit(unknown, 2)
    expect(unknown.stderr).toContain("no script 'delete-everything'")
    expectExit(help, 0)
  })

  it("no password of the emulator's accounts appears in any output", () => {
    expect(secretLeaks(["admin-pass-local", "publisher-pass-local", "user-pass-local", "viewer-pass-local"])).toEqual(
      [],
    )
  })
})
