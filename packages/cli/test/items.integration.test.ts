import { randomBytes } from "node:crypto"
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import type { EmulatorHandle } from "@arcgis-portal/emulator"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { json, ndjson, rest, run, runOnTerminal, signIn, start, startPortal, temporaryDirectory } from "./helpers.ts"

let emulator: EmulatorHandle
let home: ReturnType<typeof temporaryDirectory>

beforeAll(async () => {
  emulator = await startPortal()
  home = temporaryDirectory("cli-items-")
  await signIn(emulator, home.path)
})
afterAll(async () => {
  await emulator?.stop()
  home?.cleanup()
})

const cli = (args: ReadonlyArray<string>, options: { stdin?: string } = {}) =>
  run(args, { home: home.path, ...options })

interface Item {
  readonly id: string
  readonly title: string
  readonly type: string
  readonly owner: string
  readonly access?: string
  readonly ownerFolder?: string | null
  readonly protected?: boolean
  readonly tags?: ReadonlyArray<string>
}

const file = (name: string, content: string | Uint8Array) => {
  const path = join(home.path, name)
  writeFileSync(path, content)
  return path
}

const addCsv = async (title: string) => {
  const path = file(`${title}.csv`, "name,lat,lon\nA,45.5,-122.6\n")
  return json<Item>(await cli(["item", "add", path, "--title", title, "--json"]))
}

const portalItem = (id: string) => rest<Item & { error?: { code: number } }>(emulator, "admin", `content/items/${id}`)

const itemData = async (id: string) => {
  const token = await (await import("./helpers.ts")).tokenOf(emulator, "admin")
  const response = await fetch(`${emulator.restUrl}/content/items/${id}/data`, {
    headers: { "X-Esri-Authorization": `Bearer ${token}` },
  })
  return new Uint8Array(await response.arrayBuffer())
}

describe("search", () => {
  it("streams NDJSON lines as the pages arrive, with --type, --owner, --sort and --max", async () => {
    const all = ndjson<Item>(await cli(["search", "*", "--ndjson", "--sort", "title:asc"]))
    expect(all.length).toBeGreaterThanOrEqual(5)
    const titles = all.map((item) => item.title)
    expect(titles).toEqual([...titles].sort((a, b) => a.localeCompare(b, "en", { sensitivity: "base" })))
    const maps = ndjson<Item>(await cli(["search", "*", "--type", "Web Map", "--owner", "publisher_one", "--ndjson"]))
    expect(maps.map((item) => [item.type, item.owner])).toEqual([["Web Map", "publisher_one"]])
    expect(ndjson(await cli(["search", "*", "--max", "2", "--ndjson"]))).toHaveLength(2)
  })

  it("pages of a large result reach stdout before the search has finished", async () => {
    const token = await (await import("./helpers.ts")).tokenOf(emulator, "publisher")
    await Promise.all(
      Array.from({ length: 130 }, (_, index) =>
        fetch(`${emulator.restUrl}/content/users/publisher_one/addItem`, {
          method: "POST",
          headers: { "X-Esri-Authorization": `Bearer ${token}` },
          body: new URLSearchParams({ f: "json", title: `pagetest ${index}`, type: "Code Sample", text: "x" }),
        }),
      ),
    )
    emulator.setLatency(700)
    try {
      const started = Date.now()
      let firstLine: number | undefined
      const { child, result } = start(["search", "pagetest", "--ndjson", "--concurrency", "1"], { home: home.path })
      child.stdout.once("data", () => {
        firstLine = Date.now() - started
      })
      const done = await result
      const total = Date.now() - started
      expect(done.code).toBe(0)
      expect(ndjson(done)).toHaveLength(130)
      // Two pages of 100 and 30, each answered after 700 ms: the first page is out a page's time before the end.
      expect(total - (firstLine ?? total)).toBeGreaterThanOrEqual(500)
    } finally {
      emulator.setLatency(0)
    }
  })

  it("--json is one document; an empty result is an empty array; a pipe gets tab-separated rows", async () => {
    expect(json(await cli(["search", "title:zzznothing", "--json"]))).toEqual([])
    const piped = await cli(["search", 'title:"City Parks"'])
    expect(piped.stdout.trim().split("\t")).toEqual([
      expect.stringMatching(/^[0-9a-f]{32}$/),
      "City Parks",
      "Web Map",
      "publisher_one",
      "public",
      expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
    ])
  })

  it("a terminal gets an aligned table with a header", async () => {
    const { output, code } = await runOnTerminal(["search", 'title:"City Parks" OR title:"Park Inventory"'], {
      home: home.path,
    })
    expect(code).toBe(0)
    const lines = output.split(/\r?\n/).filter((line) => line.trim() !== "")
    expect(lines[0]).toMatch(/^ID\s+TITLE\s+TYPE\s+OWNER\s+ACCESS\s+MODIFIED$/)
    expect(
      lines
        .slice(1)
        .map((line) => line.split(/\s{2,}/)[1])
        .sort(),
    ).toEqual(["City Parks", "Park Inventory"])
  })

  it("--sort with a bad order is a usage error", async () => {
    const result = await cli(["search", "*", "--sort", "title:sideways"])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain("--sort takes <field>[:asc|desc]")
  })
})

