import { mkdirSync, readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import type { EmulatorHandle } from "@arcgis-portal/emulator"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { json, rest, run, signIn, startPortal, temporaryDirectory } from "./helpers.ts"

let emulator: EmulatorHandle
let home: ReturnType<typeof temporaryDirectory>

beforeAll(async () => {
  emulator = await startPortal()
  home = temporaryDirectory("cli-admin-")
  await signIn(emulator, home.path, "admin")
  await signIn(emulator, home.path, "publisher", "publisher")
})
afterAll(async () => {
  await emulator?.stop()
  home?.cleanup()
})

const cli = (args: ReadonlyArray<string>, profile?: string) =>
  run(args, { home: home.path, env: { ARCGIS_PROFILE: profile } })

describe("roles", () => {
  it("create with privileges, list, read and replace the privileges; the same name twice creates nothing", async () => {
    const created = await cli([
      "roles",
      "create",
      "Field editor",
      "--description",
      "Edits field data",
      "--privileges",
      "features:user:edit,portal:user:joinGroup",
      "--json",
    ])
    expect(created.code).toBe(0)
    const role = json<{ id: string; name: string; created: boolean }>(created)
    expect(role).toMatchObject({ name: "Field editor", created: true })
    const listed = json<Array<{ id: string; name: string }>>(await cli(["roles", "list", "--json"]))
    expect(listed.map((entry) => entry.name)).toContain("Field editor")
    expect(json(await cli(["roles", "privileges", "field editor", "--json"]))).toEqual([
      "features:user:edit",
      "portal:user:joinGroup",
    ])
    const replaced = await cli(["roles", "privileges", role.id, "--set", "portal:user:viewOrgItems", "--json"])
    expect(json(replaced)).toEqual(["portal:user:viewOrgItems"])
    const portal = await rest<{ privileges: Array<string> }>(
      emulator,
      "admin",
      `portals/self/roles/${role.id}/privileges`,
    )
    expect(portal.privileges).toEqual(["portal:user:viewOrgItems"])
    const again = await cli(["roles", "create", "FIELD EDITOR", "--json"])
    expect(json(again)).toMatchObject({ id: role.id, created: false })
  })

  it("only default administrators create roles: the portal's refusal is one line, exit 1", async () => {
    const refused = await cli(["roles", "create", "Not allowed"], "publisher")
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(/^arcgis-portal: .*\(code 403/)
    expect(refused.stderr.trim().split("\n")).toHaveLength(1)
  })
})

describe("datastores", () => {
  it("add-folder registers, list shows it, validate checks it (exit 1 when the server cannot reach it)", async () => {
    const share = join(home.path, "share")
    mkdirSync(share)
    const added = await cli(["datastores", "add-folder", "rasters", share])
    expect(added.code).toBe(0)
    expect(added.stdout).toContain("Registered /fileShares/rasters")
    const again = await cli(["datastores", "add-folder", "rasters", share, "--json"])
    expect(["exists", "success"]).toContain(json<{ status: string }>(again).status)
    const listed = json<Array<{ path: string; type: string }>>(await cli(["datastores", "list", "--json"]))
    expect(listed).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: "/fileShares/rasters", type: "folder" })]),
    )
    const valid = await cli(["datastores", "validate", "/fileShares/rasters", "--json"])
    expect(valid.code).toBe(0)
    expect(json(valid)).toEqual({ path: "/fileShares/rasters", valid: true })
    expect((await cli(["datastores", "validate"])).code).toBe(0)

    await cli(["datastores", "add-folder", "gone", join(home.path, "no-such-directory")])
    const invalid = await cli(["datastores", "validate", "/fileShares/gone"])
    expect(invalid.code).toBe(1)
    expect(invalid.stderr).toContain("is not accessible from the server")
    expect((await cli(["datastores", "validate", "/fileShares/nothing-here"])).code).toBe(1)
  })
})

describe("resources", () => {
  it("add, list, get and remove an item's files", async () => {
    const [item] = json<Array<{ id: string }>>(await cli(["search", 'title:"City Parks"', "--json"], "publisher"))
    if (item === undefined) throw new Error("the seeded web map is missing")
    const file = join(home.path, "config.json")
    writeFileSync(file, '{"theme":"dark"}')
    const added = await cli(["resources", "add", item.id, file, "--folder", "app"], "publisher")
    expect(added.stderr).toBe("")
    expect(added.code).toBe(0)
    expect(added.stdout).toContain('Added app/config.json (16 B) to "City Parks"')
    const listed = json<Array<{ resource: string; size: number }>>(
      await cli(["resources", "list", item.id, "--json"], "publisher"),
    )
    expect(listed).toEqual([expect.objectContaining({ resource: "app/config.json", size: 16 })])
    const target = join(home.path, "copy.json")
    expect((await cli(["resources", "get", item.id, "app/config.json", "-o", target], "publisher")).code).toBe(0)
    expect(readFileSync(target, "utf8")).toBe('{"theme":"dark"}')
    expect((await cli(["resources", "remove", item.id, "app/config.json"], "publisher")).code).toBe(2)
    expect((await cli(["resources", "remove", item.id, "app/config.json", "--yes"], "publisher")).code).toBe(0)
    expect(json(await cli(["resources", "list", item.id, "--json"], "publisher"))).toEqual([])
    const missing = await cli(["resources", "get", item.id, "app/config.json", "-o", target], "publisher")
    expect(missing.code).toBe(1)
  })
})
