// Clone.clone between two emulators (two origins, two orgs, two users): a web app → a web map → two hosted layers
// (one with features) → a CSV item with metadata and a thumbnail (the app has resources), shared to two groups. Checked through
// the target's own REST API; then the same clone under fault injection and interruptions, re-run until done.
import { Portal } from "@arcgis-portal/core"
import { SignIn } from "@arcgis-portal/core/testing"
import { type EmulatorHandle, startEmulator } from "@arcgis-portal/emulator"
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { Clone } from "../src/index.ts"

type Json = Record<string, any>

/** One request as a portal layer's fetch sent it: the origin, and the token it carried (header, body or query). */
interface Sent {
  readonly origin: string
  readonly token: string | undefined
  readonly method: string
}

const tokenOf = async (input: RequestInfo | URL, init: RequestInit | undefined): Promise<string | undefined> => {
  const request = new Request(input, init)
  const header = request.headers.get("x-esri-authorization") ?? request.headers.get("authorization")
  if (header?.startsWith("Bearer ")) return header.slice("Bearer ".length)
  const query = new URL(request.url).searchParams.get("token")
  if (query !== null) return query
  if (request.method === "GET" || request.body === null) return undefined
  const form = await request.formData().catch(() => undefined)
  const token = form?.get("token")
  return typeof token === "string" ? token : undefined
}

/** A fetch that records every request before sending it. */
const recording = (log: Array<Sent>): typeof globalThis.fetch =>
  (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : String(input))
    log.push({ origin: url.origin, token: await tokenOf(input, init), method: init?.method ?? "GET" })
    return globalThis.fetch(input, init)
  }) as typeof globalThis.fetch

/** Raw REST calls for the set-up and the checks, independent of the SDK under test. */
const call = async (url: string, params: Record<string, string | Blob> = {}, token?: string): Promise<Json> => {
  const hasFile = Object.values(params).some((value) => value instanceof Blob)
  const body = hasFile ? new FormData() : new URLSearchParams()
  const all: Record<string, string | Blob> = { ...params, f: "json", ...(token ? { token } : {}) }
  for (const [name, value] of Object.entries(all)) {
    if (typeof value === "string") body.set(name, value)
    else (body as FormData).set(name, value, value instanceof File ? value.name : "file")
  }
  const answer = (await (await fetch(url, { method: "POST", body })).json()) as Json
  if (answer.error) throw new Error(`${url}: ${JSON.stringify(answer.error)}`)
  return answer
}
const bytesOf = async (url: string, token: string) =>
  new Uint8Array(await (await fetch(`${url}?token=${encodeURIComponent(token)}`)).arrayBuffer())
const tokenFor = async (emulator: EmulatorHandle, account: { username: string; password: string }) =>
  (await call(`${emulator.restUrl}/generateToken`, { ...account, client: "requestip" })).token as string
const serverOf = (emulator: EmulatorHandle) => emulator.url.replace(/\/portal$/, "/server")

const png = Uint8Array.from(
  atob("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="),
  (char) => char.charCodeAt(0),
)
const csvText = `name,acres\n${Array.from({ length: 40 }, (_, index) => `Park ${index},${index * 1.5}`).join("\n")}\n`
const fieldsOfParks = [
  { name: "OBJECTID", type: "esriFieldTypeOID" },
  { name: "NAME", type: "esriFieldTypeString", length: 64 },
  { name: "ACRES", type: "esriFieldTypeDouble" },
]

/** A hosted feature layer with one layer of `fields` (and `features`), as the publisher. */
const hostedLayer = async (portal: EmulatorHandle, token: string, name: string, features: ReadonlyArray<Json>) => {
  const me = `${portal.restUrl}/content/users/publisher_one`
  const created = await call(
    `${me}/createService`,
    {
      createParameters: JSON.stringify({ name, spatialReference: { wkid: 4326 }, capabilities: "Query,Editing" }),
      outputType: "featureService",
      title: `${name} layer`,
      tags: "clone-test",
    },
    token,
  )
  await call(
    `${serverOf(portal)}/rest/admin/services/Hosted/${name}/FeatureServer/addToDefinition`,
    {
      addToDefinition: JSON.stringify({
        layers: [{ id: 0, name, geometryType: "esriGeometryPoint", objectIdField: "OBJECTID", fields: fieldsOfParks }],
      }),
    },
    token,
  )
  if (features.length > 0)
    await call(`${created.serviceurl}/0/addFeatures`, { features: JSON.stringify(features) }, token)
  return { id: created.itemId as string, url: created.serviceurl as string }
}

let source: EmulatorHandle
const sourceIds: Record<"app" | "map" | "parks" | "trails" | "csv", string> = {} as never
const sourceGroups: Record<"crew" | "viewers", string> = {} as never
const popup = { layers: [{ id: 0, popupInfo: { title: "{NAME}" } }] }

