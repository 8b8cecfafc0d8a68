import { spawn, spawnSync } from "node:child_process"
import { createServer } from "node:net"
import { fileURLToPath } from "node:url"
import { builtInUser } from "@arcgis-portal/auth-token"
import { type EmulatorHandle, startEmulator } from "@arcgis-portal/emulator"
import { AuthError, GIS } from "@arcgis-portal/gis"
import { GIS as NodeGIS } from "@arcgis-portal/gis/node"
import * as Redacted from "effect/Redacted"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { startSecondPortal } from "../src/CloneTour.ts"
import { contentTour } from "../src/ContentTour.ts"
import { Ledger } from "../src/Ledger.ts"
import type { Redraw } from "../src/Progress.ts"
import { tour } from "../src/Tour.ts"

let emulator: EmulatorHandle
beforeAll(async () => {
  emulator = await startEmulator()
})
afterAll(async () => {
  await emulator.stop()
})

const main = fileURLToPath(new URL("../dist/main.js", import.meta.url))
const runDemo = (...args: Array<string>) => runDemoWith({}, ...args)
const runDemoWith = (env: Record<string, string>, ...args: Array<string>) =>
  spawnSync(process.execPath, [main, ...args], { encoding: "utf8", timeout: 90_000, env: { ...process.env, ...env } })

/** A local port nothing listens on: bound, then closed. */
const closedPort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer()
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const address = server.address()
      const port = typeof address === "object" && address !== null ? address.port : 0
      server.close(() => resolve(port))
    })
  })

