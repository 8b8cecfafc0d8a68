import { writeFileSync } from "node:fs"
import { join } from "node:path"
import { DatabaseSync } from "node:sqlite"
import type { EmulatorHandle } from "@arcgis-portal/emulator"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { json, ndjson, run, signIn, startPortal, temporaryDirectory } from "./helpers.ts"

let emulator: EmulatorHandle
let home: ReturnType<typeof temporaryDirectory>
let data: ReturnType<typeof temporaryDirectory>

beforeAll(async () => {
  data = temporaryDirectory("cli-portal-data-")
  emulator = await startPortal({ dataDir: data.path })
  home = temporaryDirectory("cli-users-")
  await signIn(emulator, home.path, "admin")
})
afterAll(async () => {
  await emulator?.stop()
  home?.cleanup()
  data?.cleanup()
})

const cli = (args: ReadonlyArray<string>, options: { stdin?: string; profile?: string } = {}) =>
  run(args, { home: home.path, stdin: options.stdin, env: { ARCGIS_PROFILE: options.profile } })

/** A read-only look at the emulator's own database: what an import really left in the portal. */
const query = <A>(sql: string, ...params: Array<string>): Array<A> => {
  const db = new DatabaseSync(join(data.path, "portal.sqlite"), { readOnly: true })
  try {
    return db.prepare(sql).all(...params) as Array<A>
  } finally {
    db.close()
  }
}

interface UserRow {
  readonly username: string
  readonly email: string
  readonly first_name: string
  readonly last_name: string
  readonly role_id: string
  readonly disabled: number
  readonly modified: number
}

const account = (username: string) =>
  query<UserRow>("SELECT * FROM users WHERE username = ?", username)[0] as UserRow | undefined

const membersOf = (title: string) =>
  query<{ username: string; member_type: string }>(
    "SELECT m.username, m.member_type FROM group_members m JOIN groups g ON g.id = m.group_id WHERE g.title = ? ORDER BY m.username",
    title,
  )

const csv = (name: string, text: string) => {
  const path = join(home.path, name)
  writeFileSync(path, text)
  return path
}

