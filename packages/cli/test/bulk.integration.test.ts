import type { EmulatorHandle } from "@arcgis-portal/emulator"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { json, ndjson, rest, run, runOnTerminal, signIn, startPortal, temporaryDirectory, tokenOf } from "./helpers.ts"

let emulator: EmulatorHandle
let home: ReturnType<typeof temporaryDirectory>

beforeAll(async () => {
  emulator = await startPortal()
  home = temporaryDirectory("cli-bulk-")
  await signIn(emulator, home.path)
})
afterAll(async () => {
  await emulator?.stop()
  home?.cleanup()
})

const cli = (args: ReadonlyArray<string>) => run(args, { home: home.path })

/** Adds `count` small items as `account`, tagged `tag`, through the portal's REST API. */
const addItems = async (account: "publisher" | "user", tag: string, count: number, access?: "org") => {
  const token = await tokenOf(emulator, account)
  const owner = emulator.accounts[account].username
  const ids: Array<string> = []
  for (let start = 0; start < count; start += 16) {
    const added = await Promise.all(
      Array.from({ length: Math.min(16, count - start) }, async (_, index) => {
        const response = await fetch(`${emulator.restUrl}/content/users/${owner}/addItem`, {
          method: "POST",
          headers: { "X-Esri-Authorization": `Bearer ${token}` },
          body: new URLSearchParams({
            f: "json",
            title: `${tag} ${start + index}`,
            type: "Code Sample",
            text: "x",
            tags: tag,
          }),
        })
        return ((await response.json()) as { id: string }).id
      }),
    )
    ids.push(...added)
  }
  if (access === "org")
    for (const id of ids)
      await rest(emulator, account, `content/users/${owner}/items/${id}/share`, { org: "true" }, "POST")
  return ids
}

const accessOf = async (id: string) =>
  (await rest<{ access?: string }>(emulator, "admin", `content/items/${id}`)).access

interface Outcome {
  readonly id: string
  readonly owner: string
  readonly result: string
  readonly detail?: string
}