describe("demo", () => {
  it("the tour prints the portal, the signed-in user and their items, runs every chapter and cleans up", async () => {
    const lines: Array<string> = []
    const { publisher, admin } = emulator.accounts
    const result = await tour({
      url: emulator.url,
      auth: builtInUser({ username: publisher.username, password: Redacted.make(publisher.password) }),
      admin: {
        username: admin.username,
        auth: builtInUser({ username: admin.username, password: Redacted.make(admin.password) }),
      },
      datastoreFolder: emulator.dataDir,
      cloneTarget: startSecondPortal,
      log: (line) => lines.push(line),
    })
    const output = lines.join("\n")
    expect(result.portal).toBe("Emulated Portal")
    expect(result.username).toBe("publisher_one")
    expect(result.folders).toContain("Maps")
    expect(result.items).toEqual(expect.arrayContaining(["Park Inventory", "City Parks", "Parks Feature Service"]))
    expect(output).not.toContain(publisher.password)
    expect(output).not.toContain(admin.password)
    expect(result.content).toMatchObject({ found: true, bytesEqual: true, sharedWith: [] })
    expect(result.resources).toMatchObject({
      listed: ["app/config.json", "images/logo.svg"],
      config: { theme: "dark", zoom: 12 },
      logoBytes: 41,
    })
    expect(result.admin).toMatchObject({ cleanedUp: true })
    expect(result.datastore).toMatchObject({ valid: true, refCount: 0 })
    // Into a log (no terminal): one line per change of the bar, the full bar exactly once.
    const uploads = lines.filter((line) => line.includes("  upload ["))
    expect(uploads.filter((line) => line.endsWith("upload [##############################] 100%"))).toHaveLength(1)
    expect(new Set(uploads).size).toBe(uploads.length)
    expect(lines.some((line) => line.includes("publish job: completed [##############################] 100%"))).toBe(
      true,
    )
    expect(lines.some((line) => line.includes("export job: completed [##############################] 100%"))).toBe(
      true,
    )

    // Comments and ratings: the administrator (a second user) comments on and rates the upload.
    expect(result.social).toMatchObject({ reviewer: "portal_admin", rating: 4, averageRating: 4, numRatings: 1 })
    expect(result.social?.comments).toEqual([expect.stringMatching(/^portal_admin: Useful stations/)])
    expect(output).toContain("Comments and ratings (by portal_admin):")
    expect(output).toContain("portal_admin rated it: 4 of 5")
    expect(output).toContain("Average rating: 4 from 1 rating(s)")

    // Clone between portals: a web map with its hosted layer, into a second emulator (another org): the plan, the
    // copy (the map rewritten to the cloned layer), and the same clone again, which creates nothing twice.
    const cloned = result.clone
    expect(cloned?.plan.map((step) => step.type)).toEqual(expect.arrayContaining(["Feature Service", "Web Map"]))
    expect(cloned?.plan.at(-1)).toMatchObject({ action: "create", type: "Web Map" })
    expect(cloned?.plan.every((step) => step.action === "create")).toBe(true)
    const planned = cloned?.plan.length ?? 0
    expect(cloned?.first).toEqual({ created: planned, updated: 0, skipped: 0, refused: 0, failed: 0 })
    expect(cloned?.again).toEqual({ created: 0, updated: 0, skipped: planned, refused: 0, failed: 0 })
    expect(cloned?.rewritten).toBe(true)
    expect(output).toContain("Clone between portals:")
    expect(output).toMatch(
      /Started a second emulator, org "Production", signed in as publisher_one_prod: http:\/\/127\.0\.0\.1:\d+\/portal/,
    )
    expect(output).toContain(`Plan (dryRun: true, nothing written) — ${planned} items, dependencies first:`)
    expect(output).toMatch(/ {4}create {2}Web Map\s+Clone map \S+/)
    expect(output).toContain(`Cloned: ${planned} created, 0 updated, 0 skipped, 0 refused, 0 failed`)
    expect(output).toContain("(its item id and URL rewritten)")
    expect(output).toContain(
      `Cloned again: 0 created, 0 updated, ${planned} skipped, 0 refused, 0 failed — nothing twice`,
    )
    expect(output).toMatch(/\| emulator \(second portal\)\s+\| http:\/\/127\.0\.0\.1:\d+\/portal\s+→ stopped\s+\|/)
    expect(output).toMatch(/\| clone \(Web Map\)\s+\| Clone map \S+\s+→ deleted\s+\|/)
    // The second portal is gone with the tour.
    await expect(fetch(`${cloned?.targetUrl}/sharing/rest/info?f=json`)).rejects.toThrow()

    // The clean-up table: everything created, everything gone.
    const kinds = result.cleanup.map((row) => row.kind)
    for (const kind of [
      "folder",
      "item (CSV)",
      "item (service)",
      "item (export)",
      "item (app)",
      "comment",
      "rating",
      "item (web map)",
      "emulator (second portal)",
      "clone (Web Map)",
      "clone (Feature Service)",
    ])
      expect(kinds).toContain(kind)
    for (const kind of ["resource", "role", "user", "group", "data store"]) expect(kinds).toContain(kind)
    expect(result.cleanup.filter((row) => !row.cleanedUp)).toEqual([])
    expect(output).toContain("Clean-up (what the tour created → how it was cleaned up):")
    expect(output).toMatch(/\| item \(CSV\)\s+\| Demo stations \S+\s+→ deleted\s+\|/)
    expect(output).toMatch(/\| data store\s+\| \/fileShares\/demo_\S+\s+→ unregistered\s+\|/)
    expect(output).toContain(
      `Everything the tour created is gone (${result.cleanup.length} of ${result.cleanup.length}`,
    )

    // And on the portal: none of it is left.
    const check = await GIS.connect({
      url: emulator.url,
      auth: builtInUser({ username: admin.username, password: Redacted.make(admin.password) }),
    })
    try {
      for (const id of [
        result.content?.itemId,
        result.content?.publishedItemId,
        result.content?.exportedItemId,
        result.resources?.itemId,
      ])
        expect(await check.content.get(id ?? "")).toBeUndefined()
      expect(await check.users.get(result.admin?.username ?? "")).toBeUndefined()
      expect(await check.users.roles.getRole(result.admin?.roleId ?? "")).toBeUndefined()
      expect(await check.datastores().get(result.datastore?.path ?? "")).toBeUndefined()
      const publisherGis = await GIS.connect({
        url: emulator.url,
        auth: builtInUser({ username: publisher.username, password: Redacted.make(publisher.password) }),
      })
      const me = await publisherGis.users.me()
      expect((await me?.folders())?.map((folder) => folder.title)).toEqual(["Maps"])
      await publisherGis.close()
    } finally {
      await check.close()
    }
  })

  it("on a terminal the content chapter's bars redraw in place: no bar lines in the log, one final redraw each", async () => {
    const { publisher } = emulator.accounts
    // The Node entry: the chapter downloads to a folder.
    const gis = await NodeGIS.connect({ url: emulator.url, username: publisher.username, password: publisher.password })
    const ledger = new Ledger()
    const lines: Array<string> = []
    const redraws: Array<readonly [string, boolean]> = []
    const redraw: Redraw = (line, final) => redraws.push([line, final])
    try {
      await contentTour({ gis, username: publisher.username, ledger, log: (line) => lines.push(line), redraw })
    } finally {
      await ledger.cleanUp()
      await gis.close()
    }
    expect(lines.filter((line) => /\[[#.]{30}\]/.test(line))).toEqual([])
    const finals = redraws.filter(([, final]) => final).map(([line]) => line.trim().split(" [")[0])
    expect(finals).toEqual(["upload", "publish job: completed", "export job: completed"])
    const uploads = redraws.filter(([line]) => line.includes("upload ["))
    expect(uploads.length).toBeGreaterThan(2)
    expect(uploads.at(-1)).toEqual(["  upload [##############################] 100%", true])
    // Consecutive redraws never repeat a line (the final one only ends it).
    for (let index = 1; index < redraws.length; index++) {
      const [previous, current] = [redraws[index - 1], redraws[index]]
      if (current?.[1] === false) expect(current[0]).not.toBe(previous?.[0])
    }
  })

  it("a chapter that fails still cleans up everything the tour created, then rejects", async () => {
    const lines: Array<string> = []
    const { publisher, admin } = emulator.accounts
    const error = await tour({
      url: emulator.url,
      auth: builtInUser({ username: publisher.username, password: Redacted.make(publisher.password) }),
      admin: {
        username: admin.username,
        auth: builtInUser({ username: admin.username, password: Redacted.make(admin.password) }),
      },
      // Registered, but the server cannot reach it: validating it fails, in the last chapter.
      datastoreFolder: "/no/such/folder/on/the/server",
      log: (line) => lines.push(line),
    }).then(
      () => undefined,
      (error: unknown) => error,
    )
    expect(String(error)).toContain("not accessible from the server")
    const output = lines.join("\n")
    expect(output).toContain("Clean-up (what the tour created → how it was cleaned up):")
    expect(output).toMatch(/\| data store\s+\| \/fileShares\/demo_\S+\s+→ unregistered\s+\|/)
    expect(output).toMatch(/Everything the tour created is gone \((\d+) of \1 cleaned up\)\./)
  })

  it("a wrong password fails with the portal's message and no password in it", async () => {
    const error = await tour({
      url: emulator.url,
      auth: builtInUser({ username: "publisher_one", password: Redacted.make("wrong-password-123") }),
      log: () => undefined,
    }).then(
      () => undefined,
      (error: unknown) => error,
    )
    expect(error).toBeInstanceOf(AuthError)
    expect(String(error)).toContain("Unable to generate token.")
    expect(String(error)).not.toContain("wrong-password-123")
  })

  it("`pnpm demo` (the built entry point) runs the whole tour and exits 0", () => {
    const run = runDemo()
    expect(run.status, run.stderr).toBe(0)
    // stdout is a pipe here: plain lines, no terminal control characters, the full upload bar once.
    expect(run.stdout).not.toContain("\r")
    expect(run.stdout).not.toContain("\x1b[")
    expect(run.stdout.match(/upload \[#{30}\] 100%/g)).toHaveLength(1)
    expect(run.stdout).toContain("Portal:    Emulated Portal")
    expect(run.stdout).toContain("Signed in: publisher_one")
    expect(run.stdout).toContain("identical to the upload")
    expect(run.stdout).toContain("Comments and ratings (by portal_admin):")
    expect(run.stdout).toContain("Members: owner portal_admin")
    expect(run.stdout).toContain("Cleaned up: group, user and role deleted")
    expect(run.stdout).toContain("Validated it: valid")
    expect(run.stdout).toContain("Reference count: 0")
    expect(run.stdout).toContain('["app/config.json","images/logo.svg"]')
    expect(run.stdout).toContain("Clone between portals:")
    expect(run.stdout).toContain("Plan (dryRun: true, nothing written)")
    expect(run.stdout).toMatch(/Cloned: (\d+) created, 0 updated, 0 skipped, 0 refused, 0 failed/)
    expect(run.stdout).toMatch(/Cloned again: 0 created, 0 updated, \d+ skipped, 0 refused, 0 failed — nothing twice/)
    expect(run.stdout).toContain("Clean-up (what the tour created → how it was cleaned up):")
    expect(run.stdout).toMatch(/Everything the tour created is gone \((\d+) of \1 cleaned up\)\./)
    expect(run.stdout).not.toContain("LEFT BEHIND")
    expect(run.stdout).toContain("Stopped the emulator.")
  })

  it("with --portal the clone chapter is skipped with a one-line note (it needs two local emulators)", async () => {
    const { publisher } = emulator.accounts
    // Not spawnSync: the portal is this process's emulator, which must keep answering while the demo runs.
    const run = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [main, "--portal", emulator.url, "--username", publisher.username], {
        env: { ...process.env, ARCGIS_PASSWORD: publisher.password },
      })
      let stdout = ""
      let stderr = ""
      child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
        stdout += chunk
      })
      child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
        stderr += chunk
      })
      const timer = setTimeout(() => child.kill("SIGKILL"), 90_000)
      child.on("error", reject)
      child.on("close", (status) => {
        clearTimeout(timer)
        resolve({ status, stdout, stderr })
      })
    })
    expect(run.status, run.stderr).toBe(0)
    expect(run.stdout).toContain(
      "Clone between portals: skipped (it clones into a second local emulator; not with --portal)",
    )
    expect(run.stdout).not.toContain("Started a second emulator")
    expect(run.stdout).toMatch(/Everything the tour created is gone \((\d+) of \1 cleaned up\)\./)
  })

  it("a refused connection names the host and the network code, never the password", async () => {
    const port = await closedPort()
    const run = runDemoWith(
      { ARCGIS_PASSWORD: "refused-secret-42" },
      "--portal",
      `http://127.0.0.1:${port}/portal`,
      "--username",
      "someone",
    )
    expect(run.status).toBe(1)
    expect(run.stderr).toContain(`The demo failed: could not connect to 127.0.0.1:${port}:`)
    expect(run.stderr).toContain("ECONNREFUSED")
    expect(run.stderr).toContain("POST /portal/sharing/rest/generateToken")
    expect(`${run.stdout}${run.stderr}`).not.toContain("refused-secret-42")
  })

  it.each(["token", "oauth", "pki", "proxy"])(
    "`pnpm demo -- --auth %s` signs in that way and runs the tour",
    (kind) => {
      const run = runDemo("--auth", kind)
      expect(run.status, run.stderr).toBe(0)
      expect(run.stdout).toContain("Signing in with:")
      expect(run.stdout).toContain("Signed in: publisher_one")
      expect(run.stdout).toContain("identical to the upload")
      expect(run.stdout).toContain("portal_admin rated it: 4 of 5")
      expect(run.stdout).toMatch(/Everything the tour created is gone \((\d+) of \1 cleaned up\)\./)
      expect(run.stdout).toContain("Stopped the emulator.")
    },
  )

  it("an unknown --auth is refused", () => {
    const run = runDemo("--auth", "telepathy")
    expect(run.status).toBe(2)
    expect(run.stderr).toContain("--auth must be one of builtin, token, oauth, pki, proxy")
  })
})