beforeAll(async () => {
  source = await startEmulator({ jobMillis: 20 })
  const token = await tokenFor(source, source.accounts.publisher)
  const me = `${source.restUrl}/content/users/publisher_one`
  const post = (path: string, params: Record<string, string | Blob>) => call(`${me}${path}`, params, token)
  const group = async (title: string, access: string) =>
    (await call(`${source.restUrl}/community/createGroup`, { title, tags: "t", access }, token)).group.id as string
  sourceGroups.crew = await group("Clone Crew", "private")
  sourceGroups.viewers = await group("Clone Viewers", "org")
  const csv = await post("/addItem", {
    title: "Parks table",
    type: "CSV",
    tags: "parks",
    file: new File([csvText], "parks.csv", { type: "text/csv" }),
    thumbnail: new File([png], "parks.png", { type: "image/png" }),
    metadata: new File(["<metadata><title>Parks</title></metadata>"], "metadata.xml", { type: "text/xml" }),
  })
  const features = Array.from({ length: 25 }, (_, index) => ({
    attributes: { NAME: `Park ${index}`, ACRES: index * 1.5 },
    geometry: { x: index, y: -index, spatialReference: { wkid: 4326 } },
  }))
  const parks = await hostedLayer(source, token, "CloneParks", features)
  const trails = await hostedLayer(source, token, "CloneTrails", [])
  await post(`/items/${parks.id}/update`, { text: JSON.stringify(popup) })
  await post("/addRelationship", {
    originItemId: parks.id,
    destinationItemId: csv.id,
    relationshipType: "Service2Data",
  })
  const layer = (id: string, item: { id: string; url: string }) => ({ id, itemId: item.id, url: `${item.url}/0` })
  const webMap = { operationalLayers: [layer("parks", parks), layer("trails", trails)], baseMap: { baseMapLayers: [] } }
  const map = await post("/addItem", { title: "Parks map", type: "Web Map", text: JSON.stringify(webMap) })
  const app = await post("/addItem", {
    title: "Parks app",
    type: "Web Mapping Application",
    text: JSON.stringify({ values: { webmap: map.id, title: "Parks" } }),
  })
  await post(`/items/${app.id}/update`, { url: `${source.url}/apps/instant/basic/index.html?appid=${app.id}` })
  const style = new File(['{"style":1}'], "style.json")
  await post(`/items/${app.id}/addResources`, { file: style, resourcesPrefix: "config", fileName: "style.json" })
  await post(`/items/${app.id}/addResources`, { file: new File([png], "logo.png"), fileName: "logo.png" })
  Object.assign(sourceIds, { app: app.id, map: map.id, parks: parks.id, trails: trails.id, csv: csv.id })
  await post("/shareItems", {
    items: Object.values(sourceIds).join(","),
    groups: `${sourceGroups.crew},${sourceGroups.viewers}`,
  })
})

afterAll(async () => {
  await source?.stop()
})

const cloner = { username: "cloner_two", password: "cloner-pass-local" }

/** A target portal: a publisher of its own, and a group of its own mapped from the source's crew group. */
const targetPortal = async (options: Parameters<typeof startEmulator>[0] = {}) => {
  const portal = await startEmulator({ jobMillis: 20, ...options })
  const admin = await tokenFor(portal, portal.accounts.admin)
  await call(
    `${portal.url}/portaladmin/security/users/createUser`,
    { ...cloner, firstname: "Clo", lastname: "Ner", email: "cloner@example.invalid", role: "org_publisher" },
    admin,
  )
  const token = await tokenFor(portal, cloner)
  const crew = (await call(`${portal.restUrl}/community/createGroup`, { title: "Production crew", tags: "p" }, token))
    .group.id as string
  return { portal, token, crew }
}

const retry = { times: 2, base: "2 millis", maxDelay: "10 millis" } as const

/** The clone of the app, from the source as the publisher to `target` as the cloner, every request recorded. */
const cloneApp = (
  target: Awaited<ReturnType<typeof targetPortal>>,
  log: Array<Sent>,
  options: Partial<Clone.CloneOptions> = {},
) =>
  Clone.clone([sourceIds.app], {
    source: Portal.layer({
      url: source.url,
      auth: SignIn.generateToken(source.accounts.publisher),
      fetch: recording(log),
      retry,
    }),
    groupMapping: { [sourceGroups.crew]: target.crew },
    createGroups: true,
    featurePageSize: 10,
    ...options,
  }).pipe(
    Effect.provide(
      Portal.layer({ url: target.portal.url, auth: SignIn.generateToken(cloner), fetch: recording(log), retry }),
    ),
  )