describe("bulk", () => {
  it("share: the dry run plans and changes nothing; then every item is shared, 100 to a request", async () => {
    const ids = await addItems("publisher", "sharebatch", 130)
    const plan = await cli(["bulk", "share", "--query", "tags:sharebatch", "--org", "--dry-run", "--json"])
    expect(plan.code).toBe(0)
    const planned = json<{ results: Array<Outcome>; summary: Record<string, unknown> }>(plan)
    expect(planned.results).toHaveLength(130)
    expect(new Set(planned.results.map((outcome) => outcome.result))).toEqual(new Set(["would be shared"]))
    expect(planned.summary).toMatchObject({ dryRun: true, found: 130, planned: 130 })
    expect(await accessOf(ids[0]!)).toBe("private")

    emulator.clearRequestLog()
    const done = await cli(["bulk", "share", "--query", "tags:sharebatch", "--org", "--yes", "--concurrency", "2"])
    expect(done.code).toBe(0)
    expect(done.stderr).toContain(
      'Plan: share 130 of 130 items found by "tags:sharebatch" with the organization; 2 request(s), 2 at a time.',
    )
    expect(done.stderr).toContain("Shared 130 of 130 items with the organization; 0 failed.")
    expect(done.stdout.trim().split("\n")).toHaveLength(130)
    expect(emulator.requestLog().filter((entry) => entry.path.endsWith("/shareItems"))).toHaveLength(2)
    expect(await accessOf(ids[0]!)).toBe("org")
    expect(await accessOf(ids[129]!)).toBe("org")
  })

  it("without --yes and no terminal, the plan is shown and nothing is done (exit 2)", async () => {
    const ids = await addItems("publisher", "unconfirmed", 2)
    const result = await cli(["bulk", "delete", "--query", "tags:unconfirmed"])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain("Plan: delete 2 of 2 items")
    expect(result.stderr).toContain("pass --yes to confirm")
    expect(await accessOf(ids[0]!)).toBe("private")
  })

  it("a partial failure exits 1, reports each item and prints how to retry only the failed ones", async () => {
    const mine = await addItems("publisher", "mixedbatch", 3)
    const theirs = await addItems("user", "mixedbatch", 1, "org")
    const result = await cli([
      "bulk",
      "share",
      "--query",
      "tags:mixedbatch",
      "--group",
      "Field Operations",
      "--yes",
      "--ndjson",
    ])
    expect(result.code).toBe(1)
    const outcomes = ndjson<Outcome>(result)
    expect(
      outcomes
        .filter((outcome) => outcome.result === "shared")
        .map((outcome) => outcome.id)
        .sort(),
    ).toEqual([...mine].sort())
    const failed = outcomes.filter((outcome) => outcome.result === "failed")
    expect(failed.map((outcome) => outcome.id)).toEqual(theirs)
    expect(failed[0]?.detail).toMatch(/\(code 403/)
    expect(result.stderr).toContain('Shared 3 of 4 items with "Field Operations"; 1 failed.')
    const retry = /Retry the failed items: (arcgis-portal bulk share --query '[^']+' --group [0-9a-f]{32} --yes)/.exec(
      result.stderr,
    )?.[1]
    expect(retry).toBe(
      `arcgis-portal bulk share --query 'id:${theirs[0]}' --group ${/--group ([0-9a-f]{32})/.exec(retry ?? "")?.[1]} --yes`,
    )
  })

  it("move: items already there are skipped; the rest go to the folder, created on demand", async () => {
    const ids = await addItems("publisher", "movebatch", 3)
    const first = await cli([
      "bulk",
      "move",
      "--query",
      "tags:movebatch",
      "--folder",
      "Archive 2020",
      "--create-folder",
      "--yes",
      "--json",
    ])
    expect(first.code).toBe(0)
    expect(json<{ summary: Record<string, unknown> }>(first).summary).toMatchObject({ done: 3, skipped: 0, failed: [] })
    const folders = await rest<{ folders: Array<{ id: string; title: string }> }>(
      emulator,
      "publisher",
      "content/users/publisher_one",
    )
    const archive = folders.folders.find((folder) => folder.title === "Archive 2020")
    for (const id of ids)
      expect((await rest<{ ownerFolder?: string }>(emulator, "admin", `content/items/${id}`)).ownerFolder).toBe(
        archive?.id,
      )
    const again = await cli([
      "bulk",
      "move",
      "--query",
      "tags:movebatch",
      "--folder",
      "archive 2020",
      "--yes",
      "--json",
    ])
    expect(json<{ summary: Record<string, unknown> }>(again).summary).toMatchObject({ done: 0, skipped: 3 })
  })

  it("delete: protected items are skipped, the others deleted; a search over --max is refused", async () => {
    const ids = await addItems("publisher", "deletebatch", 4)
    await rest(emulator, "publisher", `content/users/publisher_one/items/${ids[0]}/protect`, {}, "POST")
    const tooMany = await cli(["bulk", "delete", "--query", "tags:deletebatch", "--max", "3", "--yes"])
    expect(tooMany.code).toBe(2)
    expect(tooMany.stderr).toContain("the search finds more than 3 items")
    const result = await cli(["bulk", "delete", "--query", "tags:deletebatch", "--yes", "--json"])
    expect(result.code).toBe(0)
    const { results } = json<{ results: Array<Outcome> }>(result)
    expect(results.find((outcome) => outcome.id === ids[0])).toMatchObject({ result: "skipped" })
    expect(results.filter((outcome) => outcome.result === "deleted")).toHaveLength(3)
    expect(await accessOf(ids[0]!)).toBe("private")
    expect(await accessOf(ids[1]!)).toBeUndefined()
  })

  it("--concurrency out of range is a usage error", async () => {
    const result = await cli(["bulk", "delete", "--query", "x", "--concurrency", "40"])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain("--concurrency must be from 1 to 16")
  })

  it("on a terminal: the plan, the question, a progress bar and the summary", async () => {
    await addItems("publisher", "ttybatch", 5)
    const { code, output } = await runOnTerminal(["bulk", "share", "--query", "tags:ttybatch", "--org"], {
      home: home.path,
      answers: [{ when: /Share 5 items with the organization\?/, type: "y\r" }],
    })
    expect(code).toBe(0)
    expect(output).toContain("Plan: share 5 of 5 items")
    expect(output).toMatch(/share 5 items\s+\[#+\]\s+100%/)
    expect(output).toMatch(/ID\s+TITLE\s+OWNER\s+RESULT/)
    expect(output).toContain("Shared 5 of 5 items with the organization; 0 failed.")
  })
})
