import * as Redacted from "effect/Redacted"
import { describe, expect, it } from "vitest"
import { syncPlan } from "../../src/internal/run/groups.ts"
import * as UserImport from "../../src/internal/user-import.ts"

const file = [
  "username,email,firstname,lastname,role,groups,password",
  "crew_a,a@example.com,Crew,A,publisher,Field; Office ,secret-a",
  "crew_b,b@example.com,,,,,",
].join("\n")

describe("users import plan", () => {
  it("reads rows, groups split on ';', passwords kept redacted", () => {
    const [a, b] = UserImport.read(file)
    expect(a).toMatchObject({ line: 2, username: "crew_a", role: "publisher", groups: ["Field", "Office"] })
    expect(Redacted.value(a!.password!)).toBe("secret-a")
    expect(String(a!.password)).not.toContain("secret-a")
    expect(b).toMatchObject({ role: undefined, groups: [], password: undefined })
  })

  it("refuses bad usernames, bad emails and duplicates", () => {
    expect(() => UserImport.read("username,email\na b,x@y.org\n")).toThrow('line 2: "a b" is not a username')
    expect(() => UserImport.read("username,email\nabc,nope\n")).toThrow('line 2: "nope" is not an email address')
    expect(() => UserImport.read("username,email\nabc,a@y.org\nABC,b@y.org\n")).toThrow("line 3: ABC is also on line 2")
  })

  it("maps role names to what the portal takes", () => {
    expect(UserImport.roleKey("publisher")).toBe("org_publisher")
    expect(UserImport.roleKey("Viewer")).toBe(UserImport.viewerRoleId)
    expect(UserImport.roleKey("administrator")).toBe("org_admin")
    expect(UserImport.roleKey("abcdEFGH12345678")).toBe("abcdEFGH12345678")
  })

  const row = UserImport.read(file)[0]!

  it("a new account: create, then join its groups", () => {
    expect(UserImport.plan(row, undefined, "org_publisher", () => false, ["g1", "g2"])).toEqual([
      { kind: "create" },
      { kind: "join", group: "g1" },
      { kind: "join", group: "g2" },
    ])
  })

  it("an account that matches needs nothing: the re-run of a file is a no-op", () => {
    const account = {
      username: "crew_a",
      email: "A@example.com",
      firstName: "Crew",
      lastName: "A",
      role: "org_publisher",
      roleId: "org_publisher",
    }
    expect(UserImport.plan(row, account, "org_publisher", () => true, ["g1"])).toEqual([])
  })

  it("an account that differs: role, profile and the missing group only", () => {
    const account = {
      username: "crew_a",
      email: "old@example.com",
      firstName: "Crew",
      lastName: "Old",
      role: "org_user",
      roleId: "org_user",
    }
    const changes = UserImport.plan(row, account, "org_publisher", (group) => group === "g1", ["g1", "g2"])
    expect(changes).toEqual([
      { kind: "role", from: "org_user", to: "org_publisher" },
      { kind: "profile", fields: ["email", "name"] },
      { kind: "join", group: "g2" },
    ])
    expect(changes.map((change) => UserImport.describeChange(change, (id) => `title of ${id}`))).toEqual([
      "role org_user → org_publisher",
      "update email, name",
      'join "title of g2"',
    ])
  })
})

describe("groups sync plan", () => {
  it("adds the missing, removes the others, keeps the owner whatever the file says", () => {
    const plan = syncPlan({ owner: "boss", admins: ["deputy"], users: ["ann", "bob"] }, ["Ann", "carl"])
    expect(plan).toEqual({ add: ["carl"], remove: ["deputy", "bob"], keep: ["boss", "ann"] })
    expect(syncPlan({ owner: "boss", admins: [], users: ["ann"] }, ["ann", "boss"])).toEqual({
      add: [],
      remove: [],
      keep: ["boss", "ann"],
    })
  })
})
