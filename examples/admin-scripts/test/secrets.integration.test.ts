/**
 * No script prints a secret: scripts run with a token, an API key, wrong credentials and a new users' password, and
 * no password, token or key may appear in their stdout or stderr. (Every other test file checks the same of its own
 * runs, signed in with the administrator's password.)
 */
import { writeFileSync } from "node:fs"
import { join } from "node:path"
import { GIS } from "@arcgis-portal/gis"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { parseCsv } from "../src/internal/cli.ts"
import { collect, expectExit, type Portal, run, secretLeaks, startPortal } from "./helpers.ts"

let portal: Portal
let token: string
let usersCsv: string
const wrongPassword = "not-the-Password-42"
const wrongToken = "wrongTokenValue0123456789abcdefWRONG"
const newUserPassword = "first-day-Secret-77"

beforeAll(async () => {
  portal = await startPortal()
  const admin = portal.emulator.accounts.admin
  const answer = await fetch(`${portal.emulator.restUrl}/generateToken`, {
    method: "POST",
    body: new URLSearchParams({ f: "json", username: admin.username, password: admin.password, expiration: "60" }),
  })
  token = ((await answer.json()) as { token: string }).token
  usersCsv = join(portal.dir, "users.csv")
  writeFileSync(
    usersCsv,
    "username,email,firstName,lastName,role,groups\nnew_nina,nina@example.invalid,Nina,New,org_user,Public Maps\n",
  )
})

afterAll(async () => {
  await portal?.close()
})

describe("secrets", () => {
  it("with ARCGIS_TOKEN the scripts sign in with the token (and the other files' runs use a password)", async () => {
    const env = { ARCGIS_PORTAL_URL: portal.emulator.url, ARCGIS_TOKEN: token }
    const [provision, transfer] = await Promise.all([
      run("provision-users", ["--csv", usersCsv], { ...env, ARCGIS_NEW_USER_PASSWORD: newUserPassword }),
      run("transfer-ownership", ["--from", "user_one", "--to", "publisher_one", "--dry-run"], env),
    ])
    expectExit(provision, 0)
    expect(provision.stdout).toMatch(/^line 2 +created +new_nina +role User; groups Public Maps$/m)
    expect((await portal.gis.users.get("new_nina"))?.role).toBe("org_user")
    expectExit(transfer, 0)
    expect(transfer.stdout).toContain("Dry run: would transfer from user_one to publisher_one")
  })

  it("with ARCGIS_API_KEY the inventory holds what the key's user may see", async () => {
    const env = { ARCGIS_PORTAL_URL: portal.emulator.url, ARCGIS_API_KEY: portal.emulator.apiKey }
    const result = await run("content-inventory", [], env)
    expectExit(result, 0)
    const asKey = await GIS.connect({ url: portal.emulator.url, apiKey: portal.emulator.apiKey })
    const visible = (await collect(asKey.content.searchAll(""))).map((item) => item.id).sort()
    await asKey.close()
    expect(
      parseCsv(result.stdout)
        .slice(1)
        .map((row) => row[0])
        .sort(),
    ).toEqual(visible)
  })

  it("a wrong password or token fails with exit 1 and one line that does not hold it", async () => {
    const url = portal.emulator.url
    const [password, badToken] = await Promise.all([
      run("sharing-audit", [], {
        ARCGIS_PORTAL_URL: url,
        ARCGIS_USERNAME: "portal_admin",
        ARCGIS_PASSWORD: wrongPassword,
      }),
      run("stale-items", ["--portal", url], { ARCGIS_TOKEN: wrongToken }),
    ])
    for (const result of [password, badToken]) {
      expectExit(result, 1)
      expect(result.stdout).toBe("")
      expect(result.stderr.trim().split("\n")).toHaveLength(1)
    }
    expect(password.stderr).toMatch(/^sharing-audit: \w+Error/)
    expect(badToken.stderr).toMatch(/^stale-items: AuthError/)
  })

  it("credentials are never taken from flags, and half of a pair is a usage error (exit 2)", async () => {
    const url = portal.emulator.url
    const [flag, stray, half, none] = await Promise.all([
      run("content-inventory", ["--portal", url, "--password", wrongPassword], { ARCGIS_USERNAME: "portal_admin" }),
      run("content-inventory", ["--portal", url, wrongPassword], { ARCGIS_USERNAME: "portal_admin" }),
      run("content-inventory", ["--portal", url], { ARCGIS_USERNAME: "portal_admin" }),
      run("content-inventory", ["--portal", url], {}),
    ])
    for (const result of [flag, stray, half, none]) expectExit(result, 2)
    expect(flag.stderr).toContain("Unknown option '--password'")
    expect(stray.stderr).toContain("this script takes flags only, no other arguments")
    expect(half.stderr).toContain("ARCGIS_USERNAME is set but ARCGIS_PASSWORD is not")
    expect(none.stderr).toContain("no credentials")
  })

  it("no password, token or API key appears in the stdout or stderr of any run", () => {
    expect(
      secretLeaks([
        portal.env.ARCGIS_PASSWORD,
        token,
        portal.emulator.apiKey,
        wrongPassword,
        wrongToken,
        newUserPassword,
      ]),
    ).toEqual([])
  })
})