describe("users import", () => {
  const file = () =>
    csv(
      "users.csv",
      [
        "Username,Email,First Name,Last Name,Role,Groups,Password",
        "crew_a,crew.a@example.com,Crew,A,org_user,Field Operations,crew-a-password",
        'crew_b,crew.b@example.com,"Crew, Jr.",B,publisher,Field Operations;Public Maps,crew-b-password',
        "crew_c,crew.c@example.com,Crew,C,viewer,,short",
        "user_one,user_one@example.invalid,user,one,org_publisher,Project Team,",
      ].join("\r\n"),
    )

  it("a dry run plans every row and changes nothing", async () => {
    const result = await cli(["users", "import", file(), "--dry-run", "--json"])
    expect(result.code).toBe(0)
    const { results, summary } = json<{
      results: Array<{ username: string; action: string; changes: string[] }>
      summary: unknown
    }>(result)
    expect(results.map((row) => [row.username, row.action])).toEqual([
      ["crew_a", "would create"],
      ["crew_b", "would create"],
      ["crew_c", "would create"],
      ["user_one", "would update"],
    ])
    expect(results[3]?.changes).toEqual(["role org_user → org_publisher"])
    expect(summary).toMatchObject({ dryRun: true, wouldCreate: 3, wouldUpdate: 1, unchanged: 0 })
    expect(account("crew_a")).toBeUndefined()
    expect(account("user_one")?.role_id).toBe("org_user")
  })

  it("imports with a result per row; a failed row exits 1 and says what to re-run; the re-run is idempotent", async () => {
    const first = await cli(["users", "import", file(), "--ndjson"])
    expect(first.code).toBe(1)
    const rows = ndjson<{ line: number; username: string; action: string; error?: string }>(first)
    expect(rows.map((row) => [row.line, row.username, row.action])).toEqual([
      [2, "crew_a", "created"],
      [3, "crew_b", "created"],
      [4, "crew_c", "failed"],
      [5, "user_one", "updated"],
    ])
    expect(rows[2]?.error).toContain("Invalid password. (code 400")
    expect(first.stderr).toContain("1 failed")
    expect(first.stderr).toContain("Failed rows: lines 4. Fix them and run the same command again")

    // In the portal's own data:
    expect(account("crew_a")).toMatchObject({
      email: "crew.a@example.com",
      first_name: "Crew",
      last_name: "A",
      role_id: "org_user",
    })
    expect(account("crew_b")).toMatchObject({ first_name: "Crew, Jr.", role_id: "org_publisher" })
    expect(account("crew_c")).toBeUndefined()
    expect(account("user_one")?.role_id).toBe("org_publisher")
    expect(membersOf("Field Operations").map((row) => row.username)).toEqual(
      expect.arrayContaining(["crew_a", "crew_b"]),
    )
    expect(membersOf("Public Maps").map((row) => row.username)).toContain("crew_b")
    expect(membersOf("Project Team").map((row) => row.username)).toContain("user_one")
    const before = account("crew_a")?.modified

    // The fixed file: the failed row goes through, the others are left as they are.
    const fixed = csv(
      "users.csv",
      (await import("node:fs")).readFileSync(file(), "utf8").replace(",short", ",crew-c-password"),
    )
    const second = await cli(["users", "import", fixed, "--ndjson"])
    expect(second.code).toBe(0)
    expect(ndjson<{ username: string; action: string }>(second).map((row) => row.action)).toEqual([
      "unchanged",
      "unchanged",
      "created",
      "unchanged",
    ])
    expect(account("crew_c")?.role_id).toBe("iAAAAAAAAAAAAAAA")
    expect(account("crew_a")?.modified).toBe(before)

    const third = await cli(["users", "import", fixed])
    expect(third.code).toBe(0)
    expect(third.stderr).toContain("0 created, 0 updated, 4 unchanged, 0 failed")
  })

  it("a malformed file, an unknown column or an unknown group changes nothing and exits 2 with the line", async () => {
    const broken = csv("broken.csv", 'username,email\nzed,"zed@example.com\n')
    const unterminated = await cli(["users", "import", broken])
    expect(unterminated.code).toBe(2)
    expect(unterminated.stderr).toContain("broken.csv: line 2: a quoted field is not closed")
    const unknownColumn = await cli(["users", "import", csv("typo.csv", "username,emial\nzed,z@example.com\n")])
    expect(unknownColumn.code).toBe(2)
    expect(unknownColumn.stderr).toContain('unknown column "emial"')
    const duplicate = await cli([
      "users",
      "import",
      csv("dup.csv", "username,email\nzed,z@example.com\nZED,z2@example.com\n"),
    ])
    expect(duplicate.code).toBe(2)
    expect(duplicate.stderr).toContain("line 3: ZED is also on line 2")
    const unknownGroup = await cli([
      "users",
      "import",
      csv("group.csv", "username,email,password,groups\nzed,z@example.com,zed-password,No Such Group\n"),
    ])
    expect(unknownGroup.code).toBe(2)
    expect(unknownGroup.stderr).toContain('line 2: no group with the id or title "No Such Group"')
    expect(account("zed")).toBeUndefined()
  })
})

describe("users", () => {
  it("create, list, disable, enable, reset: each visible in the portal's data", async () => {
    const created = await cli(
      [
        "users",
        "create",
        "solo_user",
        "--email",
        "solo@example.com",
        "--first-name",
        "So",
        "--last-name",
        "Lo",
        "--password-stdin",
      ],
      { stdin: "solo-password-1" },
    )
    expect(created.code).toBe(0)
    expect(account("solo_user")).toMatchObject({ email: "solo@example.com", role_id: "org_user", disabled: 0 })
    expect(
      json<Array<{ username: string }>>(await cli(["users", "list", "--json"])).map((user) => user.username),
    ).toContain("solo_user")
    expect((await cli(["users", "disable", "solo_user"])).code).toBe(0)
    expect(account("solo_user")?.disabled).toBe(1)
    expect((await cli(["users", "enable", "solo_user"])).code).toBe(0)
    expect(account("solo_user")?.disabled).toBe(0)
    expect((await cli(["users", "reset", "solo_user", "--password-stdin"], { stdin: "solo-password-2" })).code).toBe(0)
    const login = await run(
      ["login", "--portal", emulator.url, "--username", "solo_user", "--password-stdin", "--profile", "solo_user"],
      { home: home.path, stdin: "solo-password-2" },
    )
    expect(login.code).toBe(0)
  })

  it("delete refuses an owner of items without --reassign-to, then reassigns and deletes", async () => {
    const created = await cli(
      [
        "users",
        "create",
        "leaver_one",
        "--email",
        "leaver@example.com",
        "--first-name",
        "Lea",
        "--last-name",
        "Ver",
        "--password-stdin",
      ],
      { stdin: "leaver-password" },
    )
    expect(created.code).toBe(0)
    await run(
      ["login", "--portal", emulator.url, "--username", "leaver_one", "--password-stdin", "--profile", "leaver_one"],
      {
        home: home.path,
        stdin: "leaver-password",
      },
    )
    const data = csv("leaver.csv", "a,b\n1,2\n")
    const item = json<{ id: string }>(await cli(["item", "add", data, "--json"], { profile: "leaver_one" }))

    const refused = await cli(["users", "delete", "leaver_one", "--yes"])
    expect(refused.code).toBe(2)
    expect(refused.stderr).toContain("leaver_one owns 1 items")
    const dry = await cli(["users", "delete", "leaver_one", "--reassign-to", "publisher_one", "--dry-run", "--json"])
    expect(json(dry)).toMatchObject({ username: "leaver_one", items: 1, reassignTo: "publisher_one", deleted: false })
    expect(account("leaver_one")).toBeDefined()
    const deleted = await cli(["users", "delete", "leaver_one", "--reassign-to", "publisher_one", "--yes"])
    expect(deleted.code).toBe(0)
    expect(account("leaver_one")).toBeUndefined()
    expect(query<{ owner: string }>("SELECT owner FROM items WHERE id = ?", item.id)[0]?.owner).toBe("publisher_one")
  })
})