/** The target's clones of a source item (by the source keyword). */
const clonesOf = async (target: Awaited<ReturnType<typeof targetPortal>>, sourceId: string) =>
  (await call(`${target.portal.restUrl}/search`, { q: `typekeywords:"source-${sourceId}"`, num: "100" }, target.token))
    .results as Array<Json>

/** Everything the clone must have made in `target`, read back through the target's REST API. */
const verifyTarget = async (target: Awaited<ReturnType<typeof targetPortal>>) => {
  const { portal, token } = target
  const rest = portal.restUrl
  const clone: Record<string, Json> = {}
  for (const [name, id] of Object.entries(sourceIds)) {
    const found = await clonesOf(target, id)
    expect(
      found.map((item) => item.owner),
      name,
    ).toEqual(["cloner_two"])
    expect(found[0]?.typeKeywords).not.toContain("clone-in-progress")
    clone[name] = found[0]!
  }
  const data = async (id: string) =>
    JSON.parse(new TextDecoder().decode(await bytesOf(`${rest}/content/items/${id}/data`, token)))
  const map = await data(clone.map!.id)
  expect(map.operationalLayers.map((layer: Json) => layer.itemId)).toEqual([clone.parks!.id, clone.trails!.id])
  expect(map.operationalLayers.map((layer: Json) => layer.url)).toEqual([
    `${clone.parks!.url}/0`,
    `${clone.trails!.url}/0`,
  ])
  expect(clone.parks!.url.startsWith(`${serverOf(portal)}/rest/services/Hosted/`)).toBe(true)
  expect((await data(clone.app!.id)).values.webmap).toBe(clone.map!.id)
  expect(await data(clone.parks!.id)).toEqual(popup)
  expect(clone.app!.url).toBe(`${portal.url}/apps/instant/basic/index.html?appid=${clone.app!.id}`)
  const names = (
    await call(`${clone.parks!.url}/0/query`, { where: "1=1", outFields: "NAME", resultRecordCount: "100" }, token)
  ).features
    .map((feature: Json) => feature.attributes.NAME)
    .sort()
  expect(names).toEqual(Array.from({ length: 25 }, (_, index) => `Park ${index}`).sort())
  expect((await call(`${clone.trails!.url}/0/query`, { where: "1=1", returnCountOnly: "true" }, token)).count).toBe(0)
  expect(new TextDecoder().decode(await bytesOf(`${rest}/content/items/${clone.csv!.id}/data`, token))).toBe(csvText)
  // Resources (a CSV item takes none: the portal's list of types with resources does not have it): the app's.
  const resources = (await call(`${rest}/content/items/${clone.app!.id}/resources`, {}, token)).resources as Array<Json>
  expect(resources.map((entry) => entry.resource).sort()).toEqual(["config/style.json", "logo.png"])
  expect(await bytesOf(`${rest}/content/items/${clone.app!.id}/resources/logo.png`, token)).toEqual(png)
  expect(clone.csv!.typeKeywords).toContain("Metadata")
  expect(clone.csv!.thumbnail).toBeTruthy()
  const related = await call(
    `${rest}/content/items/${clone.parks!.id}/relatedItems`,
    { relationshipTypes: "Service2Data", direction: "forward" },
    token,
  )
  expect(related.relatedItems.map((item: Json) => item.id)).toEqual([clone.csv!.id])
  const viewers = (await call(`${rest}/community/groups`, { q: 'title:"Clone Viewers"' }, token)).results as Array<Json>
  expect(viewers.map((group) => group.owner)).toEqual(["cloner_two"])
  for (const item of Object.values(clone)) {
    const groups = await call(`${rest}/content/items/${item.id}/groups`, {}, token)
    const ids = [...groups.admin, ...groups.member, ...groups.other].map((group: Json) => group.id).sort()
    expect(ids).toEqual([target.crew, viewers[0]!.id].sort())
  }
  return clone
}

