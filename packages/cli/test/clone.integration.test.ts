// `arcgis-portal clone` between two emulators — two origins, two orgs with different users: the source signed in
// through a profile of its own ("staging"), the target through the default profile. A web map with a hosted layer
// (features, a group) is planned, refused without --yes, cloned and checked through the target's REST API, then
// cloned again (nothing twice); a public source needs no profile; a partial failure exits 1 and the same command
// finishes the job.
import type { EmulatorHandle } from "@arcgis-portal/emulator"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { json, ndjson, rest, run, runOnTerminal, signIn, startPortal, temporaryDirectory, tokenOf } from "./helpers.ts"

type Json = Record<string, any>

let source: EmulatorHandle
let target: EmulatorHandle
let home: ReturnType<typeof temporaryDirectory>

/** A form POST to any URL of an emulator (the server's admin API too), failing on an error envelope. */
const post = async (url: string, params: Record<string, string>, token: string): Promise<Json> => {
  const response = await fetch(url, {
    method: "POST",
    headers: { "X-Esri-Authorization": `Bearer ${token}` },
    body: new URLSearchParams({ f: "json", ...params }),
  })
  const body = (await response.json()) as Json
  if (body.error !== undefined) throw new Error(`${url}: ${JSON.stringify(body.error)}`)
  return body
}

const fields = [
  { name: "OBJECTID", type: "esriFieldTypeOID" },
  { name: "NAME", type: "esriFieldTypeString", length: 64 },
]

/** A hosted feature layer of the source publisher with `count` points, and a web map showing it. */
const mapWithLayer = async (name: string, count: number) => {
  const token = await tokenOf(source, "publisher")
  const me = `${source.restUrl}/content/users/${source.accounts.publisher.username}`
  const service = await post(
    `${me}/createService`,
    {
      createParameters: JSON.stringify({ name, spatialReference: { wkid: 4326 }, capabilities: "Query,Editing" }),
      outputType: "featureService",
      title: `${name} layer`,
      tags: "clone-cli",
    },
    token,
  )
  const server = source.url.replace(/\/portal$/, "/server")
  await post(
    `${server}/rest/admin/services/Hosted/${name}/FeatureServer/addToDefinition`,
    {
      addToDefinition: JSON.stringify({
        layers: [{ id: 0, name, geometryType: "esriGeometryPoint", objectIdField: "OBJECTID", fields }],
      }),
    },
    token,
  )
  const features = Array.from({ length: count }, (_, index) => ({
    attributes: { NAME: `${name} ${index}` },
    geometry: { x: index, y: index, spatialReference: { wkid: 4326 } },
  }))
  await post(`${service.serviceurl}/0/addFeatures`, { features: JSON.stringify(features) }, token)
  const webMap = {
    operationalLayers: [{ id: "layer", itemId: service.itemId, url: `${service.serviceurl}/0`, title: name }],
    baseMap: { baseMapLayers: [] },
  }
  const map = await post(
    `${me}/addItem`,
    { title: `${name} map`, type: "Web Map", tags: "clone-cli", text: JSON.stringify(webMap) },
    token,
  )
  return { layer: service.itemId as string, layerUrl: service.serviceurl as string, map: map.id as string }
}

let parks: Awaited<ReturnType<typeof mapWithLayer>>
let trails: Awaited<ReturnType<typeof mapWithLayer>>
let lakes: Awaited<ReturnType<typeof mapWithLayer>>
let rivers: Awaited<ReturnType<typeof mapWithLayer>>
let sourceCrew: string
let targetCrew: string

beforeAll(async () => {
  source = await startPortal({ jobMillis: 20, org: { name: "Staging", urlKey: "staging", usernameSuffix: "_stg" } })
  target = await startPortal({ jobMillis: 20, org: { name: "Production", urlKey: "production" } })
  home = temporaryDirectory("cli-clone-")
  await signIn(target, home.path)
  await signIn(source, home.path, "publisher", "staging")
  const sourceToken = await tokenOf(source, "publisher")
  sourceCrew = (await post(`${source.restUrl}/community/createGroup`, { title: "Field crews", tags: "c" }, sourceToken))
    .group.id
  const targetToken = await tokenOf(target, "publisher")
  targetCrew = (
    await post(`${target.restUrl}/community/createGroup`, { title: "Production crews", tags: "c" }, targetToken)
  ).group.id
  parks = await mapWithLayer("CliParks", 12)
  trails = await mapWithLayer("CliTrails", 3)
  lakes = await mapWithLayer("CliLakes", 5)
  rivers = await mapWithLayer("CliRivers", 2)
  const owner = `${source.restUrl}/content/users/${source.accounts.publisher.username}`
  await post(`${owner}/shareItems`, { items: `${parks.map},${parks.layer}`, groups: sourceCrew }, sourceToken)
  await post(`${owner}/shareItems`, { items: `${trails.map},${trails.layer}`, everyone: "true" }, sourceToken)
}, 60_000)