describe("item", () => {
  it("add uploads a file (type guessed from the extension), get shows it", async () => {
    const added = await addCsv("Stations")
    expect(added).toMatchObject({ title: "Stations", type: "CSV", owner: "publisher_one" })
    expect(new TextDecoder().decode(await itemData(added.id))).toBe("name,lat,lon\nA,45.5,-122.6\n")
    const shown = await cli(["item", "get", added.id])
    expect(shown.code).toBe(0)
    expect(shown.stdout).toContain("title\tStations")
    expect(json<Item>(await cli(["item", "get", added.id, "--json"])).id).toBe(added.id)
  })

  it("get of a missing item exits 1; a malformed id exits 2 and sends nothing", async () => {
    const missing = await cli(["item", "get", "0".repeat(32)])
    expect(missing.code).toBe(1)
    expect(missing.stderr).toBe(`arcgis-portal: item ${"0".repeat(32)} does not exist or you cannot see it\n`)
    emulator.clearRequestLog()
    const malformed = await cli(["item", "get", "not-an-id"])
    expect(malformed.code).toBe(2)
    expect(emulator.requestLog().filter((entry) => entry.path.includes("not-an-id"))).toHaveLength(0)
  })

  it("add without a known type is a usage error", async () => {
    const path = file("mystery.bin", "??")
    const result = await cli(["item", "add", path])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain("cannot tell the item type of mystery.bin")
  })

  it("update changes properties and data", async () => {
    const added = await addCsv("Before")
    const path = file("after.csv", "name\nB\n")
    const result = await cli(["item", "update", added.id, "--title", "After", "--tags", "one,two", "--file", path])
    expect(result.code).toBe(0)
    expect(result.stdout).toContain(`Updated "After" (${added.id})`)
    expect(await portalItem(added.id)).toMatchObject({ title: "After", tags: ["one", "two"] })
    expect(new TextDecoder().decode(await itemData(added.id))).toBe("name\nB\n")
  })

  it("download writes the bytes; run again it is already complete; an existing other file needs --force", async () => {
    const added = await addCsv("Download me")
    const target = join(home.path, "out.csv")
    const first = await cli(["item", "download", added.id, "-o", target])
    expect(first.code).toBe(0)
    expect(readFileSync(target, "utf8")).toBe("name,lat,lon\nA,45.5,-122.6\n")
    const again = await cli(["item", "download", added.id, "-o", target, "--json"])
    expect(json(again)).toMatchObject({ downloaded: false, bytes: 27 })
    writeFileSync(target, "something else entirely")
    const refused = await cli(["item", "download", added.id, "-o", target])
    expect(refused.code).toBe(2)
    expect(refused.stderr).toContain("exists")
    expect((await cli(["item", "download", added.id, "-o", target, "--force"])).code).toBe(0)
    expect(readFileSync(target, "utf8")).toBe("name,lat,lon\nA,45.5,-122.6\n")
  })

  it("share with the org and a group by title; unshare; a group the portal refuses exits 1", async () => {
    const added = await addCsv("Shared")
    const shared = await cli(["item", "share", added.id, "--org", "--group", "field operations", "--json"])
    expect(shared.code).toBe(0)
    expect(json(shared)).toMatchObject({ org: true, notSharedWith: [] })
    expect((await portalItem(added.id)).access).toBe("org")
    const groups = await rest<{ member: Array<{ title: string }>; admin: Array<{ title: string }> }>(
      emulator,
      "admin",
      `content/items/${added.id}/groups`,
    )
    expect([...groups.member, ...groups.admin].map((group) => group.title)).toContain("Field Operations")

    const unshared = await cli(["item", "unshare", added.id, "--group", "Field Operations", "--org"])
    expect(unshared.code).toBe(0)
    expect(unshared.stdout).toContain('Stopped sharing "Shared"')
    expect((await portalItem(added.id)).access).toBe("private")

    const admin = await rest<{ group: { id: string } }>(
      emulator,
      "admin",
      "community/createGroup",
      { title: "Admins only", tags: "x", access: "org" },
      "POST",
    )
    const refused = await cli(["item", "share", added.id, "--group", admin.group.id])
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain(`not shared with "Admins only" (${admin.group.id})`)
  })

  it("share without an audience, or with an unknown group title, changes nothing", async () => {
    const added = await addCsv("Lonely")
    expect((await cli(["item", "share", added.id])).code).toBe(2)
    const unknown = await cli(["item", "share", added.id, "--group", "No such group"])
    expect(unknown.code).toBe(1)
    expect(unknown.stderr).toContain('no group with the id or title "No such group"')
  })

  it("move into a new folder and back to the root", async () => {
    const added = await addCsv("Mover")
    const moved = await cli(["item", "move", added.id, "Archive", "--create-folder"])
    expect(moved.code).toBe(0)
    const folders = await rest<{ folders: Array<{ id: string; title: string }> }>(
      emulator,
      "publisher",
      "content/users/publisher_one",
    )
    const archive = folders.folders.find((folder) => folder.title === "Archive")
    expect((await portalItem(added.id)).ownerFolder).toBe(archive?.id)
    expect((await cli(["item", "move", added.id, "/"])).code).toBe(0)
    expect((await portalItem(added.id)).ownerFolder ?? null).toBeNull()
  })

  it("protect refuses deletion; delete asks (--yes in scripts), --dry-run changes nothing", async () => {
    const added = await addCsv("Keeper")
    expect((await cli(["item", "protect", added.id])).code).toBe(0)
    const check = await cli(["item", "delete", added.id, "--dry-run"])
    expect(check.code).toBe(1)
    expect(check.stderr).toContain("cannot be deleted")
    const refused = await cli(["item", "delete", added.id, "--yes"])
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(/^arcgis-portal: .*\(code \d+/)
    expect((await cli(["item", "protect", added.id, "--off"])).code).toBe(0)

    const unconfirmed = await cli(["item", "delete", added.id])
    expect(unconfirmed.code).toBe(2)
    expect(unconfirmed.stderr).toContain("pass --yes to confirm")
    const dry = await cli(["item", "delete", added.id, "--dry-run", "--json"])
    expect(json(dry)).toEqual({ id: added.id, deleted: false, dryRun: true })
    expect((await portalItem(added.id)).id).toBe(added.id)
    const deleted = await cli(["item", "delete", added.id, "--yes"])
    expect(deleted.code).toBe(0)
    expect((await portalItem(added.id)).error?.code).toBe(400)
  })

  it("on a terminal, delete asks and a 'no' keeps the item", async () => {
    const added = await addCsv("Asked")
    const { code, output } = await runOnTerminal(["item", "delete", added.id], {
      home: home.path,
      answers: [{ when: /Delete "Asked"/, type: "n\r" }],
    })
    expect(output).toContain(`Delete "Asked" (${added.id}, CSV, owner publisher_one)?`)
    expect(code).toBe(1)
    expect((await portalItem(added.id)).id).toBe(added.id)
  })
})

describe("large files", () => {
  const size = 16 * 1024 * 1024 + 12_345
  let big: string
  let content: Buffer

  beforeAll(() => {
    content = randomBytes(size)
    big = file("survey.bin", content)
  })

  it("an interrupted multipart upload resumes when run again: only the missing parts are sent", async () => {
    emulator.clearRequestLog()
    emulator.setLatency(400)
    const args = ["item", "add", big, "--type", "Code Attachment", "--part-size", "5", "--concurrency", "1"]
    const parts = () => emulator.requestLog().filter((entry) => entry.path.endsWith("/addPart")).length
    try {
      const first = start(args, { home: home.path })
      // With one part in flight, a second part arrives only once the first was stored.
      while (parts() < 2) await new Promise((resolve) => setTimeout(resolve, 50))
      first.child.kill("SIGKILL")
      await first.result
    } finally {
      emulator.setLatency(0)
    }
    expect(existsSync(join(home.path, ".arcgis-portal", "uploads.json"))).toBe(true)
    emulator.clearRequestLog()
    const second = await cli([...args, "--json"])
    expect(second.code).toBe(0)
    expect(second.stderr).toContain("Resuming the upload of survey.bin")
    expect(parts()).toBeLessThanOrEqual(3)
    const item = json<Item & { size: number }>(second)
    expect(item.size).toBe(size)
    expect(Buffer.from(await itemData(item.id)).equals(content)).toBe(true)
    expect(readFileSync(join(home.path, ".arcgis-portal", "uploads.json"), "utf8")).not.toContain(item.id)
  })

  it("an interrupted download resumes when run again: only the rest is fetched, the file is identical", async () => {
    const added = json<Item>(
      await cli(["item", "add", big, "--type", "Code Attachment", "--title", "Resumed download", "--json"]),
    )
    const target = join(home.path, "resumed.bin")
    const partial = `${target}.partial`
    // 4 MiB/s: the 16 MiB answer takes about 4 s, so the process is killed with part of it on disk.
    emulator.setDownloadRate(4 * 1024 * 1024)
    try {
      const first = start(["item", "download", added.id, "-o", target], { home: home.path })
      const deadline = Date.now() + 60_000
      while (!existsSync(partial) || statSync(partial).size < 1024 * 1024) {
        if (Date.now() > deadline) throw new Error("the download never wrote 1 MiB")
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
      first.child.kill("SIGKILL")
      await first.result
    } finally {
      emulator.setDownloadRate(undefined)
    }
    const kept = statSync(partial).size
    expect(kept).toBeLessThan(size)
    expect(existsSync(target)).toBe(false)
    const second = await cli(["item", "download", added.id, "-o", target, "--json"])
    expect(second.code).toBe(0)
    expect(second.stderr).toContain("Resuming the download of survey.bin at")
    expect(json(second)).toMatchObject({ downloaded: true, bytes: size })
    expect(readFileSync(target).equals(content)).toBe(true)
    expect(existsSync(partial)).toBe(false)
  })

  it("a terminal shows a byte progress bar for an upload and a download", async () => {
    const upload = await runOnTerminal(["item", "add", big, "--type", "Code Attachment", "--title", "Big one"], {
      home: home.path,
    })
    expect(upload.code).toBe(0)
    expect(upload.output).toMatch(/Uploading survey\.bin\s+\[[#-]+\]\s+\d+%/)
    expect(upload.output).toContain("16.0 MiB")
    const id = /as ([0-9a-f]{32})/.exec(upload.output)?.[1] ?? ""
    const target = join(home.path, "copy.bin")
    const download = await runOnTerminal(["item", "download", id, "-o", target], { home: home.path })
    expect(download.code).toBe(0)
    expect(download.output).toMatch(/Downloading survey\.bin\s+\[[#-]+\]\s+100%/)
    expect(statSync(target).size).toBe(size)
  })
})
