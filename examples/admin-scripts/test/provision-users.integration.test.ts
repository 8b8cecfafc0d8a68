import { writeFileSync } from "node:fs"
import { join } from "node:path"
import { GIS, type Group, type User } from "@arcgis-portal/gis"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { expectExit, linesWith, type Portal, run, secretLeaks, startPortal } from "./helpers.ts"

let portal: Portal
let crew: Group
let rangers: Group
let fieldOperations: Group
let analystRoleId: string
let usersCsv: string
const newUserPassword = "first-day-Passw0rd"

const write = (name: string, text: string): string => {
  const path = join(portal.dir, name)
  writeFileSync(path, text)
  return path
}

const provision = (args: ReadonlyArray<string>, env = {}) =>
  run("provision-users", args, { ...portal.env, ARCGIS_NEW_USER_PASSWORD: newUserPassword, ...env })

const groupIds = (user: User | undefined): Array<string> =>
  (user?.toJSON().groups ?? []).map((group) => String(group.id)).sort()

beforeAll(async () => {
  portal = await startPortal()
  const { gis } = portal
  crew = await gis.groups.create({ title: "Survey Crew", tags: ["test"], access: "org" })
  rangers = await gis.groups.create({ title: "Rangers", tags: ["test"], access: "org" })
  const [found] = await gis.groups.search('title:"Field Operations"')
  fieldOperations = found!
  const role = await gis.users.roles.create({
    name: "Analyst",
    description: "custom role of the test",
    privileges: ["portal:user:createItem", "portal:user:joinGroup", "portal:user:viewOrgItems"],
  })
  analystRoleId = role.id
  // Header names in another spelling, quoted fields with commas and doubled quotes, a group by id, a blank line.
  usersCsv = write(
    "users.csv",
    [
      "Username,E-mail,First Name,Last Name,Role,User Type,Groups",
      "ana_publisher,ana@example.invalid,Ana,Pub,org_publisher,creatorUT,Survey Crew;Rangers",
      '"viewer_vic",vic@example.invalid,"Vic, Jr.",View,Viewer,viewerUT,Field Operations',
      "",
      `analyst_al,al@example.invalid,Al,"O""Brien",analyst,,${rangers.id}`,
      "user_one,user_one@example.invalid,user,one,org_publisher,,Rangers",
      "",
    ].join("\r\n"),
  )
})

afterAll(async () => {
  await portal?.close()
})