describe("groups", () => {
  it("create, add, remove and list", async () => {
    const created = json<{ id: string; title: string }>(
      await cli(["groups", "create", "Night shift", "--access", "org", "--tags", "night,shift", "--json"]),
    )
    expect(created.title).toBe("Night shift")
    const added = await cli(["groups", "add", "Night shift", "user_one", "viewer_one"])
    expect(added.code).toBe(0)
    expect(membersOf("Night shift").map((row) => row.username)).toEqual(["portal_admin", "user_one", "viewer_one"])
    expect((await cli(["groups", "remove", created.id, "viewer_one"])).code).toBe(0)
    expect(membersOf("Night shift").map((row) => row.username)).toEqual(["portal_admin", "user_one"])
    const listed = json<Array<{ title: string }>>(await cli(["groups", "list", "--query", "title:Night", "--json"]))
    expect(listed.map((group) => group.title)).toEqual(["Night shift"])
  })

  it("sync makes the members those of the file; removals need --yes; the re-run changes nothing", async () => {
    await cli(["groups", "create", "Day shift", "--json"])
    await cli(["groups", "add", "Day shift", "user_one", "publisher_one"])
    const file = csv("members.csv", "Username\nviewer_one\nuser_one\n")

    const dry = await cli(["groups", "sync", "Day shift", file, "--dry-run", "--json"])
    expect(dry.code).toBe(0)
    expect(json<{ summary: unknown }>(dry).summary).toMatchObject({ wouldAdd: 1, wouldRemove: 1, kept: 2 })
    const unconfirmed = await cli(["groups", "sync", "Day shift", file])
    expect(unconfirmed.code).toBe(2)
    expect(unconfirmed.stderr).toContain("Remove 1 member(s)")
    expect(membersOf("Day shift").map((row) => row.username)).toEqual(["portal_admin", "publisher_one", "user_one"])

    const applied = await cli(["groups", "sync", "Day shift", file, "--yes"])
    expect(applied.code).toBe(0)
    expect(applied.stderr).toContain('"Day shift": 1 added, 1 removed, 2 kept, 0 failed')
    expect(membersOf("Day shift")).toEqual([
      { username: "portal_admin", member_type: "owner" },
      { username: "user_one", member_type: "member" },
      { username: "viewer_one", member_type: "member" },
    ])
    const again = await cli(["groups", "sync", "Day shift", file, "--json"])
    expect(json<{ summary: unknown }>(again).summary).toMatchObject({ added: 0, removed: 0, kept: 3 })
  })

  it("a user the portal cannot add is a failed row and exit 1", async () => {
    await cli(["groups", "create", "Swing shift"])
    const file = csv("ghosts.csv", "username\nuser_one\nno_such_user\n")
    const result = await cli(["groups", "sync", "Swing shift", file, "--ndjson"])
    expect(result.code).toBe(1)
    expect(ndjson<{ username: string; action: string }>(result)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ username: "user_one", action: "add" }),
        expect.objectContaining({ username: "no_such_user", action: "failed" }),
      ]),
    )
  })
})