describe("Clone.clone between two emulators", () => {
  it.live("a dry run plans in dependency order and changes nothing; the clone copies everything; a re-run skips", () =>
    Effect.gen(function* () {
      const target = yield* Effect.promise(() => targetPortal())
      try {
        const log: Array<Sent> = []
        target.portal.clearRequestLog()
        const dry = yield* cloneApp(target, log, { dryRun: true })
        const order = dry.plan.steps.map((step) => step.sourceId)
        expect(new Set(order)).toEqual(new Set(Object.values(sourceIds)))
        expect(dry.plan.steps.every((step) => step.action === "create")).toBe(true)
        const precedes = (a: string, b: string) => expect(order.indexOf(a)).toBeLessThan(order.indexOf(b))
        precedes(sourceIds.csv, sourceIds.parks)
        precedes(sourceIds.parks, sourceIds.map)
        precedes(sourceIds.trails, sourceIds.map)
        precedes(sourceIds.map, sourceIds.app)
        expect(dry.plan.steps.find((step) => step.sourceId === sourceIds.parks)?.serviceName).toBe("CloneParks")
        expect(dry.plan.groups.map((group) => [group.title, group.action]).sort()).toEqual([
          ["Clone Crew", "mapped"],
          ["Clone Viewers", "create"],
        ])
        expect(dry.outcomes).toEqual([])
        // Nothing written: only reads (and the token requests) reached the target.
        const writes = target.portal.requestLog().filter((entry) => entry.method !== "GET")
        expect(writes.map((entry) => entry.path).filter((path) => !path.endsWith("/generateToken"))).toEqual([])
        for (const id of Object.values(sourceIds)) expect(yield* Effect.promise(() => clonesOf(target, id))).toEqual([])

        const events: Array<Clone.CloneProgress> = []
        const result = yield* cloneApp(target, log, { onProgress: (event) => events.push(event) })
        expect(result.failed).toEqual([])
        expect(result.created.map((outcome) => outcome.sourceId).sort()).toEqual(Object.values(sourceIds).sort())
        const clone = yield* Effect.promise(() => verifyTarget(target))
        expect(result.itemMapping[sourceIds.map]).toBe(clone.map!.id)
        const ended = events.filter((event) => event.stage === "step" && event.status === "created")
        expect(ended).toHaveLength(5)
        // Each finished step counts itself: the last says every step is done.
        expect(ended.map((event) => event.stage === "step" && event.done).sort()).toEqual([1, 2, 3, 4, 5])
        expect(events.some((event) => event.stage === "features" && event.copied === 25)).toBe(true)

        // Each portal's token reached only that portal.
        const origins = new Map<string, Set<string>>()
        for (const entry of log.filter((entry) => entry.token !== undefined)) {
          origins.set(entry.token!, new Set([...(origins.get(entry.token!) ?? []), entry.origin]))
        }
        expect(origins.size).toBeGreaterThanOrEqual(2)
        for (const reached of origins.values()) expect(reached.size).toBe(1)
        const sourceOrigin = new URL(source.url).origin
        const targetOrigin = new URL(target.portal.url).origin
        expect(new Set([...origins.values()].map((set) => [...set][0]))).toEqual(new Set([sourceOrigin, targetOrigin]))

        const again = yield* cloneApp(target, [])
        expect(again.skipped).toHaveLength(5)
        expect(again.created).toEqual([])
        expect(again.itemMapping).toEqual(result.itemMapping)
      } finally {
        yield* Effect.promise(() => target.portal.stop())
      }
    }),
  )

  it.live(
    "interrupted at random points and under injected faults, re-runs finish it: no duplicates, nothing missing",
    () =>
      Effect.gen(function* () {
        const target = yield* Effect.promise(() => targetPortal())
        try {
          let seed = 17
          const random = () => {
            seed = (seed * 1103515245 + 12345) % 2147483648
            return seed / 2147483648
          }
          const faults = (rate: number) => ({
            rate,
            kinds: ["503", "reset", "reset-after", "slow"] as const,
            seed: Math.floor(random() * 1000),
            slowMs: 20,
            exempt: ["generateToken"],
          })
          let runs = 0
          let done = false
          for (; runs < 40 && !done; runs++) {
            target.portal.setFaults(faults(0.15))
            source.setFaults(faults(0.08))
            const stopAt = 1 + Math.floor(random() * 30)
            let seen = 0
            let stop: () => void = () => undefined
            const stopped = new Promise<void>((resolve) => {
              stop = resolve
            })
            // Stopped at a random progress event, or at a random moment (mid-request), whichever comes first.
            const timer = setTimeout(() => stop(), 30 + Math.floor(random() * 700))
            const outcome = yield* Effect.raceFirst(
              Effect.result(cloneApp(target, [], { onProgress: () => (++seen === stopAt ? stop() : undefined) })),
              Effect.as(
                Effect.promise(() => stopped),
                undefined,
              ),
            )
            clearTimeout(timer)
            done = outcome?._tag === "Success" && outcome.success.failed.length === 0 && seen < stopAt
          }
          target.portal.setFaults(undefined)
          source.setFaults(undefined)
          const last = yield* cloneApp(target, [])
          expect(last.failed).toEqual([])
          expect(runs).toBeGreaterThan(1)
          yield* Effect.promise(() => verifyTarget(target))
        } finally {
          target.portal.setFaults(undefined)
          source.setFaults(undefined)
          yield* Effect.promise(() => target.portal.stop())
        }
      }),
  )
})