describe("provision-users", () => {
  it("--help prints the usage with an example and exits 0; usage mistakes exit 2 and change nothing", async () => {
    const help = await run("provision-users", ["--help"], {})
    expectExit(help, 0)
    expect(help.stdout).toContain("Usage: node src/provision-users.ts --csv <file> [--dry-run]")
    expect(help.stdout).toContain("node src/provision-users.ts --csv sample/users.csv --dry-run")
    expect(help.stdout).toContain("ARCGIS_NEW_USER_PASSWORD")
    const [unknown, missing, noFile, noPortal] = await Promise.all([
      provision(["--csv", usersCsv, "--bogus"]),
      provision([]),
      provision(["--csv", join(portal.dir, "absent.csv")]),
      run("provision-users", ["--csv", usersCsv], { ARCGIS_USERNAME: "portal_admin", ARCGIS_PASSWORD: "x" }),
    ])
    for (const result of [unknown, missing, noFile, noPortal]) expectExit(result, 2)
    expect(unknown.stderr).toContain("--bogus")
    expect(missing.stderr).toContain("--csv <file> is required")
    expect(noFile.stderr).toContain("cannot read")
    expect(noPortal.stderr).toContain("ARCGIS_PORTAL_URL")
    expect(await portal.gis.users.get("ana_publisher")).toBeUndefined()
  })

  it("--dry-run prints the plan of each row and changes nothing", async () => {
    const result = await provision(["--csv", usersCsv, "--dry-run"], { ARCGIS_NEW_USER_PASSWORD: undefined })
    expectExit(result, 0)
    expect(linesWith(result.stdout, "ana_publisher")[0]).toMatch(
      /^line 2 +would create +ana_publisher +role Publisher; type creatorUT; groups Survey Crew, Rangers$/,
    )
    expect(linesWith(result.stdout, "viewer_vic")[0]).toMatch(/^line 3 +would create .*role Viewer; type viewerUT/)
    expect(linesWith(result.stdout, "analyst_al")[0]).toMatch(/^line 5 +would create .*role Analyst; groups Rangers$/)
    expect(linesWith(result.stdout, "user_one")[0]).toMatch(
      /^line 6 +would update +user_one +role Publisher; groups \+Rangers$/,
    )
    expect(result.stdout).toContain("Dry run, 4 rows: 3 would be created, 1 updated, 0 unchanged, 0 failed.")
    for (const username of ["ana_publisher", "viewer_vic", "analyst_al"])
      expect(await portal.gis.users.get(username)).toBeUndefined()
    const userOne = await portal.gis.users.get("user_one")
    expect(userOne?.role).toBe("org_user")
    expect(groupIds(userOne)).not.toContain(rangers.id)
  })

  it("refuses to create accounts without ARCGIS_NEW_USER_PASSWORD (exit 2), before changing anything", async () => {
    const result = await provision(["--csv", usersCsv], { ARCGIS_NEW_USER_PASSWORD: undefined })
    expectExit(result, 2)
    expect(result.stderr).toContain("an initial password is needed for 3 new users: set ARCGIS_NEW_USER_PASSWORD")
    expect(await portal.gis.users.get("ana_publisher")).toBeUndefined()
    expect((await portal.gis.users.get("user_one"))?.role).toBe("org_user")
  })

  it("creates the users with their roles, user types and groups, and brings existing users up to date", async () => {
    const result = await provision(["--csv", usersCsv])
    expectExit(result, 0)
    expect(linesWith(result.stdout, "ana_publisher")[0]).toMatch(/^line 2 +created +ana_publisher +role Publisher/)
    expect(linesWith(result.stdout, "user_one")[0]).toMatch(
      /^line 6 +updated +user_one +role Publisher; groups \+Rangers$/,
    )
    expect(result.stdout).toContain("4 rows: 3 created, 1 updated, 0 unchanged, 0 failed.")

    const { gis } = portal
    const ana = await gis.users.get("ana_publisher")
    expect([ana?.role, ana?.roleId, ana?.toJSON().userType, ana?.email]).toEqual([
      "org_publisher",
      undefined,
      "creatorUT",
      "ana@example.invalid",
    ])
    expect(groupIds(ana)).toEqual([crew.id, rangers.id].sort())
    const vic = await gis.users.get("viewer_vic")
    expect([vic?.roleId, vic?.toJSON().userType, vic?.firstName, vic?.fullName]).toEqual([
      "iAAAAAAAAAAAAAAA",
      "viewerUT",
      "Vic, Jr.",
      "Vic, Jr. View",
    ])
    expect(groupIds(vic)).toEqual([fieldOperations.id])
    const al = await gis.users.get("analyst_al")
    expect([al?.roleId, al?.lastName]).toEqual([analystRoleId, 'O"Brien'])
    expect(groupIds(al)).toEqual([rangers.id])
    const userOne = await gis.users.get("user_one")
    expect(userOne?.role).toBe("org_publisher")
    expect(groupIds(userOne)).toContain(rangers.id)
    expect((await rangers.getMembers()).users).toEqual(
      expect.arrayContaining(["ana_publisher", "analyst_al", "user_one"]),
    )

    // The new account signs in with the initial password of the environment.
    const asAna = await GIS.connect({ url: portal.emulator.url, username: "ana_publisher", password: newUserPassword })
    expect((await asAna.users.me())?.username).toBe("ana_publisher")
    await asAna.close()
  })

  it("a re-run with the same file reports every row unchanged and changes nothing", async () => {
    const usernames = ["ana_publisher", "viewer_vic", "analyst_al", "user_one"]
    const before = await Promise.all(usernames.map((username) => portal.gis.users.get(username)))
    const result = await provision(["--csv", usersCsv])
    expectExit(result, 0)
    for (const username of usernames) expect(linesWith(result.stdout, username)[0]).toMatch(/ unchanged +\S+$/)
    expect(result.stdout).toContain("4 rows: 0 created, 0 updated, 4 unchanged, 0 failed.")
    const after = await Promise.all(usernames.map((username) => portal.gis.users.get(username)))
    expect(after.map((user) => user?.toJSON())).toEqual(before.map((user) => user?.toJSON()))
  })

  it("reports failed rows with their reasons, still processes the others, and exits 1", async () => {
    const csv = write(
      "mixed.csv",
      [
        "username,email,firstName,lastName,role,groups,userType",
        "good_gale,gale@example.invalid,Gale,Good,org_user,Survey Crew,",
        "bad_role_bo,bo@example.invalid,Bo,Role,Wizard,,",
        "bad_group_gus,gus@example.invalid,Gus,Group,org_user,No Such Group,",
        "bad_mail_mo,not-an-email,Mo,Mail,org_user,,",
        "good_gale,gale2@example.invalid,Gale,Again,org_user,,",
        "ana_publisher,ana@example.invalid,Ana,Pub,org_user,Survey Crew,",
        'viewer_vic,vic@example.invalid,"Vic, Jr.",View,Viewer,Field Operations,creatorUT',
      ].join("\n"),
    )
    const result = await provision(["--csv", csv])
    expectExit(result, 1)
    expect(linesWith(result.stdout, "good_gale")[0]).toMatch(
      /^line 2 +created +good_gale +role User; groups Survey Crew$/,
    )
    expect(linesWith(result.stdout, "bad_role_bo")[0]).toMatch(/failed .*no role 'Wizard' in the portal/)
    expect(linesWith(result.stdout, "bad_group_gus")[0]).toMatch(/failed .*no group 'No Such Group'/)
    expect(linesWith(result.stdout, "bad_mail_mo")[0]).toMatch(/failed .*email 'not-an-email' is not valid/)
    expect(linesWith(result.stdout, "good_gale")[1]).toMatch(/^line 6 +failed +good_gale +the same username as line 2$/)
    // An existing user whose row asks for another role is updated, not failed.
    expect(linesWith(result.stdout, "ana_publisher")[0]).toMatch(/^line 7 +updated +ana_publisher +role User$/)
    // A user type the SDK cannot change is a note on an unchanged row, not a failure.
    expect(linesWith(result.stdout, "viewer_vic")[0]).toMatch(
      /^line 8 +unchanged +viewer_vic +user type stays viewerUT \(the CSV says creatorUT; the SDK cannot change it\)$/,
    )
    expect(result.stdout).toContain("7 rows: 1 created, 1 updated, 1 unchanged, 4 failed.")
    const gale = await portal.gis.users.get("good_gale")
    expect([gale?.role, gale?.email, groupIds(gale)]).toEqual(["org_user", "gale@example.invalid", [crew.id]])
    for (const username of ["bad_role_bo", "bad_group_gus", "bad_mail_mo"])
      expect(await portal.gis.users.get(username)).toBeUndefined()
    expect((await portal.gis.users.get("ana_publisher"))?.role).toBe("org_user")
  })

  it("no password (the administrator's, the new users') appears in any output of this file's runs", () => {
    expect(secretLeaks([portal.env.ARCGIS_PASSWORD, newUserPassword])).toEqual([])
  })
})