afterAll(async () => {
  await source?.stop()
  await target?.stop()
  home?.cleanup()
})

const cli = (args: ReadonlyArray<string>, at = home.path) => run(args, { home: at, timeoutMs: 90_000 })

/** The target items that are clones of `sourceId` (by the `source-<id>` keyword), as `account` sees them. */
const clonesOf = async (sourceId: string, account: "publisher" | "user" = "publisher") =>
  (
    await rest<{ results: Array<Json> }>(target, account, "search", {
      q: `typekeywords:"source-${sourceId}"`,
      num: "100",
    })
  ).results

const writes =
  /\/(addItem|createService|addToDefinition|addFeatures|applyEdits|update|share|shareItems|createFolder|createGroup|addResources|addRelationship)$/

describe("clone", () => {
  it("--dry-run prints the plan (dependencies first) and changes nothing in the target", async () => {
    target.clearRequestLog()
    const planned = await cli(["clone", parks.map, "--from", "staging", "--dry-run", "--json"])
    expect(planned.code, planned.stderr).toBe(0)
    const document = json<Json>(planned)
    expect(document).toMatchObject({ dryRun: true, target: target.url, outcomes: [] })
    expect(document.source).toBe(`staging (${source.url})`)
    expect(document.plan.steps.map((step: Json) => [step.sourceId, step.action, step.type])).toEqual([
      [parks.layer, "create", "Feature Service"],
      [parks.map, "create", "Web Map"],
    ])
    expect(document.plan.owner).toBe(target.accounts.publisher.username)

    const table = await cli(["clone", parks.map, "--from", "staging", "--dry-run"])
    expect(table.code, table.stderr).toBe(0)
    const rows = table.stdout
      .trim()
      .split("\n")
      .map((line) => line.split("\t"))
    expect(rows.map((row) => [row[0], row[1], row[2], row[3]])).toEqual([
      ["create", "Feature Service", "CliParks layer", parks.layer],
      ["create", "Web Map", "CliParks map", parks.map],
    ])
    expect(table.stderr).toContain(
      `Plan: clone 2 items from staging (${source.url}) into ${target.url} (owner publisher_one): 2 to create, 0 to finish, 0 already there, 0 refused.`,
    )
    expect(table.stderr).toContain("Nothing was changed (--dry-run).")

    // --verbose: the source's requests labelled apart from the target's, each to its own portal, no token printed.
    const verbose = await cli(["clone", parks.map, "--from", "staging", "--dry-run", "--verbose"])
    expect(verbose.code, verbose.stderr).toBe(0)
    const lines = verbose.stderr.split("\n")
    expect(lines.some((line) => line.startsWith("[source request] GET ") && line.includes("/content/items/"))).toBe(
      true,
    )
    expect(lines.some((line) => line.startsWith("[request] "))).toBe(true)
    expect(verbose.stderr).not.toMatch(/token=|Bearer /i)

    expect(target.requestLog().filter((entry) => writes.test(entry.path))).toEqual([])
    expect(await clonesOf(parks.map)).toEqual([])
    expect(await clonesOf(parks.layer)).toEqual([])
  })

  it("without --yes and no terminal to ask on: the plan, then a refusal (exit 2) and nothing created", async () => {
    const refused = await cli(["clone", parks.map, "--from", "staging"])
    expect(refused.code).toBe(2)
    expect(refused.stderr).toContain("CliParks layer")
    expect(refused.stderr).toContain("Plan: clone 2 items")
    expect(refused.stderr).toContain("pass --yes to confirm (there is no terminal to ask on)")
    expect(refused.stdout).toBe("")
    expect(await clonesOf(parks.layer)).toEqual([])
  })

  it("clones a web map with its hosted layer: features copied, data rewritten, shared through --group-map", async () => {
    const done = await cli([
      "clone",
      parks.map,
      "--from",
      "staging",
      "--to-folder",
      "From staging",
      "--group-map",
      "Field crews=Production crews",
      "--yes",
    ])
    expect(done.code, done.stderr).toBe(0)
    const rows = done.stdout
      .trim()
      .split("\n")
      .map((line) => line.split("\t"))
    expect(rows.map((row) => [row[0], row[2], row[3]])).toEqual([
      ["created", "CliParks layer", parks.layer],
      ["created", "CliParks map", parks.map],
    ])
    expect(done.stderr).toContain(
      `Cloned from staging (${source.url}) into ${target.url}: 2 created, 0 updated, 0 skipped, 0 refused, 0 failed.`,
    )

    const [layer] = await clonesOf(parks.layer)
    const [map] = await clonesOf(parks.map)
    expect(layer).toMatchObject({ type: "Feature Service", owner: "publisher_one", title: "CliParks layer" })
    expect(map).toMatchObject({ type: "Web Map", owner: "publisher_one", title: "CliParks map" })
    expect(rows[0]?.[4]).toBe(layer?.id)
    expect(rows[1]?.[4]).toBe(map?.id)
    expect(String(layer?.url).startsWith(`http://127.0.0.1:${target.port}/`)).toBe(true)
    // The web map points at the clone, not at the source.
    const data = await rest<Json>(target, "publisher", `content/items/${map?.id}/data`)
    expect(data.operationalLayers[0]).toMatchObject({ itemId: layer?.id, url: `${layer?.url}/0` })
    expect(JSON.stringify(data)).not.toContain(parks.layer)
    // The features came along.
    const token = await tokenOf(target, "publisher")
    const count = await (
      await fetch(`${layer?.url}/0/query?where=1%3D1&returnCountOnly=true&f=json`, {
        headers: { "X-Esri-Authorization": `Bearer ${token}` },
      })
    ).json()
    expect(count).toMatchObject({ count: 12 })
    // Shared with the mapped group, in the folder asked for.
    for (const clone of [layer, map]) {
      const groups = await rest<{ admin?: Array<Json>; member?: Array<Json> }>(
        target,
        "publisher",
        `content/items/${clone?.id}/groups`,
      )
      expect([...(groups.admin ?? []), ...(groups.member ?? [])].map((group) => group.id)).toContain(targetCrew)
    }
    const folders = await rest<{ folders: Array<Json> }>(target, "publisher", "content/users/publisher_one")
    const folder = folders.folders.find((entry) => entry.title === "From staging")
    expect(map?.ownerFolder).toBe(folder?.id)
  })

  it("run again, it creates nothing twice: every item skipped, exit 0 (--json and --ndjson)", async () => {
    const again = await cli([
      "clone",
      parks.map,
      "--from",
      "staging",
      "--group-map",
      "Field crews=Production crews",
      "--json",
    ])
    expect(again.code, again.stderr).toBe(0)
    const document = json<Json>(again)
    expect(document.summary).toEqual({ created: 0, updated: 0, skipped: 2, refused: 0, failed: 0 })
    expect(document.dryRun).toBe(false)
    const [layer] = await clonesOf(parks.layer)
    const [map] = await clonesOf(parks.map)
    expect(document.outcomes).toEqual([
      expect.objectContaining({ status: "skipped", sourceId: parks.layer, targetId: layer?.id }),
      expect.objectContaining({ status: "skipped", sourceId: parks.map, targetId: map?.id }),
    ])
    expect(document.itemMapping).toEqual({ [parks.layer]: layer?.id, [parks.map]: map?.id })

    const lines = await cli(["clone", parks.map, "--from", "staging", "--ndjson"])
    expect(lines.code, lines.stderr).toBe(0)
    expect(ndjson<Json>(lines).map((line) => [line.status, line.sourceId])).toEqual([
      ["skipped", parks.layer],
      ["skipped", parks.map],
    ])
    expect(lines.stderr).toContain("0 created, 0 updated, 2 skipped, 0 refused, 0 failed.")
    expect(await clonesOf(parks.layer)).toHaveLength(1)
    expect(await clonesOf(parks.map)).toHaveLength(1)
  })

  it("a public source by its URL: no profile there, no credential sent to it", async () => {
    const anonymous = temporaryDirectory("cli-clone-public-")
    try {
      await signIn(target, anonymous.path)
      source.clearRequestLog()
      const done = await cli(["clone", trails.map, "--from", source.url, "--yes", "--ndjson"], anonymous.path)
      expect(done.code, done.stderr).toBe(0)
      expect(ndjson<Json>(done).map((line) => [line.status, line.sourceId])).toEqual([
        ["created", trails.layer],
        ["created", trails.map],
      ])
      expect(source.requestLog().filter((entry) => /generateToken|oauth2/.test(entry.path))).toEqual([])
      const [layer] = await clonesOf(trails.layer)
      const token = await tokenOf(target, "publisher")
      const count = await (
        await fetch(`${layer?.url}/0/query?where=1%3D1&returnCountOnly=true&f=json`, {
          headers: { "X-Esri-Authorization": `Bearer ${token}` },
        })
      ).json()
      expect(count).toMatchObject({ count: 3 })
      // A private item of the source is not visible anonymously: refused, nothing created.
      const hidden = await cli(["clone", lakes.map, "--from", source.url, "--yes", "--json"], anonymous.path)
      expect(hidden.code, hidden.stderr).toBe(0)
      expect(json<Json>(hidden).summary).toMatchObject({ created: 0, refused: 1 })
      expect(await clonesOf(lakes.map)).toEqual([])
    } finally {
      anonymous.cleanup()
    }
  })

  it("a partial failure exits 1 and lists the failed items; the same command, run again, finishes the job", async () => {
    // The target's user_one may add items but not create hosted services: the layer fails, and the map after it.
    const limited = temporaryDirectory("cli-clone-partial-")
    try {
      await signIn(target, limited.path, "user")
      await signIn(source, limited.path, "publisher", "staging")
      const command = ["clone", lakes.map, "--from", "staging", "--yes"]
      const first = await cli(command, limited.path)
      expect(first.code, first.stderr).toBe(1)
      const rows = first.stdout
        .trim()
        .split("\n")
        .map((line) => line.split("\t"))
      expect(rows.map((row) => [row[0], row[3]])).toEqual([
        ["failed", lakes.layer],
        ["failed", lakes.map],
      ])
      expect(first.stderr).toContain("0 created, 0 updated, 0 skipped, 0 refused, 2 failed.")
      expect(first.stderr).toContain(`Failed:\n  CliLakes layer (${lakes.layer}): `)
      expect(first.stderr).toContain(`  CliLakes map (${lakes.map}): `)
      expect(first.stderr).toContain("Run the same command again to finish the job")

      await rest(target, "admin", "portals/self/updateUserRole", { user: "user_one", role: "org_publisher" }, "POST")
      const second = await cli(command, limited.path)
      expect(second.code, second.stderr).toBe(0)
      expect(second.stderr).toContain("0 failed.")
      const layers = await clonesOf(lakes.layer, "user")
      const maps = await clonesOf(lakes.map, "user")
      expect(layers).toHaveLength(1)
      expect(maps).toHaveLength(1)
      expect(maps[0]?.owner).toBe("user_one")
      const data = await rest<Json>(target, "user", `content/items/${maps[0]?.id}/data`)
      expect(data.operationalLayers[0].itemId).toBe(layers[0]?.id)
    } finally {
      limited.cleanup()
    }
  })

  it("on a terminal it asks first: no changes nothing; yes clones, with a progress line and a table", async () => {
    const declined = await runOnTerminal(["clone", rivers.map, "--from", "staging"], {
      home: home.path,
      answers: [{ when: /Clone 2 of 2 items from staging/, type: "n\r" }],
      timeoutMs: 90_000,
    })
    expect(declined.output).toMatch(/ACTION\s+TYPE\s+TITLE\s+SOURCE ID\s+TARGET ID \/ REASON/)
    expect(declined.output).toContain(`Clone 2 of 2 items from staging (${source.url}) into ${target.url}?`)
    expect(declined.code).toBe(1)
    expect(await clonesOf(rivers.map)).toEqual([])

    const accepted = await runOnTerminal(["clone", rivers.map, "--from", "staging"], {
      home: home.path,
      answers: [{ when: /Clone 2 of 2 items from staging/, type: "y\r" }],
      timeoutMs: 90_000,
    })
    expect(accepted.code, accepted.output).toBe(0)
    expect(accepted.output).toContain("clone  [####################]  2/2 items")
    expect(accepted.output).toMatch(/RESULT\s+TYPE\s+TITLE\s+SOURCE ID\s+TARGET ID\s+DETAILS/)
    expect(accepted.output).toMatch(/created\s+Web Map\s+CliRivers map/)
    expect(accepted.output).toContain("2 created, 0 updated, 0 skipped, 0 refused, 0 failed.")
    expect(await clonesOf(rivers.map)).toHaveLength(1)
  })

  it("refuses what the command line cannot mean (exit 2) before anything is sent", async () => {
    const nothing = await cli(["clone", "--from", "staging", "--yes"])
    expect(nothing.code).toBe(2)
    expect(nothing.stderr).toContain("what should be cloned?")
    const both = await cli(["clone", parks.map, "--query", "parks", "--from", "staging", "--yes"])
    expect(both.code).toBe(2)
    expect(both.stderr).toContain("not item ids and --query")
    const badId = await cli(["clone", "not-an-id", "--from", "staging", "--yes"])
    expect(badId.code).toBe(2)
    expect(badId.stderr).toContain("not an item id: not-an-id")
    const badMap = await cli(["clone", parks.map, "--from", "staging", "--group-map", "Field crews", "--yes"])
    expect(badMap.code).toBe(2)
    expect(badMap.stderr).toContain("--group-map takes <source group>=<target group>")
    const noProfile = await cli(["clone", parks.map, "--from", "nowhere", "--yes"])
    expect(noProfile.code).toBe(3)
    expect(noProfile.stderr).toContain('no profile named "nowhere"')
  })
})
