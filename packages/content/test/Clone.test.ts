// Clone.clone on scripted portals: the rewrite and the order (pure), then two scripted portals — a source with a
// web map referencing a feature collection, and a stateful target — for the plan, the dry run, the rewrite on the
// wire, idempotence, finishing an unfinished clone, a failed dependency, and where each portal's token went.
import { type AuthStrategy, Portal, PortalError } from "@arcgis-portal/core"
import { ScriptedFetch } from "@arcgis-portal/core/testing"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import { Clone } from "../src/index.ts"
import { order } from "../src/operations/clone/plan.ts"
import { candidateIds, rewriteText } from "../src/operations/clone/references.ts"

const mapId = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1"
const layerId = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb2"
const clonedLayer = "cccccccccccccccccccccccccccccc03"

describe("references and rewrite", () => {
  const webMap = {
    operationalLayers: [
      { itemId: layerId, url: "https://Source.test/server/rest/services/Hosted/Parks/FeatureServer/0" },
    ],
    baseMap: { baseMapLayers: [{ itemId: "dddddddddddddddddddddddddddddd04" }] },
    widgets: { [layerId]: { link: `https://source.test/portal/home/item.html?id=${layerId}` } },
    hash: `${layerId}ff`,
  }

  it("finds the ids in values, keys and links, and not inside a longer hexadecimal run", () => {
    expect([...candidateIds(webMap)].sort()).toEqual([layerId, "dddddddddddddddddddddddddddddd04"])
  })

  it("rewrites mapped ids and service URLs (case-insensitively, layer suffix kept), and leaves the rest", () => {
    const rewritten = JSON.parse(
      rewriteText(JSON.stringify(webMap), {
        ids: new Map([[layerId, clonedLayer]]),
        urls: new Map([
          [
            "https://source.test/server/rest/services/Hosted/Parks/FeatureServer",
            "https://t.test/s/Hosted/P/FeatureServer",
          ],
          ["https://source.test/portal", "https://target.test/portal"],
        ]),
      }),
    )
    expect(rewritten.operationalLayers[0]).toEqual({
      itemId: clonedLayer,
      url: "https://t.test/s/Hosted/P/FeatureServer/0",
    })
    expect(rewritten.baseMap.baseMapLayers[0].itemId).toBe("dddddddddddddddddddddddddddddd04")
    expect(rewritten.widgets).toEqual({
      [clonedLayer]: { link: `https://target.test/portal/home/item.html?id=${clonedLayer}` },
    })
    expect(rewritten.hash).toBe(`${layerId}ff`)
  })

  it("does not rewrite a URL that only starts like a cloned service's", () => {
    const text = "https://source.test/server/rest/services/Hosted/Parks/FeatureServer2/0"
    const urls = new Map([["https://source.test/server/rest/services/Hosted/Parks/FeatureServer", "https://x"]])
    expect(rewriteText(text, { ids: new Map(), urls })).toBe(text)
  })

  it("orders dependencies first, in levels, and notes a cycle", () => {
    const nodes = new Map([
      ["app", { dependsOn: ["map"] }],
      ["map", { dependsOn: ["a", "b"] }],
      ["a", { dependsOn: [] }],
      ["b", { dependsOn: ["a"] }],
      ["x", { dependsOn: ["y"] }],
      ["y", { dependsOn: ["x"] }],
    ])
    const sorted = order(nodes)
    expect(sorted.order).toEqual(["a", "b", "map", "app", "y", "x"])
    expect(Object.fromEntries(sorted.levels)).toEqual({ a: 0, b: 1, map: 2, app: 3, y: 0, x: 1 })
    expect([...sorted.cyclic].sort()).toEqual(["x", "y"])
  })
})

type Json = Record<string, any>
const staticToken = (token: string): AuthStrategy.AuthStrategy => ({
  name: "test-static",
  acquire: () => Effect.succeed({ token: Redacted.make(token), expires: undefined }),
})
const params = (request: ScriptedFetch.Recorded): Record<string, string> =>
  request.method === "GET" ? Object.fromEntries(request.url.searchParams) : request.body
const notFound = {
  json: {
    error: { code: 400, messageCode: "CONT_0001", message: "Item does not exist or is inaccessible.", details: [] },
  },
}

/** The source: a web map whose data references a feature collection (both text items). */
const sourcePortal = () => {
  const items: Record<string, Json> = {
    [mapId]: { id: mapId, owner: "publisher", title: "Map", type: "Web Map", typeKeywords: ["Web Map"] },
    [layerId]: { id: layerId, owner: "publisher", title: "Points", type: "Feature Collection", typeKeywords: [] },
  }
  const data: Record<string, string> = {
    [mapId]: JSON.stringify({ operationalLayers: [{ itemId: layerId, title: "Points" }] }),
    [layerId]: JSON.stringify({ layers: [{ featureSet: { features: [] } }] }),
  }
  return ScriptedFetch.make((request) => {
    const path = ScriptedFetch.route(request)
    if (path === "portals/self")
      return { json: { id: "source0000000001", isPortal: true, user: { username: "publisher" } } }
    const match = /^content\/items\/([0-9a-f]{32})(\/[a-zA-Z]+)?$/.exec(path)
    const item = match === null ? undefined : items[match[1]!]
    if (item === undefined) return notFound
    if (match?.[2] === undefined) return { json: item }
    if (match[2] === "/data") return { body: data[item.id], headers: { "content-type": "application/json" } }
    if (match[2] === "/relatedItems") return { json: { total: 0, relatedItems: [] } }
    if (match[2] === "/resources") return { json: { total: 0, start: 1, num: 0, nextStart: -1, resources: [] } }
    return notFound
  })
}

/** A stateful target: addItem, search by source keyword, item reads, update, resources (none). */
const targetPortal = (options: { readonly initial?: ReadonlyArray<Json>; readonly failAdd?: string } = {}) => {
  const items = new Map<string, Json>((options.initial ?? []).map((item) => [item.id, item]))
  const texts = new Map<string, string>()
  const scripted = ScriptedFetch.make((request) => {
    const path = ScriptedFetch.route(request)
    const p = params(request)
    if (path === "portals/self")
      return { json: { id: "target0000000001", isPortal: true, user: { username: "cloner" } } }
    if (path === "search") {
      const wanted = [...(p.q ?? "").matchAll(/source-([0-9a-f]{32})/g)].map((found) => `source-${found[1]}`)
      const titles = [...(p.q ?? "").matchAll(/title:"([^"]*)"/g)].map((found) => found[1])
      const results = [...items.values()].filter(
        (item) => item.typeKeywords.some((k: string) => wanted.includes(k)) || titles.includes(item.title),
      )
      return { json: { total: results.length, start: 1, num: results.length, nextStart: -1, results } }
    }
    if (path === "content/users/cloner/addItem") {
      if (options.failAdd !== undefined && p.title === options.failAdd)
        return { json: { error: { code: 400, message: "Item type not allowed.", details: [] } } }
      const id = p.itemIdToCreate!
      items.set(id, { id, owner: "cloner", title: p.title, type: p.type, typeKeywords: p.typeKeywords!.split(",") })
      texts.set(id, p.text ?? "")
      return { json: { success: true, id, folder: null } }
    }
    const update = /^content\/users\/cloner\/items\/([0-9a-f]{32})\/update$/.exec(path)
    if (update !== null) {
      const item = items.get(update[1]!)!
      if (p.typeKeywords !== undefined) item.typeKeywords = p.typeKeywords.split(",")
      if (p.text !== undefined) texts.set(item.id, p.text)
      return { json: { success: true, id: item.id } }
    }
    const read = /^content\/items\/([0-9a-f]{32})(\/resources)?$/.exec(path)
    if (read !== null && items.has(read[1]!))
      return read[2] === undefined
        ? { json: items.get(read[1]!) }
        : { json: { total: 0, start: 1, num: 0, nextStart: -1, resources: [] } }
    return read !== null ? notFound : { json: { error: { code: 400, message: `Unscripted: ${path}`, details: [] } } }
  })
  return { scripted, items, texts }
}

const run = (
  source: ScriptedFetch.ScriptedFetch,
  target: ReturnType<typeof targetPortal>,
  options: Partial<Clone.CloneOptions> = {},
  sourceAuth: AuthStrategy.AuthStrategy | "anonymous" = staticToken("source-token"),
) =>
  Clone.clone([mapId], {
    source: Portal.layer({
      url: "https://source.test/portal",
      ...(sourceAuth === "anonymous" ? {} : { auth: sourceAuth }),
      fetch: source.fetch,
    }),
    ...options,
  }).pipe(
    Effect.provide(
      Portal.layer({
        url: "https://target.test/portal",
        auth: staticToken("target-token"),
        fetch: target.scripted.fetch,
      }),
    ),
  )

const keywords = (item: Json | undefined) => item?.typeKeywords as ReadonlyArray<string>

describe("Clone.clone on scripted portals", () => {
  it.effect("a dry run plans dependencies first and sends the target nothing but reads", () =>
    Effect.gen(function* () {
      const target = targetPortal()
      const result = yield* run(sourcePortal(), target, { dryRun: true })
      expect(result.plan.steps.map((step) => [step.sourceId, step.action, step.kind, step.requestedBy])).toEqual([
        [layerId, "create", "text", "dependency"],
        [mapId, "create", "text", "input"],
      ])
      expect(result.plan.steps[1]?.dependsOn).toEqual([layerId])
      expect(result.outcomes).toEqual([])
      expect(target.scripted.requests.map((request) => request.method)).toEqual(
        target.scripted.requests.map(() => "GET"),
      )
      expect(target.items.size).toBe(0)
    }),
  )

  it.effect("clones in order, rewrites the reference on the wire, tags every clone, and each token stays home", () =>
    Effect.gen(function* () {
      const source = sourcePortal()
      const target = targetPortal()
      const result = yield* run(source, target)
      expect(result.failed).toEqual([])
      expect(result.created.map((outcome) => outcome.sourceId)).toEqual([layerId, mapId])
      const layerClone = result.itemMapping[layerId]!
      const mapClone = result.itemMapping[mapId]!
      const adds = target.scripted.requests.filter((request) => request.url.pathname.endsWith("/addItem"))
      expect(adds.map((request) => request.body.title)).toEqual(["Points", "Map"])
      expect(JSON.parse(target.texts.get(mapClone)!).operationalLayers[0].itemId).toBe(layerClone)
      expect(keywords(target.items.get(mapClone))).toEqual(["Web Map", `source-${mapId}`])
      expect(keywords(target.items.get(layerClone))).toEqual([`source-${layerId}`])
      for (const request of source.requests) {
        expect(request.url.origin).toBe("https://source.test")
        expect([undefined, "source-token"]).toContain(ScriptedFetch.tokenOf(request))
      }
      for (const request of target.scripted.requests) {
        expect(request.url.origin).toBe("https://target.test")
        expect(ScriptedFetch.tokenOf(request)).toBe("target-token")
      }
    }),
  )

  it.effect("run again, it skips both; an unfinished clone is finished, not created again", () =>
    Effect.gen(function* () {
      const target = targetPortal()
      const first = yield* run(sourcePortal(), target)
      const again = yield* run(sourcePortal(), target)
      expect(again.skipped.map((outcome) => [outcome.sourceId, outcome.targetId])).toEqual([
        [layerId, first.itemMapping[layerId]],
        [mapId, first.itemMapping[mapId]],
      ])
      expect(target.scripted.requests.filter((request) => request.url.pathname.endsWith("/addItem"))).toHaveLength(2)

      const unfinished = {
        id: clonedLayer,
        owner: "cloner",
        title: "Points",
        type: "Feature Collection",
        typeKeywords: [`source-${layerId}`, "clone-in-progress"],
      }
      const resumed = targetPortal({ initial: [unfinished] })
      const result = yield* run(sourcePortal(), resumed)
      expect(result.plan.steps.map((step) => step.action)).toEqual(["update", "create"])
      expect(result.updated.map((outcome) => outcome.targetId)).toEqual([clonedLayer])
      const adds = resumed.scripted.requests.filter((request) => request.url.pathname.endsWith("/addItem"))
      expect(adds.map((request) => request.body.title)).toEqual(["Map"])
      expect(keywords(resumed.items.get(clonedLayer))).toEqual([`source-${layerId}`])
      expect(JSON.parse(resumed.texts.get(result.itemMapping[mapId]!)!).operationalLayers[0].itemId).toBe(clonedLayer)
    }),
  )

  it.effect("searchExistingItems reuses an item of the same title and type; without it, a clone is made", () =>
    Effect.gen(function* () {
      const same = { id: clonedLayer, owner: "cloner", title: "Points", type: "Feature Collection", typeKeywords: [] }
      const reused = yield* run(sourcePortal(), targetPortal({ initial: [same] }), { searchExistingItems: true })
      expect(reused.skipped.map((outcome) => [outcome.sourceId, outcome.targetId])).toEqual([[layerId, clonedLayer]])
      expect(reused.plan.steps[0]?.reason).toContain("same title and type")
      const target = targetPortal({ initial: [same] })
      const fresh = yield* run(sourcePortal(), target)
      expect(fresh.created.map((outcome) => outcome.sourceId)).toEqual([layerId, mapId])
      expect(target.items.size).toBe(3)
    }),
  )

  it.effect("refuses malformed options before anything is sent", () =>
    Effect.gen(function* () {
      const target = targetPortal()
      const source = sourcePortal()
      for (const options of [
        { concurrency: 0 },
        { featurePageSize: Number.NaN },
        { itemMapping: { [layerId]: "not-an-id" } },
        { owner: "bad/owner" },
      ]) {
        const error = yield* Effect.flip(run(source, target, options))
        expect(error._tag).toBe("InvalidInput")
      }
      expect([...source.requests, ...target.scripted.requests]).toEqual([])
    }),
  )

  it.effect("a failed item is an outcome with its typed error; what references it fails without a write", () =>
    Effect.gen(function* () {
      const target = targetPortal({ failAdd: "Points" })
      const result = yield* run(sourcePortal(), target)
      const [layer, map] = result.failed
      expect(layer?.error).toBeInstanceOf(PortalError.PortalError)
      expect(layer?.error.message).toContain("Item type not allowed.")
      expect(map?.error._tag).toBe("CloneDependencyFailed")
      expect(result.created).toEqual([])
      expect(target.scripted.requests.filter((request) => request.url.pathname.endsWith("/addItem"))).toHaveLength(1)
    }),
  )

  it.effect("a public source is read without credentials", () =>
    Effect.gen(function* () {
      const source = sourcePortal()
      const result = yield* run(source, targetPortal(), {}, "anonymous")
      expect(result.created).toHaveLength(2)
      expect(source.requests.map(ScriptedFetch.tokenOf)).toEqual(source.requests.map(() => undefined))
    }),
  )

  it.effect("refuses preserveItemId when the target takes no client-chosen id, before writing anything", () =>
    Effect.gen(function* () {
      const online = ScriptedFetch.make((request) =>
        ScriptedFetch.route(request) === "portals/self"
          ? { json: { id: "online0000000001", isPortal: false, user: { username: "cloner" } } }
          : { json: { error: { code: 400, message: "Unscripted", details: [] } } },
      )
      const error = yield* Effect.flip(
        Clone.clone([mapId], {
          source: Portal.layer({ url: "https://source.test/portal", fetch: sourcePortal().fetch }),
          preserveItemId: true,
        }).pipe(
          Effect.provide(
            Portal.layer({ url: "https://target.test/portal", auth: staticToken("t"), fetch: online.fetch }),
          ),
        ),
      )
      expect(error._tag).toBe("InvalidInput")
      expect(online.requests.map((request) => ScriptedFetch.route(request))).toEqual(["portals/self"])
    }),
  )
})
